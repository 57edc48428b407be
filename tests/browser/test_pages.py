"""End-to-end: log in, open a passport, filter the worklist, keep a dashboard widget."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import log_in
from tests.browser.region import ROUTE_PATIENT, Region

pytestmark = pytest.mark.browser


def test_login_takes_each_role_to_its_page(page, screenshot) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    screenshot(page, "login")
    page.get_by_label("Имя пользователя").fill("browser-admin")
    page.get_by_label("Пароль").fill("wrong password")
    page.get_by_role("button", name="Войти").click()
    assert page.get_by_role("alert").inner_text() == "Неверное имя пользователя или пароль."
    log_in(page, "browser-coordinator")
    assert page.url.endswith("/ui/worklist.html")
    assert "координатор" in page.get_by_test_id("current-user").inner_text()


def test_passport_shows_the_timeline_across_organisations(
        page, screenshot, region: Region) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-admin")
    page.goto(f"/ui/passport.html?id={ROUTE_PATIENT}")
    try:
        # Generous: on a shared CI machine the first passport query can take a while.
        page.wait_for_selector("[data-testid=timeline-step]", timeout=90_000)
    except Exception:
        screenshot(page, "passport-failed")
        raise
    assert "Маршрутова Анна Петровна" in page.get_by_test_id("patient-name").inner_text()
    steps = page.get_by_test_id("timeline-step").all_inner_texts()
    assert len(steps) == 5
    assert steps[0].startswith(f"03.02.{region.report_year}")  # ДД.ММ.ГГГГ
    organisations = " ".join(steps)
    for name in ("Поликлиника № 3", "ЦАОП Центральный", "Областной онкодиспансер"):
        assert name in organisations
    assert page.get_by_role("heading", name="Клинические рекомендации").is_visible()
    # the tumour's stage at diagnosis with its TNM (N stored as a bare "1" gets its letter)
    [tumor] = page.get_by_test_id("tumor-row").all_inner_texts()
    assert "IIA" in tumor and "T2N1M0" in tumor
    # the diagnosis's status and its morphological verification are two columns
    headers = page.locator("#passport table").first.locator("th").all_inner_texts()
    assert "Статус диагноза" in headers and "Морфологическая верификация" in headers
    assert page.get_by_test_id("tumor-morphological-verification").inner_text() == "да"
    # where to send the patient next, from the routing order and the queues
    advice = page.get_by_test_id("next-organization")
    advice.get_by_text("Следующий этап:").wait_for()
    assert "Куда направить" in advice.inner_text()
    assert page.get_by_test_id("next-organization-name").count() == 1 or \
        "Подходящей организации" in advice.inner_text()
    assert page.evaluate("""async () => {
      const { guidelineLabel } = await import('/ui/passport.js');
      return [guidelineLabel('КР467'), guidelineLabel('467')];
    }""") == ["КР467", "КР 467"]
    # the deadlines to act on come before the met ones, each group by its due day
    ordered = page.evaluate("""async () => {
      const { byAttention } = await import('/ui/passport.js');
      return byAttention([['met', '2026-01-02'], ['missed', '2026-03-01'],
        ['pending', '2026-02-01'], ['missed', '2026-01-05'], ['due-soon', '2026-04-01']]
        .map(([state, dueOn]) => ({ state, dueOn }))).map((d) => `${d.state} ${d.dueOn}`);
    }""")
    assert ordered == ["missed 2026-01-05", "missed 2026-03-01", "due-soon 2026-04-01",
                       "pending 2026-02-01", "met 2026-01-02"]
    screenshot(page, "passport")


def test_passport_is_found_by_family_name_and_birth_date(
        page, screenshot) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-admin")
    page.goto("/ui/passport.html")
    search = page.locator("#passport-search")
    search.get_by_label("Фамилия").fill("маршрутова")
    page.get_by_role("button", name="Найти").click()
    assert "укажите фамилию и дату рождения" in page.get_by_role("alert").inner_text()
    search.get_by_label("Дата рождения").fill("14.03.1968")
    page.get_by_role("button", name="Найти").click()
    found = page.locator("#search-results button")
    found.first.wait_for()
    assert found.all_inner_texts() == ["Маршрутова Анна Петровна, 14.03.1968, Центральный"]
    found.first.click()
    page.wait_for_selector("[data-testid=timeline-step]", timeout=90_000)
    assert "Маршрутова" in page.get_by_test_id("patient-name").inner_text()
    search.get_by_label("Фамилия").fill("Никтоева")
    page.get_by_role("button", name="Найти").click()
    page.get_by_text("Никого не найдено.").wait_for()
    screenshot(page, "passport-search")


def test_worklist_filters_by_district(page, screenshot) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-coordinator")
    page.wait_for_selector("[data-testid=worklist-row]")
    everyone = page.get_by_test_id("worklist-row").all_inner_texts()
    assert any("Ожидаев" in row for row in everyone) and any("Северов" in row for row in everyone)
    page.locator("#worklist-filters [name=district]").select_option("Северный")
    page.get_by_role("button", name="Применить").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=worklist-row]')]"
        ".every(r => !r.textContent.includes('Ожидаев'))")
    filtered = page.get_by_test_id("worklist-row").all_inner_texts()
    assert filtered and all("Северный" in row for row in filtered)
    assert any("Северов" in row for row in filtered)
    screenshot(page, "worklist")


def test_worklist_period_shows_what_was_found_lately(page) -> None:  # type: ignore[no-untyped-def]
    """The list opens on the last 12 months; the suspicions waiting since 40 days ago
    leave it when the period is the last 30 days."""
    log_in(page, "browser-coordinator")
    page.wait_for_selector("[data-testid=worklist-row]")
    assert "выявленных с" in page.locator("#worklist-total").inner_text()
    assert any("Ожидаев" in row for row in page.get_by_test_id("worklist-row").all_inner_texts())
    page.locator("#worklist-filters [name=period]").select_option(label="за последние 30 дней")
    page.get_by_role("button", name="Применить").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=worklist-row]')]"
        ".every(r => !r.textContent.includes('Ожидаев'))")
    # the stalled pathways the period hides are counted and one click away
    page.get_by_test_id("show-all-time").wait_for()
    hint = page.locator("#worklist-total").inner_text()
    assert re.search(r"; ещё [1-9]\d* выявлен(ы)? раньше и не закрыт(ы)? — показать (их|его)$",
                     hint), hint
    texts = page.evaluate("""async () => {
      const { earlierGapsText } = await import('/ui/worklist.js');
      return [1, 2, 5, 11, 21].map(earlierGapsText);
    }""")
    assert [t.split(" — ")[0] for t in texts] == [
        "; ещё 1 выявлен раньше и не закрыт", "; ещё 2 выявлены раньше и не закрыты",
        "; ещё 5 выявлены раньше и не закрыты", "; ещё 11 выявлены раньше и не закрыты",
        "; ещё 21 выявлен раньше и не закрыт"]
    # an edit not applied yet is not applied by the click: it shows the list on screen
    page.locator("#worklist-filters [name=site]").fill("C99")
    page.get_by_test_id("show-all-time").click()
    page.wait_for_function("() => document.querySelector('#worklist-total').textContent"
                           ".includes('за всё время')")
    assert page.locator("#worklist-filters [name=period]").input_value() == ""
    assert page.locator("#worklist-filters [name=site]").input_value() == ""
    assert any("Ожидаев" in row for row in page.get_by_test_id("worklist-row").all_inner_texts())
    assert page.get_by_test_id("show-all-time").count() == 0


def test_dashboard_widget_survives_a_reload(page, screenshot, region: Region) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-admin")
    page.goto("/ui/dashboard.html")
    page.wait_for_selector("select[name=indicator] option[value=early_detection]",
                           state="attached")
    page.locator("#widget-form [name=title]").fill("Ранняя выявляемость, регион")
    page.locator("#widget-form [name=kind]").select_option("value")
    page.locator("#widget-form [name=indicator]").select_option("early_detection")
    page.locator("#widget-form [name=year]").fill(str(region.report_year))
    page.get_by_role("button", name="Добавить", exact=True).click()
    value = page.get_by_test_id("widget-value")
    value.wait_for()
    # Early detection: stage I–II of the route patient and four of the eight new cases.
    assert value.inner_text() == "55,6%"
    # the target follows the figures without a space before its semicolon
    assert re.search(r"5\s+из\s+9; цель 63%", page.get_by_test_id("widget").inner_text())

    page.locator("#widget-form [name=title]").fill("Динамика ранней выявляемости")
    page.locator("#widget-form [name=kind]").select_option("dynamics")
    page.get_by_role("button", name="Добавить", exact=True).click()
    page.wait_for_selector("[data-testid=widget] canvas")
    page.reload()
    page.wait_for_selector("[data-testid=widget-value]")
    titles = page.get_by_test_id("widget-title").all_inner_texts()
    assert titles == ["Ранняя выявляемость, регион", "Динамика ранней выявляемости"]
    screenshot(page, "dashboard")


# Widths of each dashboard table and of the widget body that shows it: a table wider than
# its body hides its last columns (the value) until scrolled sideways.
TABLE_OVERFLOW = """() => [...document.querySelectorAll('[data-testid=widget] .body')]
  .filter((body) => body.querySelector('table'))
  .map((body) => [body.querySelector('table').scrollWidth, body.clientWidth])"""


def survival_cohort(year: int) -> str:
    """The diagnosis years of «5-year survival, <year>» on every page."""
    return f"Когорта: диагноз {year - 4}–{year}"


def test_an_empty_dashboard_offers_a_starter_set(page, screenshot, region: Region) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-coordinator")
    page.goto("/ui/dashboard.html")
    page.get_by_test_id("no-widgets").wait_for()
    page.get_by_role("button", name="Добавить основной набор").click()
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=widget]').length === 4 && "
        "[...document.querySelectorAll('[data-testid=widget] .body')]"
        ".every(b => !b.textContent.startsWith('Загрузка'))", timeout=60_000)
    assert page.locator("[data-testid=widget] .error").count() == 0
    # the last whole year, as the report year of this region: stage I–II of 5 of 9
    assert page.get_by_test_id("widget-value").inner_text() == "55,6%"
    assert page.locator("[data-testid=widget] canvas").count() == 3
    # the survival widget names its cohort as the analytics page does (survival_cohort)
    cohort = survival_cohort(region.report_year).removeprefix("Когорта: ")
    assert f"выживаемость · по стадиям · {cohort}" in page.get_by_test_id(
        "widget").nth(3).inner_text()
    # at 1400 px every table fits its widget: the value column is seen without scrolling
    widths = page.evaluate(TABLE_OVERFLOW)
    assert len(widths) == 3 and all(table <= body for table, body in widths), widths
    screenshot(page, "dashboard-starter-set")
    page.reload()
    page.wait_for_selector("[data-testid=widget-value]")
    assert page.get_by_test_id("widget-title").all_inner_texts() == [
        "Ранняя выявляемость (I–II стадия)", "Одногодичная летальность: динамика",
        "Морфологическая верификация по районам", "Выживаемость по стадиям"]
    assert page.get_by_test_id("no-widgets").count() == 0


def test_analytics_and_forms_pages(page, screenshot, region: Region) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-analyst")
    page.goto("/ui/analytics.html")
    page.wait_for_selector("tr[data-code=early_detection]")
    row = page.locator("tr[data-code=early_detection]").inner_text()
    assert "5" in row and "9" in row
    formula = page.locator("tr[data-code=accumulation_index] [data-testid=indicator-formula]")
    assert "пациенты, впервые взятые на учёт за год" in formula.inner_text()
    page.wait_for_selector("#survival table")
    # the same cohort as the dashboard's survival widget of the same year
    assert page.get_by_test_id("survival-cohort").inner_text() == survival_cohort(
        region.report_year)
    # once loaded no section is left marked busy for screen readers
    page.wait_for_function("!document.querySelector('[aria-busy=true]')")
    screenshot(page, "analytics")
    page.goto("/ui/forms.html")
    page.wait_for_selector("[data-testid=form-table]")
    total = page.locator("tr[data-row=all] td").all_inner_texts()
    assert total[2] == "9"
    with page.expect_download() as download:
        page.get_by_role("button", name="Скачать XLSX").click()
    assert download.value.suggested_filename == f"form7-{region.report_year}.xlsx"
    screenshot(page, "form7")


SORT_PROBE = """async () => {
  const { makeSortable } = await import('/ui/app.js');
  const table = document.createElement('table');
  table.innerHTML = `<thead><tr><th>Район</th><th>Доля</th></tr></thead><tbody>
    <tr><td>Ярославский</td><td>12,5%</td></tr><tr><td>ёлкинский</td><td>—</td></tr>
    <tr><td>Абанский</td><td>3%</td></tr><tr><td>Еловский</td><td></td></tr>
    <tr class="total"><td>Всего по региону</td><td>7%</td></tr>
    <tr><td>Жуковский</td><td>45%</td></tr></tbody>`;
  document.body.append(table);
  makeSortable(table);
  const order = (column) => [...table.tBodies[0].rows].map((r) => r.cells[column].textContent);
  const [district, share] = table.querySelectorAll('th');
  share.click();
  const ascending = order(1);
  share.click();
  const descending = order(1);
  district.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
  return { ascending, descending, byName: order(0) };
}"""


def test_tables_sort_empty_cells_last_in_russian_order_under_a_fixed_total(
        page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-admin")
    result = page.evaluate(SORT_PROBE)
    assert result["ascending"] == ["3%", "12,5%", "45%", "—", "", "7%"]
    assert result["descending"] == ["45%", "12,5%", "3%", "—", "", "7%"]
    # Ё sorts as Е (ёлк… before елов…), not after Я as by code points.
    assert result["byName"] == ["Абанский", "ёлкинский", "Еловский", "Жуковский", "Ярославский",
                                "Всего по региону"]


SAVE_WIDGETS = """async ({ year, count }) => {
  const { gql } = await import('/ui/app.js');
  const save = (title, kind, indicator) => gql(
    'mutation($w: DashboardWidgetInput!) { saveDashboardWidget(widget: $w) { widgetId } }',
    { w: { title, kind, indicator, configJson: JSON.stringify({ year, dimension: 'district' }),
           position: 0 } });
  for (let i = 0; i < count; i += 1) {
    await save(`Выявляемость ${i + 1}`, 'value', 'early_detection');
  }
  await save('Индекс накопления', 'breakdown', 'accumulation_index');
}"""


def test_a_dashboard_of_many_widgets_shows_each_with_its_unit(
        page, screenshot, region: Region) -> None:  # type: ignore[no-untyped-def]
    """21 widgets used to exceed the server's 20 aliases and blank every widget; a ratio
    (the contingent accumulation index) was shown in percent."""
    log_in(page, "browser-analyst")
    page.evaluate(SAVE_WIDGETS, {"year": region.report_year, "count": 21})
    page.goto("/ui/dashboard.html")
    page.wait_for_function(
        "() => document.querySelectorAll('[data-testid=widget]').length === 22 && "
        "[...document.querySelectorAll('[data-testid=widget] .body')]"
        ".every(b => !b.textContent.startsWith('Загрузка'))", timeout=60_000)
    assert page.locator("[data-testid=widget] .error").count() == 0
    assert page.get_by_test_id("widget-value").all_inner_texts() == ["55,6%"] * 21
    ratio = page.locator("[data-testid=widget]").last
    assert "по районам" in ratio.locator("p.muted").first.inner_text()
    cells = ratio.locator("td.num").all_inner_texts()
    assert cells and not any("%" in cell for cell in cells)
    assert ratio.locator("canvas").get_attribute("role") == "img"
    screenshot(page, "dashboard-many")
