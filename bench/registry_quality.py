"""Benchmark of the registry quality checks over a region-sized registry (issue 9, point 5).

Setup (not timed as checks): a generated registry of >= 100 000 tumours is written with
bulk ``UNWIND`` batches in the documented graph shape (Patient:Passport, PatientRecord,
Tumor, diagnostic and 090/у Records, Organization), about 4% of rows carrying deliberate
errors, and the RegistryEntry nodes derived from the same facts by the registry's pure
``derive_entry`` are written the same way (or, with ``--rebuild``, derived from the graph
by ``rebuild_registry``, timed).
Timed: reading the registry from Neo4j, the nine IARC/IACR checks plus the multiple-primary
check, and the quality indicators per organisation and district. Goal: under 30 s.

Run against a scratch server only (it empties the graph), e.g.
``ONKO_DATA_DIR=.onkopassport/bench ONKO_NEO4J_BOLT_PORT=7720 \
python bench/registry_quality.py --wipe``
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from dataclasses import asdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.database import Graph, batched  # noqa: E402
from graph.local_server import LocalNeo4j  # noqa: E402
from graph.schema import apply_schema  # noqa: E402
from onkopassport.settings import Settings  # noqa: E402
from registry.checks import CHECKS, run_quality_checks  # noqa: E402
from registry.entry import TumourFacts, derive_entry, number_sequences  # noqa: E402
from registry.indicators import quality_indicators  # noqa: E402
from registry.rebuild import rebuild_registry  # noqa: E402
from registry.table import read_registry  # noqa: E402

TODAY = date(2025, 6, 30)
DISTRICTS = ("Северный", "Южный", "Центральный", "Заречный", "Лесной", "Приморский")
# (ICD-10, morphology, sex or None, share) — a plausible regional mix
SITES = (("C50.4", "8500/3", "female", 18), ("C34.1", "8140/3", None, 10),
         ("C34.3", "8070/3", None, 4), ("C18.7", "8140/3", None, 8),
         ("C20", "8140/3", None, 6), ("C61", "8140/3", "male", 9),
         ("C44.3", "8090/3", None, 11), ("C16.9", "8144/3", None, 6),
         ("C53.9", "8070/3", "female", 4), ("C54.1", "8380/3", "female", 4),
         ("C64", "8312/3", None, 4), ("C67.2", "8120/3", None, 3),
         ("C73", "8260/3", "female", 3), ("C25.0", "8500/3", None, 3),
         ("C43.5", "8720/3", None, 2), ("C83.3", "9680/3", None, 2),
         ("C92.0", "9861/3", None, 1), ("D05.1", "8500/2", "female", 2))
STAGES = ("I", "IIA", "IIB", "III", "IV", None)
KINDS = ("pathology",) * 8 + ("cytology", "instrumental")


def generate(tumours: int, seed: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Patients and tumours; about 4% of tumours get a deliberate error."""
    rng = random.Random(seed)
    weights = [s[3] for s in SITES]
    patients: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    while len(rows) < tumours:
        number = len(patients)
        site = rng.choices(SITES, weights)[0]
        sex = site[2] or rng.choice(("male", "female"))
        birth = date(1930, 1, 1) + timedelta(days=rng.randrange(365 * 70))
        diagnosed = date(2015, 1, 1) + timedelta(days=rng.randrange(365 * 10))
        dead = rng.random() < 0.25
        patient = {"patientId": f"bench-{number}", "key": f"bench|Patient|{number}",
                   "sex": sex, "birthDate": birth, "district": rng.choice(DISTRICTS),
                   "deceasedOn": min(diagnosed + timedelta(days=rng.randrange(2000)), TODAY)
                   if dead else None, "firstOn": diagnosed}
        patients.append(patient)
        for extra in range(1 if rng.random() < 0.9 else 2):
            icd10, morphology = site[0], site[1]
            if extra:
                icd10, morphology = "C18.2", "8140/3"
            row = {"patientId": patient["patientId"], "tumorId": f"bench-{number}-{extra}",
                   "recordKey": f"bench|DiagnosticReport|{number}-{extra}", "icd10": icd10,
                   "morphology": morphology, "stage": rng.choice(STAGES),
                   "diagnosedOn": diagnosed, "clinicalGroup": rng.choice(("II", "III", "IV")),
                   "activeDetection": rng.random() < 0.3, "kind": rng.choice(KINDS),
                   "organizationOid": f"bench-org-{rng.randrange(40)}",
                   "reportedOn": diagnosed + timedelta(days=rng.randrange(30))
                   if rng.random() < 0.9 else None}
            _maybe_break(rng, row, patient)
            rows.append(row)
    return patients, rows


