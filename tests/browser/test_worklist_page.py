"""The coordinator's worklist: Russian deadline codes, a forgiving site filter, and column
sorts done by the server over the whole list (more than one page of it)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest

from graph.database import Graph
from tests.browser.conftest import log_in
from tests.browser.region import CAOP, PASSWORD, POLYCLINIC, Region
from tests.factories import add_patient, add_record

pytestmark = pytest.mark.browser

ROWS = "[data-testid=worklist-row]"
LAST_NAME = "Яшина"  # alphabetically the last of the region, and referred the latest


@pytest.fixture(scope="module", autouse=True)
def long_list(region: Region, session_graph: Graph) -> None:
    """Sixty more unanswered suspicions: the list is longer than the page of 50 the server
    sends, so a sort over the rows on screen and one over the whole list differ."""
    from pathway.refresh import refresh_patients

    ids = []
    for n in range(60):
        family = LAST_NAME if n == 0 else f"Очередной{n:02d}"
        patient = add_patient(session_graph, f"browser-queue-{n:02d}", family=family,
                              district="Северный" if n % 2 else "Центральный", snils=None)
        referred = region.today - timedelta(days=20 + n)  # n = 0 is the least overdue
        add_record(session_graph, patient, "referral", referred, at=POLYCLINIC,
                   referred_to=CAOP, resource_type="ServiceRequest",
                   facts={"icd10": "Z03.1", "careStage": "suspicion"})
        ids.append(patient)
    refresh_patients(session_graph, ids, region.today)


def _open_all_time(page) -> None:  # type: ignore[no-untyped-def]
    """The worklist over all time: the region's new cases of last year lack form 090/у."""
    log_in(page, "browser-coordinator")
    page.wait_for_selector(ROWS)
    page.locator("#worklist-filters [name=period]").select_option(label="за всё время")
    page.get_by_role("button", name="Применить").click()
    page.wait_for_function("() => document.querySelector('#worklist-total').textContent"
                           ".includes('за всё время')")


def _apply_site(page, typed: str) -> None:  # type: ignore[no-untyped-def]
    page.locator("#worklist-filters [name=site]").fill(typed)
    page.get_by_role("button", name="Применить").click()


