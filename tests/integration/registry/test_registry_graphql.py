"""The registry over GraphQL on the real Neo4j: review list, confirmation, indicators."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest

from api.graphql.context import RequestContext
from api.graphql.schema import schema
from api.security import Principal
from graph.database import Graph
from registry.rebuild import rebuild_registry
from tests.factories import OrganizationSpec, add_organization, add_patient, add_record, add_tumor
from tests.integration.registry.helpers import count

TODAY = date(2025, 6, 30)
REGISTRAR = Principal("registrar-1", "coordinator")
ANALYST = Principal("analyst-1", "analyst")


def run(graph: Graph, query: str, principal: Principal = REGISTRAR,
        **variables: Any) -> dict[str, Any]:
    context = RequestContext(graph=graph, principal=principal)
    values = {k: v.isoformat() if isinstance(v, date) else v for k, v in variables.items()}
    result = asyncio.run(schema.execute(query, variable_values=values,
                                        context_value=context))
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


def _region(graph: Graph) -> None:
    add_organization(graph, OrganizationSpec("oid-north", "Северная ЦРБ", district="Северный"))
    add_organization(graph, OrganizationSpec("oid-south", "Южная ЦРБ", district="Южный"))
    young = add_patient(graph, "p-young", sex="female", birth_date=date(2008, 1, 1),
                        district="Северный", snils=None)
    histology = add_record(graph, young, "pathology", date(2024, 3, 1), at="oid-north",
                           facts={"morphology": "8500/3"})
    add_tumor(graph, young, "C50.1", date(2024, 3, 1), morphology="8500/3",
              record_keys=[histology])
    clinical = add_patient(graph, "p-clinical", sex="male", birth_date=date(1950, 1, 1),
                           district="Южный", snils=None)
    exam = add_record(graph, clinical, "instrumental", date(2024, 5, 1), at="oid-south")
    add_tumor(graph, clinical, "C34.1", date(2024, 5, 1), morphology="8140/3", stage=None,
              record_keys=[exam])
    rebuild_registry(graph, TODAY)


REVIEW = """query($today: Date) { registryQualityReview(today: $today) {
  tumorId check grade message confirmed reason reviewedBy } }"""
CONFIRM = """mutation($id: String!, $check: String!, $reason: String!, $today: Date) {
  confirmQualityResult(tumorId: $id, check: $check, reason: $reason, today: $today) {
    __typename
    ... on QualityReviewStored { grade reviewedBy reason }
    ... on RegistryProblem { message } } }"""


def test_review_list_and_confirmation(graph: Graph) -> None:
    _region(graph)
    issues = run(graph, REVIEW, today=TODAY)["registryQualityReview"]
    found = {(i["tumorId"], i["check"], i["grade"]) for i in issues}
    assert ("p-young|C50|1", "age-site", "Rare") in found
    assert ("p-clinical|C34|1", "basis-morphology", "Query") in found

    stored = run(graph, CONFIRM, id="p-young|C50|1", check="age-site",
                 reason="Гистология пересмотрена в НМИЦ", today=TODAY)["confirmQualityResult"]
    assert stored == {"__typename": "QualityReviewStored", "grade": "Rare",
                      "reviewedBy": "registrar-1", "reason": "Гистология пересмотрена в НМИЦ"}
    assert count(graph, "QualityReview") == 1

    after = run(graph, REVIEW, today=TODAY)["registryQualityReview"]
    assert ("p-young|C50|1", "age-site") not in {(i["tumorId"], i["check"]) for i in after}
    everything = run(graph, """query($today: Date) { registryQualityReview(today: $today,
        includeConfirmed: true, grades: ["Rare"]) { tumorId confirmed reason } }""",
                     today=TODAY)["registryQualityReview"]
    assert {"tumorId": "p-young|C50|1", "confirmed": True,
            "reason": "Гистология пересмотрена в НМИЦ"} in everything


def test_ok_or_invalid_results_cannot_be_confirmed(graph: Graph) -> None:
    _region(graph)
    refused = run(graph, CONFIRM, id="p-young|C50|1", check="sex-site", reason="так",
                  today=TODAY)["confirmQualityResult"]
    assert refused["__typename"] == "RegistryProblem" and "Rare или Query" in refused["message"]
    no_reason = run(graph, CONFIRM, id="p-young|C50|1", check="age-site", reason=" ",
                    today=TODAY)["confirmQualityResult"]
    assert no_reason["__typename"] == "RegistryProblem"
    assert count(graph, "QualityReview") == 0


def test_analyst_cannot_confirm_and_sees_no_patient_ids(graph: Graph) -> None:
    _region(graph)
    context = RequestContext(graph=graph, principal=ANALYST)
    result = asyncio.run(schema.execute(CONFIRM, context_value=context, variable_values={
        "id": "p-young|C50|1", "check": "age-site", "reason": "x"}))
    assert result.errors and result.errors[0].message.startswith("Нет доступа для роли analyst")
    page = run(graph, "{ registryEntries { totalCount items { patientId tumorId birthDate "
                      "birthYear } } }", principal=ANALYST)["registryEntries"]
    assert page["totalCount"] == 2 and {i["patientId"] for i in page["items"]} == {None}
    # A full birth date identifies; analysts get the year, as everywhere else.
    assert {(i["birthDate"], i["birthYear"]) for i in page["items"]} == {(None, 2008),
                                                                        (None, 1950)}
    registrar = run(graph, "{ registryEntries { items { birthDate } } }")["registryEntries"]
    assert {i["birthDate"] for i in registrar["items"]} == {"2008-01-01", "1950-01-01"}


def test_quality_indicators_by_district_and_organization(graph: Graph) -> None:
    _region(graph)
    by_district = run(graph, """query($today: Date) { registryQualityIndicators(
        by: DISTRICT, year: 2024, today: $today) { key tumours mvPercent dcoPercent
        unknownStagePercent missingItems notReportedPercent } }""", today=TODAY)
    rows = {r["key"]: r for r in by_district["registryQualityIndicators"]}
    assert rows["Северный"]["mvPercent"] == 100.0 and rows["Южный"]["mvPercent"] == 0.0
    assert rows["Южный"]["unknownStagePercent"] == 100.0
    assert rows[""]["tumours"] == 2 and rows[""]["mvPercent"] == 50.0
    assert rows[""]["dcoPercent"] == 0.0 and rows[""]["notReportedPercent"] == 100.0
    by_organization = run(graph, """{ registryQualityIndicators(by: ORGANIZATION) {
        key label } }""")["registryQualityIndicators"]
    assert {(r["key"], r["label"]) for r in by_organization} >= {
        ("oid-north", "Северная ЦРБ"), ("oid-south", "Южная ЦРБ")}


def test_contingent_at_a_date_and_district_scope(graph: Graph) -> None:
    _region(graph)
    groups = run(graph, "{ registryContingent(at: \"2024-12-31\") { clinicalGroup tumors "
                        "patients } }")["registryContingent"]
    assert groups == [{"clinicalGroup": "II", "tumors": 2, "patients": 2}]
    assert run(graph, "{ registryContingentPatients(at: \"2024-12-31\") }") == {
        "registryContingentPatients": 2}
    north = Principal("coord-north", "coordinator", district="Северный")
    scoped = run(graph, "{ registryEntries { totalCount } }", principal=north)
    assert scoped["registryEntries"]["totalCount"] == 1


def test_a_person_with_tumours_in_two_clinical_groups_is_one_patient_on_the_register(
        graph: Graph) -> None:
    """The page showed the sum of the groups' patients as «Всего пациентов на учёте»."""
    person = add_patient(graph, "p-two", sex="female", birth_date=date(1960, 1, 1),
                         district="Северный", snils=None)
    add_tumor(graph, person, "C50.1", date(2024, 3, 1), clinical_group="II")
    add_tumor(graph, person, "C18.7", date(2024, 6, 1), clinical_group="IV", sequence=2)
    rebuild_registry(graph, TODAY)
    data = run(graph, """{ registryContingent(at: "2024-12-31") { clinicalGroup patients }
                          registryContingentPatients(at: "2024-12-31") }""")
    assert data["registryContingent"] == [{"clinicalGroup": "II", "patients": 1},
                                          {"clinicalGroup": "IV", "patients": 1}]
    assert data["registryContingentPatients"] == 1


