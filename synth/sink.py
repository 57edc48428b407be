"""Collects one person's FHIR resources per source MIS, with the noise real exchanges have.

A `PersonSink` hands out local ids, keeps one Patient per MIS the person visited (each MIS
spells the name its own way, some lose the СНИЛС), turns references into relative ones
inside a source and identifier references across sources, and at the end serialises the
person's lines per source — Patient first or last, some lines held back as late arrivals.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import orjson

from synth import shares
from synth.identifiers import (
    ENP_SYSTEM,
    FRMO_SYSTEM,
    SNILS_SYSTEM,
    format_snils,
)
from synth.labs import LabResults
from synth.people import Person, name_variant
from synth.region import Region

Resource = dict[str, Any]
RESOURCE_SEQ_LIMIT = 900  # ids local*1000 + seq; seq >= 900 is kept for broken extras


def instant(day: date, rng: random.Random) -> str:
    """A FHIR instant in Moscow time on `day`, working hours."""
    minute = int(rng.random() * 600)  # one draw: cheaper than two randrange calls
    return f"{day.isoformat()}T{8 + minute // 60:02d}:{minute % 60:02d}:00+03:00"


@dataclass(frozen=True)
class Handle:
    """Where a resource lives: its source, type and id."""

    source: str
    resource_type: str
    id: str

    @property
    def key(self) -> str:
        """The record key `source|ResourceType|id` used by the ground truth."""
        return f"{self.source}|{self.resource_type}|{self.id}"


@dataclass
class SourceLines:
    """One person's lines for one source, in emission order."""

    patient: Resource | None = None
    patient_last: bool = False
    lines: list[bytes] = field(default_factory=list)
    late: list[bytes] = field(default_factory=list)
    broken: list[tuple[int, Any]] = field(default_factory=list)


@dataclass
class RecordRow:
    """Ground truth of one record key."""

    handle: Handle
    versions: int = 1
    retracted: bool = False
    broken: str = ""


