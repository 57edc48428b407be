"""End-to-end: the registrar's page shows quality indicators and the contingent."""

from __future__ import annotations

import pytest

from graph.database import Graph
from registry import rebuild_registry
from tests.browser.conftest import log_in
from tests.browser.region import Region

pytestmark = pytest.mark.browser


def test_registry_page_shows_indicators_and_contingent(
        page, screenshot, region: Region, session_graph: Graph) -> None:  # type: ignore[no-untyped-def]
    rebuild_registry(session_graph, region.today)
    log_in(page, "browser-admin")
    page.goto("/ui/registry.html")
    page.wait_for_selector("[data-testid=registry-indicators] tbody tr", timeout=90_000)
    rows = page.locator("[data-testid=registry-indicators] tbody tr").all_inner_texts()
    assert rows, "no indicator rows"
    tumours = [int(cells.split("\t")[1]) for cells in rows]
    assert max(tumours) > 0
    headers = page.locator("[data-testid=registry-indicators] th").all_inner_texts()
    assert any(h.startswith("МВ (морфол. верифиц.)") for h in headers), headers
    assert any("DCO" in h and h.startswith("Только по свид. о смерти") for h in headers), headers
    mv_title = page.locator("[data-testid=registry-indicators] th abbr").first.get_attribute(
        "title")
    assert mv_title is not None and "гистологически" in mv_title
    legend = page.get_by_test_id("grade-legend").inner_text()
    assert "Редкое (Rare)" in legend and "Сомнительное (Query)" in legend
    page.wait_for_selector("[data-testid=registry-contingent] table", timeout=60_000)
    assert "Всего пациентов на учёте" in page.get_by_test_id("registry-contingent").inner_text()
    # the clinical groups in their own order, not the alphabet's (II, IIa, III, IV)
    ordered = page.evaluate("""async () => {
      const { byClinicalGroup } = await import('/ui/registry.js');
      return byClinicalGroup(['IV', 'III', null, 'IIa', 'II', 'Ib', 'Ia']
        .map((clinicalGroup) => ({ clinicalGroup }))).map((r) => r.clinicalGroup);
    }""")
    assert ordered == ["Ia", "Ib", "II", "IIa", "III", "IV", None]
    # a person with tumours of two groups is in both rows: the page says why they add up more
    notes = page.evaluate("""async () => {
      const { overlapNote } = await import('/ui/registry.js');
      const rows = [{ patients: 120 }, { patients: 95 }];
      return [overlapNote(rows, 212), overlapNote(rows, 215)];
    }""")
    assert notes == ["Сумма по группам (215) больше итога: пациент с опухолями разных клинических "
                     "групп учтён в каждой из них.", None]
    shown_note = page.get_by_test_id("contingent-overlap")
    group_sum = sum(int(cells.split("\t")[2]) for cells in page.locator(
        "[data-testid=registry-contingent] tbody tr").all_inner_texts())
    total = int(page.get_by_test_id("registry-contingent").locator("strong").inner_text())
    assert shown_note.count() == (1 if group_sum > total else 0)
    shown = [row.split("\t")[0] for row in
             page.locator("[data-testid=registry-contingent] tbody tr").all_inner_texts()]
    known = [group for group in ("Ia", "Ib", "II", "IIa", "III", "IV") if group in shown]
    assert [group for group in shown if group in known] == known
    screenshot(page, "registry")
