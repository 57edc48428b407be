"""Masking, cursors, care stage, recommendations and analyst result scrubbing."""

from __future__ import annotations

from datetime import date

from api.graphql.passport_build import current_care_stage, recommendations
from api.graphql.passport_masking import masked_snils
from api.graphql.passport_search import decode_cursor, encode_cursor
from api.routes.analyst import _NAMED_IDENTIFIER
from api.routes.analyst_results import to_json


def test_snils_masked_by_role() -> None:
    assert masked_snils("11223344595", "clinician") == "112-233-445 95"
    assert masked_snils("11223344595", "admin") == "112-233-445 95"
    assert masked_snils("11223344595", "coordinator") == "***-***-445 95"
    assert masked_snils("11223344595", "analyst") is None
    assert masked_snils(None, "admin") is None


def test_cursor_round_trip_and_foreign_cursors() -> None:
    assert decode_cursor(encode_cursor("patient-7")) == "patient-7"
    assert decode_cursor("not base64!") is None
    assert decode_cursor(encode_cursor("x").replace("c", "d")) in (None, "x")


def _step(kind: str, on: date, stage: str | None = None) -> dict[str, object]:
    return {"record": {"kind": kind, "date": on, "careStage": stage}, "tumorIds": []}


def test_care_stage_is_the_furthest_reached() -> None:
    route = [_step("referral", date(2026, 1, 1)), _step("surgery", date(2026, 2, 1)),
             _step("referral", date(2026, 3, 1))]
    assert current_care_stage(route) == "treatment"
    assert current_care_stage([]) is None


def test_recommendations_for_breast_cancer_before_treatment() -> None:
    tumor = {"tumorId": "p|C50|1", "icd10": "C50.4", "stage": "II"}
    route = [_step("pathology", date(2026, 3, 16)), _step("diagnosis", date(2026, 3, 17))]
    route[0]["record"]["text"] = "биопсия: карцинома"
    (report,) = recommendations([tumor], route, date(2026, 3, 20))
    assert report.site_group == "breast" and report.guideline_id
    assert report.missing, "diagnostics are missing in this route"
    titles = [step.title_ru for step in report.next_steps]
    assert "Начало специализированного лечения" in titles
    assert all(step.due_on is None or step.due_on >= date(2026, 3, 16)
               for step in report.next_steps)


def test_analyst_results_lose_identities_but_keep_birth_year() -> None:
    row = {"family": "Иванов", "snils": "112", "birthDate": date(1960, 5, 17), "sex": "male",
           "nested": [{"given": "Иван", "district": "Центральный"}], "passwordHash": "x"}
    assert to_json(row, deidentify=True) == {
        "birthYear": 1960, "sex": "male", "nested": [{"district": "Центральный"}]}
    assert "passwordHash" not in to_json(row, deidentify=False)
    assert to_json(row, deidentify=False)["family"] == "Иванов"


def test_queries_naming_identifiers_are_recognised() -> None:
    assert _NAMED_IDENTIFIER.search("MATCH (p) RETURN p.family")
    assert _NAMED_IDENTIFIER.search("RETURN p['snils']")
    assert _NAMED_IDENTIFIER.search("RETURN p.`birthDate`")
    assert not _NAMED_IDENTIFIER.search("RETURN p.birthDate.year, p.sex, count(*)")
