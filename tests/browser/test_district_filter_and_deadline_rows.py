"""Demo review H2: a district coordinator's worklist offers only their district; the
passport's deadline table names each deadline's tumour for a patient with two cancers and
says in words when the tumour board was held before the treatment it precedes."""

from __future__ import annotations

from datetime import date

import pytest

from graph.database import Graph
from tests.browser.conftest import log_in
from tests.browser.region import DISPENSARY, PASSWORD, ROUTE_PATIENT, Region
from tests.factories import add_patient, add_record, add_tumor

pytestmark = pytest.mark.browser

TWO_CANCERS = "browser-two-cancers"
DISTRICT_OPTIONS = ("() => [...document.querySelectorAll('#worklist-filters [name=district] "
                    "option')].map(o => o.value)")


@pytest.fixture(scope="module", autouse=True)
def north_coordinator_and_two_cancers(region: Region, session_graph: Graph) -> None:
    from api.auth.users import NewUser, save_user
    from pathway.refresh import refresh_patients

    save_user(session_graph, NewUser("browser-north-coordinator", "coordinator", PASSWORD,
                                     district="Северный"))
    add_patient(session_graph, TWO_CANCERS, family="Двоева", snils=None)
    for code, month in (("C50.4", 3), ("C34.1", 9)):
        keys = [add_record(session_graph, TWO_CANCERS, kind, date(region.report_year, month, day),
                           at=DISPENSARY, facts={"icd10": code})
                for kind, day in (("diagnosis", 2), ("tumor-board", 5), ("surgery", 10))]
        add_tumor(session_graph, TWO_CANCERS, code, date(region.report_year, month, 2),
                  record_keys=keys)
    refresh_patients(session_graph, [TWO_CANCERS], region.today)


def _district_options(page, username: str) -> list[str]:  # type: ignore[no-untyped-def]
    log_in(page, username)
    page.wait_for_function(f"() => ({DISTRICT_OPTIONS})().length > 1")
    return page.evaluate(DISTRICT_OPTIONS)


def test_a_district_coordinator_is_offered_only_their_district(page) -> None:  # type: ignore[no-untyped-def]
    assert _district_options(page, "browser-north-coordinator") == ["", "Северный"]


def test_a_regional_coordinator_is_offered_every_district(page) -> None:  # type: ignore[no-untyped-def]
    assert _district_options(page, "browser-coordinator") == ["", "Северный", "Центральный"]


def _deadline_rows(page, patient_id: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    log_in(page, "browser-admin")
    page.goto(f"/ui/passport.html?id={patient_id}")
    page.wait_for_selector("[data-testid=deadline-row]", timeout=90_000)
    return page.evaluate("""() => {
      const table = document.querySelector('[data-testid=deadline-row]').closest('table');
      const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
      return [...table.querySelectorAll('[data-testid=deadline-row]')].map(tr =>
        Object.fromEntries([...tr.cells].map((td, i) => [heads[i], td.textContent.trim()])));
    }""")


def test_two_cancers_deadlines_name_their_tumour(page) -> None:  # type: ignore[no-untyped-def]
    rows = _deadline_rows(page, TWO_CANCERS)
    boards = sorted(r["Опухоль"] for r in rows if r["Срок"] == "Консилиум")
    assert len(boards) == 2
    assert boards[0].startswith("C34.1") and boards[1].startswith("C50.4")
    assert all(r["Опухоль"] != "—" for r in rows)


def test_a_board_before_the_operation_is_said_in_words(page, region: Region) -> None:  # type: ignore[no-untyped-def]
    rows = _deadline_rows(page, ROUTE_PATIENT)
    [board] = [r for r in rows if r["Срок"] == "Консилиум"]
    assert "Опухоль" not in board  # one cancer: no column to tell them apart
    assert board["Начало"] == f"20.02.{region.report_year}"
    assert board["Завершён"] == (
        f"консилиум проведён до начала отсчёта, 16.02.{region.report_year}")
