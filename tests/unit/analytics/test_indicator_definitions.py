"""Every indicator says in Russian what its numerator and denominator count."""

from __future__ import annotations

import pytest

from analytics.indicators import DEFINITIONS, IndicatorDefinition


def test_every_indicator_names_its_numerator_and_denominator() -> None:
    for code, indicator in DEFINITIONS.items():
        numerator, denominator = indicator.formula_ru.split(" / ", 1)
        assert numerator and denominator, code


def test_an_indicator_without_its_formula_is_refused() -> None:
    existing = DEFINITIONS["early_detection"]
    with pytest.raises(ValueError, match="formula_ru"):
        IndicatorDefinition("new", "Новый", "share", None, False, existing.measure)
