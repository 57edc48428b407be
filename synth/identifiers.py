"""Identifiers of people and organisations: СНИЛС with its check number, ЕНП, FRMO OIDs."""

from __future__ import annotations

import random

from domain.identifiers import ENP_DEFAULT_SYSTEM as ENP_SYSTEM
from domain.identifiers import SNILS_SYSTEM, is_valid_snils, snils_check_number

__all__ = ["ENP_SYSTEM", "SNILS_SYSTEM", "snils_check_number", "snils_is_valid"]
FRMO_SYSTEM = "urn:oid:1.2.643.5.1.13.13.11.1461"
#: Synthetic region code 99 inside the real FRMO OID arc for organisations.
FRMO_ROOT = "1.2.643.5.1.13.13.12.2.99"


# The check number is the domain layer's (domain.md §9): one implementation for the
# generator and for the ingest that validates what the generator writes.
snils_is_valid = is_valid_snils


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
