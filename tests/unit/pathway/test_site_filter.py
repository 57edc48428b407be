"""The worklist's site filter: what coordinators type becomes a range of ICD-10 categories."""

from __future__ import annotations

import pytest

from onkopassport.errors import InputError
from pathway.worklist import site_range


@pytest.mark.parametrize(("typed", "expected"), [
    ("C50", ("C50", "C50")),
    ("c50", ("C50", "C50")),
    ("С50", ("C50", "C50")),  # Cyrillic С
    ("с50", ("C50", "C50")),  # Cyrillic с, lower case
    (" C50.4 ", ("C50", "C50")),  # a subcategory counts as its category
    ("C33-C34", ("C33", "C34")),
    ("C33 - C34", ("C33", "C34")),
    ("C33–C34", ("C33", "C34")),  # en dash
    ("C33—C34", ("C33", "C34")),  # em dash
    ("С33 — с34", ("C33", "C34")),
    ("Д05", ("D05", "D05")),  # Cyrillic Д
    ("C 50", ("C50", "C50")),
    ("C97-D09", ("C97", "D09")),
])
def test_site_range_reads_what_people_type(typed: str, expected: tuple[str, str]) -> None:
    assert site_range(typed) == expected


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_an_empty_site_is_no_filter(empty: str | None) -> None:
    assert site_range(empty) == (None, None)


@pytest.mark.parametrize("typed", ["рак", "50", "C5", "C500", "C33-", "-C34", "C33-C34-C35",
                                   "C33..C34", "X50", "C33/C34"])
def test_a_malformed_site_is_refused_in_russian(typed: str) -> None:
    with pytest.raises(InputError, match=r"не распознана: укажите код МКБ-10 вида C50"):
        site_range(typed)


def test_a_reversed_range_says_which_way_round() -> None:
    with pytest.raises(InputError, match=r"начало диапазона позже конца, укажите C33-C34"):
        site_range("C34-C33")
