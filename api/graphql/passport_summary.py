"""What a clinician reads under a route step's title: the value its kind's title leaves out.

A title such as «Стадия, TNM» or «Лабораторное исследование» says what kind of record it
is, not what it found. The summary adds the facts the classifier read from the record
(ingest/classify.py): the stage and T/N/M, a test's result, a report's morphology, the
diagnosis by its ICD-10 name, the drug. Pure functions of a route row (unit-tested).
"""

from __future__ import annotations

import re
from typing import Any

from domain.codes import (
    BEHAVIOUR_NAMES,
    is_unknown_icd10,
    russian_name,
    try_parse_morphology,
    unknown_icd10_label,
)

Row = dict[str, Any]

# A stage text that already names itself («IIIA стадия», "Stage IIB") is shown as it came.
_NAMES_STAGE = re.compile(r"стади|stage", re.IGNORECASE)
_VERIFICATION_RU = {"provisional": "предварительный", "refuted": "не подтвердился"}


def _clean(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _category(letter: str, value: Any) -> str | None:
    """A T/N/M category as written («cT2», "N1"); a bare '2' gets its letter: 'T2'."""
    text = _clean(value)
    if text is None:
        return None
    return text if letter in text.upper() else f"{letter}{text}"


def staging(stage: Any, t: Any = None, n: Any = None, m: Any = None) -> str | None:
    """«Стадия IIIA, T2N1M0»; a lone category as itself («T2»); None without any."""
    group = _clean(stage)
    if group is not None and not _NAMES_STAGE.search(group):
        group = f"Стадия {group}"
    categories = "".join(part for part in (_category("T", t), _category("N", n),
                                           _category("M", m)) if part)
    return ", ".join(part for part in (group, categories) if part) or None


def morphology(code: Any) -> str | None:
    """«морфология 8500/3 (злокачественное, первичный очаг)»; an unreadable code as written."""
    text = _clean(code)
    if text is None:
        return None
    parsed = try_parse_morphology(text)
    if parsed is None:
        return f"морфология {text}"
    meaning = BEHAVIOUR_NAMES.get(parsed.behaviour)
    return f"морфология {parsed}" + (f" ({meaning})" if meaning else "")


# A number with a decimal point that is not part of a date or a version (12.03.2025, 1.2.3).
_DECIMAL_POINT = re.compile(r"(?<![\d.])(\d+)\.(\d+)(?![\d.])")


def russian_decimals(text: str) -> str:
    """Decimal fractions written as a Russian reader writes them: «30,7 нг/мл», not 30.7
    (FHIR sends JSON numbers). Dates and dotted codes are left as they are."""
    return _DECIMAL_POINT.sub(r"\1,\2", text)


def _result(record: Row) -> str | None:
    """A test's name with its result («Гемоглобин: 118 г/л»); the result alone without one."""
    value = _clean(record.get("value"))
    if value is None:
        return None
    value = russian_decimals(value)
    name = _clean(record.get("text"))
    return f"{name}: {value}" if name else f"Результат: {value}"


def icd10_name(record: Row) -> str | None:
    """The Russian name (МКБ-10) of the record's ICD-10 code. A code the table lacks is named
    as a diagnosis record names it itself (its Condition.code text or display, kept as the
    record's text), so the passport shows a name the sender wrote rather than a bare code;
    other kinds' texts name the service, not the code, and give none."""
    code = record.get("icd10")
    if is_unknown_icd10(code):
        # not the sender's display: a name would make a code missing from ICD-10 look valid
        return unknown_icd10_label(str(code))
    name = russian_name(code)
    if name is None and code and record.get("kind") == "diagnosis":
        return _clean(record.get("text"))
    return name


def _diagnosis(record: Row) -> list[str | None]:
    name = icd10_name(record) or _clean(record.get("text"))
    found = staging(record.get("stage"), record.get("t"), record.get("n"), record.get("m"))
    return [name, found[:1].lower() + found[1:] if found else None,
            morphology(record.get("morphology")),
            _VERIFICATION_RU.get(str(record.get("verification") or ""))]


def route_summary(record: Row) -> str | None:
    """The line under a step's title, by the record's kind; None when the record's own text
    (shown anyway) is all there is."""
    kind = record.get("kind")
    if kind == "stage-observation":
        parts = [staging(record.get("stage"), record.get("t"), record.get("n"), record.get("m"))]
    elif kind == "diagnosis":
        parts = _diagnosis(record)
    elif kind in ("laboratory", "instrumental", "pathology", "cytology"):
        parts = [_result(record), morphology(record.get("morphology"))]
    elif kind == "drug-therapy":
        drug = _clean(record.get("text"))
        parts = [f"Препарат: {drug}" if drug else None]
    else:
        return None
    shown = [part for part in parts if part]
    if not shown:
        return None
    summary = "; ".join(shown)
    # «морфология …» opens a sentence with a capital; "cT3" stays as it is written
    return summary[:1].upper() + summary[1:] if re.match("[а-яё]", summary) else summary