@pytest.mark.parametrize(("query", "message"), [
    ("{ registryQualityReview(grades: [\"Rare\", \"bogus\"]) { tumorId } }",
     "grades: неизвестные оценки bogus"),
    ("{ registryQualityReview(limit: -1) { tumorId } }", "limit: от 1 до 1000, получено -1."),
])
def test_review_arguments_are_checked_not_silently_ignored(graph: Graph, query: str,
                                                           message: str) -> None:
    """Unknown grades used to give an empty list, limit -1 every row but one."""
    context = RequestContext(graph=graph, principal=REGISTRAR)
    result = asyncio.run(schema.execute(query, context_value=context))
    assert result.errors and result.errors[0].message.startswith(message)


def test_a_district_coordinator_confirms_only_their_districts_tumours(graph: Graph) -> None:
    """Confirmation used to read the tumour unscoped: any coordinator confirmed any."""
    _region(graph)
    variables = {"id": "p-young|C50|1", "check": "age-site", "reason": "Гистология пересмотрена"}
    south = Principal("coord-south", "coordinator", district="Южный")
    refused = run(graph, CONFIRM, principal=south, **variables)["confirmQualityResult"]
    assert refused == {"__typename": "RegistryProblem",
                       "message": "Нет записи регистра для опухоли p-young|C50|1."}
    north = Principal("coord-north", "coordinator", district="Северный")
    stored = run(graph, CONFIRM, principal=north, **variables)["confirmQualityResult"]
    assert stored["__typename"] == "QualityReviewStored"
    assert count(graph, "QualityReview") == 1


@pytest.mark.parametrize(("principal", "message"), [
    (Principal("dr-nowhere", "clinician"), "не привязана к организации"),
    (Principal("mis-a", "sender", source="mis-a"), "только отправляет записи FHIR"),
], ids=["clinician-without-organisation", "sender"])
def test_a_role_the_scope_does_not_admit_gets_a_refusal_not_the_region(
        graph: Graph, principal: Principal, message: str) -> None:
    """A clinician bound to no organisation used to get every entry of the region (with
    patient ids): the scope named only the roles it narrowed."""
    _region(graph)
    context = RequestContext(graph=graph, principal=principal)
    for query in ("{ registryEntries { totalCount items { patientId } } }",
                  "{ registryQualityIndicators { key tumours } }"):
        result = asyncio.run(schema.execute(query, context_value=context))
        assert result.data is None, result.data
        assert result.errors and message in result.errors[0].message
    doctor = Principal("dr-north", "clinician", organization_oid="oid-north")
    own = run(graph, "{ registryEntries { items { tumorId } } }", principal=doctor)
    assert own["registryEntries"]["items"] == [{"tumorId": "p-young|C50|1"}]
