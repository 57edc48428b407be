"""Quarantine (nothing lost, reasons a person can act on) and systematize (kinds, tumours)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from graph.database import Graph
from ingest.pipeline import Ingestor
from ingest.quarantine import list_quarantine, replay_quarantine
from onkopassport.cli import app as cli
from onkopassport.settings import Settings
from registry.rebuild import rebuild_registry
from tests import fhir_factories as f
from tests.integration.ingest.conftest import IngestFn, scalar

DATA = Path(__file__).resolve().parents[2] / "data" / "ingest"

EXPECTED_REASONS = {
    "good_and_bad.ndjson:4": "Текст не является корректным JSON (в конце текста)",
    "good_and_bad.ndjson:5": "Не ресурс FHIR: ожидался объект JSON с элементом 'resourceType'",
    "good_and_bad.ndjson:6": "resourceType 'Patent' — не тип ресурса FHIR R4",
    "good_and_bad.ndjson:7": "Patient/p-bad: элемент(ы) nickname не существуют",
    "good_and_bad.ndjson:8": "Patient.birthDate = '1961-02-30': такой даты нет в календаре",
    "good_and_bad.ndjson:9": "СНИЛС '112-233-445 96' — неверное контрольное число",
    "good_and_bad.ndjson:10": "Condition.subject.reference: ссылка 'urn:uuid:0000-missing' "
                              "не указывает ни на одну запись своего Bundle",
    "good_and_bad.ndjson:11": "Observation: непригодный id ('no id!')",
    # Shapes no check foresaw once stopped the whole file (a reader crashed on them):
    "good_and_bad.ndjson:13": "DocumentReference/d-shape: запись не удалось прочитать; "
                              "по FHIR R4: элемент DocumentReference.content",
    "good_and_bad.ndjson:14": "resourceType 'Coding' — не тип ресурса FHIR R4",  # a datatype
    "good_and_bad.ndjson:15": "Observation/o-deep: запись не удалось прочитать",  # 600 deep
}


def test_bad_input_is_quarantined_next_to_good_records(graph: Graph,
                                                       settings: Settings) -> None:
    summary = Ingestor(graph, settings).ingest_paths([DATA / "good_and_bad.ndjson"])
    assert summary.received == 15
    assert summary.received == summary.stored + summary.unchanged + summary.quarantined
    assert (summary.stored, summary.quarantined) == (4, 11)
    stored = scalar(graph, "MATCH (r:Record {placeholder: false}) RETURN count(r)")
    assert stored == 4
    items = {q["location"]: q for q in list_quarantine(graph)}
    assert set(items) == set(EXPECTED_REASONS)
    for location, fragment in EXPECTED_REASONS.items():
        assert fragment in items[location]["reason"], items[location]["reason"]
        assert items[location]["raw"], "the raw text is kept"
        assert items[location]["source"] == "good_and_bad"
    # The CLI lists the same items.
    listing = CliRunner().invoke(cli, ["quarantine", "list"], terminal_width=200)
    assert listing.exit_code == 0
    assert all(q["quarantineId"][:12] in listing.output for q in items.values())
    assert "причина" in listing.output and "контрольное" in listing.output
    assert "строка" in listing.output  # the place in words (rich wraps it in its column)


def test_corrected_record_is_replayed(graph: Graph, settings: Settings, tmp_path: Path) -> None:
    Ingestor(graph, settings).ingest_paths([DATA / "good_and_bad.ndjson"])
    bad_snils = next(q for q in list_quarantine(graph) if "контрольное число" in q["reason"])
    still = replay_quarantine(graph, settings, bad_snils["quarantineId"])
    assert still["status"] == "still-failing"
    again = CliRunner().invoke(cli, ["quarantine", "replay", bad_snils["quarantineId"]],
                               terminal_width=400)
    assert again.exit_code == 0, again.output
    assert again.output.startswith("Запись по-прежнему не принимается:")
    assert "СНИЛС '112-233-445 96' — неверное контрольное число" in again.output
    fixed = bad_snils["raw"].replace("112-233-445 96", "112-233-445 95")
    outcome = replay_quarantine(graph, settings, bad_snils["quarantineId"][:10], fixed)
    assert outcome["status"] == "replayed"
    assert outcome["records"] == ["good_and_bad|Patient|p-snils"]
    assert not any(q["quarantineId"] == bad_snils["quarantineId"] for q in list_quarantine(graph))


def test_records_get_kind_doctype_stage_and_tumour(graph: Graph, ingest: IngestFn) -> None:
    ingest([
        f.patient("1"),
        f.referral("r1", "Patient/1", authored="2025-01-10"),
        f.encounter("e1", "Patient/1", start="2025-01-13"),
        f.pathology_report("dr1", "Patient/1", morphology="8500/3"),
        f.condition("c1", "Patient/1", "C50.4", stage="IIA", morphology="8500/3",
                    recorded="2025-02-10",
                    evidence=[{"detail": [{"reference": "DiagnosticReport/dr1"}]}]),
        {"resourceType": "Procedure", "id": "s1", "status": "completed",
         "category": {"coding": [{"system": f.SNOMED, "code": "387713003"}]},
         "code": {"text": "Мастэктомия"}, "subject": {"reference": "Patient/1"},
         "performedDateTime": "2025-03-01",
         "reasonReference": [{"reference": "Condition/c1"}]},
        f.condition("c2", "Patient/1", "C18.7", recorded="2025-05-01", morphology="8140/3"),
    ])
    kinds = {r["id"]: r for r in graph.read_text(
        "MATCH (r:Record {placeholder: false}) WHERE r.kind <> 'patient' "
        "RETURN r.resourceId AS id, r.kind AS kind, r.vimisDocType AS doc, "
        "r.careStage AS stage, r.triggerKind AS trigger")}
    assert (kinds["r1"]["kind"], kinds["r1"]["doc"], kinds["r1"]["trigger"]) == ("referral", 1, 3)
    assert (kinds["e1"]["kind"], kinds["e1"]["doc"]) == ("consultation", 5)
    assert (kinds["dr1"]["kind"], kinds["dr1"]["doc"]) == ("pathology", 4)
    assert (kinds["s1"]["kind"], kinds["s1"]["doc"], kinds["s1"]["stage"]) == \
        ("surgery", 10, "treatment")
    tumours = graph.read_text("""
        MATCH (t:Tumor)<-[:CONCERNS]-(r:Record)
        RETURN t.icd10 AS icd10, t.stage AS stage, t.basis AS basis, t.sequence AS sequence,
               t.morphology AS morphology, collect(r.resourceId) AS records
        ORDER BY t.sequence""")
    assert [t["icd10"] for t in tumours] == ["C50.4", "C18.7"]  # two primaries
    breast = tumours[0]
    # basis of diagnosis 7: histology of the primary (the pathology report dr1)
    assert (breast["stage"], breast["basis"], breast["morphology"]) == ("IIA", 7, "8500/3")
    assert {"c1", "dr1", "s1"} <= set(breast["records"])


def test_evidence_named_by_identifier_verifies_its_tumour(graph: Graph, ingest: IngestFn) -> None:
    """The region's MIS name the laboratory's pathology report by its identifier, not by id
    (domain.md §9): the report is still the evidence of that one of two primaries, and the
    tumour is morphologically verified — whichever of the two arrives first."""
    report_id = {"system": "urn:onkopassport:mis:lab:DiagnosticReport", "value": "R-77"}
    ingest([
        f.patient("1", snils="112-233-445 95"),
        f.condition("c1", "Patient/1", "C50.4", recorded="2025-02-10",
                    evidence=[{"detail": [{"type": "DiagnosticReport",
                                           "identifier": report_id}]}]),
        f.condition("c2", "Patient/1", "C73", recorded="2025-05-01"),
    ], source="poly-mis")
    report = f.pathology_report("77", "Patient/9", morphology="8500/3")
    report["identifier"] = [report_id]
    ingest([f.patient("9", snils="112-233-445 95", local_system="urn:mis:lab:patient"), report],
           source="lab")
    tumours = graph.read_text("""
        MATCH (t:Tumor)
        RETURN t.icd10 AS icd10, t.basis AS basis, t.morphologicallyVerified AS verified,
               [(t)<-[:CONCERNS]-(r) | r.key] AS records
        ORDER BY t.sequence""")
    assert [(t["icd10"], t["basis"], t["verified"]) for t in tumours] == \
        [("C50.4", 7, True), ("C73", 1, False)]
    assert "lab|DiagnosticReport|77" in tumours[0]["records"]
    assert "lab|DiagnosticReport|77" not in tumours[1]["records"]


def test_snomed_codes_map_to_icd10_and_unmapped_are_counted(graph: Graph,
                                                            ingest: IngestFn) -> None:
    mapped = f.condition("c1", "Patient/1", "C00")
    mapped["code"] = {"coding": [{"system": f.SNOMED, "code": "254637007",
                                  "display": "Non-small cell lung cancer"}]}
    unknown = f.condition("c2", "Patient/1", "C00")
    unknown["code"] = {"coding": [{"system": f.SNOMED, "code": "999999999",
                                   "display": "Malignant neoplasm of somewhere"}]}
    summary = ingest([f.patient("1"), mapped, unknown])
    assert scalar(graph, "MATCH (r:Record {resourceId: 'c1'}) RETURN r.icd10") == "C34.9"
    assert summary.unmapped_codes == {"http://snomed.info/sct|999999999": 1}
    assert scalar(graph, "MATCH (r:Record {resourceId: 'c2'}) RETURN count(r)") == 1


def test_codes_missing_from_icd10_are_stored_counted_and_listed(
        graph: Graph, ingest: IngestFn, tmp_path: Path) -> None:
    """Issue #3 point 5: nothing dropped; C99.9 (no such code) and C42.1 (no such category)
    are stored as sent and counted, a valid code in another spelling is not. C42.1 lies in
    C00–C97: the passport opens (a suspicion), but no tumour takes a site that does not
    exist."""
    summary = ingest([f.patient("1"), f.condition("c1", "Patient/1", "C99.9"),
                      f.patient("2", family="Орлова", birth="1970-01-02"),
                      f.condition("c2", "Patient/2", "C42.1"),
                      f.condition("c3", "Patient/2", "C42.1", recorded="2025-03-01"),
                      f.patient("3", family="Белова", birth="1980-05-06"),
                      f.condition("c4", "Patient/3", "с509")])
    assert summary.stored == 7 and summary.quarantined == 0
    assert summary.unknown_icd10 == {"C99.9": 1, "C42.1": 2}
    assert summary.as_dict()["unknownIcd10Codes"] == {"C99.9": 1, "C42.1": 2}
    stored = graph.read_text("MATCH (r:Record) WHERE r.resourceType = 'Condition' "
                             "RETURN r.resourceId AS id, r.icd10 AS icd10 ORDER BY id")
    assert [(r["id"], r["icd10"]) for r in stored] == [
        ("c1", "C99.9"), ("c2", "C42.1"), ("c3", "C42.1"), ("c4", "C50.9")]
    passports = graph.read_text(
        "MATCH (pr:PatientRecord)-[:BELONGS_TO]->(p:Passport) "
        "OPTIONAL MATCH (p)-[:HAS_TUMOR]->(t:Tumor) "
        "RETURN pr.resourceId AS id, collect(t.icd10) AS tumours ORDER BY id")
    assert [(r["id"], r["tumours"]) for r in passports] == [("2", []), ("3", ["C50.9"])]
    inbox = tmp_path / "inbox.ndjson"
    inbox.write_text(json.dumps(f.condition("c5", "Patient/1", "C99.9")) + "\n",
                     encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(inbox)], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert re.search(r"коды, отсутствующие в МКБ-10 \(сохранены\)\s*│\s*C99\.9 ×1",
                     result.output), result.output


def test_a_record_without_an_organisation_takes_its_encounter_s(graph: Graph,
                                                               ingest: IngestFn) -> None:
    """A diagnosis asserted by a practitioner and a surgery name no organisation; their
    encounter does, and a stage observation names the diagnosis it is about. The route,
    gaps and indicators read where they happened from those, whichever arrives first, and
    follow a newer version of the encounter elsewhere; a record's own organisation wins."""
    def where(resource_id: str) -> list[tuple[str, str | None]]:
        return [(row["oid"], row["via"]) for row in graph.read_text(
            "MATCH (:Record {key: $key})-[at:AT]->(o:Organization) "
            "RETURN o.oid AS oid, at.via AS via", key="mis-a|" + resource_id.replace("/", "|"))]

    diagnosis = f.condition("c1", "Patient/1", "C50.4", encounter={"reference": "Encounter/e1"},
                            asserter={"reference": "Practitioner/doc"})
    surgery = {"resourceType": "Procedure", "id": "s1", "status": "completed",
               "category": {"coding": [{"system": "http://snomed.info/sct",
                                        "code": "387713003"}]},
               "subject": {"reference": "Patient/1"}, "performedDateTime": "2025-02-20",
               "encounter": {"reference": "Encounter/e1"}}
    own = f.condition("c2", "Patient/1", "C50.4", encounter={"reference": "Encounter/e1"},
                      asserter=f.org_ref("1.2.643.5.1.13.7"))
    stage = {"resourceType": "Observation", "id": "o1", "status": "final",
             "code": {"coding": [{"system": "http://loinc.org", "code": "21908-9"}]},
             "subject": {"reference": "Patient/1"}, "effectiveDateTime": "2025-02-10",
             "valueCodeableConcept": {"text": "IIA"},
             "focus": [{"reference": "Condition/c1"}]}
    ingest([f.patient("1"), diagnosis, surgery, own, stage])
    assert where("Condition/c1") == [] and where("Procedure/s1") == []
    assert where("Observation/o1") == []

    ingest([f.encounter("e1", "Patient/1", klass="IMP", provider_oid="1.2.643.5.1.13.3")])
    assert where("Condition/c1") == where("Procedure/s1") == [("1.2.643.5.1.13.3", "encounter")]
    assert where("Observation/o1") == [("1.2.643.5.1.13.3", "focus")]
    assert where("Condition/c2") == [("1.2.643.5.1.13.7", None)]

    moved = f.encounter("e1", "Patient/1", klass="IMP", provider_oid="1.2.643.5.1.13.4",
                        meta=f.meta(2))
    ingest([moved])
    assert where("Procedure/s1") == [("1.2.643.5.1.13.4", "encounter")]
    assert where("Observation/o1") == [("1.2.643.5.1.13.4", "focus")]


