"""Analytics over HTTP: GraphQL roles (analysts get counts only), widgets, form downloads."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from api.auth.tokens import issue_token
from api.security import Principal
from graph.database import Graph
from onkopassport.settings import Settings
from tests.integration.analytics.scenario import DISPENSARY, build_region

pytestmark = pytest.mark.integration

DRILL = """query($code: String!) { indicatorPatients(code: $code, year: 2025, part: "numerator") {
  count identitiesAllowed patients { patientId fullName } } }"""


@pytest.fixture
def client(graph: Graph, settings: Settings) -> Iterator[TestClient]:
    build_region(graph)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _headers(settings: Settings, principal: Principal) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(principal, settings)}"}


def _gql(client: TestClient, headers: dict[str, str], query: str,
         **variables: object) -> dict[str, object]:
    response = client.post("/graphql", json={"query": query, "variables": variables},
                           headers=headers)
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def test_indicators_need_a_token(client: TestClient) -> None:
    response = client.post("/graphql", json={"query": "{ indicators(year: 2025) { code } }"})
    assert response.status_code == 401


def test_analyst_sees_counts_but_no_patients(client: TestClient, settings: Settings) -> None:
    analyst = _headers(settings, Principal("analyst-1", "analyst"))
    data = _gql(client, analyst, DRILL, code="early_detection")["indicatorPatients"]
    assert data == {"count": 3, "identitiesAllowed": False, "patients": []}
    values = _gql(client, analyst, "{ indicators(year: 2025, codes: [\"early_detection\"]) "
                  "{ numerator denominator value } }")["indicators"]
    assert values == [{"numerator": 3, "denominator": 7, "value": 3 / 7}]


def test_each_indicator_says_what_its_numerator_and_denominator_count(
        client: TestClient, settings: Settings) -> None:
    """The accumulation index divides registered people, the shares of new cases divide
    tumours: their denominators differ, and the table says why."""
    analyst = _headers(settings, Principal("analyst-1", "analyst"))
    shown = {v["code"]: v["formulaRu"] for v in _gql(
        client, analyst, "{ indicators(year: 2025) { code formulaRu } }")["indicators"]}
    assert all(" / " in formula for formula in shown.values()), shown
    assert shown["early_detection"].startswith("новые случаи в I–II стадии / все новые случаи")
    assert "в нём люди, а не опухоли" in shown["accumulation_index"]
    assert "свидетельству о смерти" in shown["accumulation_index"]


def test_drill_down_follows_the_row_level_scope(client: TestClient, settings: Settings) -> None:
    admin = _headers(settings, Principal("admin-1", "admin"))
    everyone = _gql(client, admin, DRILL, code="early_detection")["indicatorPatients"]
    assert everyone["count"] == 3 and len(everyone["patients"]) == 3
    north = _headers(settings, Principal("coord-1", "coordinator", district="Северный"))
    scoped = _gql(client, north, DRILL, code="early_detection")["indicatorPatients"]
    assert scoped["count"] == 3 and [p["fullName"] for p in scoped["patients"]] == [
        "Пациентов10 Иван Иванович"]
    clinician = _headers(settings, Principal("doc-1", "clinician", organization_oid=DISPENSARY))
    seen = _gql(client, clinician, DRILL, code="early_detection")["indicatorPatients"]
    assert len(seen["patients"]) == 2  # the third case was seen at the polyclinic only


def test_widgets_belong_to_their_user(client: TestClient, settings: Settings) -> None:
    mine = _headers(settings, Principal("authority-1", "admin"))
    theirs = _headers(settings, Principal("authority-2", "admin"))
    saved = _gql(client, mine, """mutation { saveDashboardWidget(widget: {title: "Ранняя",
        kind: "value", indicator: "early_detection", configJson: "{\\"year\\": 2025}"})
        { widgetId title configJson } }""")["saveDashboardWidget"]
    assert saved["configJson"] == '{"year": 2025}'
    listed = _gql(client, mine, "{ dashboardWidgets { widgetId } }")["dashboardWidgets"]
    assert listed == [{"widgetId": saved["widgetId"]}]
    assert _gql(client, theirs, "{ dashboardWidgets { widgetId } }")["dashboardWidgets"] == []
    response = client.post("/graphql", headers=mine, json={"query": """mutation {
        saveDashboardWidget(widget: {title: "x", kind: "pie"}) { widgetId } }"""})
    assert "Неизвестный вид виджета" in response.json()["errors"][0]["message"]


def test_forms_download_as_xlsx_and_csv(client: TestClient, settings: Settings) -> None:
    headers = _headers(settings, Principal("analyst-1", "analyst"))
    xlsx = client.get("/reports/form7?year=2025&format=xlsx", headers=headers)
    assert xlsx.status_code == 200
    assert 'filename="form7-2025.xlsx"' in xlsx.headers["content-disposition"]
    assert load_workbook(io.BytesIO(xlsx.content)).active["C3"].value == 7
    csv_file = client.get("/reports/form35?year=2025&format=csv", headers=headers)
    assert csv_file.text.lstrip("\ufeff").startswith("№ строки;Локализация;Состояло")
    assert client.get("/reports/form7?year=2025").status_code == 401
    png = client.get("/reports/survival.png?firstYear=2024&lastYear=2025", headers=headers)
    assert png.headers["content-type"] == "image/png" and png.content.startswith(b"\x89PNG")
    # The page's filters reach the download (it used to draw the whole region whatever the
    # page showed): the north's curves are another picture.
    north = client.get("/reports/survival.png?firstYear=2024&lastYear=2025&district=Северный",
                       headers=headers)
    assert north.content.startswith(b"\x89PNG") and north.content != png.content


def test_web_pages_are_served_and_sources_are_not(client: TestClient) -> None:
    assert client.get("/", follow_redirects=False).headers["location"] == "/ui/"
    page = client.get("/ui/")
    assert page.status_code == 200 and "Онкопаспорт: вход" in page.text
    assert client.get("/ui/dashboard.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/ui/router.py").status_code == 404
    assert client.get("/ui/../app.py").status_code == 404



def test_a_person_who_follows_a_wrong_address_gets_a_page_and_a_client_gets_json(
        client: TestClient) -> None:
    as_browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    for path in ("/worklist", "/ui/worklist"):
        page = client.get(path, headers=as_browser)
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
        assert "Страница не найдена" in page.text and 'href="/ui/"' in page.text
    assert client.get("/ui/router.py", headers=as_browser).status_code == 404
    api = client.get("/worklist", headers={"Accept": "application/json"})
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}


@pytest.mark.parametrize(("query", "field"), [
    ("{ indicators(year: 0) { code } }", "year"),
    ("{ form7(year: 20250) { title } }", "year"),
    ("{ survival(firstYear: 2020, lastYear: 0) { group } }", "lastYear"),
    ("{ registryQualityIndicators(year: 0) { __typename } }", "year"),
])
def test_an_impossible_year_is_refused_by_name(client: TestClient, settings: Settings,
                                               query: str, field: str) -> None:
    """An empty «Год» field used to send year 0 and got 'Unexpected error.' back."""
    admin = _headers(settings, Principal("admin-1", "admin"))
    body = client.post("/graphql", json={"query": query}, headers=admin).json()
    (error,) = body["errors"]
    assert error["message"].startswith(f"{field}: отчётный год должен быть от 1990 до 2100")


@pytest.mark.parametrize(("query", "message"), [
    ('{ indicatorPatients(code: "early_detection", year: 2025, part: "numerater") { count } }',
     "part: numerator или denominator, получено 'numerater'."),
    ("{ survival(firstYear: 2020, lastYear: 2025, by: \"x\") { group } }",
     "by: stage или site, получено 'x'."),
])
def test_a_misspelt_choice_is_refused_not_read_as_the_other(
        client: TestClient, settings: Settings, query: str, message: str) -> None:
    """'numerater' used to return the denominator's patients, by: 'x' the curves by stage."""
    admin = _headers(settings, Principal("admin-1", "admin"))
    body = client.post("/graphql", json={"query": query}, headers=admin).json()
    assert [e["message"] for e in body["errors"]] == [message]
