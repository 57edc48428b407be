"""The one rule of morphological verification (domain/basis.py) and its agreement with the
registry's table of bases."""

from __future__ import annotations

from domain import basis
from registry.tables import load_table


def test_a_report_naming_a_cancer_is_microscopic_evidence() -> None:
    for morphology in ("8140/3", "8500/2", "8140/6", "8000/9", "81403"):
        assert basis.record_basis({"kind": "pathology", "morphology": morphology}) == 7
    assert basis.record_basis({"kind": "cytology", "morphology": "8070/3"}) == 5


def test_a_report_naming_no_cancer_is_no_evidence() -> None:
    for morphology in (None, "", "8140/0", "8442/1", "not a code"):
        assert basis.record_basis({"kind": "pathology", "morphology": morphology}) is None


def test_other_records_give_their_own_basis() -> None:
    assert basis.record_basis({"kind": "laboratory"}) == basis.TUMOUR_MARKERS
    assert basis.record_basis({"kind": "instrumental"}) == basis.CLINICAL_INVESTIGATION
    assert basis.record_basis({"kind": "death"}) == basis.DCO
    assert basis.record_basis({"kind": "diagnosis"}) == basis.CLINICAL
    assert basis.record_basis({"kind": "diagnosis", "basis": 6}) == 6
    assert basis.record_basis({"kind": "diagnosis", "basis": "7"}) == 7
    assert basis.record_basis({"kind": "notification-090", "basis": 7}) is None


def test_the_most_valid_basis_wins_and_a_death_certificate_beside_evidence_is_not_dco() -> None:
    assert basis.most_valid([]) == basis.UNKNOWN
    assert basis.most_valid([None, basis.CLINICAL, basis.CYTOLOGY]) == basis.CYTOLOGY
    assert basis.most_valid([basis.DCO]) == basis.DCO
    assert basis.most_valid([basis.DCO, basis.UNKNOWN]) == basis.UNKNOWN
    assert basis.most_valid([basis.DCO, basis.CLINICAL]) == basis.CLINICAL


def test_microscopic_verification_follows_the_basis() -> None:
    tumour = [{"kind": "diagnosis"}, {"kind": "pathology", "morphology": "8140/3"}]
    assert basis.is_microscopic(basis.basis_of_records(tumour))
    assert not basis.is_microscopic(basis.basis_of_records(tumour[:1]))
    assert not basis.is_microscopic(None)


def test_the_registry_table_lists_the_same_codes_and_microscopic_ones() -> None:
    rows = load_table("basis_of_diagnosis")
    assert {int(row["code"]) for row in rows} == basis.CODES
    assert {int(row["code"]) for row in rows if row["microscopic"] == "true"} == basis.MICROSCOPIC
