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
    page.wait_for_selector("[data-testid=registry-contingent] table", timeout=60_000)
    assert "Всего пациентов на учёте" in page.get_by_test_id("registry-contingent").inner_text()
    screenshot(page, "registry")
