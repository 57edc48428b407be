"""Structured body of the СЭМД: which sections each docType carries, and how each is built.

Every section has a human-readable `text` (what a clinician sees) and coded `entry`
observations (what VIMIS reads). A document always has at least the conclusion section.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from domain import catalogue as kinds_catalogue
from domain import codes as icd
from vimis import codes
from vimis.cda_parts import XSI_TYPE, add, add_time
from vimis.source import VimisSource

SectionBuilder = Callable[[etree._Element, VimisSource], bool]


def _section(body: etree._Element, name: str, narrative: str) -> etree._Element:
    code, title = codes.SECTIONS[name]
    section = add(add(body, "component"), "section")
    add(section, "code", code=code, codeSystem=codes.SECTION_SYSTEM, displayName=title)
    add(section, "title", text=title)
    add(section, "text", text=narrative)
    return section


def _observation(section: etree._Element, name: str) -> etree._Element:
    code, title = codes.OBSERVATIONS.get(name, (name, name))
    observation = add(add(section, "entry"), "observation", classCode="OBS", moodCode="EVN")
    add(observation, "code", code=code, codeSystem=codes.OBSERVATION_SYSTEM, displayName=title)
    return observation


def _coded(section: etree._Element, name: str, value: str, system: str,
           display: str | None = None) -> None:
    observation = _observation(section, name)
    attributes = {XSI_TYPE: "CD", "code": value, "codeSystem": system}
    if display:
        attributes["displayName"] = display
    add(observation, "value", **attributes)


def _text_value(section: etree._Element, name: str, value: str) -> None:
    add(_observation(section, name), "value", text=value, **{XSI_TYPE: "ST"})


def diagnosis_section(body: etree._Element, source: VimisSource) -> bool:
    """ICD-10, stage, T/N/M, morphology, verification: from the record, else its tumour."""
    icd10 = source.fact("icd10")
    if not icd10:
        return False
    name = icd.russian_name(icd10)
    if icd.is_unknown_icd10(icd10):  # stored as sent (C99.9): told, as in the passport
        diagnosis = icd.unknown_icd10_label(icd10)
    else:
        diagnosis = f"{icd10} {name}" if name else icd10
    stage, t, n, m = (source.fact(k) for k in ("stage", "t", "n", "m"))
    morphology = source.fact("morphology")
    narrative = "; ".join(part for part in (
        diagnosis, stage and f"стадия {stage}",
        (t or n or m) and f"T{t or 'x'}N{n or 'x'}M{m or 'x'}",
        morphology and f"морфология {morphology}") if part)
    section = _section(body, "diagnosis", narrative)
    _coded(section, "icd10", icd10, codes.ICD10_SYSTEM, name or icd10)
    for key, system, value in (("stage", codes.STAGE_SYSTEM, stage),
                               ("t", codes.TNM_T_SYSTEM, t), ("n", codes.TNM_N_SYSTEM, n),
                               ("m", codes.TNM_M_SYSTEM, m),
                               ("morphology", codes.MORPHOLOGY_SYSTEM, morphology)):
        if value:
            _coded(section, key, str(value), system)
    if source.tumor.get("clinicalGroup"):
        _text_value(section, "clinical-group", str(source.tumor["clinicalGroup"]))
    if source.fact("verification"):
        _text_value(section, "verification", str(source.fact("verification")))
    return True


def referral_section(body: etree._Element, source: VimisSource) -> bool:
    """Where the patient is referred: the target organisation's ФРМО OID and name."""
    target = source.referred_to
    narrative = f"Направлен(а) в: {target.get('name') or 'не указано'}"
    section = _section(body, "referral", narrative)
    observation = _observation(section, "referral-target")
    if target.get("oid"):
        add(observation, "value", root=target["oid"], **{XSI_TYPE: "II"})
    else:
        add(observation, "value", nullFlavor="NI", **{XSI_TYPE: "II"})
    return True


def tumor_board_section(body: etree._Element, source: VimisSource) -> bool:
    """The tumour board's decision (the record's conclusion) and the clinical group."""
    decision = source.record.get("text") or "Решение консилиума не указано"
    section = _section(body, "tumor-board", decision)
    _text_value(section, "decision", decision)
    return True


def procedure_section(body: etree._Element, source: VimisSource) -> bool:
    """Surgery and studies: the coded service and its date."""
    code = source.record.get("code")
    if not code:
        return False
    system, _, value = str(code).rpartition("|")
    section = _section(body, "procedure", source.record.get("text") or value)
    observation = _observation(section, "procedure")
    add(observation, "value", code=value, codeSystem=codes.PROCEDURE_SYSTEM
        if not system.startswith("urn:oid:") else system.removeprefix("urn:oid:"),
        **{XSI_TYPE: "CD"})
    return True


def stay_section(body: etree._Element, source: VimisSource) -> bool:
    """Inpatient / day-hospital period."""
    start, end = source.record.get("date"), source.record.get("endDate")
    section = _section(body, "stay", f"Период: {start or '?'} — {end or 'продолжается'}")
    add_time(_observation(section, "stay-start"), "value", start).set(XSI_TYPE, "TS")
    if end:
        add_time(_observation(section, "stay-end"), "value", end).set(XSI_TYPE, "TS")
    return True


def conclusion_section(body: etree._Element, source: VimisSource) -> bool:
    kind = source.record.get("kind") or ""
    narrative = source.record.get("text") or kinds_catalogue.event_label(kind)
    _section(body, "conclusion", narrative)
    return True


# Sections by docType (domain.md §6), in document order; the conclusion closes every one.
SECTIONS_BY_DOC_TYPE: dict[int, tuple[SectionBuilder, ...]] = {
    1: (diagnosis_section, referral_section),
    2: (procedure_section, diagnosis_section),
    3: (procedure_section, diagnosis_section),
    6: (diagnosis_section, tumor_board_section),
    8: (stay_section, diagnosis_section),
    10: (procedure_section, diagnosis_section),
    11: (diagnosis_section,),
}
DEFAULT_SECTIONS: tuple[SectionBuilder, ...] = (diagnosis_section,)


def add_body(root: etree._Element, source: VimisSource) -> None:
    body = add(add(root, "component"), "structuredBody")
    for build in SECTIONS_BY_DOC_TYPE.get(source.doc_type, DEFAULT_SECTIONS):
        build(body, source)
    conclusion_section(body, source)
