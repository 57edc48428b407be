"""Deep, alias-heavy and huge queries are refused before any resolver runs; a passport
takes a handful of Cypher round trips, however many are asked in one request."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph.database import Graph
from onkopassport.settings import Settings
from tests.integration.passport.conftest import PRINCIPALS, bearer, build_region, graphql

FULL = """
fragment full on Passport {
  patient { patientId fullName snils birthDate }
  tumors { icd10 icd10NameRu stage t n m clinicalGroup diagnosedOn verification morphology }
  currentCareStage currentClinicalGroup
  route { date kind kindLabelRu organization { name } referredTo { name } daysSincePrevious }
  deadlines { rule state dueOn } gaps { kind since } notifications { title read }
  recommendations { siteGroup guidelineId done { titleRu } missing { titleRu }
                    nextSteps { titleRu dueOn } }
}
"""


def test_a_full_passport_takes_one_round_trip(graph: Graph, client: TestClient,
                                                 settings: Settings) -> None:
    build_region(graph)
    headers = bearer(settings, PRINCIPALS["admin"])
    one = graphql(client, FULL + '{ passport(patientId: "north-1") { ...full } }', headers)
    assert one.json()["extensions"]["cypherRoundTrips"] == 1
    many = graphql(client, FULL + """{
        a: passport(patientId: "north-1") { ...full }
        b: passport(patientId: "south-1") { ...full }
        c: passport(patientId: "north-1") { ...full } }""", headers)
    body = many.json()
    assert "errors" not in body, body
    assert body["extensions"]["cypherRoundTrips"] == 1  # batched by the DataLoaders


def test_deep_queries_are_refused(client: TestClient, settings: Settings) -> None:
    nested = "a { " * 10 + "b" + " }" * 10
    deep = '{ passport(patientId: "x") { ... on Passport { route { organization { ' + nested \
        + " } } } } }"
    body = graphql(client, deep, bearer(settings, PRINCIPALS["admin"])).json()
    messages = [error["message"] for error in body["errors"]]
    assert "'anonymous' exceeds maximum operation depth of 10" in messages
    assert "data" not in body or body["data"] is None


def test_alias_heavy_queries_are_refused(client: TestClient, settings: Settings) -> None:
    aliases = " ".join(f"a{i}: apiVersion" for i in range(30))
    body = graphql(client, "{ " + aliases + " }", bearer(settings, PRINCIPALS["admin"])).json()
    assert "aliases found" in body["errors"][0]["message"].lower()


def test_huge_queries_are_refused(client: TestClient, settings: Settings) -> None:
    huge = "{ " + " ".join("apiVersion" for _ in range(3000)) + " }"
    body = graphql(client, huge, bearer(settings, PRINCIPALS["admin"])).json()
    assert "token" in body["errors"][0]["message"].lower()
