"""Clinical-guideline recommendations and their evaluation against record facts."""

from __future__ import annotations

from datetime import date

import pytest

from domain.guidelines import (
    RecordFact,
    dispensary_interval_months,
    evaluate_guidelines,
    recommendations_for,
    site_group_for,
    site_groups,
)


@pytest.mark.parametrize(
    ("icd10", "group", "guideline"),
    [
        ("C50.4", "breast", "КР379"),
        ("C34.1", "lung", "КР30"),
        ("C33", "lung", "КР30"),
        ("C18.7", "colon", "КР396"),
        ("C19", "colon", "КР396"),
        ("C20", "rectum", "КР554"),
        ("C21", "rectum", "КР554"),
        ("C61", "prostate", "КР12"),
        ("C44.3", "skin-nonmelanoma", "КР467"),
        ("C43.5", "melanoma", "КР546"),
        ("C16.0", "stomach", "КР574"),
        ("C64", "kidney", "КР10"),
        ("C53.9", "cervix", "КР537"),
        ("C54.1", "corpus-uteri", "КР460"),
        ("C67.9", "bladder", "КР11"),
        ("C25.0", "pancreas", "КР355"),
    ],
)
def test_site_groups(icd10: str, group: str, guideline: str) -> None:
    assert site_group_for(icd10) == group
    recs = recommendations_for(icd10, None)
    assert all(r.guideline_id == guideline for r in recs if r.group == "diagnostics")


def test_every_group_cites_a_guideline_with_year() -> None:
    groups = site_groups()
    assert len(groups) >= 13
    for group_id, title, ref in groups:
        assert title and ref.id.startswith("КР") and 2018 <= ref.year <= 2026, group_id
        assert ref.source


def test_uncovered_site_gets_common_recommendations_only() -> None:
    assert site_group_for("C71.9") is None
    assert [r.group for r in recommendations_for("C71.9", "IV")] == [
        "verification",
        "tumor-board",
        "dispensary",
    ]
    assert site_group_for(None) is None


def test_stage_filters_stage_specific_items() -> None:
    early = {r.id for r in recommendations_for("C50.1", "IIA")}
    late = {r.id for r in recommendations_for("C50.1", "IIIB")}
    unknown = {r.id for r in recommendations_for("C50.1", None)}
    assert "breast:staging-ct" not in early
    assert "breast:staging-ct" in late and "breast:staging-ct" in unknown


def test_expected_diagnostics_for_main_sites() -> None:
    def ids(code: str) -> set[str]:
        return {r.id for r in recommendations_for(code, None)}

    assert {"breast:breast-imaging", "breast:core-biopsy", "breast:receptors"} <= ids("C50.9")
    assert {"colon:colonoscopy-biopsy", "colon:ct-staging", "colon:cea"} <= ids("C18.0")
    assert {"lung:chest-ct", "lung:bronchoscopy-or-biopsy"} <= ids("C34.9")
    assert {"prostate:psa", "prostate:pelvic-mri", "prostate:prostate-biopsy"} <= ids("C61")


BREAST_FACTS = [
    RecordFact(kind="referral", on=date(2025, 12, 29)),
    RecordFact(kind="instrumental", on=date(2025, 12, 30), codes=frozenset({"71651007"})),
    RecordFact(
        kind="pathology",
        on=date(2026, 1, 12),
        text="Трепанобиопсия: инвазивная карцинома. ИГХ: РЭ 8, РП 6, HER2 0, Ki-67 20%",
        morphology="8500/3",  # the report names a cancer: a morphological verification
    ),
]


def test_evaluation_before_treatment() -> None:
    report = evaluate_guidelines("C50.4", "IIA", BREAST_FACTS, today=date(2026, 1, 13))
    states = {i.recommendation.id: i.state for i in report.items}
    assert states["breast:breast-imaging"] == "done"
    assert states["breast:core-biopsy"] == "done"
    assert states["breast:receptors"] == "done"
    assert states["tumor-board"] == "missing"
    assert report.guideline is not None and report.guideline.id == "КР379"
    steps = {s.title_ru: s.due_on for s in report.next_steps}
    # verification on 12 Jan 2026 + 7 working days = 21 Jan; board and treatment by then
    assert steps["Решение онкологического консилиума о тактике лечения"] == date(2026, 1, 21)
    assert steps["Начало специализированного лечения"] == date(2026, 1, 21)
    assert steps["Постановка на диспансерное наблюдение"] == date(2026, 1, 15)
    assert {r.id for r in report.missing} == {"tumor-board", "dispensary"}


def test_missing_diagnostics_due_by_d2_from_suspicion() -> None:
    facts = [RecordFact(kind="referral", on=date(2025, 12, 29))]
    report = evaluate_guidelines("C18.7", None, facts, today=date(2025, 12, 30))
    colonoscopy = next(s for s in report.next_steps if "колоноскопия" in s.title_ru)
    assert colonoscopy.due_on == date(2026, 1, 19)  # 7 working days across the holidays


