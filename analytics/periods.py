"""Reporting periods: a calendar year and the dates that bound it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from onkopassport.errors import InputError

FIRST_YEAR, LAST_YEAR = 1990, 2100  # the years a report may ask (as the REST reports do)


def check_year(year: int, field: str = "year") -> int:
    """A reporting year, or an InputError naming the field (not a crash on date(0, 1, 1))."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(f"{field}: отчётный год должен быть от {FIRST_YEAR} до {LAST_YEAR}, "
                         f"получено {year}.")
    return year


@dataclass(frozen=True)
class Period:
    """A closed date interval [start, end]."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        check_year(year)
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def params(self) -> dict[str, date]:
        return {"from": self.start, "to": self.end}


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
