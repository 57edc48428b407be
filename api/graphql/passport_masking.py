"""How much of a person's identity each role sees (the Cypher already drops names, СНИЛС
and birth dates for analysts; this adds the partial masks for coordinators)."""

from __future__ import annotations

from api.security import Role
from domain.identifiers import format_snils, normalise_snils


def masked_snils(snils: str | None, role: Role) -> str | None:
    """Full СНИЛС for the treating clinician and admin; a coordinator sees only the last
    five digits (enough to confirm a phone call, not to copy the number); analysts none."""
    digits = normalise_snils(snils) if snils else None
    if digits is None or role == "analyst":
        return None
    formatted = format_snils(digits)
    if role == "coordinator":
        return "***-***-" + formatted[-6:]
    return formatted


def full_name(family: str | None, given: str | None, patronymic: str | None) -> str | None:
    parts = [part for part in (family, given, patronymic) if part]
    return " ".join(parts) or None
