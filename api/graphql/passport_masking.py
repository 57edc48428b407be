"""How much of a person's identity each role sees (the Cypher already drops names, СНИЛС
and birth dates for analysts; this adds the partial masks for coordinators)."""

from __future__ import annotations

import json
from typing import Any

from api.security import Role
from domain.identifiers import SNILS_SYSTEM, format_snils, normalise_snils


def masked_snils(snils: str | None, role: Role) -> str | None:
    """Full СНИЛС for the treating clinician and admin; a coordinator sees only the last
    five digits (enough to confirm a phone call, not to copy the number); analysts — and
    any role not named here — none."""
    digits = normalise_snils(snils) if snils else None
    if digits is None or role not in ("clinician", "coordinator", "admin"):
        return None
    formatted = format_snils(digits)
    if role == "coordinator":
        return "***-***-" + formatted[-6:]
    return formatted


def full_name(family: str | None, given: str | None, patronymic: str | None) -> str | None:
    parts = [part for part in (family, given, patronymic) if part]
    return " ".join(parts) or None


# A FHIR resource whose СНИЛС was masked says so (v3 ObservationValue REDACTED): a client
# that stores it must not take the masked text for the person's number.
REDACTED_LABEL = {"system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
                  "code": "REDACTED", "display": "redacted"}


def mask_snils_identifiers(resource: dict[str, Any], role: Role) -> bool:
    """Mask, in place, every СНИЛС `Identifier` of a raw FHIR resource (the Patient's own,
    and a reference by identifier anywhere in it) as `masked_snils` does for the role.

    The narrative of a resource that carried one is dropped too: it usually renders the
    identifiers as text. Returns whether anything was masked.
    """
    if role in ("clinician", "admin"):
        return False
    masked = _mask_in(resource, role)
    if masked:
        resource.pop("text", None)
        meta = resource.setdefault("meta", {})
        if isinstance(meta, dict):
            labels = meta.setdefault("security", [])
            if isinstance(labels, list) and REDACTED_LABEL not in labels:
                labels.append(dict(REDACTED_LABEL))
    return masked


def mask_snils_in_json(text: str | None, role: Role) -> str | None:
    """`mask_snils_identifiers` for a resource kept as JSON text (route.resourceJson)."""
    if text is None or role in ("clinician", "admin") or SNILS_SYSTEM not in text:
        return text
    try:
        resource = json.loads(text)
    except ValueError:
        # not JSON: nothing can be masked field by field, so none of it is shown
        return None
    if not isinstance(resource, dict) or not mask_snils_identifiers(resource, role):
        return text
    return json.dumps(resource, ensure_ascii=False)


def _mask_in(node: Any, role: Role) -> bool:
    masked = False
    if isinstance(node, list):
        for item in node:
            masked = _mask_in(item, role) or masked
    elif isinstance(node, dict):
        if node.get("system") == SNILS_SYSTEM and "value" in node:
            value = node["value"]
            # a value that is no СНИЛС at all is withheld whole rather than cut
            node["value"] = masked_snils(value if isinstance(value, str) else None, role) \
                or "***"
            masked = True
        for key, item in node.items():
            if key != "value":
                masked = _mask_in(item, role) or masked
    return masked
