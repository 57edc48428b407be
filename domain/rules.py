"""Deadline rules (domain.md §2): configuration models and the pure evaluator.

The rules live in ``domain/data/deadline_rules.yaml``; :func:`load_rules` validates them
with pydantic and fails loudly (:class:`DomainDataError`) on a bad file. The engine that
finds start/stop events in the graph is elsewhere; :func:`evaluate_deadline` only turns
dates into a state.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PositiveInt, ValidationError, model_validator

from domain._data import load_yaml
from domain.calendar import ProductionCalendar, add_months, default_calendar
from domain.errors import DomainDataError
from domain.vocabulary import EventKind

RULES_FILE = "deadline_rules.yaml"

DeadlineState = Literal["pending", "due-soon", "met", "missed"]
LimitUnit = Literal["working_days", "months"]


class DeadlineRule(BaseModel):
    """One rule: when the clock starts, what stops it, the limit and its legal source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    kind: Literal["deadline", "precondition"]
    title_ru: str = Field(min_length=1)
    # how a table names the rule in short; the id (D1…D8) when it is already one
    code_ru: str | None = None
    starts_on: tuple[EventKind, ...] = Field(min_length=1)
    stops_on: tuple[EventKind, ...] = Field(min_length=1)
    condition: str | None = None
    limit: PositiveInt | None = None
    unit: LimitUnit | None = None
    source: str = Field(min_length=1)
    verify: bool = False

    @model_validator(mode="after")
    def _limit_matches_kind(self) -> DeadlineRule:
        if self.kind == "deadline" and (self.limit is None or self.unit is None):
            raise ValueError(f"deadline rule {self.id} needs both limit and unit")
        if self.kind == "precondition" and (self.limit is not None or self.unit is not None):
            raise ValueError(f"precondition rule {self.id} takes no limit or unit")
        if "(verify" in self.source and not self.verify:
            raise ValueError(f"rule {self.id}: source says (verify) but verify is not set")
        return self


class DueSoon(BaseModel):
    """How close to its due date a pending deadline becomes "due soon"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: int = Field(ge=0)
    unit: Literal["working_days"] = "working_days"
    note: str | None = None


class RuleSet(BaseModel):
    """The whole rules file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    due_soon: DueSoon
    rules: tuple[DeadlineRule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> RuleSet:
        ids = [r.id for r in self.rules]
        duplicates = {i for i in ids if ids.count(i) > 1}
        if duplicates:
            raise ValueError(f"duplicate rule ids: {sorted(duplicates)}")
        return self

    def get(self, rule_id: str) -> DeadlineRule:
        """The rule with this id; ``KeyError`` if there is none."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    @property
    def deadlines(self) -> tuple[DeadlineRule, ...]:
        """Rules with a clock (kind ``deadline``)."""
        return tuple(r for r in self.rules if r.kind == "deadline")


class DeadlineOutcome(BaseModel):
    """State of one deadline on a given day.

    ``days_over`` counts working days for working-day rules and calendar days for
    month rules; it is 0 unless the deadline is missed.
    """

    model_config = ConfigDict(frozen=True)

    state: DeadlineState
    due_on: date
    days_over: int = 0


def parse_rules(data: Mapping[str, Any], origin: str = "rules") -> RuleSet:
    """Validate parsed rules data; :class:`DomainDataError` says what is wrong."""
    try:
        return RuleSet.model_validate(data)
    except ValidationError as exc:
        raise DomainDataError(f"{origin} is invalid: {exc}") from exc


@cache
def load_rules() -> RuleSet:
    """The shipped rules file, validated once."""
    data = load_yaml(RULES_FILE)
    if not isinstance(data, Mapping):
        raise DomainDataError(f"{RULES_FILE} must be a mapping")
    return parse_rules(data, RULES_FILE)


def load_rules_file(path: str | Path) -> RuleSet:
    """Validate a rules file other than the shipped one (e.g. a regional variant)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DomainDataError(f"rules file {path}: {exc}") from exc
    if not isinstance(data, Mapping):
        raise DomainDataError(f"rules file {path} must be a mapping")
    return parse_rules(data, str(path))


def get_rule(rule_id: str) -> DeadlineRule:
    """A rule of the shipped rules file by id."""
    return load_rules().get(rule_id)


def shown_days_over(rule_id: str | None, days_over: int | None) -> int | None:
    """Days over as a table shows a stored deadline: none for a precondition (a tumour board
    before treatment has no limit in days, so a count would read 0 when it was missed by
    months; the deadline's note says what happened). Unknown rules keep their count."""
    if rule_id:
        try:
            if get_rule(rule_id).kind == "precondition":
                return None
        except KeyError:
            pass
    return days_over


def due_date(
    rule: DeadlineRule, started_on: date, calendar: ProductionCalendar | None = None
) -> date:
    """The last day on which stopping the clock still meets the rule."""
    if rule.limit is None or rule.unit is None:
        raise ValueError(f"rule {rule.id} has no time limit")
    if rule.unit == "months":
        return add_months(started_on, rule.limit)
    return (calendar or default_calendar()).add_working_days(started_on, rule.limit)


def evaluate_deadline(
    rule: DeadlineRule,
    started_on: date,
    stopped_on: date | None,
    today: date,
    *,
    due_soon: int | None = None,
    calendar: ProductionCalendar | None = None,
) -> DeadlineOutcome:
    """State of a deadline: met / missed once stopped, else pending / due-soon / missed.

    ``due_soon`` (working days left) defaults to the rules file's threshold.
    """
    cal = calendar or default_calendar()
    due_on = due_date(rule, started_on, cal)
    threshold = load_rules().due_soon.value if due_soon is None else due_soon

    def over(end: date) -> int:
        if end <= due_on:
            return 0
        if rule.unit == "months":
            return (end - due_on).days
        return cal.working_days_between(due_on, end)

    # Past the due date is missed, by at least one day even when the days after it are a
    # weekend: the same whether the step came on that Saturday or has not come by then.
    if stopped_on is not None:
        late = max(over(stopped_on), 1) if stopped_on > due_on else 0
        return DeadlineOutcome(state="missed" if late else "met", due_on=due_on, days_over=late)
    if today > due_on:
        return DeadlineOutcome(state="missed", due_on=due_on, days_over=max(over(today), 1))
    left = cal.working_days_between(today, due_on)
    state: DeadlineState = "due-soon" if left <= threshold else "pending"
    return DeadlineOutcome(state=state, due_on=due_on)
