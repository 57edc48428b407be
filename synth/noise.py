"""Broken records: what a quarantine must catch (fhir-input.md, "Bad input").

Broken records are extras: a real record of the person is never replaced, so the clean
ground truth stays complete. Each one is listed in ``ground_truth/broken.jsonl``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import orjson

from synth import fhir
from synth.identifiers import SNILS_SYSTEM, format_snils, wrong_check_snils
from synth.region import BUNDLE_SOURCES
from synth.sink import RESOURCE_SEQ_LIMIT, Handle, PersonSink, RecordRow, instant

BROKEN_KINDS = ("broken-json", "r4-invalid", "impossible-date", "wrong-snils-check",
                "unresolved-reference")
REASONS = {
    "broken-json": "line is not valid JSON (truncated)",
    "r4-invalid": "Encounter without status and with class as a string: R4 rejects it",
    "impossible-date": "effectiveDateTime on 30 February",
    "wrong-snils-check": "СНИЛС check number does not match",
    "unresolved-reference": "subject Patient id that does not exist in this source",
}


@dataclass
class BrokenInfo:
    """One broken record for broken.jsonl (line numbers are added when written)."""

    kind: str
    reason: str
    key: str | None
    person_id: str


def add_broken_record(sink: PersonSink, rng: random.Random, as_of: date) -> None:
    """Append one broken record of a random kind to one of the person's sources."""
    person = sink.person
    # broken lines are bare resources; a Bundle source would hide them inside a Bundle
    source = rng.choice(sorted(s for s in sink.sources if s not in BUNDLE_SOURCES))
    kind = rng.choice(BROKEN_KINDS)
    if kind == "wrong-snils-check" and not person.snils:
        kind = "unresolved-reference"
    local = sink.local_number(source)
    day = as_of - timedelta(days=rng.randrange(1, 700))
    meta = {"versionId": "1", "lastUpdated": instant(day, rng), "source": source}
    resource_id = str(local * 1000 + RESOURCE_SEQ_LIMIT + rng.randrange(99))
    resource_type = "DiagnosticReport"
    lab_body = fhir.report("LAB", fhir.coded(fhir.LOINC, "58410-2"), day, day,
                           {"display": "Лаборатория"})
    resource: dict[str, object] = {"resourceType": resource_type, "id": resource_id,
                                   "meta": meta, **lab_body,
                                   "subject": {"reference": f"Patient/{local}"}}
    if kind == "r4-invalid":
        resource_type = "Encounter"
        resource = {"resourceType": resource_type, "id": resource_id, "meta": meta,
                    "class": "AMB", "period": {"start": fhir.dt(day)},
                    "subject": {"reference": f"Patient/{local}"}}
    elif kind == "impossible-date":
        resource["effectiveDateTime"] = f"{day.year}-02-30T09:00:00+03:00"
    elif kind == "unresolved-reference":
        # beyond every local number of every source: the Patient never arrives
        resource["subject"] = {"reference": f"Patient/{2 * sink.n_people + 1 + person.index}"}
    elif kind == "wrong-snils-check":
        assert person.snils is not None
        resource_type, resource_id = "Patient", str(sink.n_people + 1 + person.index)
        resource = {"resourceType": resource_type, "id": resource_id, "meta": meta,
                    "identifier": [{"system": SNILS_SYSTEM, "value": format_snils(
                        wrong_check_snils(person.snils), 0)}],
                    "name": [{"family": person.name.family,
                              "given": [person.name.given, person.name.patronymic]}],
                    "gender": person.sex, "birthDate": person.birth_date.isoformat()}
    line = orjson.dumps(resource)
    key: str | None = f"{source}|{resource_type}|{resource_id}"
    if kind == "broken-json":
        line, key = line[: len(line) * 3 // 5], None
    else:
        handle = Handle(source, resource_type, resource_id)
        sink.rows[handle.key] = RecordRow(handle, broken=kind)
    lines = sink.sources[source]
    lines.broken.append((len(lines.lines), BrokenInfo(kind, REASONS[kind], key,
                                                      person.person_id)))
    lines.lines.append(line)
