"""Reading: formats, references, out-of-order arrival, source scoping, versions, retraction."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.database import Graph
from ingest.pipeline import Ingestor
from onkopassport.cli import app as cli
from onkopassport.errors import InputError
from onkopassport.settings import Settings
from tests import fhir_factories as f
from tests.integration.ingest.conftest import IngestFn, scalar


def _person_of(graph: Graph, key: str) -> str | None:
    return scalar(graph, """
        MATCH (r:Record {key: $key})-[:SUBJECT]->(:PatientRecord)-[:BELONGS_TO]->(p:Patient)
        RETURN p.patientId""", key=key)


def test_every_input_format_is_read(graph: Graph, settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "nested").mkdir(parents=True)
    (folder / "patient.json").write_text(json.dumps(f.patient("1")), encoding="utf-8")
    (folder / "bundle.json").write_text(json.dumps(f.bundle([f.patient("2")])))
    (folder / "stream.ndjson").write_text(
        "\n".join(json.dumps(r) for r in (f.patient("3"), f.patient("4"))) + "\n")
    with gzip.open(folder / "nested" / "stream.ndjson.gz", "wt", encoding="utf-8") as out:
        out.write(json.dumps(f.patient("5")) + "\n")
    summary = Ingestor(graph, settings).ingest_paths([folder], source="mis-a")
    assert (summary.received, summary.stored, summary.quarantined) == (5, 5, 0)
    assert scalar(graph, "MATCH (r:PatientRecord {placeholder: false}) RETURN count(r)") == 5


def test_files_are_read_by_a_reader_process_that_reports_failures_and_memory(
        graph: Graph, settings: Settings, tmp_path: Path) -> None:
    """Files are prepared in a process of their own: what goes wrong there reaches the
    operator as an input error naming the file, and its peak memory is in the summary."""
    stream = tmp_path / "stream.ndjson"
    stream.write_text(json.dumps(f.patient("1")) + "\n", encoding="utf-8")
    summary = Ingestor(graph, settings).ingest_paths([stream])
    assert summary.stored == 1
    assert summary.reader_peak_rss_mb is not None and summary.reader_peak_rss_mb > 0
    assert summary.reader_cpu_seconds is not None and summary.reader_cpu_seconds > 0

    missing = tmp_path / "gone.ndjson"
    with pytest.raises(InputError, match=r"^Не удалось прочитать файл .*gone\.ndjson \(в начале "
                       r"чтения\): No such file or directory; проверьте, что файл на месте"):
        Ingestor(graph, settings).ingest_paths([missing])


def test_references_by_urn_relative_absolute_and_identifier(graph: Graph,
                                                            ingest: IngestFn) -> None:
    person = f.patient("p1", snils="112-233-445 95")
    transaction = f.bundle([person, f.condition("c-urn", "urn:uuid:p1", "C50.4")],
                           kind="transaction", urn=True)
    ingest([transaction])
    ingest([f.condition("c-rel", "Patient/p1", "C50.4"),
            f.condition("c-abs", "http://mis-a.example/fhir/Patient/p1", "C50.4")])
    by_snils = f.condition("c-ident", "Patient/none", "C50.4")
    by_snils["subject"] = {"identifier": {"system": f.SNILS, "value": "11223344595"}}
    ingest([by_snils], source="mis-b")
    people = {_person_of(graph, key) for key in (
        "mis-a|Condition|c-urn", "mis-a|Condition|c-rel", "mis-a|Condition|c-abs",
        "mis-b|Condition|c-ident")}
    assert len(people) == 1 and None not in people


def test_a_conditional_reference_by_identifier_joins_the_person(graph: Graph,
                                                                ingest: IngestFn) -> None:
    """A transaction of another MIS names its patient as `Patient?identifier=…` (FHIR's
    conditional reference): the record joins the person who carries that СНИЛС. Other
    search criteria are refused with a reason, and the entry is kept in quarantine."""
    ingest([f.patient("p1", snils="112-233-445 95")])
    conditional = f.condition("c-cond", f"Patient?identifier={f.SNILS}|112-233-445 95", "C50.4")
    by_name = f.condition("c-name", "Patient?family=Смирнова", "C50.4")
    summary = ingest([f.bundle([conditional, by_name], kind="transaction")], source="mis-b")
    assert summary.stored == 1 and summary.quarantined == 1
    person = scalar(graph, "MATCH (:PatientRecord {key: 'mis-a|Patient|p1'})-[:BELONGS_TO]->(p) "
                           "RETURN p.patientId")
    assert person is not None and _person_of(graph, "mis-b|Condition|c-cond") == person
    reason = scalar(graph, "MATCH (q:Quarantine) RETURN q.reason")
    assert reason.startswith("Condition/c-name, элемент Condition.subject.reference: условная "
                             "ссылка 'Patient?family=Смирнова' не поддерживается")
    assert "Type?identifier=system|value" in reason


def test_records_arriving_before_their_patient_join_them(graph: Graph,
                                                        ingest: IngestFn) -> None:
    ingest([f.condition("c1", "Patient/late", "C18.7")])
    assert _person_of(graph, "mis-a|Condition|c1") is None
    ingest([f.patient("late")])
    assert _person_of(graph, "mis-a|Condition|c1") is not None
    assert scalar(graph, "MATCH (p:Passport) RETURN count(p)") == 1


@pytest.mark.parametrize("by", ["identifier", "relative"])
def test_referral_to_a_cancer_centre_that_is_described_later_opens_the_passport(
        graph: Graph, ingest: IngestFn, by: str) -> None:
    """A referral names an organisation (by its FRMO OID, or as Organization/id) that the
    region has not described yet: no trigger. When its Organization resource arrives and
    says it is a ЦАОП, the referral is a trigger (domain.md §5) and the person becomes a
    passport, although none of their records is sent again."""
    referral = f.referral("r1", "Patient/1", reason="I10", to_oncologist=False)
    centre = f.organization("1.2.643.5.1.13.99", "ЦАОП Северный", "caop", rid="caop-99")
    referral["performer"] = [f.org_ref("1.2.643.5.1.13.99") if by == "identifier"
                             else {"reference": "Organization/caop-99"}]
    ingest([f.patient("1"), referral])
    assert scalar(graph, "MATCH (p:Passport) RETURN count(p)") == 0
    ingest([centre])
    assert str(scalar(graph, "MATCH (p:Passport) RETURN p.passportSince")) == "2025-01-20"


def test_ids_are_scoped_by_source(graph: Graph, ingest: IngestFn) -> None:
    ingest([f.patient("1", family="Орлов", given="Олег", sex="male", birth="1950-01-01")],
           source="mis-a")
    ingest([f.patient("1", family="Зайцева", given="Мария", birth="1980-07-07")],
           source="mis-b")
    assert scalar(graph, "MATCH (p:Patient) RETURN count(p)") == 2


def test_meta_source_names_the_scope(graph: Graph, ingest: IngestFn) -> None:
    resource = f.patient("7")
    resource["meta"]["source"] = "mis-x"
    ingest([resource], source="file-name")
    assert scalar(graph, "MATCH (r:Record {key: 'mis-x|Patient|7'}) RETURN count(r)") == 1


def test_newer_version_replaces_and_late_older_does_not(graph: Graph,
                                                        ingest: IngestFn) -> None:
    ingest([f.patient("1")])
    ingest([f.condition("c1", "Patient/1", "C50.1", stage="I", version=1)])
    ingest([f.condition("c1", "Patient/1", "C50.1", stage="IIA", version=2)])
    summary = ingest([f.condition("c1", "Patient/1", "C50.1", stage="I", version=1)])
    assert summary.unchanged == 1
    assert scalar(graph, "MATCH (r:Record {key: 'mis-a|Condition|c1'}) RETURN r.stage") == "IIA"
    assert scalar(graph, "MATCH (t:Tumor) RETURN t.stage") == "IIA"


def test_entered_in_error_retracts(graph: Graph, ingest: IngestFn) -> None:
    ingest([f.patient("1"), f.condition("c1", "Patient/1", "C34.1", version=1)])
    assert scalar(graph, "MATCH (p:Passport) RETURN count(p)") == 1
    ingest([f.condition("c1", "Patient/1", "C34.1", version=2, status="entered-in-error")])
    assert scalar(graph, "MATCH (r:Record {key: 'mis-a|Condition|c1'}) RETURN r.retracted")
    assert scalar(graph, "MATCH (p:Passport) RETURN count(p)") == 0
    assert scalar(graph, "MATCH (t:Tumor) RETURN count(t)") == 0


def test_a_refuted_suspicion_is_not_a_diagnosis(graph: Graph, ingest: IngestFn) -> None:
    ingest([f.patient("1"), f.condition("c1", "Patient/1", "C18.7", version=1,
                                        verification="provisional")])
    ingest([f.condition("c1", "Patient/1", "C18.7", version=2, verification="refuted")])
    assert scalar(graph, """MATCH (r:Record {key: 'mis-a|Condition|c1'})
                            RETURN [r.verification, r.careStage]""") == ["refuted", "suspicion"]
    # the tumour keeps the history of the suspicion but is never counted as diagnosed
    assert scalar(graph, "MATCH (t:Tumor) RETURN [t.verification, t.diagnosedOn]") == \
        ["refuted", None]
    ingest([f.condition("c2", "Patient/1", "C18.7", recorded="2025-03-01")])
    assert str(scalar(graph, "MATCH (t:Tumor) RETURN t.diagnosedOn")) == "2025-03-01"


def test_a_pathologic_staging_is_remembered_on_the_tumour(graph: Graph, ingest: IngestFn) -> None:
    """The flag lived on the record only: the tumour (and so the mCODE export) never saw it."""
    staging = {"resourceType": "Observation", "id": "ps", "status": "final",
               "subject": {"reference": "Patient/1"}, "effectiveDateTime": "2025-03-01",
               "focus": [{"reference": "Condition/c1"}],
               "code": {"coding": [{"system": "http://loinc.org", "code": "21902-2"}]},
               "valueCodeableConcept": {"text": "IIB"}}
    ingest([f.patient("1"), f.condition("c1", "Patient/1", "C50.4", stage="IIA"), staging])
    assert scalar(graph, "MATCH (t:Tumor) RETURN [t.stage, t.pathologicParts]") == \
        ["IIB", ["stage"]]


def test_the_ingest_command_shows_progress_over_the_input_and_a_summary(
        graph: Graph, tmp_path: Path) -> None:
    """The operator sees how far the run is (of the input's bytes: a Bundle line holds
    many records), the records so far, then the summary."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "poly.ndjson").write_text("\n".join(json.dumps(f.patient(str(n), family=f"Ф{n}"))
                                                  for n in range(30)) + "\n", encoding="utf-8")
    (folder / "bundle.json").write_text(json.dumps(f.bundle(
        [f.patient("b1"), f.condition("c1", "Patient/b1", "C50.4")], kind="transaction")))
    result = CliRunner().invoke(cli, ["ingest", str(folder)], terminal_width=160)
    assert result.exit_code == 0, result.output
    assert re.search(r"Загрузка .*100%.*записей: 32", result.output), result.output
    assert re.search(r"получено\s*│\s*32\b", result.output) and "новых паспортов" in result.output
