"""rebuild_registry on the real Neo4j: the 090/у row, DCO cases, removal and the contingent."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.database import Graph
from ingest.fhir_access import EVENT_SYSTEM
from onkopassport.settings import Settings
from registry.rebuild import rebuild_registry
from registry.table import RegistryFilter, read_registry
from tests import fhir_factories as f
from tests.factories import OrganizationSpec, add_organization, add_patient, add_record, add_tumor
from tests.integration.registry.helpers import count, entries, ingest_fully, statuses

TODAY = date(2025, 6, 30)


def _breast_cancer_patient(graph: Graph) -> str:
    add_organization(graph, OrganizationSpec("1.2.643.5.1.13.1", "ЦАОП", "caop", "Северный"))
    patient = add_patient(graph, "p-breast", sex="female", birth_date=date(1970, 1, 1),
                          snils=None)
    suspicion = add_record(graph, patient, "referral", date(2024, 2, 1),
                           facts={"activeDetection": True, "icd10": "Z03.1"})
    pathology = add_record(graph, patient, "pathology", date(2024, 2, 20),
                           at="1.2.643.5.1.13.1", facts={"morphology": "8500/3"})
    notice = add_record(graph, patient, "notification-090", date(2024, 2, 27),
                        at="1.2.643.5.1.13.1")
    surgery = add_record(graph, patient, "surgery", date(2024, 3, 15))
    add_record(graph, patient, "consultation", date(2025, 1, 10))
    add_tumor(graph, patient, "C50.4", date(2024, 2, 20), morphology="8500/3", stage="IIA",
              t="T2", n="N0", m="M0", record_keys=[suspicion, pathology, notice, surgery])
    return patient


def test_entry_carries_the_090_content(graph: Graph) -> None:
    _breast_cancer_patient(graph)
    summary = rebuild_registry(graph, TODAY)
    entry = entries(graph)["p-breast|C50|1"]
    assert summary.entries == 1
    assert entry["firstVisitOn"] == date(2024, 2, 1)
    assert entry["diagnosedOn"] == date(2024, 2, 20)
    assert (entry["icd10"], entry["topography"], entry["morphology"], entry["behaviour"]) == (
        "C50.4", "C50.4", "8500/3", 3)
    assert (entry["t"], entry["n"], entry["m"], entry["stage"]) == ("T2", "N0", "M0", "IIA")
    assert entry["basis"] == 7 and entry["activeDetection"] is True
    assert entry["treatment"] == ["surgery"]
    assert entry["vitalStatus"] == "alive" and entry["lastContactOn"] == date(2025, 1, 10)
    assert entry["organizationOid"] == "1.2.643.5.1.13.1"
    assert entry["reportingDelayDays"] == 7
    assert entry["onRegister"] is True and "removalReason" not in entry


def test_rebuild_twice_leaves_the_same_registry(graph: Graph) -> None:
    _breast_cancer_patient(graph)
    rebuild_registry(graph, TODAY)
    first = entries(graph)
    rebuild_registry(graph, TODAY)
    rebuild_registry(graph, TODAY, patient_ids=["p-breast"])
    assert entries(graph) == first
    assert count(graph, "RegistryStatus") == 1 and count(graph, "RegistryEntry") == 1


def test_death_certificate_only_case_is_found(graph: Graph) -> None:
    patient = add_patient(graph, "p-dco", deceased_on=date(2025, 3, 3), snils=None)
    add_record(graph, patient, "death", date(2025, 3, 3), facts={"icd10": "C16.9"})
    known = add_patient(graph, "p-known", deceased_on=date(2025, 4, 4), snils=None)
    add_tumor(graph, known, "C16.0", date(2024, 1, 1))
    add_record(graph, known, "death", date(2025, 4, 4), facts={"icd10": "C16.9"})

    summary = rebuild_registry(graph, TODAY)

    rows = entries(graph)
    dco = [e for e in rows.values() if e["patientId"] == "p-dco"]
    assert summary.dco_cases == 1 and len(dco) == 1
    assert dco[0]["basis"] == 0 and dco[0]["dco"] is True
    assert dco[0]["diagnosedOn"] == date(2025, 3, 3) and dco[0]["onRegister"] is False
    assert [e["basis"] for e in rows.values() if e["patientId"] == "p-known"] == [9]
    assert statuses(graph, dco[0]["tumorId"]) == {("removed", "died", date(2025, 3, 3), None)}


def test_dco_tumour_goes_when_earlier_evidence_arrives(graph: Graph) -> None:
    patient = add_patient(graph, "p-late", deceased_on=date(2025, 3, 3), snils=None)
    add_record(graph, patient, "death", date(2025, 3, 3), facts={"icd10": "C34.1"})
    rebuild_registry(graph, TODAY)
    assert count(graph, "RegistryEntry") == 1

    add_tumor(graph, patient, "C34.1", date(2024, 11, 1))
    rebuild_registry(graph, TODAY, patient_ids=[patient])

    assert [e["dco"] for e in entries(graph).values()] == [False]
    assert count(graph, "Tumor") == 1


def test_contingent_history_answers_on_the_register_at_a_date(graph: Graph) -> None:
    died = add_patient(graph, "p-died", deceased_on=date(2024, 3, 1), snils=None)
    add_tumor(graph, died, "C18.7", date(2022, 5, 5))
    skin = add_patient(graph, "p-skin", snils=None)
    add_tumor(graph, skin, "C44.3", date(2018, 4, 1), morphology="8090/3")
    rebuild_registry(graph, TODAY)

    def on_register(at: date) -> set[str]:
        return set(read_registry(graph, RegistryFilter(on_register_at=at))["patientId"])

    assert on_register(date(2022, 12, 31)) == {"p-died", "p-skin"}
    assert on_register(date(2023, 4, 1)) == {"p-died"}  # basal cell: removed after 5 years
    assert on_register(date(2024, 12, 31)) == set()
    assert on_register(date(2018, 3, 31)) == set()
    skin_entry = entries(graph)["p-skin|C44|1"]
    assert (skin_entry["removalReason"], skin_entry["removedOn"]) == (
        "basal-cell-5-years", date(2023, 4, 1))


def test_entry_of_a_deleted_tumour_is_removed(graph: Graph) -> None:
    patient = add_patient(graph, "p-gone", snils=None)
    add_tumor(graph, patient, "C61", date(2024, 1, 1), sequence=1)
    add_tumor(graph, patient, "C67.2", date(2023, 1, 1), sequence=2)
    rebuild_registry(graph, TODAY)
    assert {e["sequence"] for e in entries(graph).values()} == {1, 2}
    assert entries(graph)["p-gone|C67|2"]["sequence"] == 1

    graph.write_text("MATCH (t:Tumor {tumorId: 'p-gone|C67|2'}) DETACH DELETE t")
    rebuild_registry(graph, TODAY)

    assert set(entries(graph)) == {"p-gone|C61|1"}
    assert count(graph, "RegistryStatus") == 1


def _dispensary_episode(eid: str, start: str, end: str | None) -> dict[str, Any]:
    episode: dict[str, Any] = {
        "resourceType": "EpisodeOfCare", "id": eid, "status": "finished" if end else "active",
        "type": [{"coding": [{"system": EVENT_SYSTEM, "code": "dispensary-observation"}]}],
        "patient": {"reference": "Patient/1"}, "period": {"start": start},
        "diagnosis": [{"condition": {"reference": "Condition/c1"}}]}
    if end:
        episode["period"]["end"] = end
    return episode


def test_an_ended_dispensary_episode_from_an_mis_removes_the_tumour_as_moved(
        graph: Graph, settings: Settings) -> None:
    """An MIS ends the observation (EpisodeOfCare period.end) without a reason; nothing
    else explains it, so the patient moved away. Handed over to a new open episode, the
    tumour stays on the register. The ingest keeps the registry: no rebuild is asked."""
    ingest_fully(graph, settings, [
        f.patient("1"),
        f.condition("c1", "Patient/1", "C50.4", morphology="8500/3", recorded="2024-02-10")])
    (entry,) = entries(graph).values()
    assert (entry["icd10"], entry["onRegister"], entry["basis"]) == ("C50.4", True, 1)

    ingest_fully(graph, settings, [_dispensary_episode("d1", "2024-03-01", "2025-02-14")])
    (entry,) = entries(graph).values()
    assert (entry["removalReason"], entry["removedOn"]) == ("moved", date(2025, 2, 14))

    ingest_fully(graph, settings, [_dispensary_episode("d2", "2025-02-15", None)])
    (entry,) = entries(graph).values()
    assert entry["onRegister"] is True and "removalReason" not in entry


def test_ingest_clears_the_registry_and_route_of_someone_who_stops_being_a_passport(
        graph: Graph, settings: Settings) -> None:
    """The only trigger is retracted (entered-in-error): the person is no passport any
    more, and their registry entry and route go with the label, without a rebuild."""
    ingest_fully(graph, settings, [
        f.patient("1"),
        f.condition("c1", "Patient/1", "C50.4", morphology="8500/3", recorded="2024-02-10")])
    assert len(entries(graph)) == 1
    assert graph.read_text("MATCH (p:Patient) RETURN p.routeLength AS n")[0]["n"] == 1

    ingest_fully(graph, settings, [
        f.condition("c1", "Patient/1", "C50.4", morphology="8500/3", recorded="2024-02-10",
                    version=2, status="entered-in-error")])
    assert count(graph, "Passport") == 0
    assert entries(graph) == {} and count(graph, "RegistryStatus") == 0
    assert graph.read_values("list_stale_derived_patients") == []


def test_a_basal_cell_relapse_restarts_the_five_years(graph: Graph) -> None:
    """The relapse flag was not read from the graph: the rule held only in unit tests."""
    patient = add_patient(graph, "p-skin", snils=None)
    diagnosis = add_record(graph, patient, "diagnosis", date(2019, 1, 10),
                           facts={"icd10": "C44.3"})
    relapse = add_record(graph, patient, "diagnosis", date(2022, 6, 1),
                         facts={"icd10": "C44.3", "relapse": True})
    add_tumor(graph, patient, "C44.3", date(2019, 1, 10), morphology="8091/3",
              record_keys=[diagnosis, relapse])
    rebuild_registry(graph, TODAY)
    assert entries(graph)["p-skin|C44|1"]["onRegister"] is True


def test_a_suspicion_never_diagnosed_has_no_registry_entry(graph: Graph,
                                                           settings: Settings) -> None:
    """Suspicions the work-up refuted were registered and removed as «not confirmed»: the
    quality indicators counted each as a case without stage, verification or 090/у."""
    ingest_fully(graph, settings, [
        f.patient("1"),
        f.condition("c1", "Patient/1", "C50.4", verification="provisional",
                    recorded="2024-02-10"),
        f.patient("2", family="Орлова", birth="1950-02-02", patronymic="Ивановна"),
        f.condition("c2", "Patient/2", "C18.7", recorded="2024-03-10")])
    assert {e["icd10"] for e in entries(graph).values()} == {"C18.7"}
    assert count(graph, "Tumor") == 2  # the suspicion is still the passport's tumour

    ingest_fully(graph, settings, [
        f.condition("c1", "Patient/1", "C50.4", verification="refuted", recorded="2024-02-10",
                    version=2)])
    assert {e["icd10"] for e in entries(graph).values()} == {"C18.7"}
    rebuild_registry(graph, TODAY)
    assert {e["icd10"] for e in entries(graph).values()} == {"C18.7"}
