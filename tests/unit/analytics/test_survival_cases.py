"""Survival cases (what the frame store keeps for survival) without a server: derived like
the new-tumour frame, and cut to the asked period exactly as `build_survival` reads it."""

from __future__ import annotations

from datetime import date

from analytics.filters import Filters
from analytics.frames import fetch_survival_cases, new_tumors_frame, survival_cases_frame
from analytics.periods import Period
from analytics.survival import survival_curves, survival_of_cases
from domain.codes import form7_rows

# Parallel columns as the Cypher queries return them (yyyymmdd integers, '' = none).
ROWS = {
    "icd10": ["C34.1", "C50.4", "C18.7", "C61", "C34.9", "C73"],
    "stage": ["IV", "I", "", "II", "0", "III"],
    "diagnosedOn": [20190301, 20240101, 20240615, 20251231, 20250701, 20260105],
    "deceasedOn": [20200101, 0, 20250301, 0, 20250901, 0],
    "district": ["Центральный", "Северный", "Центральный", "", "Северный", "Центральный"],
    "organizationOid": ["1.2", "1.3", "1.2", "1.2", "", "1.3"],
}


def test_survival_cases_are_derived_like_new_tumours() -> None:
    cases = survival_cases_frame(ROWS)
    tumours = new_tumors_frame(ROWS)
    for column in ("diagnosedOn", "deceasedOn", "stageGroup", "siteRow", "district",
                   "organizationOid"):
        assert cases[column].equals(tumours[column]), column
    assert list(cases["stageGroup"]) == ["IV", "I", "unknown", "II", "unknown", "III"]


def test_a_period_is_cut_from_the_kept_years_as_build_survival_reads_it() -> None:
    cases = survival_cases_frame(ROWS)
    today = date(2025, 12, 30)  # the tumour of 31 December 2025 is not diagnosed yet
    curves = survival_of_cases(cases, 2024, 2025, today, Filters(district="Центральный"))
    expected = cases.iloc[[2]]  # 2024–2025, not after today, in the district
    assert curves == survival_curves(expected, today, "stage")
    assert (curves[0].patients, curves[0].deaths) == (1, 1)
    overall = survival_of_cases(cases, 2024, 2025, date(2026, 1, 1))[0]
    assert overall.patients == 4


def test_curves_by_site_are_named_as_form_7_names_the_sites() -> None:
    """The page, legend and PNG showed internal row ids ('lung', 'breast')."""
    cases = survival_cases_frame(ROWS)
    groups = [c.group for c in survival_curves(cases, date(2026, 1, 1), "site")]
    labels = {row.id: row.label for row in form7_rows()}
    assert groups[0] == "всего"
    assert groups[1:] and all(group in labels.values() for group in groups[1:])
    assert not set(groups) & set(labels)  # no row id left


class _OneMonthOfCases:
    """What the server answers for a cohort diagnosed within one month: one chunk row."""

    def read(self, name: str, **params: object) -> list[dict[str, object]]:
        assert name == "fetch_survival_cases"
        return [{"chunk": 202501, **{column: values[:1] for column, values in ROWS.items()}}]


def test_a_cohort_of_one_chunk_is_read_like_several() -> None:
    """The chunk's key came first in the one-row case and was taken for a column
    ("object of type 'int' has no len()" while the frame store built)."""
    cases = fetch_survival_cases(_OneMonthOfCases(), Period.year(2025))  # type: ignore[arg-type]

    assert len(cases) == 1 and list(cases["stageGroup"]) == ["IV"]
