"""A generated region against its ground truth: people, passports and tumours."""

from __future__ import annotations

import asyncio
import csv
import json
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from api.graphql.context import RequestContext
from api.graphql.schema import schema
from api.security import Principal
from graph.database import Graph
from ingest.pipeline import Ingestor, IngestSummary
from onkopassport.settings import Settings
from registry.rebuild import rebuild_registry
from synth import generate_region
from synth.labs import MARKERS


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("truth-region")
    generate_region(patients=300, seed=1, out_dir=out)
    return out


@pytest.fixture
def ingested(graph: Graph, settings: Settings, region: Path) -> IngestSummary:
    return Ingestor(graph, settings).ingest_paths([region])


def _truth(region: Path) -> tuple[dict[str, str], list[dict[str, object]]]:
    with (region / "ground_truth" / "records.csv").open() as stream:
        person_of = {row["key"]: row["person_id"] for row in csv.DictReader(stream)}
    people = [json.loads(line) for line in (region / "ground_truth" / "patients.jsonl").open()]
    return person_of, people


def test_records_reconcile_with_broken_ones_quarantined(ingested: IngestSummary, graph: Graph,
                                                        region: Path) -> None:
    """Every broken line is quarantined where it is, and nothing else: not the region's
    manifest. A subject that no source ever sends is no error on arrival (it may come
    later, fhir-input.md): its record is stored with a placeholder patient."""
    broken = [json.loads(line) for line in
              (region / "ground_truth" / "broken.jsonl").read_text().splitlines() if line]
    never_sent = [b for b in broken if b["kind"] == "unresolved-reference"]
    assert ingested.reconciles()
    quarantined = {row["location"] for row in graph.read_text(
        "MATCH (q:Quarantine) RETURN q.location AS location")}
    assert quarantined == {f"{b['file']}:{b['line']}" for b in broken if b not in never_sent}
    assert ingested.quarantined == len(quarantined)
    for item in never_sent:
        subjects = graph.read_text(
            "MATCH (:Record {key: $key})-[:SUBJECT]->(s) RETURN s.placeholder AS placeholder",
            key=item["key"])
        assert subjects == [{"placeholder": True}], item


def test_people_are_linked_without_false_merges(ingested: IngestSummary, graph: Graph,
                                                region: Path) -> None:
    person_of, people = _truth(region)
    links = graph.read_text("""
        MATCH (pr:PatientRecord {placeholder: false})-[:BELONGS_TO]->(p:Patient)
        RETURN pr.key AS key, p.patientId AS patientId""")
    people_per_patient: dict[str, set[str]] = defaultdict(set)
    patients_per_person: dict[str, set[str]] = defaultdict(set)
    for link in links:
        person = person_of[link["key"]]
        people_per_patient[link["patientId"]].add(person)
        patients_per_person[person].add(link["patientId"])
    merged = [p for p, persons in people_per_patient.items() if len(persons) > 1]
    split = [p for p, patients in patients_per_person.items() if len(patients) > 1]
    assert merged == []
    assert len(split) <= 0.01 * len(people)


def test_passports_are_exactly_the_people_with_signs_of_cancer(
        ingested: IngestSummary, graph: Graph, region: Path) -> None:
    person_of, people = _truth(region)
    expected = {p["person_id"] for p in people if p["kind"] != "none"}
    passport_people = {person_of[row["key"]] for row in graph.read_text("""
        MATCH (pr:PatientRecord {placeholder: false})-[:BELONGS_TO]->(:Passport)
        RETURN pr.key AS key""")}
    assert passport_people == expected


def _found_tumours(graph: Graph, region: Path) -> tuple[
        dict[tuple[str, str], dict[str, Any]], dict[tuple[str, str], dict[str, Any]]]:
    """The true tumours by (person, site group), and the confirmed tumours of the graph
    matched to them (same person, same three-character ICD-10 code)."""
    person_of, people = _truth(region)
    true_tumours = {(p["person_id"], t["site_group"]): t for p in people for t in p["tumours"]}
    rows = graph.read_text("""
        MATCH (pr:PatientRecord {placeholder: false})-[:BELONGS_TO]->(:Passport)-[:HAS_TUMOR]->(t)
        WHERE t.verification = 'confirmed'
        RETURN DISTINCT pr.key AS key, t.icd10 AS icd10, t.stage AS stage,
               t.morphology AS morphology, t.tumorId AS tumorId""")
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        truth = next((t for (person, _), t in true_tumours.items()
                      if person == person_of[row["key"]]
                      and str(t["icd10"])[:3] == str(row["icd10"])[:3]), None)
        if truth is not None:
            found[(person_of[row["key"]], str(truth["site_group"]))] = row
    return true_tumours, found


def test_tumours_match_the_true_site_stage_and_morphology(
        ingested: IngestSummary, graph: Graph, region: Path) -> None:
    true_tumours, found = _found_tumours(graph, region)
    assert len(found) >= 0.95 * len(true_tumours)
    stage_agrees = sum(1 for key, row in found.items()
                       if str(row["stage"]).startswith(str(true_tumours[key]["stage"])))
    morphology_agrees = sum(1 for key, row in found.items()
                            if row["morphology"] == true_tumours[key]["morphology"])
    assert stage_agrees >= 0.9 * len(found)
    assert morphology_agrees >= 0.9 * len(found)


