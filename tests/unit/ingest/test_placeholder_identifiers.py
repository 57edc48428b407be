"""Identifiers that name no one, and identifiers written differently by two senders."""

from __future__ import annotations

import pytest

from domain.identifiers import is_placeholder_snils, is_valid_snils
from ingest.classify import RecordRejected, classify
from ingest.load import _subject_row
from ingest.references import Ref
from tests import fhir_factories as f

SNILS = "urn:oid:1.2.643.100.3"
ENP = "urn:onkopassport:enp"


def test_the_no_snils_placeholder_is_valid_but_names_no_one() -> None:
    assert is_valid_snils("000-000-000 00") and is_placeholder_snils("000-000-000 00")
    assert not is_placeholder_snils("001-001-998 00") and not is_placeholder_snils(None)


def test_a_patient_with_the_placeholder_has_no_snils() -> None:
    record = classify(f.patient("1", snils="000-000-000 00"), "mis", {})
    assert "snils" not in record.props
    assert all(system != SNILS for system, _ in record.identifiers)
    assert ("urn:mis:a:patient", "1") in record.identifiers  # the card's own id still links


def test_a_record_naming_its_patient_by_the_placeholder_is_refused_with_a_reason() -> None:
    condition = f.condition("c1", "Patient/1", "C50.4")
    condition["subject"] = {"identifier": {"system": SNILS, "value": "000-000-000 00"}}
    with pytest.raises(RecordRejected, match="placeholder, which identifies no one"):
        classify(condition, "mis", {})


@pytest.mark.parametrize(("system", "sent", "kept"), [
    (ENP, "1234 5678 9012 3456", "1234567890123456"),
    (SNILS, "112-233-445 95", "11223344595"),
    ("urn:mis:a:patient", "K-1", "K-1"),
])
def test_a_subject_named_by_identifier_is_kept_as_the_patient_keeps_it(
        system: str, sent: str, kept: str) -> None:
    record = classify(f.condition("c1", "Patient/1", "C50.4"), "mis", {})
    row = _subject_row(record, Ref(system=system, value=sent))
    assert (row["value"], row["subjectKey"]) == (kept, f"ident|{system}|{kept}")
