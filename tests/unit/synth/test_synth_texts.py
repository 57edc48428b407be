"""Display texts are Russian, as a Russian region's MIS write them; codes stay as they are."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from domain.codes import russian_name
from synth.fhir import ICD10
from tests.unit.synth.helpers import Located

# The elements whose text a user reads (the passport shows a record's display, text,
# conclusion or description).
TEXT_KEYS = frozenset({"display", "text", "conclusion", "description", "title"})
# Texts that are codes written out: a stage group or a T/N/M category ("IIB", "T2", "0").
_CODE_AS_TEXT = re.compile(r"^(0|I{1,3}|IV)[ABC]?$|^[TNM](X|\d)$")
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
# A Latin word of three letters or more ("drugs" in «Решение консилиума: drugs»); a code
# such as C34.3 or 8500/3 inside a Russian text is fine.
_LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]{3,}")


def _texts(node: Any, parent: str = "") -> Iterator[tuple[str, str]]:
    """(element, text) of every shown text; an identifier's `assigner.display` is the
    sending system's name, not a text for a user."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "assigner":
                continue
            if key in TEXT_KEYS and isinstance(value, str):
                yield f"{parent}.{key}", value
            else:
                yield from _texts(value, key)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item, parent)


def _english(resources: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(resource["resourceType"], element, text)
            for resource in resources for element, text in _texts(resource)
            if not _CODE_AS_TEXT.match(text)
            and (not _CYRILLIC.search(text) or _LATIN_WORD.search(text))}


def test_every_text_a_user_reads_is_russian(resources: list[Located], region_dir: Path) -> None:
    records = [resource for _, _, resource in resources if resource is not None]
    registry = [orjson.loads(line)
                for line in (region_dir / "organizations.ndjson").read_bytes().splitlines()]
    assert sum(1 for record in records for _ in _texts(record)) > 1000  # the walk sees texts
    assert _english(records + registry) == set()


def test_the_check_finds_an_english_display() -> None:
    report = {"resourceType": "DiagnosticReport", "conclusion": "Без особенностей",
              "code": {"coding": [{"code": "24627-2", "display": "CT Chest"}]},
              "subject": {"identifier": {"assigner": {"display": "poly-mis-1"}}}}
    board = {"resourceType": "DocumentReference", "description": "Решение консилиума: drugs",
             "content": [{"attachment": {"title": "Причина смерти: C34.3, 8500/3"}}]}
    assert _english([report, board]) == {
        ("DiagnosticReport", "coding.display", "CT Chest"),
        ("DocumentReference", ".description", "Решение консилиума: drugs")}


def _displays(resources: list[Located], code: str) -> set[str]:
    return {coding.get("display", "") for _, _, resource in resources if resource
            for element in ("code", "category") for concept in _concepts(resource.get(element))
            for coding in concept.get("coding", []) if coding.get("code") == code}


def _concepts(element: Any) -> list[dict[str, Any]]:
    return [c for c in (element if isinstance(element, list) else [element])
            if isinstance(c, dict)]


def test_codes_are_kept_with_russian_displays(resources: list[Located]) -> None:
    assert _displays(resources, "24627-2") == {"КТ органов грудной клетки"}  # LOINC CT chest
    assert _displays(resources, "11429006") == {"Консультация врача-онколога"}  # SNOMED
    assert _displays(resources, "58410-2") >= {"Общий (клинический) анализ крови развёрнутый"}
    assert _displays(resources, "108290001") == {"Лучевая терапия"}


def _icd10_codes(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        if node.get("system") == ICD10 and isinstance(node.get("code"), str):
            yield node["code"]
        for value in node.values():
            yield from _icd10_codes(value)
    elif isinstance(node, list):
        for item in node:
            yield from _icd10_codes(item)


def test_every_icd10_code_of_the_region_has_a_russian_name(resources: list[Located]) -> None:
    """The passport names a diagnosis by its МКБ-10 name: a comorbidity (I10, K80.2) or a
    follow-up visit's Z08 included, not only the C codes."""
    codes = {code for _, _, resource in resources if resource
             for code in _icd10_codes(resource)}
    assert {"I10", "Z03.1", "Z08"} <= codes and any(code.startswith("C") for code in codes)
    assert {code for code in codes if russian_name(code) is None} == set()
