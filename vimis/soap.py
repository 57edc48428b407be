"""SOAP 1.2 messages of the VIMIS exchange: `sendDocument` and `sendResult`.

Both sides (our client and the stand-in server) use these builders and parsers, so the
wire format lives in one place. The service namespace is ours until the federal WSDL is
at hand (verify against the VIMIS integration guide).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from onkopassport.errors import InputError
from vimis.errors import VimisError

SOAP_NS = "http://www.w3.org/2003/05/soap-envelope"
VIMIS_NS = "urn:onkopassport:vimis:oncology:v1"  # (verify) the federal service namespace
SOAP_CONTENT_TYPE = "application/soap+xml; charset=utf-8"
_S = "{" + SOAP_NS + "}"
_V = "{" + VIMIS_NS + "}"
_NSMAP = {"soap": SOAP_NS, "v": VIMIS_NS}
# Our parser never fetches anything and never expands entities (the payload is untrusted).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)

SEND_DOCUMENT_FIELDS = ("vmcl", "docType", "docTypeVersion", "triggerPoint", "interimMsg",
                        "localUid", "organization", "document")


class SoapFormatError(InputError, ValueError):
    """The XML is not the SOAP message we expected; the text says what is missing."""


@dataclass(frozen=True)
class SendDocument:
    vmcl: int
    doc_type: int
    doc_type_version: str
    trigger_point: int
    local_uid: str  # our message id; VIMIS reports results under it
    organization: str  # ФРМО OID of the sender
    document: str  # base64 СЭМД
    interim_msg: int = 0
    signature: str = ""  # detached signature of the document (ГОСТ), empty in the stand-in


@dataclass(frozen=True)
class SendResult:
    msg_id: str
    status: str
    description: str


def _envelope(body_child: etree._Element) -> bytes:
    envelope = etree.Element(_S + "Envelope", nsmap=_NSMAP)
    etree.SubElement(envelope, _S + "Header")
    body = etree.SubElement(envelope, _S + "Body")
    body.append(body_child)
    return etree.tostring(envelope, xml_declaration=True, encoding="UTF-8")


def _fields(parent: etree._Element, values: dict[str, str]) -> None:
    for name, value in values.items():
        etree.SubElement(parent, _V + name).text = value


def build_send_document(message: SendDocument) -> bytes:
    request = etree.Element(_V + "sendDocument")
    _fields(request, {
        "vmcl": str(message.vmcl), "docType": str(message.doc_type),
        "docTypeVersion": message.doc_type_version,
        "triggerPoint": str(message.trigger_point), "interimMsg": str(message.interim_msg),
        "localUid": message.local_uid, "organization": message.organization,
        "signature": message.signature, "document": message.document,
    })
    return _envelope(request)


def build_send_document_response(msg_id: str) -> bytes:
    response = etree.Element(_V + "sendDocumentResponse")
    _fields(response, {"msg_id": msg_id})
    return _envelope(response)


def build_send_result(result: SendResult) -> bytes:
    request = etree.Element(_V + "sendResult")
    _fields(request, {"msg_id": result.msg_id, "status": result.status,
                      "description": result.description})
    return _envelope(request)


def build_send_result_response(state: str) -> bytes:
    response = etree.Element(_V + "sendResultResponse")
    _fields(response, {"state": state})
    return _envelope(response)


def build_fault(code: str, reason: str) -> bytes:
    """A SOAP 1.2 fault; `code` is `soap:Sender` (our fault) or `soap:Receiver` (theirs)."""
    fault = etree.Element(_S + "Fault")
    etree.SubElement(etree.SubElement(fault, _S + "Code"), _S + "Value").text = code
    text = etree.SubElement(etree.SubElement(fault, _S + "Reason"), _S + "Text")
    text.text = reason
    return _envelope(fault)


def body_child(payload: bytes) -> etree._Element:
    try:
        root = etree.fromstring(payload, parser=_PARSER)
    except etree.XMLSyntaxError as error:
        raise SoapFormatError(f"not well-formed XML: {error}") from error
    body = root.find(_S + "Body")
    # Comments and processing instructions are children too; the message is the first
    # element (lxml gives them a callable tag).
    elements = [] if body is None else [child for child in body if isinstance(child.tag, str)]
    if root.tag != _S + "Envelope" or not elements:
        raise SoapFormatError("not a SOAP 1.2 envelope with a Body")
    return elements[0]


def _text(element: etree._Element, name: str) -> str | None:
    child = element.find(_V + name)
    return child.text if child is not None and child.text is not None else None


def missing_fields(element: etree._Element, names: tuple[str, ...]) -> list[str]:
    return [name for name in names if not (_text(element, name) or "").strip()]


def parse_send_document(payload: bytes) -> SendDocument:
    request = body_child(payload)
    if request.tag != _V + "sendDocument":
        raise SoapFormatError(f"expected sendDocument, got {etree.QName(request).localname}")
    missing = missing_fields(request, SEND_DOCUMENT_FIELDS)
    if missing:
        raise SoapFormatError(f"sendDocument lacks {', '.join(missing)}")
    try:
        return SendDocument(
            vmcl=int(_text(request, "vmcl") or ""), doc_type=int(_text(request, "docType") or ""),
            doc_type_version=_text(request, "docTypeVersion") or "",
            trigger_point=int(_text(request, "triggerPoint") or ""),
            interim_msg=int(_text(request, "interimMsg") or ""),
            local_uid=_text(request, "localUid") or "",
            organization=_text(request, "organization") or "",
            document=_text(request, "document") or "",
            signature=_text(request, "signature") or "")
    except ValueError as error:
        raise SoapFormatError(f"sendDocument has a non-numeric code: {error}") from error


def parse_send_document_response(payload: bytes) -> str:
    """The msg_id of a sendDocument answer; a Fault raises with its code and reason."""
    child = body_child(payload)
    if child.tag == _S + "Fault":
        code = child.findtext(f"{_S}Code/{_S}Value") or "soap:Receiver"
        reason = child.findtext(f"{_S}Reason/{_S}Text") or "no reason given"
        raise SoapFault(code, reason)
    msg_id = _text(child, "msg_id")
    if not msg_id:
        raise SoapFormatError("sendDocumentResponse without msg_id")
    return msg_id


def parse_send_result(payload: bytes) -> SendResult:
    request = body_child(payload)
    if request.tag != _V + "sendResult":
        raise SoapFormatError(f"expected sendResult, got {etree.QName(request).localname}")
    missing = missing_fields(request, ("msg_id", "status"))
    if missing:
        raise SoapFormatError(f"sendResult lacks {', '.join(missing)}")
    return SendResult(msg_id=_text(request, "msg_id") or "",
                      status=_text(request, "status") or "",
                      description=_text(request, "description") or "")


class SoapFault(VimisError):
    """A SOAP Fault answer."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason

    @property
    def is_sender_fault(self) -> bool:
        """The request itself was wrong: sending it again will not help."""
        return self.code.endswith("Sender")
