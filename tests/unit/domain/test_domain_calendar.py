"""Russian production calendar."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from domain.calendar import (
    ProductionCalendar,
    add_months,
    add_working_days,
    default_calendar,
    full_years_between,
    is_working_day,
    working_days_between,
)
from domain.errors import DomainDataError


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 1, 1),  # New Year holidays
        date(2025, 1, 8),
        date(2025, 5, 2),  # transferred from 4 January
        date(2025, 5, 8),  # transferred from 23 February
        date(2025, 6, 13),  # transferred from 8 March
        date(2025, 11, 3),  # transferred from Saturday 1 November
        date(2025, 12, 31),  # transferred from 5 January
        date(2026, 1, 9),  # transferred from 3 January
        date(2026, 3, 9),
        date(2026, 5, 11),
        date(2026, 12, 31),
        date(2024, 4, 29),
        date(2024, 12, 30),
        date(2025, 11, 8),  # an ordinary Saturday
    ],
)
def test_days_off(day: date) -> None:
    assert not is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 11, 1),  # working Saturday
        date(2024, 4, 27),
        date(2024, 11, 2),
        date(2024, 12, 28),
        date(2025, 12, 30),
        date(2026, 1, 12),
        date(2025, 11, 5),
        date(2025, 2, 24),  # 23 Feb 2025 (Sunday) was moved to 8 May, not to Monday
        date(2025, 3, 10),  # 8 Mar 2025 (Saturday) was moved to 13 June
    ],
)
def test_working_days(day: date) -> None:
    assert is_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        # Saturdays worked in exchange for a weekday off, years before the override file:
        # `holidays` knows them (weekend_workdays), and a deadline counts them.
        date(2016, 2, 20),
        date(2018, 4, 28),
        date(2018, 12, 29),
        date(2021, 2, 20),
        date(2022, 3, 5),
    ],
)
def test_working_saturdays_the_package_knows(day: date) -> None:
    assert day.weekday() == 5
    assert is_working_day(day)


def test_a_deadline_counts_a_working_saturday() -> None:
    # Fri 4 Mar 2022 + 1: Sat 5 Mar was worked (Mon 7 Mar off instead)
    assert add_working_days(date(2022, 3, 4), 1) == date(2022, 3, 5)
    assert working_days_between(date(2022, 3, 4), date(2022, 3, 9)) == 2  # 5 and 9 Mar
    # Fri 26 Apr 2024 → Mon 6 May: Sat 27 Apr worked, 29 Apr – 1 May off, 2, 3, 6 May work
    assert add_working_days(date(2024, 4, 26), 1) == date(2024, 4, 27)
    assert working_days_between(date(2024, 4, 26), date(2024, 5, 6)) == 4


def test_deadline_across_new_year_holidays() -> None:
    start = date(2025, 12, 29)
    due = add_working_days(start, 3)
    # 30 Dec works; 31 Dec – 11 Jan are off; 12 and 13 Jan work
    assert due == date(2026, 1, 13)
    assert (due - start).days == 15  # calendar days differ from working days
    assert working_days_between(start, due) == 3
    assert working_days_between(start, date(2026, 1, 11)) == 1


def test_seven_working_days_across_may_2025() -> None:
    # 30 Apr (Wed) + 7 working days: 1–4 and 8–11 May are off
    assert add_working_days(date(2025, 4, 30), 7) == date(2025, 5, 15)


def test_add_working_days_zero_and_negative() -> None:
    assert add_working_days(date(2025, 11, 8), 0) == date(2025, 11, 8)
    assert add_working_days(date(2026, 1, 12), -1) == date(2025, 12, 30)


def test_add_working_days_agrees_with_walking_day_by_day() -> None:
    """The table lookup gives what stepping a day at a time and counting working days
    gives, forwards and backwards, across years and from days off."""
    cal = default_calendar()

    def walk(start: date, n: int) -> date:
        step, day, left = (1 if n > 0 else -1), start, abs(n)
        while left:
            day += timedelta(days=step)
            left -= cal.is_working_day(day)
        return day

    rng = random.Random(11)
    for _ in range(3_000):
        start = date(2017, 1, 1) + timedelta(days=rng.randrange(3_650))
        n = rng.randint(-400, 400)
        assert cal.add_working_days(start, n) == walk(start, n), (start, n)


def test_working_days_between_reversed_and_same_day() -> None:
    assert working_days_between(date(2025, 11, 10), date(2025, 11, 10)) == 0
    assert working_days_between(date(2025, 11, 14), date(2025, 11, 10)) == -4


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 11, 15), 3, date(2026, 2, 15)),
        (date(2025, 3, 31), 6, date(2025, 9, 30)),
        (date(2025, 3, 15), -3, date(2024, 12, 15)),
        (date(2025, 3, 15), 12, date(2026, 3, 15)),
    ],
)
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_every_override_year_names_its_source() -> None:
    cal = default_calendar()
    assert set(cal.sources) >= {2024, 2025, 2026}
    assert "1335" in cal.sources[2025]


def test_custom_overrides_add_a_working_saturday() -> None:
    cal = ProductionCalendar(
        {"years": {2027: {"source": "test", "working_days": [{"date": "2027-01-16"}]}}}
    )
    assert cal.is_working_day(date(2027, 1, 16))


@pytest.mark.parametrize(
    "bad",
    [
        {"years": {2027: {"days_off": [{"date": "2027-01-18"}]}}},  # no source
        {"years": {2027: {"source": "x", "days_off": [{"date": "2028-01-18"}]}}},  # wrong year
        {"years": {2027: {"source": "x", "days_off": [{"date": "not a date"}]}}},
        {
            "years": {
                2027: {
                    "source": "x",
                    "days_off": [{"date": "2027-01-18"}],
                    "working_days": [{"date": "2027-01-18"}],
                }
            }
        },
    ],
)
def test_bad_overrides_fail_loudly(bad: dict) -> None:
    with pytest.raises(DomainDataError):
        ProductionCalendar(bad)


def test_from_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cal.yaml"
    path.write_text("years:\n  2027:\n    source: t\n    days_off: [{date: 2027-02-01}]\n")
    assert not ProductionCalendar.from_file(path).is_working_day(date(2027, 2, 1))
    with pytest.raises(DomainDataError):
        ProductionCalendar.from_file(tmp_path / "missing.yaml")


@pytest.mark.parametrize(("start", "end", "years"), [
    (date(2020, 5, 10), date(2021, 5, 9), 0), (date(2020, 5, 10), date(2021, 5, 10), 1),
    (date(2020, 2, 29), date(2021, 2, 28), 1), (date(2020, 2, 29), date(2021, 2, 27), 0),
    (date(2021, 1, 1), date(2020, 1, 1), 0), (date(2016, 1, 1), date(2025, 12, 31), 9)])
def test_full_years_between(start: date, end: date, years: int) -> None:
    assert full_years_between(start, end) == years
