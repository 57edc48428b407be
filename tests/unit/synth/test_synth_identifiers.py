"""СНИЛС check number (domain.md §9)."""

from __future__ import annotations

import random

from synth.identifiers import (
    format_snils,
    random_snils,
    snils_check_number,
    snils_is_valid,
    wrong_check_snils,
)


def test_snils_examples_from_the_domain_page() -> None:
    assert snils_check_number("112233445") == 95
    assert snils_is_valid("112-233-445 95")
    assert not snils_is_valid("112-233-445 96")


def test_snils_check_number_edge_cases() -> None:
    assert snils_check_number("000000091") == 19  # a sum below 100 is the check number
    assert snils_check_number("214070124") == 0  # sum 100
    assert snils_check_number("311150634") == 0  # sum 101
    assert snils_check_number("017921429") == 49  # sum 150: 150 mod 101
    assert snils_check_number("660550973") == 0  # sum 201: mod 101 gives 100, written 00


def test_generated_snils_are_valid_and_corrupted_ones_are_not() -> None:
    rng = random.Random(3)
    for _ in range(2_000):
        digits = random_snils(rng)
        assert snils_is_valid(digits)
        assert snils_is_valid(format_snils(digits, rng.randrange(3)))
        assert not snils_is_valid(wrong_check_snils(digits))