class PersonSink:
    """All records of one person, grouped by source MIS."""

    def __init__(self, person: Person, region: Region, rng: random.Random, as_of: date,
                 n_people: int, labs: LabResults) -> None:
        self.person = person
        self.labs = labs  # the results of the person's lab reports, from their own generator
        self.region = region
        self.rng = rng
        self.as_of = as_of
        self.n_people = n_people
        self.sources: dict[str, SourceLines] = {}
        self.rows: dict[str, RecordRow] = {}
        self._seq: dict[str, int] = {}
        self.variants: list[dict[str, str]] = []
        self.first_seen: dict[str, date] = {}
        self._local: dict[str, int] = {}
        self._has_snils: dict[str, bool] = {}
        self.last_resource: Resource = {}

    # ids and references -------------------------------------------------------------
    def local_number(self, source: str) -> int:
        """The person's local patient number in `source`: numbers are reused across MIS."""
        local = self._local.get(source)
        if local is None:
            shift = (sum(source.encode()) * 7919) % self.n_people
            local = self._local[source] = (self.person.index + shift) % self.n_people + 1
        return local

    def patient_id(self, source: str) -> str:
        """The id of the person's Patient in `source`, creating that Patient on first use."""
        if source not in self.sources:
            self.sources[source] = SourceLines()
            self._make_patient(source)
        return str(self.local_number(source))

    def next_id(self, source: str) -> str:
        """A fresh resource id in `source`, unique within it."""
        self.patient_id(source)
        seq = self._seq.get(source, 0) + 1
        if seq >= RESOURCE_SEQ_LIMIT:
            raise OverflowError(f"person {self.person.index} has too many records in {source}")
        self._seq[source] = seq
        return str(self.local_number(source) * 1000 + seq)

    def patient_ref(self, source: str) -> dict[str, Any]:
        """`Patient/<id>` mostly; sometimes a СНИЛС identifier reference."""
        local = self.patient_id(source)
        if self._has_snils[source] and self.rng.random() < shares.IDENTIFIER_REFERENCE_SHARE:
            return {"type": "Patient", "identifier": {"system": SNILS_SYSTEM,
                                                      "value": self.person.snils}}
        return {"reference": f"Patient/{local}"}

    def org_ref(self, org: int) -> dict[str, Any]:
        """Organisations are referenced by FRMO OID: they live in the `frmo` source."""
        return {"type": "Organization",
                "identifier": {"system": FRMO_SYSTEM, "value": self.region.organisations[org].oid}}

    @staticmethod
    def ref(target: Handle, from_source: str) -> dict[str, Any]:
        """Relative reference inside a source; identifier reference across sources."""
        if target.source == from_source:
            return {"reference": f"{target.resource_type}/{target.id}"}
        return {"type": target.resource_type, "identifier": {
            "system": f"urn:onkopassport:mis:{target.source}:{target.resource_type}",
            "value": target.id}}

    # emitting -------------------------------------------------------------------------
    def source_of(self, org: int) -> str:
        """The MIS that records what happens at organisation `org`."""
        return self.region.organisations[org].source

    def add(self, org: int, resource_type: str, body: Resource, on: date,
            patient_field: str = "subject", versions: list[Resource] | None = None,
            identify: bool = False) -> Handle:
        """Emit a resource recorded at `org` on `on`; return where it lives."""
        source = self.source_of(org)
        handle = Handle(source, resource_type, self.next_id(source))
        resource: Resource = {"resourceType": resource_type, "id": handle.id,
                              "meta": self._meta(source, on, "1")}
        if identify:
            resource["identifier"] = [{
                "system": f"urn:onkopassport:mis:{source}:{resource_type}", "value": handle.id}]
        resource.update(body)
        resource[patient_field] = self.patient_ref(source)
        self.last_resource = resource
        if on < self.first_seen.get(source, self.as_of):
            self.first_seen[source] = on
        self.rows[handle.key] = RecordRow(handle)
        self._place(source, resource, versions or [], on)
        return handle

    def retract_later(self, handle: Handle, on: date) -> None:
        """Send a second version of the last added resource marking it entered-in-error."""
        retraction = dict(self.last_resource)
        retraction["status"] = "entered-in-error"
        retraction["meta"] = self._meta(handle.source, on, "2",
                                        after=self.last_resource["meta"]["lastUpdated"])
        self.sources[handle.source].lines.append(orjson.dumps(retraction))
        row = self.rows[handle.key]
        row.versions, row.retracted = 2, True

    def _place(self, source: str, resource: Resource, versions: list[Resource],
               on: date) -> None:
        """Append the resource (and its corrected versions) to the source's lines."""
        lines = self.sources[source]
        chain = [resource]
        for number, patch in enumerate(versions, start=2):
            meta = self._meta(source, on, str(number), after=chain[-1]["meta"]["lastUpdated"])
            chain.append({**resource, **patch, "meta": meta})
        if len(chain) > 1:
            self.rows[f"{source}|{resource['resourceType']}|{resource['id']}"].versions = len(
                chain)
            if self.rng.random() < shares.OLDER_VERSION_LAST_SHARE:
                chain.reverse()  # the older version arrives last and must not win
        late = self.rng.random() < shares.LATE_RECORD_SHARE
        for item in chain:
            (lines.late if late else lines.lines).append(orjson.dumps(item))

    def _meta(self, source: str, on: date, version: str,
              after: str | None = None) -> dict[str, str]:
        """meta with a submission delay: usually the same day, a tail of weeks.

        A later version (`after` = the previous version's lastUpdated) is always sent
        after the previous one, so versionId and lastUpdated agree on which is newer.
        """
        roll = self.rng.random()
        delay = 0 if roll < 0.7 else self.rng.randrange(1, 4) if roll < 0.95 else \
            self.rng.randrange(10, 90)
        sent = min(on + timedelta(days=delay), self.as_of)
        updated = instant(sent, self.rng)
        if after is not None and updated <= after:
            previous = date.fromisoformat(after[:10])
            sent = min(previous + timedelta(days=self.rng.randrange(1, 30)), self.as_of)
            updated = instant(sent, self.rng)
            if updated <= after:  # both capped at as_of: the last minutes of that day
                updated = f"{sent.isoformat()}T23:5{version[-1]}:00+03:00"
        return {"versionId": version, "lastUpdated": updated, "source": source}

    # patients ---------------------------------------------------------------------------
    def _make_patient(self, source: str) -> None:
        """The person as `source` registered them: maybe a name variant, maybe no СНИЛС."""
        person = self.person
        home = source == self.region.organisations[person.home_polyclinic].source
        name = person.name
        if not home and self.rng.random() < shares.NAME_VARIANT_SHARE:
            name, change = name_variant(self.rng, name)
            self.variants.append({"source": source, "change": change})
        identifiers: list[dict[str, Any]] = [{
            "system": f"urn:onkopassport:mis:{source}:patient",
            "value": str(self.local_number(source)),
            "assigner": {"display": source}}]
        missing = shares.HOME_SNILS_MISSING if home else shares.SECOND_MIS_SNILS_MISSING
        if person.snils and self.rng.random() >= missing:
            identifiers.append({"system": SNILS_SYSTEM,
                                "value": format_snils(person.snils, self.rng.randrange(3))})
        self._has_snils[source] = len(identifiers) > 1
        if self.rng.random() < shares.ENP_PRESENT_SHARE:
            identifiers.append({"system": ENP_SYSTEM, "value": person.enp})
        patient: Resource = {
            "resourceType": "Patient", "id": str(self.local_number(source)),
            "meta": {"versionId": "1", "lastUpdated": "", "source": source},
            "identifier": identifiers,
            "name": [{"family": name.family, "given": [name.given, name.patronymic]}],
            "gender": person.sex, "birthDate": person.birth_date.isoformat(),
            "address": [{"district": self.region.districts[person.district], "country": "RU"}],
        }
        if home:
            patient["generalPractitioner"] = [self.org_ref(person.home_polyclinic)]
        self.sources[source].patient = patient
        self.sources[source].patient_last = self.rng.random() < shares.PATIENT_LAST_SHARE
        self.rows[f"{source}|Patient|{patient['id']}"] = RecordRow(
            Handle(source, "Patient", patient["id"]))

    def finish_patients(self) -> None:
        """Date each Patient and record the death where the MIS would know it."""
        deceased = self.person.deceased_on
        home = self.region.organisations[self.person.home_polyclinic].source
        for source, lines in self.sources.items():
            patient = lines.patient
            assert patient is not None
            updated = self.first_seen.get(source, self.as_of - timedelta(days=1000))
            known = source == home or self.rng.random() < shares.DEATH_KNOWN_ELSEWHERE_SHARE
            if deceased and known:
                patient["deceasedDateTime"] = f"{deceased.isoformat()}T12:00:00+03:00"
                updated = max(updated, deceased)
            patient["meta"]["lastUpdated"] = instant(min(updated, self.as_of), self.rng)

    def serialised(self, source: str) -> tuple[list[bytes], list[bytes], list[tuple[int, Any]]]:
        """(in-order lines, late lines, broken (index in in-order lines, info)) of a source."""
        lines = self.sources[source]
        patient = orjson.dumps(lines.patient)
        if lines.patient_last:
            return [*lines.lines, patient], lines.late, lines.broken
        return [patient, *lines.lines], lines.late, [(i + 1, b) for i, b in lines.broken]
