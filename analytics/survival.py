"""Observed (all-cause) survival after diagnosis, Kaplan–Meier (lifelines), by site row and
stage group. Follow-up ends at death or at `today` (censored)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd
from lifelines import KaplanMeierFitter

from analytics.filters import Filters
from analytics.frames import fetch_new_tumors
from analytics.periods import Period
from graph.database import Graph

DAYS_PER_MONTH = 365.25 / 12
CURVE_MONTHS = list(range(0, 61, 3))
GROUP_LABELS = {"unknown": "стадия не установлена"}


@dataclass(frozen=True)
class CurvePoint:
    month: int
    survival: float


@dataclass(frozen=True)
class SurvivalCurve:
    group: str  # "всего", a stage group or a site row id
    patients: int
    deaths: int
    one_year: float | None  # None when nobody was followed that long
    five_year: float | None
    points: list[CurvePoint]


def follow_up(frame: pd.DataFrame, today: date) -> pd.DataFrame:
    """Duration in months and the death flag of each tumour's patient."""
    end = pd.Timestamp(today)
    died = frame["deceasedOn"].notna() & (frame["deceasedOn"] <= end)
    stop = frame["deceasedOn"].where(died, end)
    months = (stop - frame["diagnosedOn"]).dt.days.clip(lower=0) / DAYS_PER_MONTH
    return pd.DataFrame({"months": months, "died": died}, index=frame.index)


def _at(fitter: KaplanMeierFitter, months: float, followed: float,
        everybody_died: bool) -> float | None:
    if followed < months:
        # Nobody followed that long: unknown, unless everybody has already died.
        return 0.0 if everybody_died else None
    return float(fitter.survival_function_at_times(months).iloc[0])


def kaplan_meier(group: str, data: pd.DataFrame) -> SurvivalCurve:
    fitter = KaplanMeierFitter()
    fitter.fit(data["months"], event_observed=data["died"])
    followed = float(data["months"].max()) if len(data) else 0.0
    visible = [m for m in CURVE_MONTHS if m <= followed] or [0]
    if followed > visible[-1]:
        visible.append(math.ceil(followed))  # the curve runs to the longest follow-up
    points = [CurvePoint(m, float(v)) for m, v in
              zip(visible, fitter.survival_function_at_times(visible), strict=True)]
    deaths = int(data["died"].sum())
    everybody_died = deaths == len(data)
    return SurvivalCurve(group, len(data), deaths, _at(fitter, 12, followed, everybody_died),
                         _at(fitter, 60, followed, everybody_died), points)


def survival_curves(frame: pd.DataFrame, today: date, by: str = "stage") -> list[SurvivalCurve]:
    """A curve for everyone, then one per stage group (`by="stage"`) or site row."""
    data = follow_up(frame, today).join(frame[["stageGroup", "siteRow"]])
    curves = [kaplan_meier("всего", data)] if len(data) else []
    column = "stageGroup" if by == "stage" else "siteRow"
    for key, part in sorted(data.dropna(subset=[column]).groupby(column), key=lambda g: g[0]):
        curves.append(kaplan_meier(GROUP_LABELS.get(str(key), str(key)), part))
    return curves


def build_survival(graph: Graph, first_year: int, last_year: int, today: date,
                   filters: Filters | None = None, by: str = "stage") -> list[SurvivalCurve]:
    period = Period(Period.year(first_year).start, min(Period.year(last_year).end, today))
    frame = fetch_new_tumors(graph, period)
    frame = (filters or Filters()).apply(frame)
    # A patient with two primaries is counted once per tumour, as cancer registries do.
    return survival_curves(frame, today, by)
