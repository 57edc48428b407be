"""The coordinator's worklist: Russian deadline codes, a forgiving site filter, and an
honest note when a column sort can only reorder the rows loaded so far."""

from __future__ import annotations

import json
import re

import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

ROWS = "[data-testid=worklist-row]"


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
        " return rows.length && rows.every(r => r.cells[7].textContent.trim() === 'C34'); }")
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


def test_sorting_says_it_covers_only_the_shown_rows(page) -> None:  # type: ignore[no-untyped-def]
    """The server sends 50 rows at a time by urgency; a column sort reorders those only."""
    log_in(page, "browser-coordinator")
    page.wait_for_selector(ROWS)
    note = page.locator("#worklist-sort-note")
    assert note.is_hidden()  # every gap is on screen: sorting the rows sorts the list

    def pretend_a_long_list(route) -> None:  # type: ignore[no-untyped-def]
        response = route.fetch()
        body = response.json()
        if "worklist" in (body.get("data") or {}):
            body["data"]["worklist"]["totalCount"] = 3400
        route.fulfill(response=response, body=json.dumps(body))

    page.route("**/graphql", pretend_a_long_list)
    page.get_by_role("button", name="Применить").click()
    page.wait_for_function("() => document.querySelector('#worklist-total').textContent"
                           ".startsWith('Найдено разрывов: 3400')")
    shown = page.locator(ROWS).count()
    assert note.is_visible()
    assert note.inner_text() == (f"Список упорядочен по срочности; сортировка по столбцу — "
                                 f"среди показанных {shown} из 3400.")
    header = page.get_by_role("columnheader", name="Просрочка, дн.")
    assert header.get_attribute("title") == f"Сортировать показанные строки ({shown} из 3400)"
