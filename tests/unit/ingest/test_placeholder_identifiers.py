"""Identifiers that name no one, and identifiers written differently by two senders."""

from __future__ import annotations

import pytest

from domain.identifiers import is_placeholder_snils, is_valid_snils
from ingest.classify import RecordRejected, classify
from ingest.load import _subject_row
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
    with pytest.raises(RecordRejected, match=r"^Condition/c1: элемент Condition\.subject"
                       r"\.identifier называет пациента по СНИЛС '000-?000-?000 ?00' — "
                       r"это заглушка"):
        classify(condition, "mis", {})


REGION_ENP = "urn:oid:1.2.643.5.1.13.2.7.100.3"  # a region's own ЕНП system (Settings)


@pytest.mark.parametrize(("system", "sent", "kept", "enp_system"), [
    (ENP, "1234 5678 9012 3456", "1234567890123456", ENP),
    (SNILS, "112-233-445 95", "11223344595", ENP),
    ("urn:mis:a:patient", "K-1", "K-1", ENP),
    (REGION_ENP, "1234-5678-9012-3456", "1234567890123456", REGION_ENP),
    (REGION_ENP, "1234-5678-9012-3456", "1234-5678-9012-3456", ENP),  # not the ЕНП here
])
def test_a_subject_named_by_identifier_is_kept_as_the_patient_keeps_it(
        system: str, sent: str, kept: str, enp_system: str) -> None:
    condition = f.condition("c1", "Patient/1", "C50.4")
    condition["subject"] = {"identifier": {"system": system, "value": sent}}
    record = classify(condition, "mis", {}, enp_system=enp_system)
    assert record.subject is not None
    row = _subject_row(record, record.subject)
    assert (row["value"], row["subjectKey"]) == (kept, f"ident|{system}|{kept}")
    patient = f.patient("1")
    patient["identifier"].append({"system": system, "value": sent})
    assert (system, kept) in classify(patient, "mis", {}, enp_system=enp_system).identifiers


def test_the_regions_enp_system_is_the_patients_enp() -> None:
    patient = f.patient("1")
    patient["identifier"].append({"system": REGION_ENP, "value": "1234 5678 9012 3456"})
    assert classify(patient, "mis", {}, enp_system=REGION_ENP).props["enp"] == \
        "1234567890123456"
    assert "enp" not in classify(patient, "mis", {}).props  # the default system: a local id
