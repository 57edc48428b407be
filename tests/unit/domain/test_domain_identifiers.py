"""СНИЛС, ЕНП and name normalisation."""

from __future__ import annotations

import pytest

from domain.identifiers import (
    enp_check_digit,
    format_snils,
    is_valid_enp,
    is_valid_snils,
    normalise_enp,
    normalise_name,
    normalise_snils,
    snils_check_number,
)


@pytest.mark.parametrize("value", ["112-233-445 95", "11223344595", "112 233 445 95"])
def test_valid_snils_in_any_writing(value: str) -> None:
    assert is_valid_snils(value)


def test_wrong_check_number_is_invalid() -> None:
    assert not is_valid_snils("112-233-445 96")


@pytest.mark.parametrize(
    ("first_nine", "expected"),
    [("112233445", 95), ("000000000", 0)],
)
def test_check_number(first_nine: str, expected: int) -> None:
    assert snils_check_number(first_nine) == expected


@pytest.mark.parametrize(
    ("first_nine", "weighted_sum", "expected"),
    [
        ("100356355", 100, 0),  # 100 → 00
        ("100079190", 101, 0),  # 101 → 00
        ("100166299", 102, 1),  # above 101: mod 101
        ("106897449", 201, 0),  # 201 mod 101 = 100 → 00
    ],
)
def test_check_number_special_cases(first_nine: str, weighted_sum: int, expected: int) -> None:
    assert sum(int(d) * (9 - i) for i, d in enumerate(first_nine)) == weighted_sum
    assert snils_check_number(first_nine) == expected


def test_low_numbers_are_not_checked() -> None:
    assert is_valid_snils("001-001-998 00")
    assert is_valid_snils("001-001-998 77")
    assert not is_valid_snils("001-001-999 77")


@pytest.mark.parametrize("value", ["", None, "123", "112-233-445 9", "abc"])
def test_malformed_snils(value: str | None) -> None:
    assert normalise_snils(value) is None
    assert not is_valid_snils(value)


def test_format_snils() -> None:
    assert format_snils("11223344595") == "112-233-445 95"
    with pytest.raises(ValueError):
        format_snils("123")


def test_enp_length_mode() -> None:
    assert is_valid_enp("1234 5678 9012 3456")
    assert normalise_enp("1234-5678-9012-3456") == "1234567890123456"
    assert not is_valid_enp("123456789012345")
    assert not is_valid_enp(None)


def test_enp_luhn_mode() -> None:
    base = "770000000000001"
    good = base + str(enp_check_digit(base))
    bad = base + str((enp_check_digit(base) + 1) % 10)
    assert is_valid_enp(good, check="luhn")
    assert not is_valid_enp(bad, check="luhn")
    assert is_valid_enp(bad, check="length")


def test_enp_check_digit_equals_luhn() -> None:
    # 4111 1111 1111 1111 is the classic Luhn-valid number
    assert enp_check_digit("411111111111111") == 1


def test_unknown_enp_mode() -> None:
    with pytest.raises(ValueError):
        is_valid_enp("1234567890123456", check="mod11")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Ёлкина ", "ЕЛКИНА"),
        ("Римский - Корсаков", "РИМСКИЙ-КОРСАКОВ"),
        ("Римский — Корсаков", "РИМСКИЙ-КОРСАКОВ"),
        ("Анна   Мария", "АННА МАРИЯ"),
        ("Салтыков--Щедрин", "САЛТЫКОВ-ЩЕДРИН"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_name(raw: str | None, expected: str) -> None:
    assert normalise_name(raw) == expected
