"""Survival curves from the API's frame store on the real graph: the same curves as read
directly, new data shows after the refresh, requests during a held rebuild are answered
from the previous cases, and the API serves the curves from its store."""

from __future__ import annotations

import threading
import time
from datetime import date

import pandas as pd
import pytest

from analytics.filters import Filters
from analytics.store import FrameStore, read_marker
from analytics.survival import SurvivalCurve, build_survival, read_survival_cases
from graph.database import Graph
from onkopassport.settings import Settings
from tests.integration.analytics.scenario import (
    DISPENSARY,
    Case,
    add_case,
    analytics_api,
    build_region,
    eventually,
    running_store,
)

pytestmark = pytest.mark.integration

TODAY = date(2026, 1, 1)
# A stage IV lung case of 2025 who died: 2024–2025 goes from 11 patients / 3 deaths to 12 / 4.
NEW_DEATH = Case("C34.2", "IV", date(2025, 4, 1), deceased_on=date(2025, 9, 1))


def _overall(curves: list[SurvivalCurve]) -> tuple[int, int]:
    return curves[0].patients, curves[0].deaths


@pytest.mark.parametrize("filters", [
    Filters(), Filters(district="Северный"), Filters(organization_oid=DISPENSARY),
    Filters(site_row="lung"),
])
def test_survival_from_the_store_equals_survival_read_directly(
        graph: Graph, filters: Filters) -> None:
    build_region(graph)
    store = FrameStore(graph)
    store.refresh_survival(2018, 2026)  # what the API's start-up build keeps
    # Ranges inside the kept one, one cut short by `today`, and one outside it (read, kept).
    asked = [(2024, 2025, TODAY), (2019, 2025, TODAY), (2025, 2025, date(2025, 6, 30)),
             (2018, 2026, TODAY), (2010, 2025, TODAY)]
    for first, last, today in asked:
        for by in ("stage", "site"):
            direct = build_survival(graph, first, last, today, filters, by)
            assert store.survival(first, last, today, filters, by) == direct, (first, last, by)
    assert build_survival(graph, 2024, 2025, TODAY, filters)  # the comparison is not empty
    assert store.survival_built_at(2024, 2025) is None  # cut from the kept range, not read
    assert store.survival_built_at(2010, 2025) is not None  # outside it: read, then kept


def test_survival_cases_keep_only_what_survival_reads(graph: Graph) -> None:
    build_region(graph)
    cases = read_survival_cases(graph, 2024, 2025)
    assert sorted(cases.columns) == ["deceasedOn", "diagnosedOn", "district",
                                     "organizationOid", "siteRow", "stageGroup"]
    assert len(cases) == 11  # malignant (C00–C97) tumours of 2024–2025, no in situ
    assert cases["diagnosedOn"].min() == pd.Timestamp(2024, 4, 1)


def test_new_data_changes_the_curves_after_the_refresh(graph: Graph) -> None:
    build_region(graph)
    with running_store(graph, [], [(2020, 2026)], ttl_seconds=3600,
                       check_seconds=0.1) as store:
        assert store.wait_ready(30)
        before = store.survival(2024, 2025, TODAY)
        assert _overall(before) == (11, 3)
        marker = read_marker(graph)
        add_case(graph, 100, NEW_DEATH)
        assert read_marker(graph) != marker  # the TTL (an hour) cannot be what refreshes
        assert eventually(lambda: _overall(store.survival(2024, 2025, TODAY)) == (12, 4))
        after = store.survival(2024, 2025, TODAY)
        stage_iv = {c.group: c for c in after}["IV"]
        assert (stage_iv.patients, stage_iv.deaths) == (4, 3)
        assert after[0].one_year is not None and before[0].one_year is not None
        assert after[0].one_year < before[0].one_year
        assert after == build_survival(graph, 2024, 2025, TODAY)


def test_a_request_during_a_held_rebuild_gets_the_previous_curves(graph: Graph) -> None:
    build_region(graph)
    reading, release, hold = threading.Event(), threading.Event(), threading.Event()

    def load_held(graph: Graph, first: int, last: int) -> pd.DataFrame:
        cases = read_survival_cases(graph, first, last)
        if hold.is_set():  # the rebuild has read the new data and waits to be released
            reading.set()
            assert release.wait(30)
        return cases

    store = FrameStore(graph, load_survival=load_held)
    store.refresh_survival(2020, 2026)
    assert _overall(store.survival(2024, 2025, TODAY)) == (11, 3)
    add_case(graph, 100, NEW_DEATH)
    hold.set()
    rebuild = threading.Thread(target=store.refresh_survival, args=(2020, 2026))
    rebuild.start()
    try:
        assert reading.wait(30)
        started = time.perf_counter()
        during = store.survival(2024, 2025, TODAY, by="site")  # not asked before: computed
        waited = time.perf_counter() - started
        assert _overall(during) == (11, 3)
        assert _overall(store.survival(2024, 2025, TODAY)) == (11, 3)
        assert waited < 1.0  # answered from memory, not after the rebuild
    finally:
        release.set()
        rebuild.join(30)
    assert not rebuild.is_alive()
    assert _overall(store.survival(2024, 2025, TODAY)) == (12, 4)


def test_the_api_serves_survival_from_its_store(graph: Graph, settings: Settings) -> None:
    build_region(graph)
    query = ('{ survival(firstYear: 2024, lastYear: 2025, today: "2026-01-01") '
             '{ group patients deaths } }')

    def overall() -> tuple[int, int]:
        curve = api.ask(query)["survival"][0]
        return curve["patients"], curve["deaths"]

    with analytics_api(settings) as api:
        store = api.store
        this_year = date.today().year
        assert eventually(lambda: api.client.get("/reports/ready").status_code == 200)
        # Started with the application: the range the web pages ask is kept.
        assert store.survival_built_at(this_year - 6, this_year) is not None
        assert overall() == (11, 3)
        add_case(graph, 100, NEW_DEATH)
        assert overall() == (11, 3)  # the kept cases, not a read of the graph
        store.wake()  # what the next change check does
        assert eventually(lambda: overall() == (12, 4))
