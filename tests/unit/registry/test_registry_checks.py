"""Each IARC/IACR check with an OK case and the non-OK grades it can give."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest

from registry.checks import CHECKS, prepare, run_quality_checks, worst_grade

TODAY = date(2025, 6, 30)
BASELINE: dict[str, Any] = {
    "tumorId": "t-1", "sex": "female", "birthDate": date(1960, 3, 1), "icd10": "C50.4",
    "morphology": "8500/3", "basis": 7, "dco": False, "grade": "2",
    "diagnosedOn": date(2024, 1, 10), "lastContactOn": date(2024, 6, 1), "deathOn": None,
    "reportedOn": date(2024, 1, 15),
}


def grade_of(check: str, **changes: Any) -> tuple[str, str]:
    results = run_quality_checks(pd.DataFrame([{**BASELINE, **changes}]), TODAY)
    row = results[results["check"] == check].iloc[0]
    return row["grade"], row["message"]


def test_the_baseline_row_passes_every_check() -> None:
    results = run_quality_checks(pd.DataFrame([BASELINE]), TODAY)
    assert set(results["check"]) == set(CHECKS)
    assert set(results["grade"]) == {"OK"}


@pytest.mark.parametrize(("check", "changes", "expected"), [
    # code validity
    ("code-validity", {"icd10": None}, "Missing"),
    ("code-validity", {"icd10": "X99.9"}, "Invalid"),
    ("code-validity", {"icd10": "C78.0"}, "Invalid"),
    ("code-validity", {"icd10": "К50"}, "Invalid"),
    ("code-validity", {"morphology": None}, "Missing"),
    ("code-validity", {"morphology": "85x0"}, "Invalid"),
    ("code-validity", {"morphology": "7500/3"}, "Invalid"),
    ("code-validity", {"morphology": "8500/5"}, "Invalid"),
    ("code-validity", {"grade": "7x"}, "Invalid"),
    ("code-validity", {"icd10": "С50.4"}, "OK"),  # Cyrillic С is normalised
    ("code-validity", {"morphology": None, "dco": True, "basis": 0}, "OK"),
    # sex / site
    ("sex-site", {"sex": "male", "icd10": "C53.9", "morphology": "8070/3"}, "Invalid"),
    ("sex-site", {"sex": "female", "icd10": "C61", "morphology": "8140/3"}, "Invalid"),
    ("sex-site", {"sex": "male"}, "OK"),  # male breast cancer is possible
    ("sex-site", {"sex": None}, "Missing"),
    # age / site
    ("age-site", {"birthDate": date(2006, 1, 1)}, "Rare"),
    ("age-site", {"birthDate": date(2004, 1, 1)}, "OK"),
    ("age-site", {"sex": "male", "icd10": "C61", "birthDate": date(1990, 1, 1)}, "Rare"),
    ("age-site", {"birthDate": None}, "Missing"),
    # age / morphology
    ("age-morphology", {"icd10": "C64", "morphology": "8960/3"}, "Rare"),
    ("age-morphology", {"icd10": "C64", "morphology": "8960/3",
                        "birthDate": date(2020, 1, 1)}, "OK"),
    ("age-morphology", {"icd10": "C74.9", "morphology": "9500/3"}, "Rare"),
    # age / site / morphology
    ("age-site-morphology", {"icd10": "C18.7", "morphology": "8140/3",
                             "birthDate": date(2015, 1, 1)}, "Rare"),
    ("age-site-morphology", {"icd10": "C18.7", "morphology": "8140/3"}, "OK"),
    # site / behaviour
    ("site-behaviour", {"icd10": "D48.0", "morphology": "9180/2"}, "Query"),
    ("site-behaviour", {"icd10": "C41.2", "morphology": "9180/2"}, "Query"),
    ("site-behaviour", {"icd10": "D05.1", "morphology": "8500/2"}, "OK"),
    ("site-behaviour", {"icd10": "D05.1", "morphology": "8500/3"}, "Query"),
    ("site-behaviour", {"morphology": "8500/6"}, "Query"),
    ("site-behaviour", {"morphology": "8500/0"}, "Invalid"),
    # basis / morphology
    ("basis-morphology", {"basis": 1}, "Query"),
    ("basis-morphology", {"basis": 1, "morphology": "8000/3"}, "OK"),
    ("basis-morphology", {"basis": 4, "icd10": "C22.0", "morphology": "8170/3"}, "OK"),
    ("basis-morphology", {"basis": 9}, "Missing"),
    ("basis-morphology", {"basis": 7, "morphology": "8000/3"}, "Query"),
    # site / morphology
    ("site-morphology", {"icd10": "C34.1", "morphology": "8090/3"}, "Query"),
    ("site-morphology", {"icd10": "C44.3", "morphology": "8720/3"}, "Invalid"),
    ("site-morphology", {"icd10": "C43.5", "morphology": "8140/3"}, "Invalid"),
    ("site-morphology", {"icd10": "C71.9", "morphology": "9510/3"}, "Invalid"),
    ("site-morphology", {"icd10": "C50.4", "morphology": "9680/3"}, "Query"),
    ("site-morphology", {"icd10": "C83.3", "morphology": "9680/3"}, "OK"),
    ("site-morphology", {"icd10": "C44.3", "morphology": "8090/3"}, "OK"),
    # dates
    ("dates", {"diagnosedOn": None}, "Missing"),
    ("dates", {"diagnosedOn": date(2026, 1, 1), "lastContactOn": None}, "Invalid"),
    ("dates", {"birthDate": date(2024, 5, 1)}, "Invalid"),
    ("dates", {"lastContactOn": date(2023, 12, 31)}, "Invalid"),
    ("dates", {"deathOn": date(2023, 12, 31)}, "Invalid"),
    ("dates", {"reportedOn": date(2024, 1, 1)}, "Query"),
    ("dates", {"birthDate": date(1900, 1, 1)}, "Query"),
])
def test_check_grades(check: str, changes: dict[str, Any], expected: str) -> None:
    grade, message = grade_of(check, **changes)
    assert grade == expected
    assert (message == "") == (expected == "OK")


def test_in_situ_of_bone_is_rare_when_coded_consistently() -> None:
    # the site/behaviour table grades /2 of bone Rare; the ICD-10 C-code mismatch is a Query
    results = run_quality_checks(pd.DataFrame([{**BASELINE, "icd10": "C41.2",
                                                "morphology": "9180/2"}]), TODAY)
    assert "Query" in set(results["grade"])


def test_worst_grade_per_tumour_and_many_rows() -> None:
    rows = pd.DataFrame([BASELINE, {**BASELINE, "tumorId": "t-2", "sex": "male",
                                    "icd10": "C53.9"}] * 500)
    results = run_quality_checks(rows, TODAY)
    worst = worst_grade(results)
    assert len(results) == 1000 * len(CHECKS)
    assert worst.to_dict() == {"t-1": "OK", "t-2": "Invalid"}


def test_multiple_primaries_flags_the_later_report_of_the_same_tumour() -> None:
    rows = pd.DataFrame([
        {**BASELINE, "tumorId": "lung-1", "patientId": "p", "icd10": "C34.1",
         "morphology": "8140/3", "diagnosedOn": date(2020, 1, 1)},
        {**BASELINE, "tumorId": "lung-2", "patientId": "p", "icd10": "C34.3",
         "morphology": "8480/3", "diagnosedOn": date(2022, 1, 1)},
        {**BASELINE, "tumorId": "breast", "patientId": "p"},
        {**BASELINE, "tumorId": "other-person", "patientId": "q", "icd10": "C34.1",
         "morphology": "8140/3"},
    ])
    results = run_quality_checks(rows, TODAY)
    flagged = results[(results["check"] == "multiple-primaries") & (results["grade"] != "OK")]
    assert flagged[["tumorId", "grade"]].values.tolist() == [["lung-2", "Query"]]
    assert "lung-1" in flagged["message"].iloc[0]


def test_age_at_diagnosis_counts_birthdays_not_365_25_day_years() -> None:
    rows = pd.DataFrame([{**BASELINE, "birthDate": born, "diagnosedOn": on} for born, on in (
        (date(2000, 3, 1), date(2018, 3, 1)),  # the 18th birthday: 6574 days, 17.998 × 365.25
        (date(2000, 3, 1), date(2018, 2, 28)),  # the day before
        (date(2000, 2, 29), date(2019, 2, 28)),
        (None, date(2018, 3, 1)))])
    prepared = prepare(rows, TODAY)
    assert prepared["age"][:3].tolist() == [18.0, 17.0, 18.0]
    assert pd.isna(prepared["age"][3])
    assert prepared["diagnosedYear"][:2].tolist() == [2018.0, 2018.0]
