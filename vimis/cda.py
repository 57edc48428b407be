"""The СЭМД: an HL7 CDA R2 document built from one `VimisSource` with lxml.

The header names the patient (СНИЛС, name, sex, birth date), the author organisation (ФРМО
OID), the document kind (НСИ 1.2.643.5.1.13.13.11.1520) and, where known, the СЭМД template.
`setId` carries the source record key and `versionNumber` the message version, so every
document traces back to the record it came from. The body is in `sections`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from lxml import etree

from domain import vimis as catalogue
from domain.identifiers import format_snils
from vimis import codes
from vimis.cda_parts import H, add, add_identifier, add_time
from vimis.sections import add_body
from vimis.source import VimisSource

NSMAP = {None: codes.HL7_NAMESPACE, "xsi": codes.XSI_NAMESPACE}


@dataclass(frozen=True)
class DocumentIdentity:
    """Which message the document is: its id, version and the message it replaces."""

    message_id: str
    version: int
    replaces: str | None
    region_oid: str  # root of the region's own identifiers (documents, records)


def remd_kind_of(doc_type: int) -> int | None:
    """The REMD document kind VIMIS expects for a docType (the first one listed)."""
    entry = catalogue.doc_type(doc_type)
    return entry.remd_kinds[0] if entry and entry.remd_kinds else None


def build_document(source: VimisSource, identity: DocumentIdentity) -> etree._Element:
    root = etree.Element(H + "ClinicalDocument", nsmap=NSMAP)
    add(root, "realmCode", code="RU")
    add(root, "typeId", root=codes.CDA_TYPE_ID_ROOT, extension=codes.CDA_TYPE_ID_EXTENSION)
    remd = remd_kind_of(source.doc_type)
    template = catalogue.template_oid(remd) if remd is not None else None
    if template:
        add(root, "templateId", root=template)
    add(root, "id", root=f"{identity.region_oid}.100.1", extension=identity.message_id)
    _add_document_code(root, source.doc_type, remd)
    entry = catalogue.doc_type(source.doc_type)
    add(root, "title", text=entry.title_ru if entry else f"docType {source.doc_type}")
    add_time(root, "effectiveTime", source.record.get("date"))
    add(root, "confidentialityCode", code="N", codeSystem=codes.CONFIDENTIALITY_SYSTEM,
        displayName="Обычный")
    add(root, "languageCode", code="ru-RU")
    # setId = the source record: every version of the record's document shares it.
    add(root, "setId", root=f"{identity.region_oid}.100.2", extension=source.record_key)
    add(root, "versionNumber", value=str(identity.version))
    _add_record_target(root, source)
    _add_author(root, source)
    _add_custodian(root, source)
    if identity.replaces:
        related = add(root, "relatedDocument", typeCode="RPLC")
        parent = add(related, "parentDocument")
        add(parent, "id", root=f"{identity.region_oid}.100.1", extension=identity.replaces)
    add_body(root, source)
    return root


def build_document_bytes(source: VimisSource, identity: DocumentIdentity) -> bytes:
    return etree.tostring(build_document(source, identity), xml_declaration=True,
                          encoding="UTF-8")


def encode_document(document: bytes) -> str:
    """The СЭМД as it travels in `sendDocument`: base64 text."""
    return base64.b64encode(document).decode("ascii")


def _add_document_code(root: etree._Element, doc_type: int, remd: int | None) -> None:
    kind = catalogue.remd_kind(remd) if remd is not None else None
    if kind is None:
        # No REMD kind is defined for this СМС type: say so rather than invent one.
        add(root, "code", nullFlavor="OTH", codeSystem=codes.REMD_KIND_SYSTEM)
        return
    add(root, "code", code=str(kind.code), codeSystem=codes.REMD_KIND_SYSTEM,
        displayName=kind.title_ru)


def _add_record_target(root: etree._Element, source: VimisSource) -> None:
    patient = source.patient
    role = add(add(root, "recordTarget"), "patientRole")
    snils = patient.get("snils")
    add_identifier(role, codes.SNILS_ROOT, format_snils(snils) if snils else None)
    person = add(role, "patient")
    name = add(person, "name")
    add(name, "family", text=patient.get("family") or "")
    for part in (patient.get("given"), patient.get("patronymic")):
        if part:
            add(name, "given", text=part)
    gender = codes.GENDER_CODES.get(patient.get("sex") or "")
    if gender:
        add(person, "administrativeGenderCode", code=gender[0],
            codeSystem=codes.GENDER_SYSTEM, displayName=gender[1])
    else:
        add(person, "administrativeGenderCode", nullFlavor="UNK")
    add_time(person, "birthTime", patient.get("birthDate"))


def _add_organization(parent: etree._Element, tag: str, source: VimisSource) -> None:
    organization = add(parent, tag)
    add_identifier(organization, source.organization.get("oid"), None)
    add(organization, "name", text=source.organization.get("name") or "")


def _add_author(root: etree._Element, source: VimisSource) -> None:
    author = add(root, "author")
    add_time(author, "time", source.record.get("date"))
    assigned = add(author, "assignedAuthor")
    add_identifier(assigned, source.organization.get("oid"), None)
    _add_organization(assigned, "representedOrganization", source)


def _add_custodian(root: etree._Element, source: VimisSource) -> None:
    custodian = add(add(root, "custodian"), "assignedCustodian")
    _add_organization(custodian, "representedCustodianOrganization", source)
