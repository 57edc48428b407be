"""One request's analytics: frames are loaded once per year and reused by every
indicator, breakdown and chart the request asks for (a dashboard asks for many).

The API also keeps a `FrameCache` per process: a region's yearly figures change with
ingest batches, not per click, so the frames of a year are reused for `ttl_seconds`
(5 minutes) and a dashboard opened again is computed from memory.
"""

from __future__ import annotations

import threading
import time
from datetime import date

from analytics import compute
from analytics.filters import Filters
from analytics.indicators import DEFINITIONS, Frames, load_frames
from graph.database import Graph

DASHBOARD_INDICATORS = [
    "early_detection", "five_year_contingent", "one_year_mortality",
    "morphological_verification", "active_detection", "neglect_rate",
    "accumulation_index", "timeliness",
]


class FrameCache:
    """Frames of a year shared between requests for `ttl_seconds`."""

    def __init__(self, ttl_seconds: float = 300.0) -> None:
        self.ttl_seconds = ttl_seconds
        self._entries: dict[int, tuple[float, Frames]] = {}
        self._lock = threading.Lock()

    def get(self, graph: Graph, year: int) -> Frames:
        with self._lock:
            entry = self._entries.get(year)
            if entry is not None and time.monotonic() - entry[0] < self.ttl_seconds:
                return entry[1]
        frames = load_frames(graph, year)
        with self._lock:
            self._entries[year] = (time.monotonic(), frames)
        return frames

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class AnalyticsSession:
    def __init__(self, graph: Graph, cache: FrameCache | None = None) -> None:
        self.graph = graph
        self.cache = cache
        self._frames: dict[int, Frames] = {}

    def frames(self, year: int, filters: Filters | None = None) -> Frames:
        if year not in self._frames:
            self._frames[year] = (self.cache.get(self.graph, year) if self.cache
                                  else load_frames(self.graph, year))
        return self._frames[year].filtered(filters or Filters())

    def indicators(self, year: int, filters: Filters | None = None,
                   codes: list[str] | None = None) -> list[compute.IndicatorValue]:
        wanted = codes or list(DEFINITIONS)
        return compute.year_values(self.frames(year, filters), year, wanted)

    def dashboard(self, year: int, filters: Filters | None = None,
                  today: date | None = None) -> dict[str, object]:
        """What the authority's default dashboard shows: the headline indicators, the
        monthly dynamics of early detection, and the sanity ratio."""
        frames = self.frames(year, filters)
        return {
            "indicators": compute.year_values(frames, year, DASHBOARD_INDICATORS),
            "dynamics": compute.monthly_dynamics(frames, "early_detection", year, today),
            "sanity": compute.sanity_ratio(frames, year),
        }
