"""What a clinician reads in the passport's timeline (the stage and TNM, a result, a
morphology, the diagnosis by name, the drug), and date fields that read ДД.ММ.ГГГГ in any
browser locale."""

from __future__ import annotations

import re
from datetime import date

import pytest

from graph.database import Graph
from tests.browser.conftest import PASSWORD, log_in
from tests.browser.region import DISPENSARY, Region
from tests.factories import add_patient, add_record

pytestmark = pytest.mark.browser

STAGED_PATIENT = "browser-staged"


@pytest.fixture(scope="module")
def staged_patient(session_graph: Graph, region: Region) -> str:
    """A lung cancer staged by four Observations of one day, as the region's MIS send it."""
    add_patient(session_graph, STAGED_PATIENT, family="Стадиева", snils=None,
                birth_date=date(1959, 7, 1), passport_since=date(2025, 3, 1))
    day = date(2025, 3, 10)

    def record(kind: str, on: date, resource_type: str, **facts: object) -> None:
        add_record(session_graph, STAGED_PATIENT, kind, on, at=DISPENSARY,
                   resource_type=resource_type, facts=facts)

    record("laboratory", date(2025, 3, 3), "Observation", text="Гемоглобин", value="118 г/л")
    record("pathology", date(2025, 3, 7), "DiagnosticReport", icd10="C34.1",
           morphology="8140/3", text="Аденокарцинома")
    record("diagnosis", day, "Condition", icd10="C34.1", verification="confirmed",
           stage="IIIA", morphology="8140/3")
    for facts in ({"stage": "IIIA"}, {"t": "T2"}, {"n": "N1"}, {"m": "M0"}):
        record("stage-observation", day, "Observation", **facts)
    record("stage-observation", date(2025, 6, 2), "Observation", m="M1")  # a lone category
    record("drug-therapy", date(2025, 3, 20), "MedicationRequest", text="Цисплатин")
    return STAGED_PATIENT


def _timeline(page, patient: str) -> list[str]:  # type: ignore[no-untyped-def]
    log_in(page, "browser-admin")
    page.goto(f"/ui/passport.html?id={patient}")
    page.wait_for_selector("[data-testid=timeline-step]", timeout=90_000)
    return page.get_by_test_id("timeline-step").all_inner_texts()


def test_the_timeline_shows_stage_result_morphology_diagnosis_and_drug(
        page, screenshot, staged_patient: str) -> None:  # type: ignore[no-untyped-def]
    steps = _timeline(page, staged_patient)
    staging = [step for step in steps if "Стадия, TNM" in step]
    # the four Observations of 10.03.2025 read as one entry; the lone M1 as itself
    assert len(staging) == 2, steps
    assert staging[0].startswith("10.03.2025") and "Стадия IIIA, T2N1M0" in staging[0]
    assert staging[1].startswith("02.06.2025") and staging[1].splitlines()[-1] == "M1"
    text = "\n".join(steps)
    assert "Гемоглобин: 118 г/л" in text
    assert "Морфология 8140/3 (злокачественное, первичный очаг)" in text
    assert "Аденокарцинома" in text  # the report's own conclusion stays
    diagnosis = next(step for step in steps if "Диагноз" in step)
    assert "Злокачественное новообразование верхней доли, бронхов или легкого; " \
        "стадия IIIA" in diagnosis
    assert "Препарат: Цисплатин" in text
    screenshot(page, "passport-timeline-values")
    # a guideline item done only after the treatment began is not «Не выполнено»
    lines = page.evaluate("""async () => {
      const { notDoneLine } = await import('/ui/passport.js');
      return [notDoneLine({ state: 'late', doneOn: '2025-03-25', titleRu: 'КТ органов' }),
              notDoneLine({ state: 'missing', doneOn: null, titleRu: 'КТ органов' })];
    }""")
    assert lines == ["Выполнено после начала лечения, 25.03.2025: КТ органов",
                     "Не выполнено: КТ органов"]


def _passport_search(browser, base_url: str, locale: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=base_url, locale=locale,
                                  viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto("/")
    page.get_by_label("Имя пользователя").fill("browser-admin")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_selector("[data-testid=current-user]")
    page.goto("/ui/passport.html")
    return context, page, errors


def test_birth_date_is_typed_and_shown_as_dd_mm_yyyy_in_an_english_browser(
        browser, base_url: str, screenshot) -> None:  # type: ignore[no-untyped-def]
    context, page, errors = _passport_search(browser, base_url, "en-US")
    try:
        search = page.locator("#passport-search")
        field = search.get_by_label("Дата рождения")
        assert field.get_attribute("placeholder") == "ДД.ММ.ГГГГ"
        search.get_by_label("Фамилия").fill("Маршрутова")
        for typed, message in (
                ("1968-03-14", "Дата рождения: введите дату в виде ДД.ММ.ГГГГ, "
                               "например 14.03.1968."),
                ("03/14/1968", "Дата рождения: такой даты нет (03/14/1968). Введите дату в виде "
                               "ДД.ММ.ГГГГ.")):
            field.fill(typed)
            field.press("Enter")
            assert page.get_by_role("alert").inner_text() == message
            assert field.get_attribute("aria-invalid") == "true"
        field.fill("14.03.1968")
        screenshot(page, "passport-birth-date-en-US")
        assert field.input_value() == "14.03.1968"  # what was typed is what is shown
        field.press("Enter")
        found = page.locator("#search-results button")
        found.first.wait_for()
        assert found.all_inner_texts() == ["Маршрутова Анна Петровна, 14.03.1968, Центральный"]
        assert field.get_attribute("aria-invalid") == "false"
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_the_registry_date_is_dd_mm_yyyy_too(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-admin")
    page.goto("/ui/registry.html")
    contingent = page.get_by_test_id("registry-contingent")
    page.wait_for_selector("[data-testid=registry-contingent] table", timeout=60_000)
    form = page.locator("#contingent-filters")
    field = form.get_by_label("На дату")
    today = field.input_value()
    assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", today), today
    assert f"Всего пациентов на учёте на {today}" in contingent.inner_text()
    field.fill("2024-12-31")
    form.get_by_role("button", name="Показать").click()
    assert contingent.get_by_role("alert").inner_text() == \
        "На дату: введите дату в виде ДД.ММ.ГГГГ, например 14.03.1968."
    field.fill("31.12.2024")
    form.get_by_role("button", name="Показать").click()
    contingent.get_by_text("Всего пациентов на учёте на 31.12.2024").wait_for()
