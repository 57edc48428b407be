"""Patient identifiers: СНИЛС, ЕНП (OMS policy number) and name normalisation.

СНИЛС rule (domain.md §9, Pension Fund check-number rule): S = Σ dᵢ·(10−i) over the first
nine digits; S < 100 → S; S ∈ {100, 101} → 00; S > 101 → S mod 101 (100 → 00). The check
applies only to numbers above 001-001-998; lower numbers carry no check number.

ЕНП: 16 digits. The FFOMS check-digit algorithm could not be confirmed against the primary
text **(verify)**; the ``"luhn"`` mode implements the algorithm as commonly described
(digits of the first 15 at odd positions from the right doubled as a number, digit sum,
``(10 − sum mod 10) mod 10``), which is arithmetically the Luhn check. The default mode,
``"length"``, only checks 16 digits; pick the mode from configuration.
"""

from __future__ import annotations

import re
from typing import Literal

EnpCheck = Literal["length", "luhn"]

SNILS_SYSTEM = "urn:oid:1.2.643.100.3"
ENP_DEFAULT_SYSTEM = "urn:onkopassport:enp"
_SNILS_CHECK_FROM = 1_001_998  # 001-001-998: numbers up to this one are not checked
_NON_DIGITS = re.compile(r"\D")
_DASHES = re.compile(r"[\u2010-\u2015\u2212-]+")
_SPACED_HYPHEN = re.compile(r"\s*-\s*")
_SPACES = re.compile(r"\s+")


def _digits(value: str | int | None) -> str:
    return _NON_DIGITS.sub("", str(value)) if value is not None else ""


def normalise_snils(value: str | int | None) -> str | None:
    """Return the 11 digits of a СНИЛС written with or without separators, else ``None``.

    An integer input is zero-padded (a СНИЛС can start with zeros).
    """
    digits = _digits(value)
    if isinstance(value, int) and 0 < len(digits) < 11:
        digits = digits.zfill(11)
    return digits if len(digits) == 11 else None


def normalise_identifier(system: str, value: str, enp_system: str = ENP_DEFAULT_SYSTEM) -> str:
    """An identifier's value as the graph keeps it: a СНИЛС and an ЕНП as their digits, any
    other as sent (ingest/classify.py stores it so, and a search by it must match).
    `enp_system`: the region's ЕНП system (Settings.enp_system)."""
    if system == SNILS_SYSTEM:
        return normalise_snils(value) or value
    if system == enp_system:
        return normalise_enp(value) or value
    return value


def snils_check_number(first_nine: str) -> int:
    """Compute the two-digit check number of a СНИЛС from its first nine digits."""
    if len(first_nine) != 9 or not first_nine.isdigit():
        raise ValueError(f"expected nine digits, got {first_nine!r}")
    total = sum(int(d) * (9 - i) for i, d in enumerate(first_nine))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    rest = total % 101
    return 0 if rest == 100 else rest


def is_valid_snils(value: str | int | None) -> bool:
    """True when the value is an 11-digit СНИЛС whose check number is right.

    Numbers up to 001-001-998 are accepted without a check (the rule does not apply).
    """
    digits = normalise_snils(value)
    if digits is None:
        return False
    if int(digits[:9]) <= _SNILS_CHECK_FROM:
        return True
    return snils_check_number(digits[:9]) == int(digits[9:])


# What a medical information system writes when it has no СНИЛС for the patient. It passes
# the check (numbers up to 001-001-998 have none) but names no one: linking by it would
# make one person of everyone whose card lacks the number.
PLACEHOLDER_SNILS = "00000000000"


def is_placeholder_snils(value: str | int | None) -> bool:
    """Whether the value is the "no СНИЛС" placeholder 000-000-000 00."""
    return normalise_snils(value) == PLACEHOLDER_SNILS


def format_snils(value: str | int) -> str:
    """Format a СНИЛС as ``XXX-XXX-XXX YY``; raises ``ValueError`` on anything but 11 digits."""
    digits = normalise_snils(value)
    if digits is None:
        raise ValueError(f"not an 11-digit СНИЛС: {value!r}")
    return f"{digits[0:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:11]}"


def normalise_enp(value: str | int | None) -> str | None:
    """Return the 16 digits of an ЕНП written with or without separators, else ``None``."""
    digits = _digits(value)
    return digits if len(digits) == 16 else None


def enp_check_digit(first_fifteen: str) -> int:
    """Check digit of an ЕНП by the (unverified) FFOMS description, i.e. the Luhn check."""
    if len(first_fifteen) != 15 or not first_fifteen.isdigit():
        raise ValueError(f"expected fifteen digits, got {first_fifteen!r}")
    odd = "".join(first_fifteen[i] for i in range(14, -1, -2))  # odd positions from the right
    even = "".join(first_fifteen[i] for i in range(13, -1, -2))
    combined = even + str(int(odd[::-1]) * 2)
    total = sum(int(d) for d in combined)
    return (10 - total % 10) % 10


def is_valid_enp(value: str | int | None, check: EnpCheck = "length") -> bool:
    """True when the value is a 16-digit ЕНП; with ``check="luhn"`` also test the check digit."""
    digits = normalise_enp(value)
    if digits is None:
        return False
    if check == "length":
        return True
    if check == "luhn":
        return enp_check_digit(digits[:15]) == int(digits[15])
    raise ValueError(f"unknown ЕНП check mode {check!r}; use 'length' or 'luhn'")


def normalise_name(value: str | None) -> str:
    """Normalise a person's name part for matching: upper case, Ё→Е, trimmed.

    Runs of spaces become one space; dashes of any kind become one hyphen with no spaces
    around it (``"Римский - Корсаков"`` → ``"РИМСКИЙ-КОРСАКОВ"``). ``None`` gives ``""``.
    """
    if not value:
        return ""
    text = value.upper().replace("Ё", "Е")
    text = _DASHES.sub("-", text)
    text = _SPACED_HYPHEN.sub("-", text)
    text = _SPACES.sub(" ", text)
    return text.strip(" -")
