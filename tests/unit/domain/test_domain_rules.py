"""Deadline rules configuration and evaluation."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

import pytest

from domain.errors import DomainDataError
from domain.rules import (
    DeadlineRule,
    due_date,
    evaluate_deadline,
    get_rule,
    load_rules,
    load_rules_file,
    parse_rules,
)
from domain.vocabulary import EVENT_KINDS


def _raw_rules() -> dict[str, Any]:
    from domain._data import load_yaml

    return copy.deepcopy(load_yaml("deadline_rules.yaml"))


def test_shipped_rules_cover_domain_md() -> None:
    ids = {r.id for r in load_rules().rules}
    assert {f"D{i}" for i in range(1, 9)} <= ids
    assert {"tumor-board-before-treatment", "neglected-case-protocol", "notification-090"} <= ids
    assert load_rules().due_soon.value == 1


def test_every_rule_names_a_source_and_known_event_kinds() -> None:
    for rule in load_rules().rules:
        assert rule.source
        assert set(rule.starts_on) | set(rule.stops_on) <= set(EVENT_KINDS)


@pytest.mark.parametrize(
    ("rule_id", "limit", "unit"),
    [
        ("D1", 3, "working_days"),
        ("D2", 7, "working_days"),
        ("D3", 15, "working_days"),
        ("D4", 7, "working_days"),
        ("D5", 3, "working_days"),
        ("D6", 3, "months"),
        ("D7", 6, "months"),
        ("D8", 12, "months"),
    ],
)
def test_limits(rule_id: str, limit: int, unit: str) -> None:
    rule = get_rule(rule_id)
    assert (rule.limit, rule.unit) == (limit, unit)


def test_d3_is_marked_for_verification() -> None:
    assert get_rule("D3").verify


def test_precondition_has_no_clock() -> None:
    rule = get_rule("tumor-board-before-treatment")
    assert rule.kind == "precondition" and rule.limit is None
    with pytest.raises(ValueError):
        due_date(rule, date(2025, 1, 10))


D1 = get_rule("D1")
D6 = get_rule("D6")


def test_met_within_limit() -> None:
    out = evaluate_deadline(D1, date(2025, 11, 10), date(2025, 11, 13), date(2025, 11, 20))
    assert (out.state, out.due_on, out.days_over) == ("met", date(2025, 11, 13), 0)


def test_missed_after_stop() -> None:
    out = evaluate_deadline(D1, date(2025, 11, 10), date(2025, 11, 17), date(2025, 11, 20))
    assert out.state == "missed"
    assert out.days_over == 2  # 14 Nov (Fri) and 17 Nov (Mon), the weekend does not count


def test_pending_and_due_soon() -> None:
    start = date(2025, 11, 10)  # due 13 Nov
    assert evaluate_deadline(D1, start, None, date(2025, 11, 11)).state == "pending"
    assert evaluate_deadline(D1, start, None, date(2025, 11, 12)).state == "due-soon"
    assert evaluate_deadline(D1, start, None, date(2025, 11, 13)).state == "due-soon"
    assert evaluate_deadline(D1, start, None, date(2025, 11, 11), due_soon=2).state == "due-soon"


def test_missed_while_open() -> None:
    out = evaluate_deadline(D1, date(2025, 11, 10), None, date(2025, 11, 18))
    assert (out.state, out.days_over) == ("missed", 3)


def test_missed_on_a_weekend_counts_at_least_one_day() -> None:
    out = evaluate_deadline(D1, date(2025, 11, 11), None, date(2025, 11, 15))  # due Fri 14th
    assert (out.state, out.days_over) == ("missed", 1)
    # the same when the step came on that Saturday (it was 'met' with 0 days over)
    stopped = evaluate_deadline(D1, date(2025, 11, 11), date(2025, 11, 15), date(2025, 11, 20))
    assert (stopped.state, stopped.days_over) == ("missed", 1)


def test_deadline_across_new_year_holidays() -> None:
    # referral on 29 Dec 2025: three working days end on 13 Jan 2026, fifteen calendar days on
    start = date(2025, 12, 29)
    assert evaluate_deadline(D1, start, None, date(2026, 1, 5)).state == "pending"
    met = evaluate_deadline(D1, start, date(2026, 1, 13), date(2026, 1, 20))
    assert (met.state, met.due_on) == ("met", date(2026, 1, 13))
    # by calendar days (3) it would have been missed on 1 January
    late = evaluate_deadline(D1, start, date(2026, 1, 15), date(2026, 1, 20))
    assert (late.state, late.days_over) == ("missed", 2)


def test_month_rule() -> None:
    start = date(2025, 1, 31)
    out = evaluate_deadline(D6, start, None, date(2025, 3, 1))
    assert out.due_on == date(2025, 4, 30) and out.state == "pending"
    late = evaluate_deadline(D6, start, date(2025, 5, 10), date(2025, 6, 1))
    assert (late.state, late.days_over) == ("missed", 10)


def test_bad_event_kind_fails_loudly() -> None:
    raw = _raw_rules()
    raw["rules"][0]["starts_on"] = ["telepathy"]
    with pytest.raises(DomainDataError, match="starts_on"):
        parse_rules(raw)


@pytest.mark.parametrize(
    ("field", "value"),
    [("limit", None), ("unit", "weeks"), ("limit", -3), ("source", ""), ("surprise", 1)],
)
def test_bad_rule_fields_fail_loudly(field: str, value: Any) -> None:
    raw = _raw_rules()
    raw["rules"][0][field] = value
    with pytest.raises(DomainDataError):
        parse_rules(raw)


def test_duplicate_ids_and_unmarked_verify_fail() -> None:
    raw = _raw_rules()
    raw["rules"].append(dict(raw["rules"][0]))
    with pytest.raises(DomainDataError, match="duplicate"):
        parse_rules(raw)
    raw = _raw_rules()
    raw["rules"][2]["verify"] = False  # D3 source says (verify)
    with pytest.raises(DomainDataError):
        parse_rules(raw)


def test_load_rules_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "rules.yaml"
    bad.write_text("rules: [")
    with pytest.raises(DomainDataError):
        load_rules_file(bad)
    bad.write_text("- just a list")
    with pytest.raises(DomainDataError):
        load_rules_file(bad)


def test_rule_is_immutable() -> None:
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError
        D1.limit = 5  # type: ignore[misc]
    assert isinstance(D1, DeadlineRule)
