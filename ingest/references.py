"""FHIR references → the keys of the records they point at (ids are scoped by source)."""

from __future__ import annotations

import re
from typing import Any, NamedTuple
from urllib.parse import parse_qsl

_RELATIVE = re.compile(r"^(?:.*/)?(?P<type>[A-Z][A-Za-z]+)/(?P<id>[A-Za-z0-9\-.]{1,64})"
                       r"(?:/_history/[A-Za-z0-9\-.]+)?$")
# A conditional reference (FHIR transactions): `Patient?identifier=system|value`.
_CONDITIONAL = re.compile(r"^(?P<type>[A-Z][A-Za-z]+)\?(?P<query>.+)$")


class Ref(NamedTuple):
    """Where a reference points: a record key, or an identifier (system, value).

    A named tuple, not a frozen dataclass: a file ingest hands every record's references
    from the reader process to the loader, and a frozen dataclass took ten times longer to
    unpickle (a tenth of a second per batch)."""

    key: str | None = None
    system: str | None = None
    value: str | None = None
    target_type: str | None = None

    @property
    def by_identifier(self) -> bool:
        return self.key is None


class UnresolvableReference(ValueError):
    """A reference that can never be resolved (say, a urn:uuid outside its Bundle);
    `reference` is its text, by which the record's element holding it is found."""

    def __init__(self, message: str, reference: str | None = None) -> None:
        super().__init__(message)
        self.reference = reference


def record_key(source: str, resource_type: str, resource_id: str) -> str:
    return f"{source}|{resource_type}|{resource_id}"


def resource_type_of_key(key: str) -> str:
    """The resource type a record key names (a FHIR id holds no '|', a source may)."""
    return key.rsplit("|", 2)[-2]


def resolve(reference: dict[str, Any], source: str, bundle_urls: dict[str, str]) -> Ref | None:
    """A Ref for a FHIR Reference; None for contained or display-only references."""
    text = reference.get("reference")
    declared_type = reference.get("type") if isinstance(reference.get("type"), str) else None
    if isinstance(text, str) and text:
        if text.startswith("#"):
            return None
        if text in bundle_urls:
            key = bundle_urls[text]
            return Ref(key=key, target_type=resource_type_of_key(key))
        if text.startswith("urn:"):
            raise UnresolvableReference(
                f"ссылка '{text}' не указывает ни на одну запись своего Bundle (нет entry с "
                "таким fullUrl): включите эту запись в тот же Bundle или сошлитесь на неё как "
                "Type/id", text)
        if "?" in text:
            return _conditional(text)
        match = _RELATIVE.match(text)
        if match is None:
            raise UnresolvableReference(
                f"ссылка '{text}' не имеет вида Type/id и не является URL такого вида: "
                "укажите Type/id (например, Patient/123), полный URL или Reference.identifier",
                text)
        return Ref(key=record_key(source, match["type"], match["id"]), target_type=match["type"])
    identifier = reference.get("identifier")
    if isinstance(identifier, dict) and identifier.get("value"):
        return Ref(system=str(identifier.get("system") or ""), value=str(identifier["value"]),
                   target_type=declared_type)
    return None


def _conditional(text: str) -> Ref:
    """A conditional reference by one identifier is the same as `Reference.identifier`: it
    names the record carrying that identifier, whichever organisation sent it. Other search
    criteria would need a search the passport does not run; they are refused, not guessed."""
    match = _CONDITIONAL.match(text)
    criterion = identifier_criterion(match["query"]) if match else None
    if match is None or criterion is None:
        raise UnresolvableReference(
            f"условная ссылка '{text}' не поддерживается: понятен только поиск "
            "Type?identifier=system|value; укажите его, Reference.identifier или Type/id", text)
    system, value = criterion
    if not value:
        raise UnresolvableReference(
            f"условная ссылка '{text}' не содержит значения идентификатора: укажите "
            "Type?identifier=system|value с непустым value", text)
    return Ref(system=system, value=value, target_type=match["type"])


def identifier_criterion(query: str) -> tuple[str, str] | None:
    """`identifier=system|value` (or `identifier=value`) → (system, value), the value
    possibly empty; None for any other search. The one search the passport answers, for
    conditional references and conditional creates (`ifNoneExist`) alike."""
    criteria = parse_qsl(query, keep_blank_values=True)
    if len(criteria) != 1 or criteria[0][0] != "identifier":
        return None
    system, separator, value = criteria[0][1].partition("|")
    return (system, value) if separator else ("", system)
