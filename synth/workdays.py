"""Russian production calendar: working days, with holiday transfers.

`holidays.Russia` lists public holidays and the weekdays that became days off by a
transfer ("Day off (substituted from 04/27/2024)"); the Saturday named in the parentheses
becomes a working day, so we read it back from the name. Working days are precomputed
into an index so that adding or counting working days is O(1) — the generator does it
millions of times.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import holidays

_SUBSTITUTED_FROM = re.compile(r"substituted from (\d{2})/(\d{2})/(\d{4})")


class WorkingCalendar:
    """Working-day arithmetic over a fixed range of years."""

    def __init__(self, first_year: int, last_year: int) -> None:
        self.first = date(first_year, 1, 1)
        last = date(last_year, 12, 31)
        days_off, working_weekends = _russian_days_off(first_year, last_year)
        self._index: list[int] = []  # for each day: number of working days strictly before it
        self._working: list[date] = []
        count = 0
        day = self.first
        while day <= last:
            self._index.append(count)
            weekend = day.weekday() >= 5 and day not in working_weekends
            if not weekend and day not in days_off:
                self._working.append(day)
                count += 1
            day += timedelta(days=1)
        self._first_ordinal = self.first.toordinal()

    def is_working(self, day: date) -> bool:
        """True when `day` is a working day."""
        i = day.toordinal() - self._first_ordinal
        nxt = self._index[i + 1] if i + 1 < len(self._index) else len(self._working)
        return nxt > self._index[i]

    def add(self, day: date, working_days: int) -> date:
        """The date `working_days` working days after `day` (the deadline's due date)."""
        i = day.toordinal() - self._first_ordinal
        position = self._index[i] - 1 + working_days
        if self.is_working(day):
            position = self._index[i] + working_days
        position = min(max(position, 0), len(self._working) - 1)
        return self._working[position]

    def between(self, start: date, stop: date) -> int:
        """Working days from `start` (exclusive) to `stop` (inclusive); negative if before."""
        i = start.toordinal() - self._first_ordinal
        j = stop.toordinal() - self._first_ordinal
        after_start = self._index[i] + (1 if self.is_working(start) else 0)
        upto_stop = self._index[j] + (1 if self.is_working(stop) else 0)
        return upto_stop - after_start


def _russian_days_off(first_year: int, last_year: int) -> tuple[set[date], set[date]]:
    calendar = holidays.Russia(years=range(first_year, last_year + 1))
    days_off: set[date] = set()
    working_weekends: set[date] = set()
    for day, name in calendar.items():
        days_off.add(day)
        for match in _SUBSTITUTED_FROM.finditer(name):
            month, dom, year = (int(g) for g in match.groups())
            working_weekends.add(date(year, month, dom))
    return days_off, working_weekends


def add_months(day: date, months: int) -> date:
    """Calendar months later, clamped to the month's last day (dispensary intervals)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for dom in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, dom))
        except ValueError:
            continue
    raise ValueError(f"cannot add {months} months to {day}")
