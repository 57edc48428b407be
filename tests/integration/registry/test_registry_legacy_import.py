"""Legacy CSV import on the real Neo4j: stored or quarantined, reconciled, idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from graph.database import Graph
from registry.legacy.importer import import_registry
from tests.factories import add_patient, add_record
from tests.integration.registry.helpers import count, entries

SAMPLE = Path(__file__).parents[2] / "data" / "registry" / "legacy"
TODAY = date(2025, 6, 30)
AT = datetime(2025, 6, 30, 9, 0, tzinfo=UTC)


def _fingerprint(graph: Graph) -> tuple[object, ...]:
    labels = graph.read_text(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS c ORDER BY label")
    relationships = graph.read_text(
        "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c ORDER BY t")
    return (tuple((r["label"], r["c"]) for r in labels),
            tuple((r["t"], r["c"]) for r in relationships))


def test_every_row_is_stored_or_quarantined_and_counts_reconcile(graph: Graph) -> None:
    summary = import_registry(graph, SAMPLE, today=TODAY, received_at=AT)

    assert summary.reconciles
    assert summary.counts == {
        "patients": {"received": 15, "stored": 11, "quarantined": 4},
        "tumours": {"received": 18, "stored": 12, "quarantined": 6},
        "sources": {"received": 22, "stored": 17, "quarantined": 5},
    }
    assert count(graph, "Quarantine") == 15
    reasons = {r["location"]: r["reason"] for r in graph.read_text(
        "MATCH (q:Quarantine {source: 'legacy-registry'}) RETURN q.location AS location, "
        "q.reason AS reason")}
    assert "СНИЛС" in reasons["patients.csv:13"]
    assert "IARC 2004" in reasons["tumours.csv:17"] and "T-002" in reasons["tumours.csv:17"]
    assert "не найден" in reasons["tumours.csv:13"]
    assert "xray" in reasons["sources.csv:20"]
    assert count(graph, "PatientRecord") == 11 and count(graph, "Passport") == 11
    assert count(graph, "Tumor") == 12 and count(graph, "RegistryEntry") == 12


def test_imported_data_land_in_the_documented_shape(graph: Graph) -> None:
    import_registry(graph, SAMPLE, today=TODAY, received_at=AT)

    shape = graph.read_text("""
        MATCH (d:Record {kind: 'diagnosis', source: 'legacy-registry', resourceId: 'T-001'})
              -[:SUBJECT]->(pr:PatientRecord)-[:BELONGS_TO]->(p:Passport)
        MATCH (d)-[:CONCERNS]->(t:Tumor)<-[:HAS_TUMOR]-(p)
        MATCH (s:Record {kind: 'pathology'})-[:CONCERNS]->(t)
        MATCH (s)-[:AT]->(o:Organization)
        RETURN p.patientId AS person, t.icd10 AS icd10, o.name AS organization""")
    assert shape == [{"person": "legacy-registry:P-001", "icd10": "C50.4",
                      "organization": "Областной онкологический диспансер"}]
    rows = entries(graph)
    breast = rows["legacy-registry|T-001"]
    assert (breast["basis"], breast["reportingDelayDays"], breast["treatment"]) == (
        7, 7, ["surgery"])
    assert breast["firstVisitOn"] == date(2021, 2, 20)
    dco = rows["legacy-registry|T-005"]
    assert (dco["basis"], dco["dco"], dco["removalReason"]) == (0, True, "died")
    moved = rows["legacy-registry|T-004"]
    assert (moved["removalReason"], moved["removedOn"]) == ("moved", date(2023, 7, 1))
    basal = rows["legacy-registry|T-006"]
    assert basal["removalReason"] == "basal-cell-5-years"
    lung = rows["legacy-registry|T-002"]
    assert (lung["vitalStatus"], lung["removalReason"]) == ("dead", "died")
    # the patient's own death certificate (C34.1) is not a second, DCO tumour
    assert not [e for e in rows.values() if e["tumorId"].startswith("dco|")]


def test_reimport_is_idempotent(graph: Graph) -> None:
    import_registry(graph, SAMPLE, today=TODAY, received_at=AT)
    first = _fingerprint(graph), entries(graph)
    later = datetime(2025, 7, 1, tzinfo=UTC)
    summary = import_registry(graph, SAMPLE, today=TODAY, received_at=later)
    assert summary.reconciles
    assert (_fingerprint(graph), entries(graph)) == first
    received = {r["at"] for r in graph.read_text(
        "MATCH (q:Quarantine) RETURN DISTINCT q.receivedAt AS at")}
    assert len(received) == 1  # the first arrival is kept


def test_a_person_known_by_snils_gets_the_legacy_records(graph: Graph) -> None:
    known = add_patient(graph, "person-known", snils="12345678964", family="Смирнова",
                        sex="female", birth_date=date(1958, 4, 12))
    add_record(graph, known, "consultation", date(2025, 5, 5))

    import_registry(graph, SAMPLE, today=TODAY, received_at=AT)

    linked = graph.read_text("""
        MATCH (:PatientRecord {key: 'legacy-registry|Patient|P-001'})-[l:BELONGS_TO]->(p)
        RETURN p.patientId AS person, l.reason AS reason""")
    assert linked == [{"person": "person-known", "reason": "snils"}]
    assert entries(graph)["legacy-registry|T-001"]["lastContactOn"] == date(2025, 5, 5)
