"""Search (who gets a passport) and identify (one person across organisations)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.auth.tokens import issue_token
from api.security import Principal
from graph.database import Graph
from onkopassport.cli import app as cli
from onkopassport.settings import Settings
from tests import fhir_factories as f
from tests.integration.ingest.conftest import IngestFn, scalar

VALID_SNILS_A = "112-233-445 95"
VALID_SNILS_B = "00375659347"


def _people(graph: Graph) -> int:
    return int(scalar(graph, "MATCH (p:Patient) RETURN count(p)"))


def test_only_triggers_make_a_passport_and_earlier_records_join_it(
        graph: Graph, ingest: IngestFn) -> None:
    ingest([f.patient("1"), f.encounter("e-before", "Patient/1", start="2024-11-02")])
    ingest([f.patient("2", family="Кузнецов", given="Пётр", sex="male", birth="1970-02-02"),
            f.encounter("e-other", "Patient/2")])
    assert scalar(graph, "MATCH (p:Passport) RETURN count(p)") == 0
    ingest([f.referral("r1", "Patient/1", authored="2025-01-20")])
    rows = graph.read_text("""
        MATCH (p:Passport)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r:Record)
        RETURN p.passportSince AS since, collect(r.key) AS keys""")
    assert len(rows) == 1
    assert "mis-a|Encounter|e-before" in rows[0]["keys"]  # joined, nothing re-sent
    assert str(rows[0]["since"]) == "2025-01-20"


def test_each_trigger_kind_opens_a_passport(graph: Graph, ingest: IngestFn) -> None:
    people = {
        "suspicion-code": [f.condition("c", "Patient/suspicion-code", "Z03.1",
                                       verification="provisional")],
        "malignant-morphology": [f.pathology_report("dr", "Patient/malignant-morphology")],
        "free-text": [f.text_report("t", "Patient/free-text",
                                    "Периферическое образование правого легкого, "
                                    "подозрение на периферический рак.")],
        "negated-text": [f.text_report("n", "Patient/negated-text",
                                       "Данных за злокачественный процесс не выявлено.")],
        "benign": [f.condition("b", "Patient/benign", "J18.9")],
    }
    for index, (pid, records) in enumerate(people.items()):
        ingest([f.patient(pid, birth=f"19{50 + index}-01-01", family=f"Фамилия{index}"),
                *records])
    passports = {r["pid"] for r in graph.read_text(
        "MATCH (:Passport)<-[:BELONGS_TO]-(pr:PatientRecord) RETURN pr.resourceId AS pid")}
    assert passports == {"suspicion-code", "malignant-morphology", "free-text"}
    evidence = scalar(graph, "MATCH (r:Record {textSuspicion: true}) RETURN r.textEvidence")
    assert "подозрение на периферический рак" in evidence


def test_deterministic_links_by_snils_and_enp(graph: Graph, ingest: IngestFn) -> None:
    ingest([f.patient("10", snils=VALID_SNILS_A)], source="poly")
    ingest([f.patient("77", family="Смирнова", given="Анна", snils="11223344595",
                      district="Южный")], source="lab")
    ingest([f.patient("5", enp="1234567890123456")], source="onco")
    ingest([f.patient("6", enp="1234567890123456", family="Другая", given="Фамилия")],
           source="hosp")
    links = {r["key"]: (r["reason"], r["pid"]) for r in graph.read_text(
        "MATCH (pr:PatientRecord)-[l:BELONGS_TO]->(p) "
        "RETURN pr.key AS key, l.reason AS reason, p.patientId AS pid")}
    assert links["lab|Patient|77"][0] == "snils"
    assert links["lab|Patient|77"][1] == links["poly|Patient|10"][1]
    assert links["hosp|Patient|6"][0] == "enp"


def test_probabilistic_links_spelling_variants(graph: Graph, ingest: IngestFn) -> None:
    ingest([f.patient("1", family="Семёнова", given="Алёна", patronymic="Юрьевна")], "a")
    ingest([f.patient("2", family="Семенова", given="Алена", patronymic="Юрьевна")], "b")
    ingest([f.patient("3", family="Алена", given="Семенова", patronymic="Юрьевна")], "c")
    ingest([f.patient("4", family="Семинова", given="Алена", patronymic="Юрьевна")], "d")
    ingest([f.patient("5", family="Семенова", given="Алена", patronymic=None)], "e")
    assert _people(graph) == 1
    scores = [r["score"] for r in graph.read_text(
        "MATCH ()-[l:BELONGS_TO {reason: 'probabilistic'}]->() RETURN l.score AS score")]
    assert len(scores) == 4 and all(0.9 <= s <= 1.0 for s in scores)


def test_two_valid_snils_are_never_merged(graph: Graph, ingest: IngestFn) -> None:
    ingest([f.patient("1", snils=VALID_SNILS_A)], "a")
    ingest([f.patient("1", snils=VALID_SNILS_B)], "b")  # same name, birth date, district
    assert _people(graph) == 2


def test_ambiguous_pair_goes_to_review(graph: Graph, ingest: IngestFn) -> None:
    ingest([f.patient("1", family="Иванова", given="Мария", patronymic="Петровна")], "a")
    ingest([f.patient("2", family="Иванова", given="Мария", patronymic="Петровна",
                      district="Южный")], "b")
    assert _people(graph) == 2
    assert scalar(graph, "MATCH (r:LinkReview {status: 'open'}) RETURN count(r)") == 1


def test_operator_undoes_a_link_over_cli_and_api(graph: Graph, ingest: IngestFn,
                                                 settings: Settings) -> None:
    ingest([f.patient("1", snils=VALID_SNILS_A), f.referral("r", "Patient/1")], "a")
    ingest([f.patient("2", snils=VALID_SNILS_A)], "b")
    ingest([f.patient("3", snils=VALID_SNILS_A)], "c")
    assert _people(graph) == 1
    result = CliRunner().invoke(cli, ["identity", "unlink", "b|Patient|2", "--operator",
                                      "registrar", "--why", "другой человек"])
    assert result.exit_code == 0, result.output
    assert _people(graph) == 2
    token = issue_token(Principal("admin-1", "admin"), settings)
    with TestClient(create_app(settings)) as client:
        response = client.post("/identity/unlink", json={"record_key": "c|Patient|3",
                                                          "why": "ошибка СНИЛС"},
                               headers={"Authorization": f"Bearer {token}"})
        refused = client.post("/identity/unlink", json={"record_key": "a|Patient|1",
                                                         "why": "без токена"})
    assert response.status_code == 200, response.text
    assert refused.status_code == 401
    assert _people(graph) == 3
    # The split record is not linked back by a later ingest of the same data.
    ingest([f.patient("3", snils=VALID_SNILS_A)], "c")
    assert _people(graph) == 3


def _death_certificate(did: str, subject: str, on: str, *, retracted: bool = False) -> dict:
    return {"resourceType": "DocumentReference", "id": did,
            "status": "entered-in-error" if retracted else "current",
            "type": {"coding": [{"system": "urn:onkopassport:event",
                                 "code": "death-certificate"}]},
            "subject": {"reference": subject}, "date": f"{on}T14:00:00+03:00",
            "content": [{"attachment": {"contentType": "text/plain",
                                        "title": "Медицинское свидетельство о смерти"}}]}


def test_a_person_refresh_reads_first_trigger_and_death_from_their_records(
        graph: Graph, ingest: IngestFn) -> None:
    """Death is the earliest death record that still counts; a retracted one does not."""
    ingest([f.patient("1"), f.referral("r-late", "Patient/1", authored="2025-03-01"),
            f.referral("r-early", "Patient/1", authored="2025-01-20"),
            _death_certificate("d-wrong", "Patient/1", "2025-04-01", retracted=True),
            _death_certificate("d-copy", "Patient/1", "2025-05-20"),
            _death_certificate("d", "Patient/1", "2025-05-12"),
            f.patient("2", family="Кузнецов", given="Пётр", sex="male", birth="1970-02-02"),
            _death_certificate("d2", "Patient/2", "2025-06-01")])
    rows = {row["family"]: row for row in graph.read_text("""
        MATCH (p:Patient)
        RETURN p.family AS family, p:Passport AS passport, toString(p.passportSince) AS since,
               toString(p.deceasedOn) AS deceased""")}
    assert rows["Смирнова"] == {"family": "Смирнова", "passport": True, "since": "2025-01-20",
                                "deceased": "2025-05-12"}
    # A death with no trigger opens no passport, but the person's death is known.
    assert rows["Кузнецов"] == {"family": "Кузнецов", "passport": False, "since": None,
                                "deceased": "2025-06-01"}


def test_a_person_dies_on_the_earlier_of_the_mis_date_and_the_certificate(
        graph: Graph, ingest: IngestFn) -> None:
    """The MIS may learn of a death late (or date it wrongly): the day of death is the
    earlier of its deceasedDateTime and the first death certificate, as the pathway and the
    registry read it, so survival and mortality count the same day."""
    ingest([f.patient("1", deceasedDateTime="2025-05-30"),
            f.referral("r1", "Patient/1", authored="2025-01-20"),
            _death_certificate("d1", "Patient/1", "2025-05-12"),
            f.patient("2", family="Кузнецов", given="Пётр", sex="male", birth="1970-02-02",
                      deceasedDateTime="2025-06-01"),
            f.referral("r2", "Patient/2", authored="2025-01-20"),
            _death_certificate("d2", "Patient/2", "2025-06-09")])
    rows = {row["family"]: row["deceased"] for row in graph.read_text("""
        MATCH (p:Patient) RETURN p.family AS family, toString(p.deceasedOn) AS deceased""")}
    assert rows == {"Смирнова": "2025-05-12", "Кузнецов": "2025-06-01"}


def test_a_death_known_to_its_year_or_month_takes_the_day_from_a_certificate_within_it(
        graph: Graph, ingest: IngestFn) -> None:
    """A deceasedDateTime of «2025» or «2025-06» is stored as its first day: it must not win
    the earlier-of rule against a certificate of that year or month (it would date the death
    to 1 January), and while nothing gives the day the graph says how much is known."""
    people = [("1", "Смирнова", "female", "2025", "2025-05-12"),
              ("2", "Кузнецов", "male", "2025-06", "2025-06-09"),
              ("3", "Попов", "male", "2024", "2025-03-03"),
              ("4", "Орлова", "female", "2025-06", None),
              ("5", "Волков", "male", "2025-06-20", None)]
    resources: list[dict] = []
    for pid, family, sex, mis, certificate in people:
        resources += [f.patient(pid, family=family, sex=sex, birth=f"196{pid}-01-0{pid}",
                                deceasedDateTime=mis),
                      f.referral(f"r{pid}", f"Patient/{pid}", authored="2024-01-20")]
        if certificate:
            resources.append(_death_certificate(f"d{pid}", f"Patient/{pid}", certificate))
    ingest(resources)
    rows = {row["family"]: (row["deceased"], row["precision"]) for row in graph.read_text("""
        MATCH (p:Patient) RETURN p.family AS family, toString(p.deceasedOn) AS deceased,
               p.deceasedPrecision AS precision""")}
    assert rows == {
        "Смирнова": ("2025-05-12", None),  # the certificate within the MIS's year
        "Кузнецов": ("2025-06-09", None),  # … within its month
        "Попов": ("2024-01-01", "year"),  # the MIS's year is earlier than the certificate
        "Орлова": ("2025-06-01", "month"),  # nothing gives the day
        "Волков": ("2025-06-20", None),
    }


def test_review_pairs_are_scoped_masked_and_decided_once(graph: Graph, ingest: IngestFn,
                                                         settings: Settings) -> None:
    ingest([f.patient("1", family="Иванова", given="Мария", patronymic="Петровна",
                      snils=VALID_SNILS_A)], "a")
    ingest([f.patient("2", family="Иванова", given="Мария", patronymic="Петровна",
                      district="Южный")], "b")

    def as_(principal: Principal) -> dict[str, str]:
        return {"Authorization": f"Bearer {issue_token(principal, settings)}"}

    central = as_(Principal("coord-c", "coordinator", district="Центральный"))
    south = as_(Principal("coord-s", "coordinator", district="Южный"))
    admin = as_(Principal("admin-1", "admin"))
    with TestClient(create_app(settings)) as client:
        assert client.get("/identity/reviews", headers=central).json() == []
        (pair,) = client.get("/identity/reviews", headers=south).json()
        snils = {r["key"]: r["snils"] for r in pair["records"]}
        assert snils == {"a|Patient|1": "***-***-445 95", "b|Patient|2": None}
        review = f"/identity/reviews/{pair['reviewId']}"
        assert client.post(review, json={"accept": False}, headers=central).status_code == 404
        assert client.post(review, json={"accept": False}, headers=admin).status_code == 200
        again = client.post(review, json={"accept": True}, headers=admin)
        assert again.status_code == 409 and "уже решена" in again.json()["detail"]
        missing = client.post("/identity/reviews/no-such", json={"accept": True}, headers=admin)
        assert missing.status_code == 404
        assert client.get("/identity/reviews?limit=-1", headers=admin).status_code == 422
        assert client.post("/identity/unlink", json={"record_key": "a|Patient|1", "why": "нет"},
                           headers=central).status_code == 404
    assert _people(graph) == 2
    assert scalar(graph, "MATCH (r:LinkReview) RETURN r.status") == "rejected"


@pytest.mark.parametrize("patient_first", [True, False])
def test_a_record_naming_its_patient_by_enp_reaches_the_passport(
        graph: Graph, ingest: IngestFn, patient_first: bool) -> None:
    """The region's MIS name the patient by ЕНП (any spacing), whichever arrives first."""
    condition = f.condition("c1", "Patient/x", "C50.4")
    condition["subject"] = {"identifier": {"system": "urn:onkopassport:enp",
                                           "value": "1234 5678 9012 3456"}}
    batches = [([f.patient("5", enp="1234567890123456")], "poly"), ([condition], "onco")]
    for resources, source in batches if patient_first else batches[::-1]:
        ingest(resources, source=source)
    rows = graph.read_text("""
        MATCH (:Record {key: 'onco|Condition|c1'})-[:SUBJECT]->()-[:BELONGS_TO]->(p:Passport)
        MATCH (p)<-[:BELONGS_TO]-(:PatientRecord {key: 'poly|Patient|5'})
        RETURN p.patientId AS patientId""")
    assert len(rows) == 1
    assert _people(graph) == 1


