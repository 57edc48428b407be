"""Turning analysts' Cypher results into JSON, with identifying properties removed."""

from __future__ import annotations

from typing import Any

from neo4j.graph import Node, Path, Relationship

# Never returned to anyone through the analyst endpoint: left out of nodes and maps, a
# query naming one is refused, and a bare value in the stored hash's form is withheld.
SECRET_PROPERTIES = frozenset({"passwordHash"})
HASH_PREFIX = "scrypt$"  # api/auth/passwords.py's stored form
WITHHELD = "[скрыто]"
# Removed for analysts: names, identifiers, exact birth dates and raw records (which carry
# all of those). Birth dates become birth years.
IDENTIFYING_PROPERTIES = frozenset({
    "family", "given", "patronymic", "nameKey", "snils", "enp", "birthDate", "resource",
    "raw", "value", "address", "phone",
})


def to_json(value: Any, *, deidentify: bool) -> Any:
    """A Cypher value as JSON-ready data; nodes/maps lose identifying keys when asked."""
    if isinstance(value, Node):
        return {"labels": sorted(value.labels),
                "properties": _clean(dict(value), deidentify=deidentify)}
    if isinstance(value, Relationship):
        return {"type": value.type, "properties": _clean(dict(value), deidentify=deidentify)}
    if isinstance(value, Path):
        return {"nodes": [to_json(n, deidentify=deidentify) for n in value.nodes],
                "relationships": [to_json(r, deidentify=deidentify)
                                  for r in value.relationships]}
    if isinstance(value, dict):
        return _clean(value, deidentify=deidentify)
    if isinstance(value, list | tuple):
        return [to_json(v, deidentify=deidentify) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, str) and HASH_PREFIX in value:
        # A password hash read by a computed key (u[k]) or inside a string: withheld.
        return WITHHELD
    return value


def _clean(properties: dict[str, Any], *, deidentify: bool) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, item in properties.items():
        if key in SECRET_PROPERTIES:
            continue
        if deidentify and key in IDENTIFYING_PROPERTIES:
            if key == "birthDate" and hasattr(item, "year"):
                cleaned["birthYear"] = item.year
            continue
        cleaned[key] = to_json(item, deidentify=deidentify)
    return cleaned
