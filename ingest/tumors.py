"""Which tumours a person has, and which records concern each (pure, no database).

Multiple primaries follow the IARC 2004 rules, as the registry does (domain.primaries):
records of the same organ (site group) and a compatible histological group describe one
tumour; another organ or histology is another primary, and a systemic cancer counts once. Metastases
(C77–C79) and records without a code join the tumour they refer to, or the only tumour.
A death certificate joins the tumour of its cause and founds none (the registry derives a
DCO tumour for a cancer known from it alone).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain import basis as diagnosis_basis
from domain import codes, primaries
from domain.calendar import add_months

# Site groups that IARC counts as one site (ICD-10 three-character codes otherwise).
_SITE_GROUPS = {
    "C19": "C19-C20", "C20": "C19-C20", "C23": "C23-C24", "C24": "C23-C24",
    "C33": "C33-C34", "C34": "C33-C34", "C40": "C40-C41", "C41": "C40-C41",
    "C51": "C51-C52", "C52": "C51-C52", "C56": "C56-C57", "C57": "C56-C57",
    "C65": "C65-C66", "C66": "C65-C66", "C68": "C65-C66",
}
TREATMENT_KINDS = frozenset({"surgery", "radiotherapy", "drug-therapy"})
RADICAL_KINDS = frozenset({"surgery", "radiotherapy"})


def site_group(icd10: str) -> str:
    site = icd10[:3]
    return _SITE_GROUPS.get(site, site)


def _is_tumour_code(icd10: str | None) -> bool:
    # A code missing from ICD-10 (C42.1) opens the passport as a suspicion but makes no
    # tumour: its site is no site, and the register and form 7 would count it as one.
    return bool(icd10) and codes.is_oncology_sign(icd10) and icd10[0] in "CD" and \
        not codes.is_secondary(icd10) and not codes.is_unknown_icd10(icd10)


@dataclass
class _Tumour:
    site: str
    icd10: str
    morphology: str | None
    records: list[dict[str, Any]] = field(default_factory=list)

    def accepts(self, icd10: str, morphology: str | None) -> bool:
        """Whether a record coded so describes this tumour: the IARC 2004 rule of the
        registry (domain.primaries). In-situ and uncertain codes (D), which ICD-O-3
        topography does not place, join a tumour of their own code's site."""
        if primaries.site_group(icd10) is None or primaries.site_group(self.icd10) is None:
            return site_group(icd10) == self.site and primaries.same_morphology_group(
                self.morphology, morphology)
        return primaries.same_primary(
            primaries.PrimaryCandidate(self.site, self.icd10, self.morphology),
            primaries.PrimaryCandidate(icd10, icd10, morphology))


