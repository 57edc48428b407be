"""Derive: per person, demographics, the :Passport label and the tumours (rebuilt)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from graph.database import Graph, batched
from ingest.references import resource_type_of_key
from ingest.tumors import derive_tumors

_REFRESH_BATCH = 500
# Held while a chunk draws its records' places: every chunk's AT edges end at the same few
# organisations (dense nodes), and two chunks drawing them at once deadlocked on their
# relationship groups (retried by the driver after a second's pause). The other steps of a
# chunk touch only its own people's nodes and run side by side.
_ORGANIZATION_PLACES = threading.Lock()
# Where a record naming no organisation took place: its encounter's, else that of the
# record it is about (a stage Observation's diagnosis, itself placed by its encounter),
# else that of the record naming it (a Specimen's, the report of it): (path, named by).
_PLACE_OF_A_RECORD_FROM = (("encounter", False), ("focus", False), ("specimen", True))


@dataclass
class Touched:
    patient_ids: list[str]
    # Whose routes and registry entries may have changed: passports now, people who were
    # passports before this refresh (their derived layers must go), and people deleted
    # because a merge left them without records (their registry entries must go).
    derived_due: list[str]
    new_passports: int


def people_of_patient_records(graph: Graph, keys: list[str]) -> set[str]:
    """The people the given PatientRecords belong to (unlinked placeholders have none)."""
    people: set[str] = set()
    for chunk in batched(keys, 5000):
        people.update(row["patientId"] for row in
                      graph.read_values("find_people_of_patient_records", keys=chunk))
    return people


def people_of_organization_records(graph: Graph, keys: list[str]) -> set[str]:
    """The people with records naming an organisation that these records describe (an
    Organization resource that arrived after them may have made a referral a trigger)."""
    # Only Organization records describe one: the others are not sent (a file ingest
    # settles every record it stored, and looking each up took ~3 % of its time).
    organizations = [key for key in keys if resource_type_of_key(key) == "Organization"]
    people: set[str] = set()
    for chunk in batched(organizations, 5000):
        people.update(row["patientId"] for row in
                      graph.read_values("find_people_of_organization_records", keys=chunk))
    return people


def refresh_patients(graph: Graph, patient_ids: list[str], threads: int = 1) -> Touched:
    """Refresh these people, `_REFRESH_BATCH` at a time on `threads` threads.

    One transaction runs on one of the server's cores; a file ingest refreshes thousands
    of people at once, and two chunks at a time use the second core (the refresh took
    ~40 % less time on 2 cores). The chunks hold different people, so they write
    different nodes, except the organisations their records took place at: those edges
    are drawn one chunk at a time (`_ORGANIZATION_PLACES`)."""
    chunks = list(batched(patient_ids, _REFRESH_BATCH))
    if threads > 1 and len(chunks) > 1:
        with ThreadPoolExecutor(max_workers=threads,
                                thread_name_prefix="ingest-refresh") as pool:
            refreshed = list(pool.map(lambda ids: _refresh_chunk(graph, ids), chunks))
    else:
        refreshed = [_refresh_chunk(graph, ids) for ids in chunks]
    return Touched(patient_ids, sorted({pid for due, _ in refreshed for pid in due}),
                   sum(new_passports for _, new_passports in refreshed))


def _refresh_chunk(graph: Graph, ids: list[str]) -> tuple[list[str], int]:
    """(whose derived layers are due, how many became passports) for these people."""
    states = graph.write("refresh_patient_summaries", patientIds=ids)
    with _ORGANIZATION_PLACES:
        for rank, (path, named_by) in enumerate(_PLACE_OF_A_RECORD_FROM):
            graph.write("link_organizations_via", patientIds=ids, path=path,
                        namedBy=named_by,
                        earlier=[earlier for earlier, _ in _PLACE_OF_A_RECORD_FROM[:rank]])
    deleted = graph.write("delete_orphan_patients", patientIds=ids)
    new_passports = sum(1 for s in states if s["passport"] and not s["wasPassport"])
    derived_due = [s["patientId"] for s in states if s["passport"] or s["wasPassport"]]
    derived_due.extend(row["patientId"] for row in deleted)
    # Most people of a region never trigger: no records to derive tumours from (only a
    # passport's are read) and none stored before, so nothing to write for them (the
    # query would walk all their records to find no tumour link).
    graph.write("replace_patient_tumors", patients=[
        {"patientId": row["patientId"],
         "tumors": derive_tumors(row["patientId"], _with_native_dates(row["records"]))}
        for row in graph.read_values("fetch_tumor_facts", patientIds=ids)
        if row["records"] or row["hadTumors"]])
    return derived_due, new_passports


def _with_native_dates(records: list[dict[str, Any] | None]) -> list[dict[str, Any]]:
    """The driver's dates as `datetime.date`: the derivation sorts and compares them many
    times, and the driver's own Date type compares in Python code, several times slower."""
    return [{**record, "date": record["date"].to_native()} if record and record.get("date")
            else record for record in records if record]