def test_gap_badges_name_the_form_in_russian_not_the_rule_id(
        page, screenshot) -> None:  # type: ignore[no-untyped-def]
    _open_all_time(page)
    badges = page.get_by_test_id("gap-code").all_inner_texts()
    assert "090/у" in badges
    assert not any(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", badge) for badge in badges), badges
    rows = page.locator(ROWS).all_inner_texts()
    assert not any("notification-090" in row for row in rows)
    screenshot(page, "worklist-badges")


@pytest.mark.parametrize("typed", ["С34", "c34", "C33 - C34", "C33–C34", "С33—С34"])
def test_site_filter_reads_cyrillic_letters_spaces_and_dashes(
        page, typed: str) -> None:  # type: ignore[no-untyped-def]
    _open_all_time(page)
    _apply_site(page, typed)
    page.wait_for_function(
        "() => { const rows = [...document.querySelectorAll('[data-testid=worklist-row]')];"
        " return rows.length && rows.every(r => r.cells[8].textContent.trim() === 'C34'); }")
    families = {row.split("\t")[1].split()[0] for row in page.locator(ROWS).all_inner_texts()}
    assert families == {"Случаев0", "Случаев3"}  # the two lung cancers (C34.1, C34.9)


def test_a_malformed_site_is_explained_instead_of_an_empty_list(
        page, screenshot) -> None:  # type: ignore[no-untyped-def]
    _open_all_time(page)
    _apply_site(page, "рак лёгкого")
    alert = page.locator("#worklist").get_by_role("alert")
    alert.wait_for()
    assert "Локализация «рак лёгкого» не распознана" in alert.inner_text()
    assert "C33-C34" in alert.inner_text()
    assert page.locator(ROWS).count() == 0
    assert page.locator("#worklist-total").inner_text() == ""
    screenshot(page, "worklist-bad-site")
    _apply_site(page, "C34-C33")
    page.get_by_text("начало диапазона позже конца, укажите C33-C34").wait_for()


def _names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator(f"{ROWS} td:nth-child(2) a").all_inner_texts()


def _by_name(name: str) -> str:
    """The server's order of names: upper case, Ё as Е."""
    return name.upper().replace("Ё", "Е")


def _wait_sorted(page, by: str, order: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_function(
        "([by, order]) => document.querySelector(`th[data-sort-by=${by}]`)"
        "?.getAttribute('aria-sort') === order"
        " && !document.querySelector('#worklist').hasAttribute('aria-busy')", arg=[by, order])


def test_a_column_sorts_the_whole_list_on_the_server(
        page, screenshot) -> None:  # type: ignore[no-untyped-def]
    """By name, descending: the first row is the last name of the whole region, not of the
    50 rows shown first; «Показать ещё» goes on in that order."""
    log_in(page, "browser-coordinator")
    page.wait_for_selector(ROWS)
    _wait_sorted(page, "URGENCY", "descending")  # the server's default order, marked ▼
    # the two numbers a coordinator cannot read off the gap itself say how they are made
    assert "вес вида разрыва × (1 + дни просрочки)" in page.locator(
        "th[data-sort-by=URGENCY]").get_attribute("title")
    assert "рабочие" in page.locator("th[data-sort-by=OVERDUE_DAYS]").get_attribute("title")
    counted = re.search(r"\d+", page.locator("#worklist-total").inner_text())
    assert counted is not None
    total = int(counted.group())
    first_page = _names(page)
    assert len(first_page) == 50 < total
    assert not any(name.startswith(LAST_NAME) for name in first_page)  # the least urgent
    page.get_by_role("button", name="Показать ещё").click()
    page.wait_for_function(f"() => document.querySelectorAll('{ROWS}').length === {total}")
    everyone = sorted(_names(page), key=_by_name)

    patient = page.locator("th[data-sort-by=PATIENT]")
    patient.click()
    _wait_sorted(page, "PATIENT", "ascending")
    assert _names(page) == everyone[:50]
    patient.click()
    _wait_sorted(page, "PATIENT", "descending")
    assert _names(page)[0].startswith(LAST_NAME)
    assert _names(page) == everyone[::-1][:50]
    assert page.locator("th[aria-sort]").count() == 1  # ▼ on «Пациент» only
    assert page.locator("#worklist-sort-note").count() == 0  # no «only the shown rows» note
    screenshot(page, "worklist-sorted-by-name")
    page.get_by_role("button", name="Показать ещё").click()
    page.wait_for_function(f"() => document.querySelectorAll('{ROWS}').length === {total}")
    assert page.get_by_role("button", name="Показать ещё").is_hidden()
    assert _names(page) == sorted(everyone, key=_by_name, reverse=True)


def test_the_sort_stays_with_a_new_filter_and_flips_from_the_keyboard(
        page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-coordinator")
    page.wait_for_selector(ROWS)
    overdue = page.locator("th[data-sort-by=OVERDUE_DAYS]")
    overdue.click()
    _wait_sorted(page, "OVERDUE_DAYS", "descending")  # the most overdue first
    page.locator("#worklist-filters [name=district]").select_option("Северный")
    page.get_by_role("button", name="Применить").click()
    page.wait_for_function(
        "() => { const rows = [...document.querySelectorAll('[data-testid=worklist-row]')];"
        " return rows.length && rows.every(r => r.cells[7].textContent.trim() === 'Северный'); }")
    _wait_sorted(page, "OVERDUE_DAYS", "descending")
    days = [int(d) for d in page.locator(f"{ROWS} td:nth-child(6)").all_inner_texts()]
    assert len(days) > 1 and days == sorted(days, reverse=True)
    page.locator("th[data-sort-by=OVERDUE_DAYS]").focus()
    page.keyboard.press("Enter")
    _wait_sorted(page, "OVERDUE_DAYS", "ascending")
    days = [int(d) for d in page.locator(f"{ROWS} td:nth-child(6)").all_inner_texts()]
    assert days == sorted(days)
    assert page.locator("#worklist-filters [name=district]").input_value() == "Северный"
    page.wait_for_function("() => document.activeElement?.dataset.sortBy === 'OVERDUE_DAYS'")


def _address(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return dict(parse_qsl(urlsplit(page.url).query))


def _wait_rows(page, every_north: bool) -> None:  # type: ignore[no-untyped-def]
    """Until the list is loaded and its rows are all of Северный (or not all of it)."""
    page.wait_for_function(
        "(north) => { const rows = [...document.querySelectorAll('[data-testid=worklist-row]')];"
        " return rows.length && !document.querySelector('#worklist').hasAttribute('aria-busy')"
        " && rows.every(r => r.cells[7].textContent.trim() === 'Северный') === north; }",
        arg=every_north)


def _filters(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    form = page.locator("#worklist-filters")
    return {name: form.locator(f"[name={name}]").input_value()
            for name in ("district", "minOverdueDays", "period")}


def test_the_sort_and_filters_live_in_the_address(
        page, browser, base_url: str, screenshot) -> None:  # type: ignore[no-untyped-def]
    """A reload, «Назад»/«Вперёд» and a link opened by a colleague show the same list: the
    sort (its header marked) and the filters are kept in the page's address."""
    log_in(page, "browser-coordinator")
    page.wait_for_selector(ROWS)
    _wait_sorted(page, "URGENCY", "descending")
    assert _address(page) == {}  # the list as the page opens names nothing
    page.locator("th[data-sort-by=PATIENT]").click()
    _wait_sorted(page, "PATIENT", "ascending")
    page.locator("th[data-sort-by=PATIENT]").click()
    _wait_sorted(page, "PATIENT", "descending")
    form = page.locator("#worklist-filters")
    form.locator("[name=district]").select_option("Северный")
    form.locator("[name=minOverdueDays]").fill("3")
    form.locator("[name=period]").select_option(label="за всё время")
    page.get_by_role("button", name="Применить").click()
    _wait_rows(page, every_north=True)
    chosen = {"district": "Северный", "minOverdueDays": "3", "period": ""}
    assert _address(page) == {"sort": "PATIENT", "order": "desc", "district": "Северный",
                              "minOverdueDays": "3", "period": "all"}
    names = _names(page)
    assert len(names) > 1 and names == sorted(names, key=_by_name, reverse=True)
    total = page.locator("#worklist-total").inner_text()
    assert "за всё время" in total

    page.reload()
    page.wait_for_selector(ROWS)
    _wait_sorted(page, "PATIENT", "descending")
    _wait_rows(page, every_north=True)
    assert _names(page) == names and page.locator("#worklist-total").inner_text() == total
    assert _filters(page) == chosen
    assert page.locator("th[aria-sort]").count() == 1  # ▼ on «Пациент» only
    screenshot(page, "worklist-from-address")

    page.go_back()  # the list before the filter: sorted the same, every district
    _wait_rows(page, every_north=False)
    _wait_sorted(page, "PATIENT", "descending")
    assert _address(page) == {"sort": "PATIENT", "order": "desc"}
    assert _filters(page) == {"district": "", "minOverdueDays": "", "period": "365"}
    page.go_back()  # ascending, the click before
    _wait_sorted(page, "PATIENT", "ascending")
    page.go_forward()
    page.go_forward()
    _wait_rows(page, every_north=True)
    _wait_sorted(page, "PATIENT", "descending")
    assert _names(page) == names and _filters(page) == chosen

    # The link sent to a colleague, in a browser of their own: the login page first (the
    # worklist stops its script there, on purpose), then the same list.
    colleague = browser.new_context(base_url=base_url, locale="ru-RU",
                                    viewport={"width": 1400, "height": 1000})
    try:
        theirs = colleague.new_page()
        theirs.goto(page.url)
        theirs.get_by_label("Имя пользователя").fill("browser-admin")
        theirs.get_by_label("Пароль").fill(PASSWORD)
        theirs.get_by_role("button", name="Войти").click()
        theirs.wait_for_selector(ROWS)
        _wait_sorted(theirs, "PATIENT", "descending")
        _wait_rows(theirs, every_north=True)
        assert _names(theirs) == names and _filters(theirs) == chosen
        assert _address(theirs) == _address(page)
    finally:
        colleague.close()


def _day(text: str) -> date:
    day, month, year = text.split(".")
    return date(int(year), int(month), int(day))


def test_the_due_date_column_reads_as_a_russian_date_and_sorts_the_list(
        page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-coordinator")
    page.wait_for_selector(ROWS)
    assert page.locator("th[data-sort-by=DUE_ON]").inner_text().startswith("Срок")
    page.locator("th[data-sort-by=DUE_ON]").click()
    _wait_sorted(page, "DUE_ON", "ascending")  # the earliest deadline first
    assert _address(page) == {"sort": "DUE_ON", "order": "asc"}
    due = page.locator(f"{ROWS} td:nth-child(5)").all_inner_texts()
    assert len(due) == 50 and all(re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", d) for d in due), due
    days = [_day(d) for d in due]
    assert days == sorted(days) and days[0] < days[-1]
    found = [_day(d) for d in page.locator(f"{ROWS} td:nth-child(4)").all_inner_texts()]
    assert all(d >= f for d, f in zip(days, found, strict=True))  # due on or after found


def test_the_last_event_column_reads_as_a_russian_date_and_sorts_the_list(
        page) -> None:  # type: ignore[no-untyped-def]
    """«Последнее событие»: the day of the patient's latest step of care; a first click puts
    the patients silent the longest first, a second the ones seen last; the address keeps
    it, so a reload shows the same order."""
    log_in(page, "browser-coordinator")
    page.wait_for_selector(ROWS)
    header = page.locator("th[data-sort-by=LAST_EVENT_ON]")
    assert header.inner_text().startswith("Последнее событие")
    header.click()
    _wait_sorted(page, "LAST_EVENT_ON", "ascending")
    assert _address(page) == {"sort": "LAST_EVENT_ON", "order": "asc"}
    cells = page.locator(f"{ROWS} td:nth-child(10)")
    shown = cells.all_inner_texts()
    assert len(shown) == 50 and all(re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", d) for d in shown), shown
    days = [_day(d) for d in shown]
    assert days == sorted(days) and days[0] < days[-1]
    header.click()
    _wait_sorted(page, "LAST_EVENT_ON", "descending")
    latest = [_day(d) for d in cells.all_inner_texts()]
    assert latest == sorted(latest, reverse=True) and latest[0] > days[-1]
    page.reload()
    _wait_sorted(page, "LAST_EVENT_ON", "descending")
    assert [_day(d) for d in cells.all_inner_texts()] == latest
