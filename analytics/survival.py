"""Observed (all-cause) survival after diagnosis, Kaplan–Meier (lifelines), by site row and
stage group. Follow-up ends at death or at `today` (censored).

`build_survival` reads the tumours of the asked years from the graph; the API's frame store
(analytics/store.py) instead keeps the cases of a range of years warm
(`read_survival_cases`) and computes the curves of any range inside it with
`survival_of_cases` — the same tumours, the same curves."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import cache

import pandas as pd
from lifelines import KaplanMeierFitter

from analytics.filters import Filters
from analytics.frames import fetch_new_tumors, fetch_survival_cases
from analytics.periods import Period
from domain.codes import form7_rows
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
    labels = GROUP_LABELS if by == "stage" else _site_labels()
    for key, part in sorted(data.dropna(subset=[column]).groupby(column), key=lambda g: g[0]):
        curves.append(kaplan_meier(labels.get(str(key), str(key)), part))
    return curves


@cache
def _site_labels() -> dict[str, str]:
    """Form No. 7's row labels (the sites a user reads), by the row ids the frames carry."""
    return {row.id: row.label for row in form7_rows()}


def diagnosis_period(first_year: int, last_year: int, today: date) -> Period:
    """Diagnoses counted: from 1 January of `first_year` to 31 December of `last_year`,
    but not after `today`."""
    return Period(Period.year(first_year).start, min(Period.year(last_year).end, today))


def build_survival(graph: Graph, first_year: int, last_year: int, today: date,
                   filters: Filters | None = None, by: str = "stage") -> list[SurvivalCurve]:
    """The curves read straight from the graph (the CLI, tests, an API without a store)."""
    frame = fetch_new_tumors(graph, diagnosis_period(first_year, last_year, today))
    frame = (filters or Filters()).apply(frame)
    # A patient with two primaries is counted once per tumour, as cancer registries do.
    return survival_curves(frame, today, by)


def read_survival_cases(graph: Graph, first_year: int, last_year: int) -> pd.DataFrame:
    """The tumours diagnosed in whole years [first_year, last_year] with the columns survival
    reads (what the frame store keeps; `survival_of_cases` cuts a period out of them)."""
    return fetch_survival_cases(graph, Period(Period.year(first_year).start,
                                              Period.year(last_year).end))


def survival_of_cases(cases: pd.DataFrame, first_year: int, last_year: int, today: date,
                      filters: Filters | None = None, by: str = "stage") -> list[SurvivalCurve]:
    """`build_survival` from kept cases of a range of years that contains the asked one."""
    period = diagnosis_period(first_year, last_year, today)
    diagnosed = cases["diagnosedOn"]
    frame = cases[(diagnosed >= pd.Timestamp(period.start))
                  & (diagnosed <= pd.Timestamp(period.end))]
    return survival_curves((filters or Filters()).apply(frame), today, by)