def test_the_no_snils_placeholder_never_links_strangers(graph: Graph, ingest: IngestFn) -> None:
    ingest([f.patient("1", family="Иванова", given="Мария", birth="1988-02-03",
                      snils="000-000-000 00")], "a")
    ingest([f.patient("2", family="Петров", given="Олег", sex="male", birth="1950-07-01",
                      snils="000-000-000 00")], "b")
    assert _people(graph) == 2
    assert scalar(graph, "MATCH ()-[l:BELONGS_TO {reason: 'snils'}]->() RETURN count(l)") == 0


def test_a_region_configured_enp_system_links_and_normalises(
        graph: Graph, settings: Settings) -> None:
    """A region whose MIS send the ЕНП under their own system (Settings.enp_system): the
    ЕНП is read as such however it is spaced — on the Patient, in a subject reference and
    by the linking — not as some local id."""
    from ingest.pipeline import Ingestor
    from ingest.reader import expand

    region_enp = "urn:oid:1.2.643.5.1.13.2.7.100.3"
    configured = settings.model_copy(update={"enp_system": region_enp})
    # The names differ (a maiden name): only the ЕНП can link the two.
    first = f.patient("5")
    second = f.patient("9", family="Смирнова", local_system="urn:mis:b:patient")
    first["identifier"].append({"system": region_enp, "value": "1234 5678 9012 3456"})
    second["identifier"].append({"system": region_enp, "value": "1234-5678-9012-3456"})
    condition = f.condition("c1", "Patient/x", "C50.4")
    condition["subject"] = {"identifier": {"system": region_enp, "value": "1234567890123456"}}
    for source, resources in (("poly", [first]), ("onco", [condition]), ("clinic", [second])):
        Ingestor(graph, configured).ingest_items(
            [item for index, resource in enumerate(resources)
             for item in expand(resource, source, f"test[{index}]", "{}")])
    rows = graph.read_text("""
        MATCH (:Record {key: 'onco|Condition|c1'})-[:SUBJECT]->()-[:BELONGS_TO]->(p:Patient)
        MATCH (p)<-[link:BELONGS_TO]-(record:PatientRecord {placeholder: false})
        RETURN p.patientId AS patientId, record.key AS key, record.enp AS enp,
               link.reason AS reason ORDER BY key""")
    assert [(r["key"], r["enp"]) for r in rows] == [
        ("clinic|Patient|9", "1234567890123456"), ("poly|Patient|5", "1234567890123456")]
    assert "enp" in {r["reason"] for r in rows}
    assert _people(graph) == 1


