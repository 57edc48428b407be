"""What the stand-in checks in a `sendDocument`: the envelope's codes and the СЭМД itself."""

from __future__ import annotations

import base64
import binascii
import re

from lxml import etree

from domain import vimis as catalogue
from vimis import codes
from vimis.schema_check import schema_errors
from vimis.soap import SendDocument

OID = re.compile(r"^[0-2](\.\d+)+$")
_H = "{" + codes.HL7_NAMESPACE + "}"


def envelope_problems(message: SendDocument) -> list[str]:
    """Faults of the envelope: VIMIS refuses these synchronously."""
    problems = []
    if message.vmcl != catalogue.catalogue().vmcl:
        problems.append(f"vmcl {message.vmcl} is not the oncology profile")
    if catalogue.doc_type(message.doc_type) is None:
        problems.append(f"docType {message.doc_type} is unknown")
    if not 1 <= message.trigger_point <= 9:
        problems.append(f"triggerPoint {message.trigger_point} is outside 1–9")
    if not OID.match(message.organization):
        problems.append(f"organization '{message.organization}' is not a ФРМО OID")
    return problems


def document_problems(message: SendDocument) -> list[str]:
    """Faults of the СЭМД: reported later through sendResult, as VIMIS does."""
    try:
        document = base64.b64decode(message.document, validate=True)
    except (binascii.Error, ValueError):
        return ["document is not base64"]
    problems = schema_errors(document)
    if problems:
        return problems
    root = etree.fromstring(document)
    snils = root.find(f"{_H}recordTarget/{_H}patientRole/{_H}id")
    if snils is None or snils.get("root") != codes.SNILS_ROOT or not snils.get("extension"):
        problems.append("patient has no СНИЛС")
    author = root.find(f"{_H}author/{_H}assignedAuthor/{_H}representedOrganization/{_H}id")
    if author is None or not OID.match(author.get("root") or ""):
        problems.append("author organisation has no ФРМО OID")
    elif author.get("root") != message.organization:
        problems.append("author organisation differs from the sender in the envelope")
    if root.find(f"{_H}id") is None or root.find(f"{_H}id").get("extension") != message.local_uid:
        problems.append("document id differs from localUid")
    return problems
