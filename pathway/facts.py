"""What the pathway engine knows about a patient: care events and tumours, as plain data.

Fetched for a whole batch in one query (`cypher/fetch_patient_facts.cypher`), so the
deadline, route and notification logic stays pure Python and testable without a server.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.codes import is_malignant, try_parse_morphology
from domain.vocabulary import CARE_STAGES
from graph.database import Graph

# Same-day events follow the reference pathway order, so a diagnosis precedes the
# treatment given on the same day and a death is always last; the key breaks what is left.
_STAGE_RANK = {stage: rank for rank, stage in enumerate(CARE_STAGES)}


@dataclass(frozen=True)
class EventFact:
    """One care record of a passport (a step of care)."""

    key: str
    kind: str
    on: date
    care_stage: str | None = None
    icd10: str | None = None
    stage: str | None = None
    m: str | None = None
    morphology: str | None = None
    behaviour: str | None = None
    verification: str | None = None
    emergency: bool = False
    encounter_class: str | None = None
    dispensary_registration: bool = False
    dispensary_visit: bool = False
    specimen_received_on: date | None = None
    codes: tuple[str, ...] = ()
    text: str | None = None
    relapse: bool = False
    at_oid: str | None = None
    at_kind: str | None = None
    target_oid: str | None = None
    target_kind: str | None = None
    asks: str | None = None  # a referral's request: consultation, diagnostics, hospitalization
    based_on: tuple[str, ...] = ()  # keys of the orders a result answers (FHIR basedOn)

    @property
    def order_key(self) -> tuple[date, int, str]:
        return (self.on, _STAGE_RANK.get(self.care_stage or "", len(_STAGE_RANK)), self.key)

    @property
    def malignant_morphology(self) -> bool:
        parsed = try_parse_morphology(self.morphology)
        return self.behaviour == "3" or (parsed is not None and parsed.behaviour == 3)

    @property
    def malignant_diagnosis(self) -> bool:
        return is_malignant(self.icd10)

    @property
    def organization_oids(self) -> tuple[str, ...]:
        return tuple(oid for oid in (self.at_oid, self.target_oid) if oid)


@dataclass(frozen=True)
class TumorFact:
    tumor_id: str
    icd10: str | None
    site: str | None
    stage: str | None
    m: str | None
    diagnosed_on: date | None
    verification: str | None


@dataclass(frozen=True)
class PatientFacts:
    patient_id: str
    district: str | None
    deceased_on: date | None
    events: tuple[EventFact, ...] = ()  # in route order
    tumors: tuple[TumorFact, ...] = field(default_factory=tuple)

    @property
    def site(self) -> str | None:
        """The tumour site a coordinator files this patient under (first primary, else the
        first suspicion code)."""
        dated = sorted((t for t in self.tumors if t.site), key=lambda t: t.diagnosed_on or date.max)
        if dated:
            return dated[0].site
        for event in self.events:
            if event.icd10 and event.icd10.startswith(("C", "D")):
                return event.icd10[:3]
        return None

    @property
    def organization_oids(self) -> list[str]:
        return sorted({oid for e in self.events for oid in e.organization_oids})

    @property
    def died_on(self) -> date | None:
        """The day of death: the Patient's deceasedOn or the first death record, whichever
        is earlier — a certificate often reaches the graph without the MIS knowing of it
        (the registry reads the death the same way, registry/entry.py)."""
        days = [e.on for e in self.events if e.kind == "death"]
        if self.deceased_on is not None:
            days.append(self.deceased_on)
        return min(days, default=None)


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _relapse(row: dict[str, Any]) -> bool:
    status = str(row.get("clinicalStatus") or "").lower()
    text = str(row.get("text") or "").lower()
    return bool(row.get("relapse") or row.get("progression")) or status in (
        "recurrence", "relapse") or "рецидив" in text or "прогрессир" in text


def event_from_row(row: dict[str, Any]) -> EventFact:
    return EventFact(
        key=row["key"], kind=row["kind"] or "other", on=_native(row["date"]),
        care_stage=row.get("careStage"), icd10=row.get("icd10"), stage=row.get("stage"),
        m=row.get("m"), morphology=row.get("morphology"), behaviour=row.get("behaviour"),
        verification=row.get("verification"), emergency=bool(row.get("emergency")),
        encounter_class=row.get("encounterClass"),
        dispensary_registration=bool(row.get("dispensaryRegistration")),
        dispensary_visit=bool(row.get("dispensaryVisit")),
        specimen_received_on=_native(row.get("specimenReceivedOn") or row.get("specimenOn")),
        codes=tuple(row.get("codes") or ()), text=row.get("text"), relapse=_relapse(row),
        at_oid=row.get("atOid"), at_kind=row.get("atKind"), target_oid=row.get("targetOid"),
        target_kind=row.get("targetKind"), asks=row.get("asks"),
        based_on=tuple(row.get("basedOn") or ()),
    )


def tumor_from_row(row: dict[str, Any]) -> TumorFact:
    return TumorFact(
        tumor_id=row["tumorId"], icd10=row.get("icd10"), site=row.get("site"),
        stage=row.get("stage"), m=row.get("m"), diagnosed_on=_native(row.get("diagnosedOn")),
        verification=row.get("verification"),
    )


def facts_from_row(row: dict[str, Any]) -> PatientFacts:
    events = sorted((event_from_row(r) for r in row["records"]), key=lambda e: e.order_key)
    return PatientFacts(
        patient_id=row["patientId"], district=row.get("district"),
        deceased_on=_native(row.get("deceasedOn")), events=tuple(events),
        tumors=tuple(tumor_from_row(t) for t in row["tumors"]),
    )


def fetch_facts(graph: Graph, patient_ids: Sequence[str]) -> list[PatientFacts]:
    """Facts of the passport patients among `patient_ids` (others are left out)."""
    rows = graph.read("fetch_patient_facts", patientIds=list(patient_ids))
    return [facts_from_row(row) for row in rows]
