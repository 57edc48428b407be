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

Freshness: new data shows within `check_seconds` plus one rebuild; a change the marker
does not count (a property corrected in place) within `ttl_seconds` plus one rebuild.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from analytics.indicators import Frames, load_frames
from graph.database import Graph

log = logging.getLogger(__name__)
Marker = tuple[Any, ...]
Loader = Callable[[Graph, int, bool], Frames]  # (graph, year, parallel)


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
    frames: Frames
    marker: Marker
    built_at: float  # time.monotonic()
    used_at: float


class FrameStore:
    """The frames of a few years for one API process, refreshed in the background."""

    def __init__(self, graph: Graph, *, ttl_seconds: float = 300.0,
                 check_seconds: float = 10.0, keep_years: int = 4,
                 load: Loader = load_frames) -> None:
        self.graph = graph
        self.ttl_seconds = ttl_seconds
        self.check_seconds = check_seconds
        self.keep_years = keep_years
        self._load = load
        self._entries: dict[int, _Entry] = {}
        self._pinned: set[int] = set()
        self._lock = threading.Lock()  # guards the dicts, never held during a read
        self._year_locks: dict[int, threading.Lock] = {}
        self._refreshing: set[int] = set()  # one-off rebuilds under way (no worker)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._worker: threading.Thread | None = None

    # --- what requests call ---------------------------------------------------------

    def get(self, year: int) -> Frames:
        """The kept frames of `year`, however old; built now only if the year is new."""
        with self._lock:
            entry = self._entries.get(year)
            if entry is not None:
                entry.used_at = time.monotonic()
                if (self._worker is None and self._expired(entry)
                        and year not in self._refreshing):
                    # No background worker (a store used outside the API): the caller
                    # still gets the old frames, one thread rebuilds them.
                    self._refreshing.add(year)
                    threading.Thread(target=self._refresh_once, args=(year,),
                                     name=f"analytics-refresh-{year}", daemon=True).start()
                return entry.frames
        with self._year_lock(year):
            # Another request may have built it while this one waited for the lock.
            with self._lock:
                entry = self._entries.get(year)
            if entry is not None:
                return entry.frames
            return self._build(year, parallel=True).frames

    def built_at(self, year: int) -> float | None:
        """When the kept frames of `year` were built (time.monotonic()), None if never."""
        with self._lock:
            entry = self._entries.get(year)
            return entry.built_at if entry else None

    # --- the background worker ------------------------------------------------------

    def start(self, years: Iterable[int]) -> None:
        """Build `years` in the background, then keep every kept year fresh."""
        if self._worker is not None:
            return
        wanted = list(years)
        with self._lock:
            self._pinned.update(wanted)
        self._stop.clear()
        self._worker = threading.Thread(target=self._run, args=(wanted,),
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
        with self._year_lock(year):
            return self._build(year, parallel=False).frames

    def refresh_stale(self) -> list[int]:
        """One check: rebuild the kept years whose marker changed or whose TTL ran out."""
        marker = read_marker(self.graph)
        with self._lock:
            stale = sorted((year for year, entry in self._entries.items()
                            if entry.marker != marker or self._expired(entry)), reverse=True)
        rebuilt = []
        for year in stale:
            if self._stop.is_set():
                break
            self._refresh_quietly(year)
            rebuilt.append(year)
        return rebuilt

    def _run(self, years: list[int]) -> None:
        for year in years:
            if self._stop.is_set():
                return
            self._refresh_quietly(year)
        while not self._stop.is_set():
            self._wake.wait(self.check_seconds)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                self.refresh_stale()
            except Exception:  # the database may be down for a while: try again later
                log.warning("Analytics frames: change check failed", exc_info=True)

    # --- building -------------------------------------------------------------------

    def _refresh_once(self, year: int) -> None:
        try:
            self._refresh_quietly(year)
        finally:
            with self._lock:
                self._refreshing.discard(year)

    def _refresh_quietly(self, year: int) -> None:
        try:
            self.refresh(year)
        except Exception:  # keep serving the previous frames; the next check retries
            log.warning("Analytics frames of %s: rebuild failed", year, exc_info=True)

    def _build(self, year: int, parallel: bool) -> _Entry:
        # The marker is read before the frames: data arriving during the read changes the
        # marker again, so the next check rebuilds instead of keeping frames that miss it.
        marker = read_marker(self.graph)
        started = time.perf_counter()
        frames = self._load(self.graph, year, parallel)
        log.info("Analytics frames of %s built in %.2f s", year, time.perf_counter() - started)
        now = time.monotonic()
        entry = _Entry(frames, marker, now, now)
        with self._lock:
            previous = self._entries.get(year)
            if previous is not None:
                entry.used_at = previous.used_at
            self._entries[year] = entry
            self._evict()
        return entry

    def _evict(self) -> None:
        """Keep at most `keep_years` years: drop the least recently used unpinned ones."""
        spare = sorted((entry.used_at, year) for year, entry in self._entries.items()
                       if year not in self._pinned)
        while len(self._entries) > self.keep_years and spare:
            self._entries.pop(spare.pop(0)[1])

    def _expired(self, entry: _Entry) -> bool:
        return time.monotonic() - entry.built_at >= self.ttl_seconds

    def _year_lock(self, year: int) -> threading.Lock:
        with self._lock:
            return self._year_locks.setdefault(year, threading.Lock())
