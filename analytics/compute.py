"""Values of indicators: totals, breakdowns, monthly dynamics, drill-down, sanity ratio."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.indicators import (
    Frames,
    IndicatorDefinition,
    Selection,
    Window,
    definition,
    month_windows,
    year_window,
)
from analytics.periods import years_before
from domain import codes

DIMENSIONS = {"district": ("district", "district"),
              "organization": ("organizationOid", "organizationName"),
              "site": ("siteRow", "siteRow")}


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    label: str
    unit: str
    numerator: int
    denominator: int
    value: float | None  # numerator / denominator; None when the denominator is 0
    target: float | None
    lower_is_better: bool


@dataclass(frozen=True)
class BreakdownItem:
    key: str
    label: str
    numerator: int
    denominator: int
    value: float | None


@dataclass(frozen=True)
class MonthValue:
    month: str  # YYYY-MM
    numerator: int
    denominator: int
    value: float | None


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _count(selection: Selection, mask: pd.Series) -> int:
    if selection.weight is None:
        return int(mask.sum())
    return int(selection.frame.loc[mask, selection.weight].sum())


def _value(indicator: IndicatorDefinition, selection: Selection) -> IndicatorValue:
    numerator = _count(selection, selection.numerator)
    denominator = _count(selection, selection.denominator)
    return IndicatorValue(indicator.code, indicator.label, indicator.unit, numerator,
                          denominator, _ratio(numerator, denominator), indicator.target,
                          indicator.lower_is_better)


def indicator_value(frames: Frames, code: str, window: Window) -> IndicatorValue:
    indicator = definition(code)
    return _value(indicator, indicator.measure(frames, window))


def year_values(frames: Frames, year: int, codes_wanted: list[str]) -> list[IndicatorValue]:
    window = year_window(year)
    return [indicator_value(frames, code, window) for code in codes_wanted]


def _row_label(row_id: str) -> str:
    labels = {row.id: row.label for row in codes.form7_rows()}
    return labels.get(row_id, row_id)


def breakdown(frames: Frames, code: str, year: int, dimension: str) -> list[BreakdownItem]:
    """The indicator per district, organisation or site row, largest denominator first.

    Empty when the indicator's rows do not carry the dimension (organisation of the
    register, site of deadline counts)."""
    key_column, label_column = DIMENSIONS[dimension]
    selection = definition(code).measure(frames, year_window(year))
    frame = selection.frame
    if key_column not in frame.columns:
        return []
    weights = (frame[selection.weight] if selection.weight
               else pd.Series(1, index=frame.index))
    grouped = pd.DataFrame({
        "key": frame[key_column].fillna("—"),
        "label": frame[label_column].fillna("не указано"),
        "numerator": weights.where(selection.numerator, 0),
        "denominator": weights.where(selection.denominator, 0),
    }).groupby(["key"], as_index=False).agg(
        label=("label", "first"), numerator=("numerator", "sum"),
        denominator=("denominator", "sum"))
    grouped = grouped[grouped["denominator"] > 0].sort_values(
        ["denominator", "key"], ascending=[False, True])
    return [
        BreakdownItem(str(row.key), _row_label(str(row.label)) if dimension == "site"
                      else str(row.label), int(row.numerator), int(row.denominator),
                      _ratio(int(row.numerator), int(row.denominator)))
        for row in grouped.itertuples()
    ]


def monthly_dynamics(frames: Frames, code: str, year: int,
                     today: date | None = None) -> list[MonthValue]:
    """The indicator month by month (each month its own window; months after `today`
    are left out)."""
    indicator = definition(code)
    months = []
    for month, window in month_windows(year, today):
        value = _value(indicator, indicator.measure(frames, window))
        months.append(MonthValue(month, value.numerator, value.denominator, value.value))
    return months


def patients_behind(frames: Frames, code: str, year: int, part: str) -> list[str]:
    """Patient ids of the numerator or the denominator (drill-down), sorted."""
    indicator = definition(code)
    if not indicator.drillable:
        return []
    selection = indicator.measure(frames, year_window(year))
    mask = selection.numerator if part == "numerator" else selection.denominator
    return sorted(set(selection.frame.loc[mask, "patientId"]))


@dataclass(frozen=True)
class SanityRatio:
    """One-year mortality in year t over the stage IV share of year t−1 (domain.md §7);
    ≥ 1 signals under-staging or deaths not linked to the register."""

    mortality: float | None
    stage_iv_share_previous_year: float | None
    ratio: float | None

    @property
    def alarming(self) -> bool:
        return self.ratio is not None and self.ratio >= 1


def sanity_ratio(frames: Frames, year: int) -> SanityRatio:
    window = year_window(year)
    previous = (pd.Timestamp(years_before(window[0].date(), 1)),
                pd.Timestamp(years_before(window[1].date(), 1)))
    mortality = indicator_value(frames, "one_year_mortality", window).value
    stage_iv = indicator_value(frames, "stage_iv_share", previous).value
    ratio = mortality / stage_iv if mortality is not None and stage_iv else None
    return SanityRatio(mortality, stage_iv, ratio)
