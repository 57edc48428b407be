"""Details a user meets on every page: the passport search by Enter and by СНИЛС, Russian
words for a DCO tumour and for login failures, the icon, and tables that sort months by
date and keep form 7's total line in place."""

from __future__ import annotations

import re
from datetime import date

import httpx
import pytest

from graph.database import Graph
from registry import rebuild_registry
from tests.browser.conftest import log_in
from tests.browser.region import Region
from tests.factories import add_patient, add_tumor

pytestmark = pytest.mark.browser

DCO_PATIENT = "browser-dco"
NOTHING_GIVEN = "Укажите идентификатор пациента, СНИЛС или фамилию и дату рождения."
PAGES = ["index.html", "passport.html", "worklist.html", "dashboard.html", "analytics.html",
         "forms.html", "registry.html"]


@pytest.fixture(scope="module")
def dco_patient(session_graph: Graph, region: Region) -> str:
    """A cancer known from the death certificate alone, long before the report year (so
    the region's statistics stay as the other modules expect)."""
    add_patient(session_graph, DCO_PATIENT, family="Свидетельствова", snils=None,
                deceased_on=date(2015, 4, 2))
    add_tumor(session_graph, DCO_PATIENT, "C16.9", date(2015, 4, 2), morphology=None,
              stage=None, verification="death-certificate-only")
    return DCO_PATIENT


def _search(page):  # type: ignore[no-untyped-def]
    log_in(page, "browser-admin")
    page.goto("/ui/passport.html")
    return page.locator("#passport-search")


def test_enter_in_the_name_fields_runs_the_name_search(page) -> None:  # type: ignore[no-untyped-def]
    search = _search(page)
    search.get_by_label("Идентификатор пациента").press("Enter")
    assert page.get_by_role("alert").inner_text() == NOTHING_GIVEN
    search.get_by_label("Фамилия").fill("Маршрутова")
    search.get_by_label("Фамилия").press("Enter")
    page.get_by_text("Для поиска укажите фамилию и дату рождения.").wait_for()
    search.get_by_label("Дата рождения").fill("14.03.1968")
    search.get_by_label("Дата рождения").press("Enter")
    found = page.locator("#search-results button")
    found.first.wait_for()
    assert found.all_inner_texts() == ["Маршрутова Анна Петровна, 14.03.1968, Центральный"]
    # Enter in the id field with the id empty but a name given searches by the name too.
    page.locator("#search-results").evaluate("box => box.replaceChildren()")
    search.get_by_label("Идентификатор пациента").press("Enter")
    found.first.wait_for()
    assert page.get_by_test_id("patient-name").count() == 0  # no passport opened blindly


def test_passport_is_found_by_snils(page, screenshot) -> None:  # type: ignore[no-untyped-def]
    search = _search(page)
    snils = search.get_by_label("СНИЛС")
    snils.fill("112-233-445 95")
    snils.press("Enter")
    found = page.locator("#search-results button")
    found.first.wait_for()
    assert found.all_inner_texts() == ["Маршрутова Анна Петровна, 14.03.1968, Центральный"]
    search.get_by_label("Фамилия").fill("Маршрутова")
    page.get_by_role("button", name="Найти").click()
    page.get_by_text("Укажите что-то одно: СНИЛС или фамилию и дату рождения.").wait_for()
    search.get_by_label("Фамилия").fill("")
    snils.fill("12345")
    page.get_by_role("button", name="Найти").click()
    page.get_by_text("в СНИЛС должно быть 11 цифр").wait_for()
    screenshot(page, "passport-snils")


def test_a_dco_tumour_is_described_in_russian(page, dco_patient: str) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-admin")
    page.goto(f"/ui/passport.html?id={dco_patient}")
    page.wait_for_selector("[data-testid=patient-name]", timeout=90_000)
    tumours = page.locator("section.card table").first.inner_text()
    assert "только по свидетельству о смерти (DCO)" in tumours
    assert "death-certificate-only" not in page.locator("#passport").inner_text()


def test_the_day_of_death_is_shown_as_precisely_as_it_is_known(
        page, session_graph: Graph, dco_patient: str) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-admin")
    page.goto(f"/ui/passport.html?id={dco_patient}")
    died = page.get_by_test_id("deceased-on")
    assert died.inner_text() == "умер 02.04.2015"
    # the MIS sent «2015-04» and no certificate says the day: not «01.04.2015»
    session_graph.write_text("MATCH (p:Patient {patientId: $id}) "
                             "SET p.deceasedOn = date('2015-04-01'), p.deceasedPrecision = 'month'",
                             id=dco_patient)
    try:
        page.reload()
        assert died.inner_text() == "умер в апреле 2015 г."
    finally:
        session_graph.write_text("MATCH (p:Patient {patientId: $id}) SET p.deceasedOn = "
                                 "date('2015-04-02'), p.deceasedPrecision = null", id=dco_patient)


def _try_login(page) -> str:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.get_by_label("Имя пользователя").fill("browser-admin")
    page.get_by_label("Пароль").fill("any")
    page.get_by_role("button", name="Войти").click()
    return page.get_by_role("alert").inner_text()