def test_the_registry_removes_the_tumours_the_truth_removes_for_the_same_reason(
        ingested: IngestSummary, graph: Graph, region: Path) -> None:
    """The registry built from the region's records (named bases, dispensary episodes
    ended by the MIS without a reason) against the generator's removals."""
    as_of = date.fromisoformat(json.loads((region / "manifest.json").read_text())["as_of"])
    summary = rebuild_registry(graph, as_of)
    true_tumours, found = _found_tumours(graph, region)
    assert summary.entries >= len(found) > 0
    entries = {row["tumorId"]: row for row in graph.read_text(
        "MATCH (e:RegistryEntry) RETURN e.tumorId AS tumorId, e.removalReason AS reason, "
        "e.basis AS basis")}
    assert all(row["basis"] in {0, 1, 2, 4, 5, 6, 7, 9} for row in entries.values())
    reasons = {key: (true_tumours[key]["dispensary_end_reason"],
                     entries[str(row["tumorId"])]["reason"]) for key, row in found.items()}
    moves = [found for truth, found in reasons.values() if truth == "moved"]
    assert moves and all(found == "moved" for found in moves)
    disagree = {key: pair for key, pair in reasons.items() if pair[0] != pair[1]}
    assert len(disagree) <= 0.05 * len(reasons), disagree


def test_lab_reports_arrive_with_the_results_the_passport_shows(
        ingested: IngestSummary, graph: Graph, region: Path) -> None:
    """The generated blood counts and tumour markers carry their results (synth/labs.py);
    the stored record keeps them as its `value` (a broken extra is a bare report)."""
    broken = {json.loads(line)["key"] for line in
              (region / "ground_truth" / "broken.jsonl").read_text().splitlines() if line}
    rows = [row for row in graph.read_text(
        "MATCH (r:Record {kind: 'laboratory', resourceType: 'DiagnosticReport'}) "
        "RETURN r.key AS key, r.code AS code, r.value AS value") if row["key"] not in broken]
    by_code = defaultdict(list)
    for row in rows:
        by_code[row["code"]].append(row["value"])
    assert {"58410-2", "2039-6", "10334-1"} <= set(by_code) <= {"58410-2", *MARKERS}
    assert all(value and value.startswith("Гемоглобин ") for value in by_code["58410-2"])
    for code in set(by_code) - {"58410-2"}:
        unit = f" {MARKERS[code].analyte.unit}"
        assert all(value and value.endswith(unit) for value in by_code[code]), code


PASSPORT_RECOMMENDATIONS = """query($id: ID!) { passport(patientId: $id) {
  ... on Passport { recommendations { siteGroup done { recommendationId }
                                      missing { recommendationId } } } } }"""


def _guideline_lists(graph: Graph, icd10_prefix: str, site_group: str
                     ) -> list[tuple[set[str], set[str]]]:
    """(done, missing) recommendation ids of every tumour of `site_group` in the passports
    of the people with a tumour coded `icd10_prefix`…"""
    patient_ids = [row["id"] for row in graph.read_text("""
        MATCH (p:Passport)-[:HAS_TUMOR]->(t) WHERE t.icd10 STARTS WITH $prefix
        RETURN DISTINCT p.patientId AS id""", prefix=icd10_prefix)]
    assert patient_ids, f"the 300-person region of seed 1 has a {icd10_prefix} cancer"
    done_or_missing = []
    for patient_id in patient_ids:
        result = asyncio.run(schema.execute(  # the passport's resolvers are async
            PASSPORT_RECOMMENDATIONS, variable_values={"id": patient_id},
            context_value=RequestContext(graph, Principal("admin-1", "admin"))))
        assert not result.errors, result.errors
        assert result.data is not None
        for tumour in result.data["passport"]["recommendations"]:
            if tumour["siteGroup"] == site_group:
                done_or_missing.append((
                    {item["recommendationId"] for item in tumour["done"]},
                    {item["recommendationId"] for item in tumour["missing"]}))
    return done_or_missing


def test_an_endometrial_cancers_guideline_list_finds_its_ca125_done(
        ingested: IngestSummary, graph: Graph) -> None:
    """The generator orders the marker the site's guideline asks for (synth/labs.py): the
    passport of a woman with endometrial cancer (C54) and a generated marker test shows
    «CA-125 в крови» done, not missing."""
    done_or_missing = _guideline_lists(graph, "C54", "corpus-uteri")
    assert any("corpus-uteri:ca125" in done for done, _ in done_or_missing), done_or_missing


def test_an_endometrial_cancers_guideline_list_finds_its_pelvic_imaging_done(
        ingested: IngestSummary, graph: Graph) -> None:
    """The generator orders the staging study the site's guideline asks for
    (synth/imaging.py): the endometrial cancer's list shows «УЗИ и/или МРТ органов малого
    таза» done, where a chest CT left it missing."""
    done_or_missing = _guideline_lists(graph, "C54", "corpus-uteri")
    assert any("corpus-uteri:pelvic-imaging" in done for done, _ in done_or_missing), \
        done_or_missing
