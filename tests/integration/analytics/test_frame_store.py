"""The API's warm frame store on the real graph: new data shows after the background
refresh, requests during a rebuild are answered from the previous frames, the TTL covers
changes the marker does not count, and the API starts the store with the application."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from analytics import compute
from analytics.indicators import Frames, load_frames
from analytics.store import FrameStore, read_marker
from graph.database import Graph
from onkopassport.settings import Settings
from tests.integration.analytics.scenario import (
    Case,
    add_case,
    analytics_api,
    build_region,
    eventually,
    running_store,
)

pytestmark = pytest.mark.integration

# A new stage I case of 2025: early detection goes from 3 of 7 to 4 of 8.
NEW_CASE = Case("C73", "I", date(2025, 10, 1), sex="female")


def _early_detection(frames: Frames) -> tuple[int, int]:
    value = compute.year_values(frames, 2025, ["early_detection"])[0]
    return value.numerator, value.denominator


def test_new_data_shows_after_the_background_refresh(graph: Graph) -> None:
    build_region(graph)
    with running_store(graph, [2025], ttl_seconds=3600, check_seconds=0.1) as store:
        assert eventually(lambda: store.built_at(2025) is not None)
        assert _early_detection(store.get(2025)) == (3, 7)
        marker = read_marker(graph)
        add_case(graph, 100, NEW_CASE)
        assert read_marker(graph) != marker  # the TTL (an hour) cannot be what refreshes
        assert eventually(lambda: _early_detection(store.get(2025)) == (4, 8))


def test_requests_during_a_rebuild_get_the_previous_frames(graph: Graph) -> None:
    build_region(graph)
    reading, release = threading.Event(), threading.Event()
    hold = threading.Event()

    def load_held(graph: Graph, year: int, parallel: bool) -> Frames:
        frames = load_frames(graph, year, parallel)
        if hold.is_set():  # the rebuild has read the new data and waits to be released
            reading.set()
            assert release.wait(30)
        return frames

    store = FrameStore(graph, load=load_held)
    assert _early_detection(store.get(2025)) == (3, 7)
    add_case(graph, 100, NEW_CASE)
    hold.set()
    rebuild = threading.Thread(target=store.refresh, args=(2025,))
    rebuild.start()
    try:
        assert reading.wait(30)
        started = time.perf_counter()
        during = _early_detection(store.get(2025))
        waited = time.perf_counter() - started
        assert during == (3, 7)
        assert waited < 1.0  # answered from memory, not after the rebuild
    finally:
        release.set()
        rebuild.join(30)
    assert _early_detection(store.get(2025)) == (4, 8)


def test_the_ttl_refreshes_changes_the_marker_does_not_count(graph: Graph) -> None:
    build_region(graph)
    with running_store(graph, [2025], ttl_seconds=0.5, check_seconds=0.1) as store:
        assert eventually(lambda: store.built_at(2025) is not None)
        assert _early_detection(store.get(2025)) == (3, 7)
        marker = read_marker(graph)
        # A stage corrected in place: the breast stage III case becomes stage II.
        graph.write_text("MATCH (t:Tumor {icd10: 'C50.1'}) SET t.stage = 'II'")
        assert read_marker(graph) == marker
        assert eventually(lambda: _early_detection(store.get(2025)) == (4, 7))


def test_the_api_answers_from_its_store_and_shows_new_data_after_the_refresh(
        graph: Graph, settings: Settings) -> None:
    build_region(graph)
    query = '{ indicators(year: 2025, codes: ["early_detection"]) { numerator denominator } }'

    def early_detection() -> tuple[int, int]:
        value = api.ask(query)["indicators"][0]
        return value["numerator"], value["denominator"]

    with analytics_api(settings) as api:
        store = api.store
        # Started with the application: the previous and the current year get built.
        this_year = date.today().year
        assert eventually(lambda: all(store.built_at(y) is not None
                                       for y in (this_year - 1, this_year)))
        assert early_detection() == (3, 7)
        add_case(graph, 100, NEW_CASE)
        assert early_detection() == (3, 7)  # the kept frames, not a read of the graph
        store.wake()  # what the next change check does
        assert eventually(lambda: early_detection() == (4, 8))
