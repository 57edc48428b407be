"""ICD-10-CM codes (US; Synthea and mCODE data) read as the ICD-10 codes they refine."""

from __future__ import annotations

import pytest

from domain.codes import is_oncology_sign, normalise_icd10, site_of


@pytest.mark.parametrize(("raw", "expected"), [
    ("C50.911", "C50.9"), ("C50911", "C50.9"), ("c50.412", "C50.4"), ("C34.90", "C34.90"),
    ("C50.4", "C50.4"), ("C50.9111", None),
])
def test_three_digits_after_the_category_give_the_four_character_code(
        raw: str, expected: str | None) -> None:
    assert normalise_icd10(raw) == expected


def test_an_icd10_cm_breast_cancer_code_is_an_oncology_sign_of_site_c50() -> None:
    assert is_oncology_sign("C50.911") and site_of("C50911") == "C50"
