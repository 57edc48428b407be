"""Ground truth of one person, and the counters the region's indicators are summed from.

Deadline states: `met` (stopped on or before the due date), `missed` (stopped late, or not
stopped and already overdue on `as_of`), `open` (not stopped, not yet due), `void` (the
clock was cut by death before the due date). Timeliness counts `met` / (`met` + `missed`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from domain.calendar import ProductionCalendar, add_months

LIMITS_WORKING_DAYS = {"D1": 3, "D2": 7, "D3": 15, "D4": 7, "D5": 3}
DISPENSARY_MONTHS = {"D6": 3, "D7": 6, "D8": 12}


@dataclass
class Deadline:
    """One deadline clock of the rules engine (domain.md §2)."""

    rule: str
    tumour_id: str | None
    started_on: date
    due_on: date
    stopped_on: date | None
    state: str
    days_over: int


@dataclass
class Gap:
    """Something missing or stuck on a patient's pathway."""

    kind: str
    since: date
    tumour_id: str | None
    detail: str = ""


@dataclass
class TumourTruth:
    """One primary tumour as it really is."""

    tumour_id: str
    icd10: str
    site_group: str
    morphology: str
    stage: str            # I, II, III, IV, unknown
    stage_detail: str     # e.g. IIB
    t: str
    n: str
    m: str
    laterality: str | None
    diagnosed_on: date
    verification: str     # histology, cytology, clinical
    active_detection: bool
    neglected: bool
    notification_090: bool = False
    neglect_protocol: bool = False
    tumor_board_on: date | None = None
    treatment: str | None = None
    treatment_start: date | None = None
    dispensary_since: date | None = None
    dispensary_until: date | None = None
    dispensary_end_reason: str | None = None  # died, moved, basal-cell-5-years
    relapses: list[date] = field(default_factory=list)
    clinical_group: str | None = None  # at the end of the story (domain.md §3)


@dataclass
class PersonTruth:
    """Everything the ground truth says about one person."""

    person_id: str
    kind: str
    tumours: list[TumourTruth] = field(default_factory=list)
    suspicions: list[dict[str, Any]] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    def clock(self, rule: str, tumour_id: str | None, start: date, stop: date | None,
              calendar: ProductionCalendar, horizon: date, as_of: date) -> Deadline:
        """Record a working-day deadline (D1–D5) and return it."""
        due = calendar.add_working_days(start, LIMITS_WORKING_DAYS[rule])
        over = calendar.working_days_between(due, stop or as_of)
        return self._record(rule, tumour_id, start, due, stop, horizon, as_of, max(over, 0))

    def dispensary_clock(self, rule: str, tumour_id: str | None, start: date,
                         stop: date | None, horizon: date, as_of: date) -> Deadline:
        """Record a calendar-month dispensary deadline (D6–D8)."""
        due = add_months(start, DISPENSARY_MONTHS[rule])
        over = ((stop or as_of) - due).days
        return self._record(rule, tumour_id, start, due, stop, horizon, as_of, max(over, 0))

    def _record(self, rule: str, tumour_id: str | None, start: date, due: date,
                stop: date | None, horizon: date, as_of: date, over: int) -> Deadline:
        if stop is not None:
            state = "met" if stop <= due else "missed"
        elif due < horizon:
            state = "missed"
        elif horizon < as_of:
            state, over = "void", 0
        else:
            state, over = "open", 0
        deadline = Deadline(rule, tumour_id, start, due, stop, state,
                            over if state == "missed" else 0)
        self.deadlines.append(deadline)
        return deadline

    def as_json(self, extra: dict[str, Any]) -> dict[str, Any]:
        """The patients.jsonl line (orjson writes dates as ISO strings)."""
        # shallow vars() instead of asdict(): no nested dataclasses, and asdict's deep
        # copies cost an eighth of the generator's time
        return {**extra, "person_id": self.person_id, "kind": self.kind,
                "tumours": [vars(t) for t in self.tumours], "suspicions": self.suspicions,
                "deadlines": [vars(d) for d in self.deadlines],
                "gaps": [vars(g) for g in self.gaps]}


def count_indicators(truth: PersonTruth, deceased_on: date | None, first_year: int,
                     as_of: date, counters: Counter[str], removed_on: date | None = None
                     ) -> None:
    """Add this person's contribution to the per-year indicator counters (domain.md §7)."""
    for tumour in truth.tumours:
        year = tumour.diagnosed_on.year
        counters[f"{year}|new"] += 1
        counters[f"{year}|early"] += tumour.stage in ("I", "II")
        counters[f"{year}|verified"] += tumour.verification != "clinical"
        counters[f"{year}|active"] += tumour.active_detection
        counters[f"{year}|neglected"] += tumour.neglected
        counters[f"{year}|stage4"] += tumour.stage == "IV"
    for deadline in truth.deadlines:
        if deadline.state in ("met", "missed"):
            counters[f"{deadline.started_on.year}|{deadline.rule}|{deadline.state}"] += 1
    if not truth.tumours:
        return
    registered = min(t.diagnosed_on for t in truth.tumours)
    counters[f"{registered.year}|registered"] += 1
    if deceased_on and deceased_on <= registered + timedelta(days=365):
        counters[f"{registered.year}|died_within_year"] += 1
    for year in range(max(first_year, registered.year), as_of.year + 1):
        year_end = min(date(year, 12, 31), as_of)
        if (deceased_on and deceased_on <= year_end) or (removed_on and removed_on <= year_end):
            break
        counters[f"{year}|on_register"] += 1
        counters[f"{year}|on_register_5y"] += registered <= _years_before(year_end, 5)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def indicators_from_counters(counters: Counter[str], first_year: int,
                             as_of: date) -> dict[str, Any]:
    """indicators.json: per year, each indicator with numerator, denominator and value."""
    years: dict[str, Any] = {}
    for year in range(first_year, as_of.year + 1):
        def get(name: str, y: int = year) -> int:
            return counters.get(f"{y}|{name}", 0)
        new = get("new")
        entry: dict[str, Any] = {
            "partial_year": year == as_of.year,
            "early_detection": _ratio(get("early"), new),
            "morphological_verification": _ratio(get("verified"), new),
            "active_detection": _ratio(get("active"), new),
            "neglect_rate": _ratio(get("neglected"), new),
            "stage_iv_share": _ratio(get("stage4"), new),
            "five_year_contingent": _ratio(get("on_register_5y"), get("on_register")),
            "one_year_mortality": _ratio(get("died_within_year", year - 1),
                                         get("registered", year - 1)),
            "contingent_accumulation_index": _ratio(get("on_register"), get("registered")),
            "timeliness": {rule: _ratio(get(f"{rule}|met"),
                                        get(f"{rule}|met") + get(f"{rule}|missed"))
                           for rule in (*LIMITS_WORKING_DAYS, *DISPENSARY_MONTHS)},
        }
        years[str(year)] = entry
    return {"as_of": as_of.isoformat(), "first_year": first_year, "years": years}


def _ratio(numerator: int, denominator: int) -> dict[str, Any]:
    value = round(numerator / denominator, 4) if denominator else None
    return {"numerator": numerator, "denominator": denominator, "value": value}