def test_a_specimen_was_received_where_its_report_was_made(graph: Graph,
                                                           ingest: IngestFn) -> None:
    """A Specimen names no organisation (FHIR R4 has no element for it); the pathology
    report naming it does, so its receipt — the start of deadline D3 — is placed at that
    laboratory, followed when the report moves, and left alone when it names none."""
    def where(resource_id: str) -> list[tuple[str, str | None]]:
        return [(row["oid"], row["via"]) for row in graph.read_text(
            "MATCH (:Record {key: $key})-[at:AT]->(o:Organization) "
            "RETURN o.oid AS oid, at.via AS via", key="mis-a|" + resource_id.replace("/", "|"))]

    specimen = {"resourceType": "Specimen", "id": "sp1", "subject": {"reference": "Patient/1"},
                "receivedTime": "2025-02-03T09:00:00+03:00"}
    unreported = {**specimen, "id": "sp2"}
    report = {**f.pathology_report("r1", "Patient/1"),
              "specimen": [{"reference": "Specimen/sp1"}],
              "performer": [f.org_ref("1.2.643.5.1.13.5")]}
    ingest([f.patient("1"), f.condition("c1", "Patient/1", "C50.4"), specimen, unreported])
    assert where("Specimen/sp1") == []

    ingest([report])
    assert where("Specimen/sp1") == [("1.2.643.5.1.13.5", "specimen")]
    assert where("Specimen/sp2") == []

    ingest([{**report, "meta": f.meta(2), "performer": [f.org_ref("1.2.643.5.1.13.6")]}])
    assert where("Specimen/sp1") == [("1.2.643.5.1.13.6", "specimen")]


