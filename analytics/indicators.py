"""The indicators of the federal project (domain.md §7) as numerator / denominator.

Each indicator is a function of the frames and a window [start, end] returning which
rows are in the denominator and which of those are in the numerator; values, breakdowns
by district / organisation / site, monthly dynamics and the drill-down to patients all
come from those two masks, so they always agree with each other.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

import pandas as pd

from analytics.filters import Filters
from analytics.frames import fetch_deadline_outcomes, fetch_indicator_cases, fetch_register
from analytics.periods import Period, years_before
from graph.database import Graph
from onkopassport.errors import InputError

Window = tuple[pd.Timestamp, pd.Timestamp]


@dataclass(frozen=True)
class Frames:
    """Everything a year's indicators need: new tumours of the year and the one before,
    the register at year end, and closed deadline clocks of the year — only the columns
    the indicators read (no clinical group, no reason of a removal other than death:
    form No. 35 reads its own register with those)."""

    new_tumors: pd.DataFrame
    register: pd.DataFrame
    deadlines: pd.DataFrame

    def filtered(self, filters: Filters) -> Frames:
        return Frames(filters.apply(self.new_tumors), filters.apply(self.register),
                      filters.apply(self.deadlines))


def load_frames(graph: Graph, year: int, parallel: bool = True) -> Frames:
    """The three reads of a year's frames. In parallel by default: each Cypher query runs
    on one server thread, so separate sessions let the server use its cores while Python
    decodes — the fastest way when someone waits. One after another when `parallel` is
    false: slower, but a background rebuild then leaves a core to the requests."""
    two_years = Period(Period.year(year - 1).start, Period.year(year).end)
    reads: list[Callable[[], pd.DataFrame]] = [
        lambda: fetch_indicator_cases(graph, two_years),
        lambda: fetch_register(graph, two_years.end, details=False),
        lambda: fetch_deadline_outcomes(graph, Period.year(year)),
    ]
    if not parallel:
        return Frames(*(read() for read in reads))
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="analytics-read") as pool:
        futures = [pool.submit(read) for read in reads]
        return Frames(*(future.result() for future in futures))


@dataclass(frozen=True)
class Selection:
    """Rows of one frame: the denominator and, within it, the numerator."""

    frame: pd.DataFrame
    denominator: pd.Series
    numerator: pd.Series
    weight: str | None = None  # a count column (aggregated rows), else one row = one case


Measure = Callable[[Frames, Window], Selection]


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    label: str
    unit: str  # "share" (0..1) or "ratio"
    target: float | None
    lower_is_better: bool
    measure: Measure
    drillable: bool = True  # False when rows are counts, not patients
    # what the numerator and the denominator count, for the analyst reading the table: two
    # indicators with different denominators (new tumours, registered people) look alike
    formula_ru: str = ""

    def __post_init__(self) -> None:
        if not self.formula_ru:
            raise ValueError(f"indicator {self.code}: say what it counts (formula_ru)")


def _in_window(column: pd.Series, window: Window) -> pd.Series:
    return (column >= window[0]) & (column <= window[1])


def _new_cases(frames: Frames, window: Window) -> tuple[pd.DataFrame, pd.Series]:
    frame = frames.new_tumors
    return frame, _in_window(frame["diagnosedOn"], window)


def _share_of_new(condition: Callable[[pd.DataFrame], pd.Series]) -> Measure:
    def measure(frames: Frames, window: Window) -> Selection:
        frame, denominator = _new_cases(frames, window)
        return Selection(frame, denominator, denominator & condition(frame))

    return measure


def _on_register(frame: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    return (frame["takenOn"] <= day) & (frame["leftOn"].isna() | (frame["leftOn"] > day))


def _five_year_contingent(frames: Frames, window: Window) -> Selection:
    frame = frames.register
    on_register = _on_register(frame, window[1])
    five_years_ago = pd.Timestamp(years_before(window[1].date(), 5))
    return Selection(frame, on_register, on_register & (frame["takenOn"] <= five_years_ago))


def _one_year_mortality(frames: Frames, window: Window) -> Selection:
    # Cohort: first registered one year before the window; died within a year of it (to
    # the same date a year on: 366 days when a 29 February falls between).
    frame = frames.register
    cohort_window = (pd.Timestamp(years_before(window[0].date(), 1)),
                     pd.Timestamp(years_before(window[1].date(), 1)))
    cohort = _in_window(frame["takenOn"], cohort_window)
    died_within_year = (frame["leftReason"] == "died") & (
        frame["deceasedOn"] <= frame["takenOn"] + pd.DateOffset(years=1))
    return Selection(frame, cohort, cohort & died_within_year)


def _accumulation_index(frames: Frames, window: Window) -> Selection:
    # Not a share: on register at the end / taken on in the window; both counted by the
    # masks, the numerator is not a subset of the denominator here.
    frame = frames.register
    return Selection(frame, _in_window(frame["takenOn"], window),
                     _on_register(frame, window[1]))


# The legal deadlines of domain.md §2. The graph also keeps clocks of other rules (the 090/у
# notice, the 027-2/у protocol, the tumour board before treatment), which are no part of
# "each deadline D1–D8" (§7).
TIMELINESS_RULES = ("D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8")


def _timeliness(rule: str | None) -> Measure:
    """Share of closed clocks met: of one rule, or (None) of all of D1–D8."""

    def measure(frames: Frames, window: Window) -> Selection:
        frame = frames.deadlines
        months = frame["month"].astype(int)
        first = window[0].year * 100 + window[0].month
        last = window[1].year * 100 + window[1].month
        denominator = (months >= first) & (months <= last)
        denominator &= frame["rule"].isin(TIMELINESS_RULES if rule is None else (rule,))
        return Selection(frame, denominator, denominator & (frame["state"] == "met"),
                         weight="deadlines")

    return measure


# The denominator of every share of new cases: DCO cases are incidence (fetch_indicator_cases
# keeps them), unlike the register's counts (fetch_register_tumors leaves them out).
OF_NEW_CASES = (" / все новые случаи (опухоли) года, включая известные только по "
                "свидетельству о смерти")

DEFINITIONS: dict[str, IndicatorDefinition] = {
    d.code: d
    for d in [
        IndicatorDefinition(
            "early_detection", "Ранняя выявляемость (I–II стадия)", "share", 0.63, False,
            _share_of_new(lambda f: f["stageGroup"].isin(["I", "II"])),
            formula_ru="новые случаи в I–II стадии" + OF_NEW_CASES),
        IndicatorDefinition(
            "five_year_contingent", "Доля состоящих на учёте 5 лет и более", "share", 0.60,
            False, _five_year_contingent,
            formula_ru="пациенты, состоящие на учёте на конец года 5 лет и более / все "
                       "состоящие на учёте на конец года"),
        IndicatorDefinition(
            "one_year_mortality", "Одногодичная летальность", "share", 0.173, True,
            _one_year_mortality,
            formula_ru="умершие в течение года после взятия на учёт / все взятые на учёт "
                       "за тот же период годом раньше"),
        IndicatorDefinition(
            "morphological_verification", "Морфологическая верификация диагноза", "share",
            0.97, False, _share_of_new(lambda f: f["morphologicallyVerified"]),
            formula_ru="новые случаи с морфологическим подтверждением диагноза" + OF_NEW_CASES),
        IndicatorDefinition(
            "active_detection", "Активная выявляемость (профилактические осмотры)", "share",
            0.28, False, _share_of_new(lambda f: f["activeDetection"]),
            formula_ru="новые случаи, выявленные активно (на профилактических осмотрах)"
                       + OF_NEW_CASES),
        IndicatorDefinition(
            "neglect_rate", "Запущенность (IV стадия, III визуальных локализаций)", "share",
            None, True, _share_of_new(lambda f: f["neglected"]),
            formula_ru="новые случаи в IV стадии, а визуальных локализаций — и в III"
                       + OF_NEW_CASES),
        IndicatorDefinition(
            "stage_iv_share", "Доля IV стадии среди впервые выявленных", "share", None, True,
            _share_of_new(lambda f: f["stageGroup"] == "IV"),
            formula_ru="новые случаи в IV стадии" + OF_NEW_CASES),
        IndicatorDefinition(
            "accumulation_index", "Индекс накопления контингента", "ratio", None, False,
            _accumulation_index,
            formula_ru="отношение, не доля: пациенты, состоящие на учёте на конец года / "
                       "пациенты, впервые взятые на учёт за год. Знаменатель бывает меньше числа "
                       "новых случаев: в нём люди, а не опухоли, нет вторых опухолей уже "
                       "состоящих на учёте и нет случаев, известных только по свидетельству "
                       "о смерти (они не бывают на учёте)"),
        IndicatorDefinition(
            "timeliness", "Соблюдение сроков (все сроки D1–D8)", "share", 1.0, False,
            _timeliness(None), drillable=False,
            formula_ru="сроки D1–D8 с последним днём в году: выполненные вовремя / "
                       "выполненные вовремя и просроченные"),
        *[
            IndicatorDefinition(
                f"timeliness_{rule}", f"Соблюдение срока {rule}", "share", 1.0, False,
                _timeliness(rule), drillable=False,
                formula_ru=f"сроки {rule} с последним днём в году: выполненные вовремя / "
                           "выполненные вовремя и просроченные")
            for rule in TIMELINESS_RULES
        ],
    ]
}


class UnknownIndicatorError(InputError):
    """The indicator code is not one of DEFINITIONS."""


def definition(code: str) -> IndicatorDefinition:
    try:
        return DEFINITIONS[code]
    except KeyError as error:
        raise UnknownIndicatorError(f"Неизвестный показатель: {code}") from error


def year_window(year: int) -> Window:
    period = Period.year(year)
    return pd.Timestamp(period.start), pd.Timestamp(period.end)


def month_windows(year: int, until: date | None = None) -> list[tuple[str, Window]]:
    """The months of the year (up to `until` when the year is not over yet)."""
    windows = []
    for month in range(1, 13):
        start = pd.Timestamp(year=year, month=month, day=1)
        end = start + pd.offsets.MonthEnd(0)
        if until is not None and start.date() > until:
            break
        windows.append((f"{year}-{month:02d}", (start, end)))
    return windows
