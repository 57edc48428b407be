"""ICD-10 codes that are none (issue #3 point 5): stored, counted, flagged in the passport;
another spelling of a valid code is not flagged."""

from __future__ import annotations

import json
from datetime import date

import pytest

from api.graphql.passport_summary import icd10_name, route_summary
from domain.codes import is_unknown_icd10
from ingest.classify import classify
from ingest.prepare import prepare_batch
from ingest.reader import InputItem
from ingest.tumors import derive_tumors
from ingest.validate import validate_fast
from tests import fhir_factories as f


@pytest.mark.parametrize("code", ["C50.9", "C50", "C509", "c50.9", "С50.9", "C50.911",
                                  "C50911", "D05.1", "Z03.1", "Q85.9", "I10", "C80", "C97"])
def test_a_valid_code_in_any_spelling_is_known(code: str) -> None:
    assert not is_unknown_icd10(code)


@pytest.mark.parametrize("code", ["C99.9", "C99", "C42.1", "C59", "D08", "C5O", "C5", "50.9"])
def test_a_code_missing_from_icd10_or_unreadable_is_unknown(code: str) -> None:
    assert is_unknown_icd10(code)


def test_an_unknown_code_is_stored_as_sent_and_listed() -> None:
    record = classify(f.condition("dx", "Patient/1", "C99.9"), "poly", {})
    assert record.props["icd10"] == "C99.9"
    assert record.unknown_icd10 == ["C99.9"]
    # C99 is outside C00–C97: no oncology sign of its own
    assert not record.props.get("oncoSign")
    known = classify(f.condition("dx2", "Patient/1", "C509"), "poly", {})
    assert known.props["icd10"] == "C50.9" and known.unknown_icd10 == []


def test_an_unknown_code_inside_c00_c97_opens_the_passport_but_makes_no_tumour() -> None:
    record = classify(f.condition("dx", "Patient/1", "C42.1"), "poly", {})
    assert record.props["oncoSign"] is True and record.unknown_icd10 == ["C42.1"]
    facts = {"key": "1", "kind": "diagnosis", "date": date(2025, 2, 10), "icd10": "C42.1",
             "verification": "confirmed"}
    assert derive_tumors("P", [facts]) == []
    assert len(derive_tumors("P", [{**facts, "icd10": "C25.1"}])) == 1


def test_the_item_outcome_carries_the_unknown_codes() -> None:
    resource = f.condition("dx", "Patient/1", "C99.9")
    item = InputItem(source="poly", location="entry[0]", raw=json.dumps(resource),
                     resource=resource)
    [outcome] = prepare_batch([item], validate_fast).outcomes
    assert outcome.status == "stored" and outcome.unknown_icd10 == ("C99.9",)


def test_the_passport_names_an_unknown_code_as_unknown_not_by_the_senders_display() -> None:
    condition = f.condition("dx", "Patient/1", "C99.9")
    condition["code"]["coding"][0]["display"] = "Злокачественное новообразование"
    record = classify(condition, "poly", {}).props
    assert icd10_name(record) == "C99.9 — код отсутствует в МКБ-10"
    assert (route_summary(record) or "").startswith("C99.9 — код отсутствует в МКБ-10")
    assert icd10_name({"kind": "diagnosis", "icd10": "C50.9"}) == \
        "Злокачественное новообразование молочной железы неуточненной части"