def test_a_record_carrying_both_identifiers_joins_the_two_people_that_had_one_each(
        graph: Graph, ingest: IngestFn) -> None:
    """Seen in the demo: a hospital card with the ЕНП only became one person, a record
    naming its patient by СНИЛС another; the oncology dispensary's card carrying both was
    linked by СНИЛС, and the ЕНП person stayed apart with half of the patient's records."""
    enp = "4267435484637793"
    ingest([f.patient("1132", family="Климов", given="Пётр", patronymic="Фёдорович",
                      sex="male", birth="1961-09-09", district="Степной", enp=enp,
                      local_system="urn:mis:hospital:patient"),
            f.encounter("e1", "Patient/1132", start="2025-01-10")], "hospital")
    by_snils = f.condition("c1", "Patient/x", "C34.1")
    by_snils["subject"] = {"identifier": {"system": "urn:oid:1.2.643.100.3",
                                          "value": VALID_SNILS_A}}
    ingest([by_snils], "registry-office")
    assert _people(graph) == 2  # nothing links the two yet

    ingest([f.patient("646", family="Климов", given="Пётр", patronymic="Фёдорович",
                      sex="male", birth="1961-09-09", district="Степной", enp=enp,
                      snils=VALID_SNILS_A, local_system="urn:mis:onco:patient")], "onco")

    rows = graph.read_text("""
        MATCH (pr:PatientRecord)-[link:BELONGS_TO]->(p:Patient)
        RETURN pr.key AS key, p.patientId AS person, link.mergedFrom AS mergedFrom,
               link.mergedVia AS via ORDER BY key""")
    assert len({r["person"] for r in rows}) == 1 and _people(graph) == 1
    moved = [r for r in rows if r["mergedFrom"]]
    assert moved and {r["via"] for r in moved} == {"onco|Patient|646"}
    assert scalar(graph, """
        MATCH (:Record {key: 'hospital|Encounter|e1'})-[:SUBJECT]->()-[:BELONGS_TO]->(p)
        MATCH (p)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(c:Record {key:
              'registry-office|Condition|c1'})
        RETURN count(*)""") == 1


def test_people_an_operator_split_apart_are_not_joined_again(
        graph: Graph, ingest: IngestFn) -> None:
    from ingest.identity import split_patient_record

    enp = "4267435484637793"
    ingest([f.patient("1", enp=enp, local_system="urn:mis:a:patient")], "a")
    ingest([f.patient("2", snils=VALID_SNILS_A, enp=enp, local_system="urn:mis:b:patient")],
           "b")
    assert _people(graph) == 1
    split_patient_record(graph, "b|Patient|2", "operator", "другой человек")
    assert _people(graph) == 2
    by_snils = f.condition("c1", "Patient/x", "C34.1")
    by_snils["subject"] = {"identifier": {"system": "urn:oid:1.2.643.100.3",
                                          "value": VALID_SNILS_A}}
    ingest([f.patient("3", snils=VALID_SNILS_A, enp=enp, local_system="urn:mis:c:patient"),
            by_snils], "c")
    people = {r["key"]: r["person"] for r in graph.read_text("""
        MATCH (pr:PatientRecord {placeholder: false})-[:BELONGS_TO]->(p:Patient)
        RETURN pr.key AS key, p.patientId AS person""")}
    assert people["a|Patient|1"] != people["b|Patient|2"]