def _maybe_break(rng: random.Random, row: dict[str, Any], patient: dict[str, Any]) -> None:
    roll = rng.random()
    if roll < 0.01:
        row["icd10"] = "C53.9" if patient["sex"] == "male" else "C61"   # sex/site
    elif roll < 0.02:
        row["morphology"] = "8090/3"                                       # site/morphology
    elif roll < 0.03:
        row["diagnosedOn"] = patient["birthDate"] - timedelta(days=30)     # dates
    elif roll < 0.035:
        row["morphology"] = None                                           # missing
    elif roll < 0.04:
        row["kind"] = "instrumental"                                       # basis/morphology


def setup(graph: Graph, patients: list[dict[str, Any]], rows: list[dict[str, Any]]) -> float:
    started = time.perf_counter()
    graph.write_text("UNWIND range(0, 39) AS i MERGE (o:Organization {oid: 'bench-org-' + i}) "
                     "SET o.name = 'Организация ' + i, o.district = $districts[i % 6]",
                     districts=list(DISTRICTS))
    for batch in batched(patients, 5000):
        graph.write_rows("merge_bench_registry_patients", batch)
    for batch in batched(rows, 5000):
        graph.write_rows("merge_bench_registry_tumors", batch)
    return time.perf_counter() - started


def write_entries(graph: Graph, patients: list[dict[str, Any]],
                  rows: list[dict[str, Any]]) -> tuple[int, float]:
    """RegistryEntry nodes for the generated tumours, derived by the registry's own pure
    `derive_entry` from the facts written in setup, and written with bulk UNWIND."""
    started = time.perf_counter()
    people = {p["patientId"]: p for p in patients}
    entries = []
    for row in rows:
        patient = people[row["patientId"]]
        records = [{"kind": row["kind"], "date": row["diagnosedOn"],
                    "morphology": row["morphology"], "organization": row["organizationOid"],
                    "organizationName": "Организация " + row["organizationOid"][9:]}]
        if row["reportedOn"]:
            records.append({"kind": "notification-090", "date": row["reportedOn"],
                            "organization": row["organizationOid"]})
        tumor = {"tumorId": row["tumorId"], "icd10": row["icd10"],
                 "morphology": row["morphology"], "stage": row["stage"],
                 "diagnosedOn": row["diagnosedOn"], "clinicalGroup": row["clinicalGroup"],
                 "activeDetection": row["activeDetection"], "verification": "confirmed"}
        entries.append(derive_entry(TumourFacts(
            patient_id=row["patientId"], tumor=tumor, records=records, sex=patient["sex"],
            birth_date=patient["birthDate"], district=patient["district"],
            deceased_on=patient["deceasedOn"], last_record_on=max(
                r["date"] for r in records)), TODAY))
    number_sequences(entries)
    for batch in batched(entries, 5000):
        graph.write_rows("merge_registry_entries", [
            {"entry": e.properties(), "statuses": [asdict(s) for s in e.statuses]}
            for e in batch], today=TODAY)
        graph.write("set_registry_entry_rows", tumorIds=[e.tumorId for e in batch])
    return len(entries), time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tumours", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--wipe", action="store_true", help="empty the graph first")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the bench graph of an earlier run (skip the setup)")
    parser.add_argument("--rebuild", action="store_true",
                        help="derive the entries with rebuild_registry over the whole graph "
                             "(timed) instead of deriving them from the generated facts")
    args = parser.parse_args()

    settings = Settings()
    if settings.uses_local_neo4j:
        LocalNeo4j(settings).start()
    graph = Graph.connect(settings)
    apply_schema(graph)
    existing = graph.read_text("MATCH (n) RETURN count(n) AS c")[0]["c"]
    bench_tumours = graph.read_text(
        "MATCH (t:Tumor) WHERE t.tumorId STARTS WITH 'bench-' RETURN count(t) AS c")[0]["c"]
    patients, rows = generate(args.tumours, args.seed)
    if args.reuse and bench_tumours >= args.tumours:
        print(f"setup: reusing {bench_tumours} bench tumours written by an earlier run "
              "(bulk UNWIND batches in the documented graph shape)")
    else:
        if existing and not args.wipe:
            sys.exit(f"The graph holds {existing} nodes; run on a scratch server with --wipe.")
        if existing:
            with graph.driver.session(database=graph.database) as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } "
                            "IN TRANSACTIONS OF 20000 ROWS").consume()
        setup_s = setup(graph, patients, rows)
        print(f"setup: {len(patients)} patients, {len(rows)} tumours with their records "
              f"written with bulk UNWIND batches in the documented graph shape: {setup_s:.1f} s",
              flush=True)
    bench_entries = graph.read_text(
        "MATCH (e:RegistryEntry) WHERE e.tumorId STARTS WITH 'bench-' RETURN count(e) AS c")[0]["c"]
    if args.rebuild:
        started = time.perf_counter()
        summary = rebuild_registry(graph, TODAY)
        print(f"setup: rebuild_registry derived {summary.entries} RegistryEntry nodes "
              f"({summary.dco_cases} DCO) from the graph in {time.perf_counter() - started:.1f} s",
              flush=True)
    elif args.reuse and bench_entries >= args.tumours:
        started = time.perf_counter()
        stale = [r["id"] for r in graph.read_text(
            "MATCH (e:RegistryEntry) WHERE e.row IS NULL RETURN e.tumorId AS id")]
        for batch in batched(stale, 10000):
            graph.write("set_registry_entry_rows", tumorIds=batch)
        print(f"setup: reusing {bench_entries} RegistryEntry nodes of an earlier run "
              f"(stored rows refreshed in {time.perf_counter() - started:.1f} s)")
    else:
        written, entries_s = write_entries(graph, patients, rows)
        print(f"setup: {written} RegistryEntry nodes (+ status periods) derived by "
              f"registry.entry.derive_entry and written with bulk UNWIND: {entries_s:.1f} s",
              flush=True)

    started = time.perf_counter()
    rows = read_registry(graph)
    read_s = time.perf_counter() - started
    started, cpu = time.perf_counter(), time.process_time()
    results = run_quality_checks(rows, TODAY)
    checks_s, checks_cpu = time.perf_counter() - started, time.process_time() - cpu
    started = time.perf_counter()
    by_org = quality_indicators(rows, results, "organization")
    by_district = quality_indicators(rows, results, "district")
    indicators_s = time.perf_counter() - started
    total = read_s + checks_s + indicators_s
    grades = results["grade"].value_counts().to_dict()
    print(f"quality checks over {len(rows)} tumours ({len(results)} check results): "
          f"read {read_s:.1f} s + {len(CHECKS)} checks {checks_s:.2f} s + indicators "
          f"{indicators_s:.2f} s "
          f"= {total:.1f} s (goal < 30 s: {'met' if total < 30 else 'NOT met'})")
    print(f"checks alone: {checks_cpu:.2f} CPU s of this process (wall time depends on the "
          f"neighbours of a shared machine; load average now {os.getloadavg()[0]:.1f})")
    print(f"grades: {grades}")
    region = by_district[by_district["key"] == ""].iloc[0]
    print(f"region: MV {region['mvPercent']}%, DCO {region['dcoPercent']}%, unknown stage "
          f"{region['unknownStagePercent']}%, missing items {region['missingItems']}, "
          f"median reporting delay {region['medianReportingDelayDays']} days; "
          f"{len(by_org) - 1} organisations, {len(by_district) - 1} districts")
    graph.close()


if __name__ == "__main__":
    main()
