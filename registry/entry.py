"""The registry record of one tumour (form 090/у content), derived from graph facts.

Pure functions: :func:`derive_entry` turns what the graph knows about a tumour (its own
properties, the records that concern it, the patient's demographics and last contact)
into a :class:`RegistryEntry` row. No database here, so every rule is unit-tested.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from domain import basis as diagnosis_basis
from domain.codes import normalise_icd10, try_parse_morphology
from domain.primaries import icdo3_topography
from domain.vocabulary import TREATMENT_KINDS
from registry.contingent import RegistryStatus, removal, statuses_of
from registry.tables import basis_code


@dataclass
class TumourFacts:
    """What the graph holds about one tumour and its patient (get_registry_facts.cypher)."""

    patient_id: str
    tumor: dict[str, Any]
    records: list[dict[str, Any]] = field(default_factory=list)
    sex: str | None = None
    birth_date: date | None = None
    district: str | None = None
    deceased_on: date | None = None
    death_record_on: date | None = None
    last_record_on: date | None = None


@dataclass
class RegistryEntry:
    """One row of the registry; property names are those of the :RegistryEntry node."""

    tumorId: str
    patientId: str
    sex: str | None
    birthDate: date | None
    district: str | None
    firstVisitOn: date | None
    diagnosedOn: date | None
    sequence: int
    icd10: str | None
    topography: str | None
    morphology: str | None
    behaviour: int | None
    grade: str | None
    t: str | None
    n: str | None
    m: str | None
    stage: str | None
    basis: int
    dco: bool
    activeDetection: bool
    clinicalGroup: str | None
    treatment: list[str]
    vitalStatus: str
    deathOn: date | None
    lastContactOn: date | None
    registeredOn: date | None
    removedOn: date | None
    removalReason: str | None
    onRegister: bool
    organizationOid: str | None
    organizationName: str | None
    organizationDistrict: str | None
    reportedOn: date | None
    reportingDelayDays: int | None
    statuses: list[RegistryStatus] = field(default_factory=list)

    def properties(self) -> dict[str, Any]:
        """Node properties (statuses travel separately as :RegistryStatus nodes)."""
        values = asdict(self)
        values.pop("statuses")
        return values


def is_registered_case(facts: TumourFacts) -> bool:
    """Whether the tumour is a case of the register: a diagnosis was set (or the registry
    holds it itself: the legacy register, death certificate only), or a 090/у notice
    registered it before it was refuted. A suspicion never diagnosed, open or refuted, is
    none: it has no 090/у, stage or verification, and every quality indicator of the
    organisation that raised it counted it as a case missing all three."""
    tumor = facts.tumor
    return bool(tumor.get("dco") or tumor.get("diagnosedOn")
                or any(record.get("kind") == "notification-090" for record in facts.records))


def basis_of_diagnosis(tumor: dict[str, Any], records: list[dict[str, Any]]) -> int:
    """The most valid basis among the records and an explicit basis a registrar gave
    (domain/basis.py: the same rule the tumour's morphological verification follows)."""
    if tumor.get("dco"):
        return diagnosis_basis.DCO
    bases = [diagnosis_basis.record_basis(record) for record in records]
    if tumor.get("basis") is not None:
        bases.append(basis_code(tumor["basis"]))
    return diagnosis_basis.most_valid(bases)


def _dates(records: list[dict[str, Any]], kinds: set[str] | None = None) -> list[date]:
    return sorted(r["date"] for r in records
                  if r.get("date") is not None and (kinds is None or r.get("kind") in kinds))


def _first(values: list[Any]) -> Any:
    return next((v for v in values if v not in (None, "")), None)


def _topography(icd10: str | None) -> str | None:
    topography = icdo3_topography(icd10)
    if topography and icd10 and icd10[:3] == topography and len(icd10) > 3:
        return icd10  # ICD-10 and ICD-O-3 share the subsite here (C50.4)
    return topography


def _reporting(records: list[dict[str, Any]]) -> tuple[date | None, dict[str, Any]]:
    """When and by whom the tumour was notified: the 090/у notice, else the first record."""
    ordered = [r for r in records if r.get("date") is not None]  # derive_entry sorted them
    notices = [r for r in ordered if r.get("kind") == "notification-090"]
    reported_on = notices[0]["date"] if notices else None
    source = _first([r if r.get("organization") else None for r in notices + ordered])
    return reported_on, source or {}


def derive_entry(facts: TumourFacts, today: date, sequence: int = 1) -> RegistryEntry:
    """The registry row of one tumour as of `today`."""
    # In date order (undated last), same-day records by key: the graph returns them in no
    # fixed order, and "the first record with a morphology" must be the same every time.
    tumor = facts.tumor
    records = sorted((r for r in facts.records if r.get("kind")),
                     key=lambda r: (r.get("date") is None, r.get("date") or date.min,
                                    r.get("key") or ""))
    icd10 = normalise_icd10(tumor.get("icd10")) or tumor.get("icd10")
    morphology_text = tumor.get("morphology") or _first([r.get("morphology") for r in records])
    parsed = try_parse_morphology(morphology_text)
    behaviour = parsed.behaviour if parsed else _int(tumor.get("behaviour"))
    evidence_dates = _dates([r for r in records if diagnosis_basis.is_evidence(r.get("kind"))])
    diagnosed_on = tumor.get("diagnosedOn") or _first(evidence_dates)
    death_on = min((d for d in (facts.deceased_on, facts.death_record_on) if d), default=None)
    dead = death_on is not None and death_on <= today
    contacts = [d for d in (facts.last_record_on, death_on) if d is not None and d <= today]
    reported_on, reporter = _reporting(records)
    dco = bool(tumor.get("dco"))
    registered_on = death_on if dco else diagnosed_on
    removed = removal(icd10=icd10, morphology=parsed, tumor=tumor, records=records,
                      diagnosed_on=diagnosed_on, death_on=death_on if dead else None,
                      dco=dco, today=today)
    return RegistryEntry(
        tumorId=tumor["tumorId"], patientId=facts.patient_id, sex=facts.sex,
        birthDate=facts.birth_date, district=facts.district,
        firstVisitOn=min([*_dates(records), *(d for d in (diagnosed_on,
                          tumor.get("firstVisitOn")) if d)], default=None),
        diagnosedOn=diagnosed_on, sequence=sequence, icd10=icd10,
        topography=_topography(icd10),
        morphology=str(parsed) if parsed else morphology_text, behaviour=behaviour,
        grade=_text(tumor.get("grade") or _first([r.get("grade") for r in records])),
        t=tumor.get("t"), n=tumor.get("n"), m=tumor.get("m"), stage=tumor.get("stage"),
        basis=basis_of_diagnosis(tumor, records), dco=dco,
        activeDetection=bool(tumor.get("activeDetection")
                             or any(r.get("activeDetection") for r in records)),
        clinicalGroup=tumor.get("clinicalGroup"),
        treatment=sorted({r["kind"] for r in records if r["kind"] in TREATMENT_KINDS}),
        vitalStatus="dead" if dead else "alive", deathOn=death_on if dead else None,
        lastContactOn=max(contacts, default=None), registeredOn=registered_on,
        removedOn=removed.on if removed else None,
        removalReason=removed.reason if removed else None,
        onRegister=removed is None and registered_on is not None and registered_on <= today,
        organizationOid=reporter.get("organization"),
        organizationName=reporter.get("organizationName"),
        organizationDistrict=reporter.get("organizationDistrict"),
        reportedOn=reported_on,
        reportingDelayDays=(reported_on - diagnosed_on).days
        if reported_on and diagnosed_on else None,
        statuses=statuses_of(tumor["tumorId"], registered_on, removed, dco),
    )


def number_sequences(entries: list[RegistryEntry]) -> None:
    """Sequence number of each tumour of a person, in order of diagnosis (1 = first)."""
    by_patient: dict[str, list[RegistryEntry]] = {}
    for entry in entries:
        by_patient.setdefault(entry.patientId, []).append(entry)
    for tumours in by_patient.values():
        tumours.sort(key=lambda e: (e.diagnosedOn or date.max, e.tumorId))
        for number, entry in enumerate(tumours, start=1):
            entry.sequence = number


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)
