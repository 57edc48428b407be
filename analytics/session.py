"""One request's analytics: frames are loaded once per year and reused by every
indicator, breakdown and chart the request asks for (a dashboard asks for many).

In the API the frames come from the process's `FrameStore` (analytics/store.py), which
keeps the years it serves warm and refreshes them in the background, so a dashboard is
computed from memory; without a store (the CLI, tests) they are read from the graph.
"""

from __future__ import annotations

from datetime import date

from analytics import compute
from analytics.filters import Filters
from analytics.indicators import DEFINITIONS, Frames, load_frames
from analytics.store import FrameStore
from analytics.survival import SurvivalCurve, build_survival
from graph.database import Graph

DASHBOARD_INDICATORS = [
    "early_detection", "five_year_contingent", "one_year_mortality",
    "morphological_verification", "active_detection", "neglect_rate",
    "accumulation_index", "timeliness",
]


class AnalyticsSession:
    def __init__(self, graph: Graph, store: FrameStore | None = None) -> None:
        self.graph = graph
        self.store = store
        self._frames: dict[int, Frames] = {}

    def frames(self, year: int, filters: Filters | None = None) -> Frames:
        if year not in self._frames:
            self._frames[year] = (self.store.get(year) if self.store
                                  else load_frames(self.graph, year))
        return self._frames[year].filtered(filters or Filters())

    def survival(self, first_year: int, last_year: int, today: date,
                 filters: Filters | None = None, by: str = "stage") -> list[SurvivalCurve]:
        """Survival curves: from the store's kept cases in the API, else read directly."""
        if self.store is not None and first_year <= last_year:
            return self.store.survival(first_year, last_year, today, filters, by)
        return build_survival(self.graph, first_year, last_year, today, filters, by)

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
