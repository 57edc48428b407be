"""Reclassify: stored records read again by this version's classifier (`onkopassport
reclassify`), the people whose records changed derived again."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from graph.database import Graph
from ingest.reclassify import reclassify_records
from onkopassport.cli import app as cli
from onkopassport.orchestration import full_ingestor
from onkopassport.settings import Settings
from synth import generate_region
from tests import fhir_factories as f
from tests.integration.ingest.conftest import scalar
from tests.integration.registry.helpers import ingest_fully

CHEMO_KEY = "poly-a|MedicationRequest|m1"


def _lung_cancer_under_curative_chemotherapy() -> list[dict]:
    return [f.patient("1"), f.condition("c1", "Patient/1", "C34.1", stage="IV"),
            f.chemotherapy("m1", "Patient/1", "Condition/c1")]


def _group(graph: Graph) -> str:
    return scalar(graph, "MATCH (:Passport)-[:HAS_TUMOR]->(t:Tumor) RETURN t.clinicalGroup")


def test_reclassify_reads_what_an_older_classifier_did_not(graph: Graph,
                                                            settings: Settings) -> None:
    """A record stored before the classifier read the care intent (made so here by taking
    the fact off) gets it back from its raw JSON, and its person's tumour is derived again:
    the stage IV cancer treated to cure is group IIa, not IV. A record whose JSON cannot be
    read is named with the reason and left alone; a legacy registry row (no FHIR, no
    version rank) is not read at all."""
    ingest_fully(graph, settings, _lung_cancer_under_curative_chemotherapy())
    assert _group(graph) == "IIa"
    edges_before = scalar(graph, "MATCH (:Record {key: $key})-[e]-() RETURN count(e)",
                          key=CHEMO_KEY)
    graph.write_text("MATCH (r:Record {key: $key}) REMOVE r.careIntent", key=CHEMO_KEY)
    graph.write_text("MATCH (t:Tumor) SET t.clinicalGroup = 'IV'")
    graph.write_text("CREATE (:Record {key: 'poly-a|Observation|broken', rank: '1|',"
                     " resource: '{\"resourceType\": \"Observation\", ', kind: 'laboratory'})"
                     " CREATE (:Record {key: 'legacy|Condition|7', resource: '{\"row\": 7}',"
                     " kind: 'diagnosis'})")

    result = CliRunner().invoke(cli, ["reclassify", "--today", "30.06.2025"])
    assert result.exit_code == 0, result.output
    assert "Прочитано записей: 4; изменено: 1 (careIntent 1)" in result.output
    output = " ".join(result.output.split())  # the console wraps long lines
    assert ("poly-a|Observation|broken: сохранённый текст записи повреждён. Текст не является "
            "корректным JSON") in output
    assert "Пересчитано: 1 человек" in result.output and "30.06.2025" in result.output
    assert scalar(graph, "MATCH (r:Record {key: $key}) RETURN r.careIntent",
                  key=CHEMO_KEY) == "curative"
    assert _group(graph) == "IIa"
    assert scalar(graph, "MATCH (:Record {key: $key})-[e]-() RETURN count(e)",
                  key=CHEMO_KEY) == edges_before
    assert scalar(graph, "MATCH (r:Record {key: 'poly-a|Observation|broken'}) "
                         "RETURN r.kind") == "laboratory"

    derived_again: list[list[str]] = []
    again = reclassify_records(graph, derived_again.append)
    assert (again.read, again.changed, again.people, derived_again) == (4, 0, [], [])


def test_records_stored_by_this_version_read_the_same_again(graph: Graph, settings: Settings,
                                                            tmp_path: Path) -> None:
    """Over a generated region (Bundles whose references name urn:uuid entries, dates,
    codes of every kind) ingested with its routes and registry entries, reading every
    record again changes no fact and removes none another layer keeps on a record: what
    differs after an upgrade is what the new classifier reads, nothing else."""
    generate_region(patients=40, seed=5, out_dir=tmp_path)
    full_ingestor(graph, settings).ingest_paths([tmp_path])
    assert scalar(graph, "MATCH (e:Event) RETURN count(e)") > 0
    stored = scalar(graph, "MATCH (r:Record) WHERE r.rank IS NOT NULL "
                           "AND r.resource IS NOT NULL RETURN count(r)")

    derived_again: list[list[str]] = []
    summary = reclassify_records(graph, derived_again.append, page_size=97)

    assert stored > 300 and summary.read == stored
    assert (summary.changed, summary.unreadable, summary.people) == (0, [], [])
    assert derived_again == []
