"""Russian production calendar: working days and calendar-month arithmetic.

Waiting-time rules count working days (domain.md §2). A day is a working day unless it
is a Saturday or Sunday, a public holiday (``holidays`` package, Russia), or a day off
transferred by the yearly government decree; a weekend day the decree makes working
counts as a working day. The ``holidays`` package knows the transfers of the years it
was released for (both ends: the weekday off, and the Saturday worked in its place, as
``weekend_workdays``); ``domain/data/production_calendar_overrides.yaml`` adds and, where
they differ, overrides the decrees it does not know yet, so a new year needs no code
change. It is the one working-day calendar of the project: deadlines, routes and the
synthetic region's ground truth all count on it.

Named ``calendar`` inside the ``domain`` package; import it as ``domain.calendar`` (it
does not shadow the standard library module for absolute imports).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from bisect import bisect_left
from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import holidays
import yaml

from domain._data import load_yaml
from domain.errors import DomainDataError
from onkopassport.errors import InputError

OVERRIDES_FILE = "production_calendar_overrides.yaml"


class ProductionCalendar:
    """Working-day calendar: ``holidays.Russia`` plus decree overrides."""

    def __init__(self, overrides: Mapping[str, Any] | None = None) -> None:
        data = overrides if overrides is not None else load_yaml(OVERRIDES_FILE)
        self.days_off, self.working_days, self.sources = _parse_overrides(data)
        self._holidays = holidays.country_holidays("RU")
        self._year_tables: dict[int, list[int]] = {}

    @classmethod
    def from_file(cls, path: str | Path) -> ProductionCalendar:
        """Build a calendar from an override file other than the shipped one."""
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise DomainDataError(f"calendar override file {path}: {exc}") from exc
        return cls(data)

    def is_working_day(self, day: date) -> bool:
        """True when ``day`` is a working day of the five-day week."""
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        # The membership test fills the package's tables for the day's year, the
        # transferred working weekends (`weekend_workdays`) among them.
        if day in self._holidays:
            return False
        return day.weekday() < 5 or day in self._holidays.weekend_workdays

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (before it when ``n`` < 0).

        ``start`` itself is not counted, so a 3-working-day limit from a referral made
        on ``start`` ends on ``add_working_days(start, 3)``. ``n == 0`` returns ``start``.
        Looked up in the yearly cumulative tables: the region generator asks millions
        of times.
        """
        if n == 0:
            return start
        # The wanted day's position among the working days of start's year (1 = the
        # first); it may fall in a later or an earlier year.
        if n > 0:
            position = self._count_through(start) + n
        else:
            position = self._count_through(start) - self.is_working_day(start) + n + 1
        year = start.year
        while position > (total := self._year_table(year)[-1]):
            position -= total
            year += 1
        while position <= 0:
            year -= 1
            position += self._year_table(year)[-1]
        return date(year, 1, 1) + timedelta(days=bisect_left(self._year_table(year), position))

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative if reversed)."""
        if end < start:
            return -self.working_days_between(end, start)
        full_years = sum(self._year_table(y)[-1] for y in range(start.year, end.year))
        return full_years + self._count_through(end) - self._count_through(start)

    def _count_through(self, day: date) -> int:
        """Working days from 1 January of ``day``'s year through ``day``."""
        return self._year_table(day.year)[day.toordinal() - _first_ordinal(day.year)]

    def _year_table(self, year: int) -> list[int]:
        """Cumulative working-day counts for each day of a year (computed once per year)."""
        table = self._year_tables.get(year)
        if table is None:
            table, count, day = [], 0, date(year, 1, 1)
            while day.year == year:
                count += self.is_working_day(day)
                table.append(count)
                day += timedelta(days=1)
            self._year_tables[year] = table
        return table


@cache
def _first_ordinal(year: int) -> int:
    return date(year, 1, 1).toordinal()


def _parse_overrides(
    data: Mapping[str, Any],
) -> tuple[frozenset[date], frozenset[date], dict[int, str]]:
    days_off: set[date] = set()
    working: set[date] = set()
    sources: dict[int, str] = {}
    try:
        for year, block in (data.get("years") or {}).items():
            sources[int(year)] = str(block["source"])
            for entry in block.get("days_off") or []:
                days_off.add(_as_date(entry["date"], int(year)))
            for entry in block.get("working_days") or []:
                working.add(_as_date(entry["date"], int(year)))
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise DomainDataError(f"calendar overrides are malformed: {exc!r}") from exc
    clash = days_off & working
    if clash:
        raise DomainDataError(f"calendar overrides list days both off and working: {clash}")
    return frozenset(days_off), frozenset(working), sources


def _as_date(value: Any, year: int) -> date:
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    if day.year != year:
        raise ValueError(f"{day} is listed under year {year}")
    return day


@cache
def default_calendar() -> ProductionCalendar:
    """The calendar built from the shipped override file (cached)."""
    return ProductionCalendar()


def is_working_day(day: date) -> bool:
    """True when ``day`` is a working day on the shipped production calendar."""
    return default_calendar().is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` on the shipped production calendar."""
    return default_calendar().add_working_days(start, n)


def working_days_between(start: date, end: date) -> int:
    """Working days in ``(start, end]`` on the shipped production calendar."""
    return default_calendar().working_days_between(start, end)


def add_months(start: date, n: int) -> date:
    """Add calendar months; the day is clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    month_index = start.year * 12 + start.month - 1 + n
    year, month = divmod(month_index, 12)
    last = _stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def full_years_between(start: date, end: date) -> int:
    """Completed years from `start` to `end` (a year ends on the same date, 28 February
    for a 29 February start), not 365-day blocks."""
    years = end.year - start.year
    return years - 1 if years > 0 and add_months(start, 12 * years) > end else max(years, 0)


def parse_day(text: str | None, option: str = "date") -> date:
    """A date typed by a person: ГГГГ-ММ-ДД or ДД.ММ.ГГГГ; today when empty. Anything else
    is an InputError naming the option, not a traceback."""
    if not text:
        return date.today()
    value = text.strip()
    try:
        if len(value) == 10 and value[2] == "." and value[5] == ".":
            return date(int(value[6:]), int(value[3:5]), int(value[:2]))
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option}: дата '{text}' не распознана; укажите ГГГГ-ММ-ДД или "
                         "ДД.ММ.ГГГГ (существующий день).") from None