def test_late_and_missing_after_treatment() -> None:
    facts = [
        RecordFact(kind="pathology", on=date(2025, 3, 3), text="биопсия предстательной железы"),
        RecordFact(kind="surgery", on=date(2025, 3, 20)),
        RecordFact(kind="laboratory", on=date(2025, 4, 1), codes=frozenset({"2857-1"})),
    ]
    report = evaluate_guidelines("C61", "II", facts, today=date(2025, 4, 2))
    states = {i.recommendation.id: i.state for i in report.items}
    assert states["prostate:psa"] == "late"
    assert states["prostate:pelvic-mri"] == "missing"
    assert states["tumor-board"] == "missing"
    assert states["prostate:prostate-biopsy"] == "done"
    assert not any(s.title_ru == "Начало специализированного лечения" for s in report.next_steps)


def test_dispensary_next_visit_follows_548n_schedule() -> None:
    facts = [
        RecordFact(kind="diagnosis", on=date(2024, 1, 10)),
        RecordFact(kind="surgery", on=date(2024, 1, 20)),
        RecordFact(kind="dispensary-observation", on=date(2024, 1, 12)),
        RecordFact(kind="consultation", on=date(2025, 3, 1)),
    ]
    report = evaluate_guidelines("C34.1", "I", facts, today=date(2025, 3, 2))
    visit = next(s for s in report.next_steps if s.title_ru == "Диспансерный прием онколога")
    assert visit.due_on == date(2025, 9, 1)  # second year: every 6 months


@pytest.mark.parametrize(("year", "months"), [(1, 3), (2, 6), (3, 12), (10, 12)])
def test_dispensary_intervals(year: int, months: int) -> None:
    assert dispensary_interval_months(year) == months


def test_keyword_needs_the_right_kind() -> None:
    facts = [RecordFact(kind="consultation", on=date(2025, 5, 5), text="рекомендована маммография")]
    report = evaluate_guidelines("C50.9", None, facts, today=date(2025, 5, 6))
    states = {i.recommendation.id: i.state for i in report.items}
    assert states["breast:breast-imaging"] == "missing"


# An earlier skin cancer's chest CT and a CEA test three months before the colon cancer's
# suspicion: records of no tumour, but of another episode.
EARLIER_EPISODE = [
    RecordFact(kind="instrumental", on=date(2022, 8, 4), text="КТ органов грудной клетки"),
    RecordFact(kind="laboratory", on=date(2022, 8, 1), text="РЭА 2,1 нг/мл"),
    RecordFact(kind="referral", on=date(2022, 11, 6)),
]


def test_records_before_the_episode_credit_nothing() -> None:
    report = evaluate_guidelines("C18.0", None, EARLIER_EPISODE, today=date(2022, 11, 10),
                                 episode_start=date(2022, 11, 6))
    states = {i.recommendation.id: i.state for i in report.items}
    assert states["colon:ct-staging"] == "missing"
    assert states["colon:cea"] == "missing"


def test_a_study_shortly_before_the_referral_belongs_to_the_episode() -> None:
    facts = [RecordFact(kind="laboratory", on=date(2022, 10, 10), text="РЭА 12 нг/мл")]
    report = evaluate_guidelines("C18.0", None, facts, today=date(2022, 11, 10),
                                 episode_start=date(2022, 11, 6))  # 27 days before
    assert {i.recommendation.id: i.done_on for i in report.items}["colon:cea"] == date(
        2022, 10, 10)


def test_without_an_episode_start_every_record_counts() -> None:
    report = evaluate_guidelines("C18.0", None, EARLIER_EPISODE, today=date(2022, 11, 10))
    assert {i.recommendation.id: i.state for i in report.items}["colon:cea"] == "done"


def test_a_dead_patient_has_no_next_step() -> None:
    facts = [RecordFact(kind="diagnosis", on=date(2024, 6, 28))]
    alive = evaluate_guidelines("C18.0", None, facts, today=date(2024, 9, 1))
    dead = evaluate_guidelines("C18.0", None, facts, today=date(2024, 9, 1), deceased=True)
    assert alive.next_steps  # the dispensary registration would be due
    assert dead.next_steps == ()
    assert [i.state for i in dead.items] == [i.state for i in alive.items]


def _ct_staging(*facts: RecordFact) -> tuple[str, date | None]:
    report = evaluate_guidelines("C18.0", None, facts, today=date(2022, 12, 1))
    item = next(i for i in report.items if i.recommendation.id == "colon:ct-staging")
    return item.state, item.done_on


def test_chest_only_ct_does_not_stage_a_colon_cancer() -> None:
    chest = RecordFact(kind="instrumental", on=date(2022, 11, 8), text="КТ органов грудной клетки")
    assert _ct_staging(chest) == ("missing", None)


