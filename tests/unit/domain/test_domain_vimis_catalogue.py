"""VIMIS docTypes, REMD kinds, record-kind and clinical-group catalogues."""

from __future__ import annotations

import pytest

from domain.catalogue import (
    clinical_group,
    clinical_groups,
    event_kind,
    event_kinds,
    event_label,
)
from domain.vimis import (
    catalogue,
    doc_type,
    doc_type_for,
    record_kind_of_remd,
    remd_kind,
    rollout_stage,
    template_oid,
)
from domain.vocabulary import EVENT_KINDS


@pytest.mark.parametrize(
    ("kind", "number", "stage"),
    [
        ("referral", 1, 1),
        ("instrumental", 2, 1),
        ("laboratory", 3, 1),
        ("pathology", 4, 1),
        ("consultation", 5, 2),
        ("tumor-board", 6, 2),
        ("dispensary-observation", 7, 2),
        ("hospitalization", 8, 2),
        ("cytology", 9, 3),
        ("surgery", 10, 3),
        ("neglected-case-protocol", 11, 3),
        ("outpatient", 12, 3),
        ("death", 13, 4),
        ("vmp-coupon", 15, 4),
    ],
)
def test_doc_type_of_record_kind(kind: str, number: int, stage: int) -> None:
    assert doc_type_for(kind) == number
    assert rollout_stage(kind) == stage


def test_kinds_without_doc_type() -> None:
    for kind in ("notification-090", "drug-therapy", "radiotherapy", "other", "diagnosis"):
        assert doc_type_for(kind) is None
    assert doc_type(16) is not None and doc_type(16).stage is None  # type: ignore[union-attr]
    assert doc_type(14) is None


@pytest.mark.parametrize(
    ("code", "oid", "kind"),
    [
        (371, "1.2.643.5.1.13.13.15.79.1", "tumor-board"),
        ("184", "1.2.643.5.1.13.13.15.80.1", "notification-090"),
        (250, "1.2.643.5.1.13.13.15.95.1", "neglected-case-protocol"),
    ],
)
def test_remd_templates(code: int | str, oid: str, kind: str) -> None:
    assert template_oid(code) == oid
    assert record_kind_of_remd(code) == kind


def test_remd_referrals_and_unknowns() -> None:
    for code in (3, 57, 107):
        assert record_kind_of_remd(code) == "referral"
    assert remd_kind("nope") is None
    assert remd_kind(9999) is None
    assert catalogue().vmcl == 1


def test_event_kind_catalogue_is_complete_and_consistent_with_vimis() -> None:
    assert sorted(k.kind for k in event_kinds()) == sorted(EVENT_KINDS)
    for info in event_kinds():
        assert info.label_ru
        assert info.vimis_doc_type == doc_type_for(info.kind), info.kind


def test_event_labels() -> None:
    assert event_label("tumor-board") == "Онкологический консилиум"
    assert event_label("unknown-kind") == "unknown-kind"
    # a specimen is no step of care but shows in the history (it showed as "specimen")
    assert event_label("specimen").startswith("Получение биопсийного")
    assert event_kind("dispensary-observation").care_stage == "dispensary"  # type: ignore[union-attr]
    assert event_kind("referral").trigger == 3  # type: ignore[union-attr]


def test_clinical_groups() -> None:
    assert [g.code for g in clinical_groups()] == ["Ia", "Ib", "II", "IIa", "III", "IV"]
    assert "радикальному" in clinical_group("IIa").meaning_ru  # type: ignore[union-attr]
    assert clinical_group("V") is None
