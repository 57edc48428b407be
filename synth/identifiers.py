"""Identifiers of people and organisations: СНИЛС with its check number, ЕНП, FRMO OIDs."""

from __future__ import annotations

import random

SNILS_SYSTEM = "urn:oid:1.2.643.100.3"
ENP_SYSTEM = "urn:onkopassport:enp"
FRMO_SYSTEM = "urn:oid:1.2.643.5.1.13.13.11.1461"
#: Synthetic region code 99 inside the real FRMO OID arc for organisations.
FRMO_ROOT = "1.2.643.5.1.13.13.12.2.99"


def snils_check_number(first_nine: str) -> int:
    """Check number of a СНИЛС (domain.md §9): weights 9..1, then mod 101, 100 → 0."""
    total = sum(int(digit) * (9 - i) for i, digit in enumerate(first_nine))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    remainder = total % 101
    return 0 if remainder == 100 else remainder


def snils_is_valid(value: str) -> bool:
    """True when the 11 digits of `value` carry the right check number."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if len(digits) != 11:
        return False
    if int(digits[:9]) <= 1001998:  # numbers up to 001-001-998 are not checked
        return True
    return snils_check_number(digits[:9]) == int(digits[9:])


def random_snils(rng: random.Random) -> str:
    """A valid СНИЛС as 11 digits (above the unchecked range)."""
    first_nine = f"{rng.randrange(2_000_000, 999_999_999):09d}"
    return f"{first_nine}{snils_check_number(first_nine):02d}"


def wrong_check_snils(digits: str) -> str:
    """The same number with a check number that does not match."""
    wrong = (int(digits[9:]) + 1 + (int(digits[8]) % 7)) % 100
    if wrong == snils_check_number(digits[:9]):
        wrong = (wrong + 1) % 100
    return f"{digits[:9]}{wrong:02d}"


def format_snils(digits: str, style: int) -> str:
    """`XXX-XXX-XXX YY` (style 0), plain 11 digits (1) or `XXX-XXX-XXX-YY` (2)."""
    if style == 1:
        return digits
    separator = " " if style == 0 else "-"
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:9]}{separator}{digits[9:]}"


def random_enp(rng: random.Random) -> str:
    """A 16-digit OMS policy number (the check digit algorithm is unverified: random)."""
    return f"{rng.randrange(10**15, 10**16)}"


def frmo_oid(number: int) -> str:
    """The FRMO OID of the synthetic region's organisation `number`."""
    return f"{FRMO_ROOT}.{number}"