def test_login_failures_read_in_russian(page) -> None:  # type: ignore[no-untyped-def]
    page.route("**/auth/token", lambda route: route.abort("internetdisconnected"))
    assert _try_login(page) == "Нет связи с сервером. Проверьте сеть и повторите."
    page.unroute("**/auth/token")
    page.route("**/auth/token", lambda route: route.fulfill(
        status=503, content_type="text/html", body="<h1>Service Unavailable</h1>"))
    assert _try_login(page) == ("Вход не удался. Сервер временно недоступен (база данных не "
                                "отвечает); повторите позже.")
    page.unroute("**/auth/token")
    page.route("**/auth/token", lambda route: route.fulfill(
        status=503, json={"detail": "База данных Neo4j недоступна; повторите запрос позже."}))
    assert _try_login(page) == ("Вход не удался. База данных Neo4j недоступна; повторите "
                                "запрос позже.")


def test_every_page_has_an_icon(base_url: str) -> None:
    for name in PAGES:
        html = httpx.get(f"{base_url}/ui/{name}").text
        assert '<link rel="icon" href="favicon.svg" type="image/svg+xml">' in html, name
    missing = httpx.get(f"{base_url}/ui/no-such-page.html", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and 'href="/ui/favicon.svg"' in missing.text
    for path in ("/ui/favicon.svg", "/favicon.ico"):
        icon = httpx.get(f"{base_url}{path}")
        assert icon.status_code == 200, path
        assert icon.headers["content-type"] == "image/svg+xml"
        assert icon.text.startswith("<svg")


MONTHS = ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]


def test_months_sort_by_date_not_by_name(page, region: Region) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-analyst")
    page.goto("/ui/analytics.html")
    table = page.get_by_test_id("dynamics-table")
    table.locator("tbody tr td").first.wait_for(state="attached")
    page.get_by_text("Значения по месяцам").click()
    months = table.locator("tbody tr td:first-child")
    chronological = months.all_inner_texts()
    assert chronological[:2] == [f"янв {region.report_year}", f"фев {region.report_year}"]
    header = table.get_by_role("columnheader", name="Месяц")
    header.click()
    assert months.all_inner_texts() == chronological
    header.click()
    assert months.all_inner_texts() == chronological[::-1]


def test_form_7_keeps_its_total_line_on_top(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-analyst")
    page.goto("/ui/forms.html")
    table = page.get_by_test_id("form-table")
    table.wait_for()
    first = table.locator("tbody tr").first
    assert first.get_attribute("data-row") == "all"
    for name in ("Всего", "Локализация"):
        header = table.locator("thead th").filter(has_text=re.compile(rf"^{name}$"))
        for _ in range(2):
            header.click()
            assert first.get_attribute("data-row") == "all", name
            assert "— всего" in table.locator("tbody tr").first.inner_text()
    totals = table.locator("tbody tr[data-row=all]")
    assert totals.get_attribute("class") == "total"


SORT_PROBE = """async () => {
  const { makeSortable } = await import('/ui/app.js');
  const table = document.createElement('table');
  table.innerHTML = `<thead><tr><th>Месяц</th></tr></thead><tbody>
    <tr class="total"><td>всего</td></tr>
    <tr><td data-sort="2024-11">ноя 2024</td></tr><tr><td data-sort="2024-02">фев 2024</td></tr>
    <tr><td data-sort="">—</td></tr><tr><td data-sort="2023-12">дек 2023</td></tr></tbody>`;
  document.body.append(table);
  makeSortable(table);
  const order = () => [...table.tBodies[0].rows].map((r) => r.cells[0].textContent);
  const month = table.querySelector('th');
  month.click();
  const ascending = order();
  month.click();
  return { ascending, descending: order() };
}"""


def test_the_shared_sorter_uses_data_sort_and_pins_a_leading_total(
        page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-admin")
    result = page.evaluate(SORT_PROBE)
    assert result["ascending"] == ["всего", "дек 2023", "фев 2024", "ноя 2024", "—"]
    assert result["descending"] == ["всего", "ноя 2024", "фев 2024", "дек 2023", "—"]


def test_review_list_names_the_patient_and_site_not_the_tumour_key(
        page, screenshot, region: Region, session_graph: Graph) -> None:  # type: ignore[no-untyped-def]
    rebuild_registry(session_graph, region.today)
    log_in(page, "browser-admin")
    page.goto("/ui/registry.html")
    review = page.get_by_test_id("registry-review")
    review.locator("tbody tr").first.wait_for(timeout=90_000)
    cells = review.locator("tbody tr td:first-child")
    assert not any("|" in text for text in cells.all_inner_texts())
    link = cells.first.get_by_role("link")
    patient = link.inner_text()
    assert link.get_attribute("href") == f"passport.html?id={patient}"
    assert re.search(r", [CD]\d\d", cells.first.inner_text())
    screenshot(page, "registry-review")

    page.get_by_test_id("current-user").get_by_role("button", name="Выйти").click()
    log_in(page, "browser-analyst")
    page.goto("/ui/registry.html")
    review.locator("tbody tr").first.wait_for(timeout=90_000)
    assert review.get_by_role("link").count() == 0  # no patient ids for an analyst
    assert all(re.fullmatch(r"[CD]\d\d(\.\d+)?|локализация не указана", text.strip())
               for text in cells.all_inner_texts())