def test_the_clinical_group_follows_the_care_given(graph: Graph, ingest: IngestFn) -> None:
    """A stage IV lung cancer is group IV; IIa under chemotherapy given to cure (mCODE's
    procedure intent); IV again once a visit for palliative care (Z51.5) follows."""
    def group() -> str:
        return scalar(graph, "MATCH (:Passport)-[:HAS_TUMOR]->(t:Tumor) RETURN t.clinicalGroup")

    diagnosis = f.condition("c1", "Patient/1", "C34.1", stage="IV")
    chemo = f.chemotherapy("m1", "Patient/1", "Condition/c1")
    palliative = f.encounter("e9", "Patient/1", start="2025-09-01")
    palliative["reasonCode"] = [{"coding": [{"system": "http://hl7.org/fhir/sid/icd-10",
                                             "code": "Z51.5"}]}]
    palliative["diagnosis"] = [{"condition": {"reference": "Condition/c1"}}]
    ingest([f.patient("1"), diagnosis])
    assert group() == "IV"
    ingest([chemo])
    assert group() == "IIa"
    ingest([palliative])
    assert group() == "IV"


def test_a_cancer_known_only_from_the_death_certificate_is_a_dco_case(
        graph: Graph, ingest: IngestFn) -> None:
    """Ingested, not inserted: the tumour derivation must leave such a cancer to the
    registry's DCO tumour (basis 0), which form No. 7 and the indicators then count."""
    certificate = {
        "resourceType": "DocumentReference", "id": "d1", "status": "current",
        "type": {"coding": [{"system": "urn:onkopassport:event", "code": "death-certificate"}]},
        "subject": {"reference": "Patient/1"}, "date": "2025-03-03T14:00:00+03:00",
        "context": {"event": [{"coding": [{"system": "http://hl7.org/fhir/sid/icd-10",
                                           "code": "C16.9"}]}]},
        "content": [{"attachment": {"contentType": "text/plain",
                                    "title": "Медицинское свидетельство о смерти"}}]}
    ingest([f.patient("1"), certificate])
    rebuild_registry(graph, date(2026, 1, 15))
    rows = graph.read_text("""
        MATCH (p:Patient)-[:HAS_TUMOR]->(t:Tumor)
        OPTIONAL MATCH (e:RegistryEntry {tumorId: t.tumorId})
        RETURN t.tumorId AS tumorId, t.basis AS basis, toString(t.diagnosedOn) AS diagnosedOn,
               e IS NOT NULL AS registered""")
    assert rows == [{"tumorId": "dco|mis-a|DocumentReference|d1", "basis": 0,
                     "diagnosedOn": "2025-03-03", "registered": True}]
