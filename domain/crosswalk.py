"""SNOMED CT → ICD-10 / ICD-O-3 crosswalk for international (Synthea, mCODE) input.

Unmapped codes give ``None``: callers count and list them, they never drop the record.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal, NamedTuple

from domain._data import load_csv
from domain.codes import normalise_icd10, parse_morphology
from domain.errors import DomainDataError

SNOMED_SYSTEM = "http://snomed.info/sct"
StagingCategory = Literal["stage", "T", "N", "M"]
_STAGE_IN_TEXT = re.compile(r"\bstage\s+(0|IV|I{1,3})([ABC]\d?)?\b", re.IGNORECASE)


class CrosswalkEntry(NamedTuple):
    """One SNOMED CT disorder concept and its ICD-10 code."""

    snomed: str
    display: str
    icd10: str
    strict: str  # the literal map when the passport's code differs (else equals icd10)
    stage: str | None  # stage group implied by the concept itself (TNM-staged concepts)
    source: str
    verified: bool
    note: str


class MorphologyEntry(NamedTuple):
    """One SNOMED CT morphologic abnormality and its ICD-O-3 morphology."""

    snomed: str
    display: str
    icdo3: str
    verified: bool


def _code(value: str, table: str) -> str:
    norm = normalise_icd10(value)
    if norm is None:
        raise DomainDataError(f"{table}: {value!r} is not an ICD-10 code")
    return norm


@cache
def _disorders() -> dict[str, CrosswalkEntry]:
    table = "snomed_icd10.csv"
    entries: dict[str, CrosswalkEntry] = {}
    for row in load_csv(table):
        snomed = row["snomed"]
        if not snomed.isdigit() or snomed in entries:
            raise DomainDataError(f"{table}: bad or duplicate SNOMED id {snomed!r}")
        icd10 = _code(row["icd10"], table)
        entries[snomed] = CrosswalkEntry(
            snomed=snomed,
            display=row["display"],
            icd10=icd10,
            strict=_code(row["strict"], table) if row.get("strict") else icd10,
            stage=row.get("stage") or None,
            source=row["source"],
            verified=row.get("verify", "yes") == "no",
            note=row.get("note", ""),
        )
    return entries


@cache
def _morphologies() -> dict[str, MorphologyEntry]:
    table = "snomed_icdo3.csv"
    entries: dict[str, MorphologyEntry] = {}
    for row in load_csv(table):
        try:
            morphology = str(parse_morphology(row["icdo3"]))
        except ValueError as exc:
            raise DomainDataError(f"{table}: {exc}") from exc
        entries[row["snomed"]] = MorphologyEntry(
            row["snomed"], row["display"], morphology, row.get("verify", "yes") == "no"
        )
    return entries


def map_snomed(code: str | None, *, strict: bool = False) -> str | None:
    """ICD-10 code for a SNOMED CT cancer concept, or ``None`` when it is not in the table.

    By default the code reflects how the known sources use the concept (Synthea codes a
    primary prostate cancer as 126906006 "Neoplasm of prostate"); ``strict=True`` gives
    the literal SNOMED→ICD-10 map instead.
    """
    entry = _disorders().get((code or "").strip())
    if entry is None:
        return None
    return entry.strict if strict else entry.icd10


def crosswalk_entry(code: str | None) -> CrosswalkEntry | None:
    """The full crosswalk row (display, implied stage, source, verification)."""
    return _disorders().get((code or "").strip())


def map_snomed_morphology(code: str | None) -> str | None:
    """ICD-O-3 morphology (``"8500/3"``) for a SNOMED CT morphologic abnormality."""
    entry = _morphologies().get((code or "").strip())
    return entry.icdo3 if entry else None


def mapped_snomed_codes() -> frozenset[str]:
    """All SNOMED CT disorder concepts the crosswalk knows."""
    return frozenset(_disorders())


class StagingEntry(NamedTuple):
    """A SNOMED CT staging value: stage group or a T/N/M category."""

    snomed: str
    category: StagingCategory
    value: str


@cache
def _staging() -> dict[str, StagingEntry]:
    table = "snomed_staging.csv"
    entries: dict[str, StagingEntry] = {}
    for row in load_csv(table):
        category = row["category"]
        if category not in ("stage", "T", "N", "M") or not row["value"]:
            raise DomainDataError(f"{table}: bad row {row!r}")
        entries[row["snomed"]] = StagingEntry(row["snomed"], category, row["value"])  # type: ignore[arg-type]
    return entries


def map_snomed_staging(code: str | None) -> StagingEntry | None:
    """Stage group or TNM category for a SNOMED CT staging value (``1222806003`` → IIIC)."""
    return _staging().get((code or "").strip())


def stage_from_text(text: str | None) -> str | None:
    """Stage group written in a display text: ``"AJCC stage IIIC (qualifier value)"`` → IIIC."""
    match = _STAGE_IN_TEXT.search(text or "")
    if not match:
        return None
    return (match.group(1) + (match.group(2) or "")).upper()