def test_chest_and_abdomen_ct_in_one_study_or_two() -> None:
    both = RecordFact(kind="instrumental", on=date(2022, 11, 8),
                      text="КТ органов грудной клетки и брюшной полости с контрастированием")
    chest = RecordFact(kind="instrumental", on=date(2022, 11, 8), text="КТ органов грудной клетки")
    abdomen = RecordFact(kind="instrumental", on=date(2022, 11, 10),
                         text="КТ органов брюшной полости")
    assert _ct_staging(both) == ("done", date(2022, 11, 8))
    assert _ct_staging(chest, abdomen) == ("done", date(2022, 11, 10))  # when both are imaged


def _verification(*facts: RecordFact, verified: bool | None = None) -> tuple[str, date | None]:
    report = evaluate_guidelines("C50.4", "IIA", facts, today=date(2026, 2, 1),
                                 morphologically_verified=verified)
    item = next(i for i in report.items if i.recommendation.id == "histology")
    return item.state, item.done_on


@pytest.mark.parametrize("morphology", [None, "8500/0", "8000/1"])
def test_a_benign_or_non_diagnostic_report_is_no_verification(morphology: str | None) -> None:
    report = RecordFact(kind="pathology", on=date(2026, 1, 12), morphology=morphology,
                        text="Биопсия: фиброаденома / материал неинформативен")
    assert _verification(report) == ("missing", None)


@pytest.mark.parametrize(("kind", "morphology", "basis"), [
    ("pathology", "8500/3", None), ("cytology", "8070/3", None), ("pathology", "8500/2", None),
    ("diagnosis", None, 7),  # a registrar's histological basis
])
def test_a_report_naming_a_cancer_verifies(kind: str, morphology: str | None,
                                           basis: int | None) -> None:
    fact = RecordFact(kind=kind, on=date(2026, 1, 12), morphology=morphology, basis=basis)
    assert _verification(fact) == ("done", date(2026, 1, 12))


def test_the_item_follows_the_tumours_morphological_verification() -> None:
    cancer = RecordFact(kind="pathology", on=date(2026, 1, 12), morphology="8500/3")
    # a report of no tumour names a cancer, the tumour's own records do not
    assert _verification(cancer, verified=False) == ("missing", None)
    # a registrar's basis the passport's records lack
    assert _verification(verified=True) == ("done", None)
    assert _verification(cancer, verified=True) == ("done", date(2026, 1, 12))


def _staging(icd10: str, item: str, stage: str, *facts: RecordFact) -> str:
    report = evaluate_guidelines(icd10, stage, facts, today=date(2026, 2, 1))
    return next(i.state for i in report.items if i.recommendation.id == item)


@pytest.mark.parametrize(("icd10", "item", "stage"), [
    ("C53.9", "cervix:ct-staging", "IIB"), ("C50.4", "breast:staging-ct", "IIIA"),
])
def test_a_chest_only_ct_does_not_stage_cervix_or_breast(icd10: str, item: str,
                                                          stage: str) -> None:
    chest = RecordFact(kind="instrumental", on=date(2026, 1, 10), text="КТ органов грудной клетки")
    assert _staging(icd10, item, stage, chest) == "missing"


def test_cervix_ct_needs_chest_and_abdomen() -> None:
    both = RecordFact(kind="instrumental", on=date(2026, 1, 10),
                      text="КТ органов грудной клетки и брюшной полости")
    assert _staging("C53.9", "cervix:ct-staging", "IIB", both) == "done"


def test_breast_staging_needs_chest_abdomen_and_bone_scan() -> None:
    ct = RecordFact(kind="instrumental", on=date(2026, 1, 10),
                    text="КТ органов грудной клетки и брюшной полости")
    scan = RecordFact(kind="instrumental", on=date(2026, 1, 14), text="Остеосцинтиграфия")
    assert _staging("C50.4", "breast:staging-ct", "IIIA", ct) == "missing"
    assert _staging("C50.4", "breast:staging-ct", "IIIA", ct, scan) == "done"


def _code_only(loinc: str, on: date = date(2022, 11, 8)) -> RecordFact:
    return RecordFact(kind="instrumental", on=on, codes=frozenset({loinc}))


def test_a_code_only_ct_covers_its_regions() -> None:
    # LOINC 42275-8 CT Chest and Abdomen, 24627-2 CT Chest, 79103-8 CT Abdomen
    assert _ct_staging(_code_only("42275-8")) == ("done", date(2022, 11, 8))
    assert _ct_staging(_code_only("24627-2")) == ("missing", None)
    assert _ct_staging(_code_only("24627-2"),
                       _code_only("79103-8", date(2022, 11, 10))) == ("done", date(2022, 11, 10))
    assert _staging("C53.9", "cervix:ct-staging", "IIB", _code_only("42275-8")) == "done"


def test_an_unknown_code_names_no_region() -> None:
    assert _ct_staging(_code_only("36237-6")) == ("missing", None)  # MR Pelvis