def derive_tumors(patient_id: str, records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tumours of one person as {'props': {...}, 'recordKeys': [...]}, in order of diagnosis."""
    ordered = sorted((r for r in records if r), key=lambda r: (r.get("date") or date.max, r["key"]))
    tumours: list[_Tumour] = []
    assigned: dict[str, _Tumour] = {}
    for record in ordered:
        icd10 = record.get("icd10")
        if not _is_tumour_code(icd10):
            continue
        morphology = record.get("morphology")
        tumour = next((t for t in tumours if t.accepts(icd10, morphology)), None)
        if tumour is None and record.get("kind") == "death":
            # A cancer known only from the death certificate is the registry's DCO tumour
            # (registry/rebuild.py): a tumour founded here, with no date of diagnosis,
            # would hide that case from the registry, form No. 7 and the indicators.
            continue
        if tumour is None:
            tumour = _Tumour(site_group(icd10), icd10, morphology)
            tumours.append(tumour)
        elif tumour.morphology is None:
            tumour.morphology = morphology
        tumour.records.append(record)
        assigned[record["key"]] = tumour
    _attach_uncoded(ordered, tumours, assigned)
    result = []
    for sequence, tumour in enumerate(sorted(tumours, key=_first_date), start=1):
        result.append({"props": summarise(patient_id, sequence, tumour.records),
                       "recordKeys": sorted({r["key"] for r in tumour.records})})
    return result


def _attach_uncoded(ordered: list[dict[str, Any]], tumours: list[_Tumour],
                    assigned: dict[str, _Tumour]) -> None:
    # A diagnosis points at its evidence (the pathology report): the target joins too.
    by_key = {r["key"]: r for r in ordered}
    for record in ordered:
        tumour = assigned.get(record["key"])
        for target_key in record.get("refersTo") or [] if tumour else []:
            target = by_key.get(target_key)
            if target is not None and target_key not in assigned:
                tumour.records.append(target)
                assigned[target_key] = tumour
    for record in ordered:
        if record["key"] in assigned or not tumours:
            continue
        via = next((assigned[k] for k in record.get("refersTo") or [] if k in assigned), None)
        # A stage belongs to the diagnosis it is about (focus), never to a guess.
        if via is None and len(tumours) == 1 and record["kind"] != "stage-observation":
            via = tumours[0]
        if via is not None:
            via.records.append(record)
            assigned[record["key"]] = via


def _first_date(tumour: _Tumour) -> date:
    return min((r["date"] for r in tumour.records if r.get("date")), default=date.max)


def _latest_record(records: list[dict[str, Any]], *facts: str) -> dict[str, Any] | None:
    """The latest record stating any of the facts (by date, then key)."""
    dated = [r for r in records if any(r.get(fact) is not None for fact in facts)]
    dated.sort(key=lambda r: (_day(r), r["key"]))
    return dated[-1] if dated else None


def _day(record: dict[str, Any]) -> date:
    """A record's date; an undated record counts as the earliest."""
    return record.get("date") or date.min


def _latest(records: list[dict[str, Any]], fact: str) -> Any:
    record = _latest_record(records, fact)
    return record[fact] if record is not None else None


def _pathologic_parts(records: list[dict[str, Any]]) -> list[str]:
    """Which of stage, t, n, m come from a pathologic (pTNM) staging, so that an export
    does not present a pathologic stage as a clinical one."""
    return [part for part in ("stage", "t", "n", "m")
            if (record := _latest_record(records, part)) is not None
            and record.get("pathologic")]


def _verification(diagnoses: list[dict[str, Any]], confirmed: bool) -> str:
    """confirmed; refuted when the latest word on an unconfirmed tumour refutes it; else
    provisional (a suspicion still open)."""
    if confirmed:
        return "confirmed"
    latest = _latest(diagnoses, "verification")
    return codes.REFUTED_VERIFICATION if latest == codes.REFUTED_VERIFICATION else "provisional"


def _at_diagnosis(records: list[dict[str, Any]], diagnosed_on: date | None,
                  ) -> list[dict[str, Any]]:
    """The records that may stage the tumour at diagnosis. A staging recorded only later
    (a late report of the initial work-up, within the late limit) still counts when no
    earlier one exists; a re-staging (progression) never replaces the stage at diagnosis,
    and one years on leaves the stage unknown."""
    if diagnosed_on is None:
        return records
    until = add_months(diagnosed_on, codes.STAGING_MONTHS_AFTER_DIAGNOSIS)
    early = [r for r in records if r.get("date") is None or r["date"] <= until]
    if any(r.get("stage") is not None for r in early):
        return early
    latest = add_months(diagnosed_on, codes.LATE_STAGING_MONTHS_AFTER_DIAGNOSIS)
    staged = sorted((r for r in records if r.get("stage") is not None
                     and r.get("date") is not None and r["date"] <= latest),
                    key=lambda r: (r["date"], r["key"]))
    return early + staged[:1]


def _advanced(staging: dict[str, Any]) -> bool:
    """Stage IV, or distant metastases (M1, M1a…)."""
    return codes.stage_group(staging.get("stage")) == "IV" or "1" in str(staging.get("m") or "")


def _clinical_group_of_a_cancer(records: list[dict[str, Any]]) -> str:
    """Today's clinical group of a confirmed cancer (domain.md §3). IV: the care given now
    is palliative (symptomatic), or the disease is advanced (latest staging IV or M1) and
    no treatment to cure has been given since — the drugs an advanced cancer gets are
    palliative unless the record says otherwise. III: treated radically, without relapse,
    and on the dispensary register. IIa: the latest care is given to cure (the subset of II
    needing radical treatment), and no relapse came after it. II otherwise."""
    intent = _latest_record(records, "careIntent")
    if intent is not None and intent["careIntent"] == "palliative":
        return "IV"
    staging = _latest_record(records, "stage", "m")
    if staging is not None and _advanced(staging) and (
            intent is None or _day(intent) < _day(staging)):  # nothing given to cure since
        return "IV"
    relapsed = _latest_record(records, "relapse")
    treated_radically = any(r["kind"] in RADICAL_KINDS for r in records)
    if treated_radically and relapsed is None and any(r.get("dispensaryRegistration")
                                                      for r in records):
        return "III"
    if intent is not None and (relapsed is None or _day(intent) >= _day(relapsed)):
        return "IIa"  # curative: a palliative intent returned above
    return "II"


def summarise(patient_id: str, sequence: int, records: list[dict[str, Any]]) -> dict[str, Any]:
    """The tumour's facts from its records: the stage at diagnosis, the most specific code…"""
    diagnoses = [r for r in records if r["kind"] == "diagnosis" and _is_tumour_code(r.get("icd10"))]
    confirmed = [r for r in diagnoses if codes.asserts_diagnosis(r.get("verification"))]
    # a pathology or cytology report naming a cancer, or a registrar's microscopic basis
    bases = [diagnosis_basis.record_basis(r) for r in records]
    morphological = [r for r, basis in zip(records, bases, strict=True)
                     if diagnosis_basis.is_microscopic(basis)]
    coded = confirmed or diagnoses or [r for r in records if _is_tumour_code(r.get("icd10"))]
    # The most specific code (".9" is "unspecified"); among equals, the first diagnosed.
    icd10 = max((r["icd10"] for r in coded), key=lambda c: (len(c), not c.endswith(".9")))
    diagnosed_on = min((r["date"] for r in confirmed + morphological if r.get("date")),
                       default=None)
    staging = _at_diagnosis(records, diagnosed_on)
    stage = _latest(staging, "stage")
    kinds = {r["kind"] for r in records}
    stage_group = codes.stage_group(stage)
    verification = _verification(diagnoses, bool(confirmed or morphological))
    basis = diagnosis_basis.most_valid(bases)
    if verification == codes.REFUTED_VERIFICATION:
        clinical_group = None  # not a patient with cancer, nor one suspected of it any more
    elif not confirmed and not morphological:
        clinical_group = "Ia"
    else:
        clinical_group = _clinical_group_of_a_cancer(records)
    return {
        "tumorId": f"{patient_id}|{site_group(icd10)}|{sequence}",
        "sequence": sequence,
        "icd10": icd10,
        "site": icd10[:3],
        "siteGroup": site_group(icd10),
        "morphology": _latest(records, "morphology"),
        "behaviour": (_latest(records, "morphology") or "")[-1:] or None,
        "stage": stage,
        "stageGroup": stage_group,
        "t": _latest(staging, "t"),
        "n": _latest(staging, "n"),
        "m": _latest(staging, "m"),
        "laterality": _latest(records, "laterality"),
        "pathologicParts": _pathologic_parts(staging),
        "verification": verification,
        "basis": basis,
        "morphologicallyVerified": diagnosis_basis.is_microscopic(basis),
        "diagnosedOn": diagnosed_on,
        "suspectedOn": min((r["date"] for r in records if r.get("date")), default=None),
        "activeDetection": any(
            r.get("activeDetection") for r in records
            if diagnosed_on is None or (r.get("date") and r["date"] <= diagnosed_on)),
        "treated": bool(kinds & TREATMENT_KINDS),
        "relapse": any(r.get("relapse") for r in records),
        "clinicalGroup": clinical_group,
        "neglected": bool(confirmed) and codes.is_neglected(icd10, stage),
    }
