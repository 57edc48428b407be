"""Reading report text out of FHIR R4 DiagnosticReport and DocumentReference."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from ingest.casefinding import Assertion, screen_resource, suspicion_trigger
from ingest.casefinding.fhir import resource_texts

DATA = Path(__file__).resolve().parents[2] / "data" / "casefinding"


def load(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def test_conclusion_is_screened() -> None:
    findings = screen_resource(load("diagnostic_report_conclusion.json"))
    assert [f.assertion for f in findings] == [Assertion.SUSPECTED, Assertion.SUSPECTED]
    assert findings[0].cue == "cr"
    assert findings[0].icd10_hint == "C25"
    assert findings[1].icd10_hint == "C78.7"
    assert suspicion_trigger(findings)


def test_presented_form_base64_text_is_decoded_and_pdf_skipped() -> None:
    resource = load("diagnostic_report_presented_form.json")
    texts = list(resource_texts(resource))
    assert len(texts) == 1  # the PDF attachment is not text
    findings = screen_resource(resource)
    assert {f.assertion for f in findings} == {Assertion.MALIGNANT}
    assert any(f.sentence == "Заключение: аденокарцинома сигмовидной кишки, G2." for f in findings)
    assert {f.morphology_hint for f in findings} == {"8140/3"}


def test_negative_report_raises_no_trigger() -> None:
    findings = screen_resource(load("diagnostic_report_negative.json"))
    assert [f.assertion for f in findings] == [Assertion.NEGATED]
    assert not suspicion_trigger(findings)


def test_document_reference_attachments() -> None:
    findings = screen_resource(load("document_reference_consultation.json"))
    assert [f.assertion for f in findings] == [
        Assertion.FAMILY,
        Assertion.SUSPECTED,
        Assertion.SUSPECTED,
    ]
    assert suspicion_trigger(findings)


def test_other_resources_have_no_text_to_screen() -> None:
    assert screen_resource(load("observation.json")) == []


def test_attachment_in_another_charset_and_broken_data() -> None:
    text = "Заключение: плоскоклеточный рак."
    resource = {
        "resourceType": "DocumentReference",
        "content": [
            {
                "attachment": {
                    "contentType": "text/plain; charset=windows-1251",
                    "data": base64.b64encode(text.encode("cp1251")).decode(),
                }
            },
            {"attachment": {"contentType": "text/plain", "data": "***not base64***"}},
            {"attachment": {"contentType": "text/plain"}},
            "not an object",
        ],
    }
    findings = screen_resource(resource)
    assert [f.cue for f in findings] == ["плоскоклеточный рак"] or [f.cue for f in findings] == [
        "рак"
    ]
    assert suspicion_trigger(findings)
