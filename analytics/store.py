"""Frames of each year kept warm for the API, so that no user request pays the cold read.

Reading a 100 000-patient region's frames takes a few seconds of database and Python
time on a small server; computing a dashboard from frames in memory takes tens of
milliseconds. The `FrameStore` therefore builds the frames of the years the API serves
ahead of the requests and rebuilds them in the background (stale-while-revalidate):

* `start(years)` builds the given years (the current and the previous one) in a
  background thread, then every `check_seconds` reads a change marker
  (cypher/fetch_analytics_marker.cypher, constant time) and rebuilds every kept year whose
  frames were built under another marker or are older than `ttl_seconds`;
* `get(year)` answers from the kept frames at once, even while their rebuild runs (the
  new frames replace the old ones in one step when complete); only a year nobody asked
  for yet is read while the caller waits (and is then kept and refreshed too).

The store keeps survival cases the same way (`survival(first, last, …)`): the tumours of a
range of diagnosis years with the few columns Kaplan–Meier curves read, pinned at start for
the range the web pages ask, refreshed by the same checks; a request for a range inside a
kept one is cut from it, another range is read once and then kept (`keep_ranges` at most).
The curves themselves are memoised per (kept cases, range, today, filters, grouping).

Freshness: new data shows within `check_seconds` plus one rebuild; a change the marker
does not count (a property corrected in place) within `ttl_seconds` plus one rebuild.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import count
from typing import Any

import pandas as pd

from analytics.filters import Filters
from analytics.indicators import Frames, load_frames
from analytics.survival import SurvivalCurve, read_survival_cases, survival_of_cases
from graph.database import Graph

log = logging.getLogger(__name__)
Marker = tuple[Any, ...]
Loader = Callable[[Graph, int, bool], Frames]  # (graph, year, parallel)
SurvivalLoader = Callable[[Graph, int, int], pd.DataFrame]  # (graph, first year, last year)
YearRange = tuple[int, int]
Key = Any  # a year (frames) or a YearRange (survival cases)
_SERIALS = count(1)  # tells kept values apart: memoised curves name the cases they came from


# The started store of each Graph (one per API process): GraphQL resolvers find it from the
# request's graph, as the context carries the graph but not the application.
_SERVING: weakref.WeakKeyDictionary[Graph, FrameStore] = weakref.WeakKeyDictionary()


def serving_store(graph: Graph) -> FrameStore | None:
    """The store started for `graph` in this process, if any."""
    return _SERVING.get(graph)


def read_marker(graph: Graph) -> Marker:
    """What changes when data the indicators count arrives (counts from the count store)."""
    rows = graph.read("fetch_analytics_marker")
    return tuple(sorted(rows[0].items())) if rows else ()


@dataclass
class _Entry:
    value: Any
    marker: Marker
    built_at: float  # time.monotonic()
    used_at: float
    serial: int


class _Shelf:
    """The kept values of one kind (a year's frames, a range's survival cases)."""

    def __init__(self, name: str, build: Callable[[Any, bool], Any], limit: int) -> None:
        self.name = name
        self.build = build  # (key, parallel) -> value
        self.limit = limit
        self.entries: dict[Key, _Entry] = {}
        self.pinned: set[Key] = set()
        self.key_locks: dict[Key, threading.Lock] = {}
        self.refreshing: set[Key] = set()  # one-off rebuilds under way (no worker)


class FrameStore:
    """The frames of a few years (and survival cases of a few ranges) for one API process,
    refreshed in the background."""

    def __init__(self, graph: Graph, *, ttl_seconds: float = 300.0,
                 check_seconds: float = 10.0, keep_years: int = 4, keep_ranges: int = 3,
                 load: Loader = load_frames,
                 load_survival: SurvivalLoader = read_survival_cases,
                 memoised_curves: int = 64) -> None:
        self.graph = graph
        self.ttl_seconds = ttl_seconds
        self.check_seconds = check_seconds
        self.keep_years = keep_years
        self._frames = _Shelf("frames", lambda year, parallel: load(graph, year, parallel),
                              keep_years)
        self._survival = _Shelf("survival cases",
                                lambda years, _parallel: load_survival(graph, *years),
                                keep_ranges)
        self._curves: OrderedDict[Key, list[SurvivalCurve]] = OrderedDict()
        self._memoised_curves = memoised_curves
        self._lock = threading.Lock()  # guards the dicts, never held during a read
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._ready = threading.Event()
        self._worker: threading.Thread | None = None

    # --- what requests call ---------------------------------------------------------

    def get(self, year: int) -> Frames:
        """The kept frames of `year`, however old; built now only if the year is new."""
        frames: Frames = self._get(self._frames, year).value
        return frames

    def survival(self, first_year: int, last_year: int, today: date,
                 filters: Filters | None = None, by: str = "stage") -> list[SurvivalCurve]:
        """Survival curves of the tumours diagnosed in [first_year, last_year] (as
        analytics.survival.build_survival), from kept cases; the same question about the
        same kept cases is answered from memory."""
        entry = self._survival_entry(first_year, last_year)
        key = (entry.serial, first_year, last_year, today, filters or Filters(), by)
        with self._lock:
            curves = self._curves.get(key)
            if curves is not None:
                self._curves.move_to_end(key)
                return curves
        curves = survival_of_cases(entry.value, first_year, last_year, today, filters, by)
        with self._lock:
            self._curves[key] = curves
            while len(self._curves) > self._memoised_curves:
                self._curves.popitem(last=False)
        return curves

    def built_at(self, year: int) -> float | None:
        """When the kept frames of `year` were built (time.monotonic()), None if never."""
        return self._built_at(self._frames, year)

    def survival_built_at(self, first_year: int, last_year: int) -> float | None:
        """When the kept survival cases of exactly that range were built, None if never."""
        return self._built_at(self._survival, (first_year, last_year))

    def is_ready(self) -> bool:
        """Whether the start-up build is over (each pinned key built or failed once)."""
        return self._ready.is_set()

    def wait_ready(self, timeout: float | None = None) -> bool:
        return self._ready.wait(timeout)

    # --- the background worker ------------------------------------------------------

    def start(self, years: Iterable[int],
              survival_ranges: Iterable[YearRange] = ()) -> None:
        """Build `years` and `survival_ranges` in the background, then keep every kept
        value fresh. The first year (the one the dashboard opens on) is built first, then
        the survival ranges, then the other years."""
        if self._worker is not None:
            return
        wanted_years = list(years)
        ranges = [(int(first), int(last)) for first, last in survival_ranges]
        plan = ([(self._frames, y) for y in wanted_years[:1]]
                + [(self._survival, r) for r in ranges]
                + [(self._frames, y) for y in wanted_years[1:]])
        with self._lock:
            self._frames.pinned.update(wanted_years)
            self._survival.pinned.update(ranges)
        self._stop.clear()
        self._ready.clear()
        self._worker = threading.Thread(target=self._run, args=(plan,),
                                        name="analytics-frames", daemon=True)
        self._worker.start()
        _SERVING[self.graph] = self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the worker; a rebuild under way finishes first (reads cannot be cut)."""
        worker, self._worker = self._worker, None
        if _SERVING.get(self.graph) is self:
            del _SERVING[self.graph]
        self._stop.set()
        self._wake.set()
        if worker is not None:
            worker.join(timeout)

    def wake(self) -> None:
        """Check the marker now instead of at the next interval (after an ingest batch)."""
        self._wake.set()

    def refresh(self, year: int) -> Frames:
        """Build `year` now and replace its kept frames (requests keep the old meanwhile).

        The reads run one after another: nobody waits for a refresh, and requests served
        meanwhile need a core and the GIL more than the refresh needs speed."""
        frames: Frames = self._refresh(self._frames, year, parallel=False).value
        return frames

    def refresh_survival(self, first_year: int, last_year: int) -> pd.DataFrame:
        """Read the survival cases of the range now and replace the kept ones."""
        cases: pd.DataFrame = self._refresh(self._survival, (first_year, last_year),
                                            parallel=False).value
        return cases

    def refresh_stale(self) -> list[Key]:
        """One check: rebuild the kept values whose marker changed or whose TTL ran out
        (frames of the latest year first, then survival ranges)."""
        marker = read_marker(self.graph)
        rebuilt: list[Key] = []
        for shelf in (self._frames, self._survival):
            with self._lock:
                stale = sorted((key for key, entry in shelf.entries.items()
                                if entry.marker != marker or self._expired(entry)),
                               reverse=True)
            for key in stale:
                if self._stop.is_set():
                    return rebuilt
                self._refresh_quietly(shelf, key, parallel=False)
                rebuilt.append(key)
        return rebuilt

    def _run(self, plan: list[tuple[_Shelf, Key]]) -> None:
        # At start the reads run in parallel: nobody is served yet but the first requests,
        # and those wait for exactly this build.
        for shelf, key in plan:
            if self._stop.is_set():
                break
            self._refresh_quietly(shelf, key, parallel=True)
        self._ready.set()
        while not self._stop.is_set():
            self._wake.wait(self.check_seconds)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.refresh_stale()
            except Exception:  # the database may be down for a while: try again later
                log.warning("Analytics frames: change check failed", exc_info=True)

    # --- keeping values -------------------------------------------------------------

    def _get(self, shelf: _Shelf, key: Key) -> _Entry:
        with self._lock:
            entry = shelf.entries.get(key)
            if entry is not None:
                self._touch(shelf, key, entry)
                return entry
        with self._key_lock(shelf, key):
            # Another request may have built it while this one waited for the lock.
            with self._lock:
                entry = shelf.entries.get(key)
            if entry is not None:
                return entry
            return self._build(shelf, key, parallel=True)

    def _survival_entry(self, first_year: int, last_year: int) -> _Entry:
        """The kept cases of the narrowest kept range that contains the asked one, else
        those of the asked range, read now and kept."""
        with self._lock:
            around = sorted((last - first, (first, last))
                            for first, last in self._survival.entries
                            if first <= first_year and last_year <= last)
            if around:
                key = around[0][1]
                entry = self._survival.entries[key]
                self._touch(self._survival, key, entry)
                return entry
        return self._get(self._survival, (first_year, last_year))

    def _touch(self, shelf: _Shelf, key: Key, entry: _Entry) -> None:
        """Note a use (called with the lock held); without a background worker (a store used
        outside the API) an expired value is rebuilt by one thread while callers keep
        getting the old one."""
        entry.used_at = time.monotonic()
        if self._worker is None and self._expired(entry) and key not in shelf.refreshing:
            shelf.refreshing.add(key)
            threading.Thread(target=self._refresh_once, args=(shelf, key),
                             name=f"analytics-refresh-{key}", daemon=True).start()

    def _built_at(self, shelf: _Shelf, key: Key) -> float | None:
        with self._lock:
            entry = shelf.entries.get(key)
            return entry.built_at if entry else None

    def _refresh(self, shelf: _Shelf, key: Key, parallel: bool) -> _Entry:
        with self._key_lock(shelf, key):
            return self._build(shelf, key, parallel)

    def _refresh_once(self, shelf: _Shelf, key: Key) -> None:
        try:
            self._refresh_quietly(shelf, key, parallel=False)
        finally:
            with self._lock:
                shelf.refreshing.discard(key)

    def _refresh_quietly(self, shelf: _Shelf, key: Key, parallel: bool) -> None:
        try:
            self._refresh(shelf, key, parallel)
        except Exception:  # keep serving the previous value; the next check retries
            log.warning("Analytics %s of %s: rebuild failed", shelf.name, key, exc_info=True)

    def _build(self, shelf: _Shelf, key: Key, parallel: bool) -> _Entry:
        # The marker is read before the data: data arriving during the read changes the
        # marker again, so the next check rebuilds instead of keeping values that miss it.
        marker = read_marker(self.graph)
        started = time.perf_counter()
        value = shelf.build(key, parallel)
        log.info("Analytics %s of %s built in %.2f s", shelf.name, key,
                 time.perf_counter() - started)
        now = time.monotonic()
        entry = _Entry(value, marker, now, now, next(_SERIALS))
        with self._lock:
            previous = shelf.entries.get(key)
            if previous is not None:
                entry.used_at = previous.used_at
            shelf.entries[key] = entry
            self._evict(shelf)
        return entry

    def _evict(self, shelf: _Shelf) -> None:
        """Keep at most `shelf.limit` values: drop the least recently used unpinned ones."""
        spare = sorted((entry.used_at, key) for key, entry in shelf.entries.items()
                       if key not in shelf.pinned)
        while len(shelf.entries) > shelf.limit and spare:
            shelf.entries.pop(spare.pop(0)[1])

    def _expired(self, entry: _Entry) -> bool:
        return time.monotonic() - entry.built_at >= self.ttl_seconds

    def _key_lock(self, shelf: _Shelf, key: Key) -> threading.Lock:
        with self._lock:
            return shelf.key_locks.setdefault(key, threading.Lock())
