"""Small readers of FHIR R4 JSON shapes (codings, references, dates), no models involved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

ICD10_SYSTEMS = frozenset({
    "urn:oid:1.2.643.5.1.13.13.11.1005", "http://hl7.org/fhir/sid/icd-10",
    "http://hl7.org/fhir/sid/icd-10-cm",
})
ICDO3_SYSTEMS = frozenset({"http://terminology.hl7.org/CodeSystem/icd-o-3",
                           "urn:oid:2.16.840.1.113883.6.43.1"})
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
FRMO_SYSTEM = "urn:oid:1.2.643.5.1.13.13.11.1461"
REMD_KIND_SYSTEM = "urn:oid:1.2.643.5.1.13.13.11.1520"
ORG_KIND_SYSTEM = "urn:onkopassport:organization-kind"
CAPABILITY_SYSTEM = "urn:onkopassport:capability"
EVENT_SYSTEM = "urn:onkopassport:event"
MORPHOLOGY_EXTENSION = (
    "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior"
)
PROCEDURE_INTENT_EXTENSION = (
    "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-procedure-intent"
)


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def codings(*concepts: Any) -> Iterator[dict[str, Any]]:
    """Every coding of one or more CodeableConcepts (or lists of them)."""
    for concept in concepts:
        for item in as_list(concept):
            if isinstance(item, dict):
                for coding in as_list(item.get("coding")):
                    if isinstance(coding, dict) and isinstance(coding.get("code"), str):
                        yield coding


def first_code(systems: frozenset[str] | set[str] | str, *concepts: Any) -> str | None:
    wanted = {systems} if isinstance(systems, str) else systems
    for coding in codings(*concepts):
        if coding.get("system") in wanted:
            return str(coding["code"])
    return None


def has_code(system: str, code: str, *concepts: Any) -> bool:
    return any(c.get("system") == system and c.get("code") == code for c in codings(*concepts))


def concept_text(*concepts: Any) -> str | None:
    for concept in concepts:
        for item in as_list(concept):
            if isinstance(item, dict):
                if isinstance(item.get("text"), str):
                    return str(item["text"])
                for coding in codings(item):
                    if isinstance(coding.get("display"), str):
                        return str(coding["display"])
    return None


def fhir_date(value: Any) -> date | None:
    """The calendar date of a FHIR date/dateTime (the local date as written)."""
    if not isinstance(value, str) or len(value) < 4:
        return None
    try:
        if len(value) == 4:
            return date(int(value), 1, 1)
        if len(value) == 7:
            return date(int(value[:4]), int(value[5:7]), 1)
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def fhir_date_precision(value: str) -> str | None:
    """How much of a FHIR date that `fhir_date` read is known: 'year' (`2025`), 'month'
    (`2025-03`), None for a day or more (`fhir_date` reads a partial date as its first day)."""
    return {4: "year", 7: "month"}.get(len(value))


def first_date(resource: dict[str, Any], *paths: str) -> date | None:
    """The first present date among element paths like 'period.start'."""
    for path in paths:
        node: Any = resource
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        found = fhir_date(node)
        if found is not None:
            return found
    return None


def references(node: Any) -> list[dict[str, Any]]:
    """Reference objects among a value that may be one reference or a list of them."""
    return [item for item in as_list(node) if isinstance(item, dict)]
