"""СЭМД building: every docType gives a document that passes the XSD and traces back."""

from __future__ import annotations

import pytest
from lxml import etree

from domain import vimis as catalogue
from tests.unit.vimis.samples import IDENTITY, KINDS, source
from vimis.cda import DocumentIdentity, build_document, build_document_bytes
from vimis.codes import HL7_NAMESPACE
from vimis.schema_check import schema_errors

H = "{" + HL7_NAMESPACE + "}"


@pytest.mark.parametrize("doc_type", sorted(KINDS))
def test_every_doc_type_builds_a_valid_document(doc_type: int) -> None:
    document = build_document_bytes(source(doc_type), IDENTITY)
    assert schema_errors(document) == []
    root = etree.fromstring(document)
    assert root.find(H + "setId").get("extension") == f"mis|Encounter|{doc_type}"
    assert root.find(H + "title").text == catalogue.doc_type(doc_type).title_ru


@pytest.mark.parametrize(("doc_type", "remd", "template"), [
    (6, "371", "1.2.643.5.1.13.13.15.79.1"),
    (11, "250", "1.2.643.5.1.13.13.15.95.1"),
    (10, "108", None),
])
def test_document_kind_and_template_oid(doc_type: int, remd: str, template: str | None) -> None:
    root = build_document(source(doc_type), IDENTITY)
    code = root.find(H + "code")
    assert (code.get("code"), code.get("codeSystem")) == (remd, "1.2.643.5.1.13.13.11.1520")
    template_id = root.find(H + "templateId")
    assert (template_id.get("root") if template_id is not None else None) == template


def test_header_carries_patient_and_author() -> None:
    root = build_document(source(6), IDENTITY)
    role = root.find(f"{H}recordTarget/{H}patientRole")
    assert role.find(H + "id").get("extension") == "112-233-445 95"
    assert [g.text for g in role.iter(H + "given")] == ["Анна", "Петровна"]
    assert role.find(f"{H}patient/{H}administrativeGenderCode").get("code") == "2"
    assert role.find(f"{H}patient/{H}birthTime").get("value") == "19600517"
    author = root.find(f"{H}author/{H}assignedAuthor/{H}representedOrganization")
    assert author.find(H + "id").get("root") == "1.2.643.5.1.13.13.12.2.77.1"


def test_body_of_a_tumour_board_has_diagnosis_tnm_and_decision() -> None:
    root = build_document(source(6, text="Химиотерапия 4 курса"), IDENTITY)
    values = {v.get("code") for v in root.iter(H + "value") if v.get("code")}
    assert {"C50.4", "II", "2", "1", "0", "8500/3"} <= values
    assert "Химиотерапия 4 курса" in etree.tostring(root, encoding="unicode")


def test_a_code_missing_from_icd10_is_named_so_in_the_narrative() -> None:
    root = build_document(source(6, icd10="C99.9"), IDENTITY)
    narratives = [t.text for t in root.iter(H + "text")]
    assert any(t and t.startswith("C99.9 — код отсутствует в МКБ-10") for t in narratives)
    assert schema_errors(build_document_bytes(source(6, icd10="C99.9"), IDENTITY)) == []


def test_missing_snils_is_an_explicit_null_not_an_empty_value() -> None:
    src = source(1)
    src.patient.pop("snils")
    root = build_document(src, IDENTITY)
    assert root.find(f"{H}recordTarget/{H}patientRole/{H}id").get("nullFlavor") == "NI"


def test_an_update_names_the_document_it_replaces() -> None:
    identity = DocumentIdentity("new-id", 2, "old-id", IDENTITY.region_oid)
    root = build_document(source(6), identity)
    assert root.find(f"{H}relatedDocument/{H}parentDocument/{H}id").get("extension") == "old-id"
    assert root.find(H + "versionNumber").get("value") == "2"


def test_schema_catches_a_broken_document() -> None:
    root = build_document(source(6), IDENTITY)
    root.remove(root.find(H + "setId"))
    assert schema_errors(etree.tostring(root))
    assert schema_errors(b"<ClinicalDocument")[0].startswith("not well-formed")
