"""One request's analytics: frames are loaded once per year and reused by every
indicator, breakdown and chart the request asks for (a dashboard asks for many)."""

from __future__ import annotations

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


class AnalyticsSession:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._frames: dict[int, Frames] = {}

    def frames(self, year: int, filters: Filters | None = None) -> Frames:
        if year not in self._frames:
            self._frames[year] = load_frames(self.graph, year)
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
