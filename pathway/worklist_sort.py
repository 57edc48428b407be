"""The orders the worklist can be read in, and the keyset cursors that page through them.

A cursor names its sort as well as its position: keyset values of one order mean nothing
in another, so a cursor of another sort is refused instead of skipping or repeating rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from onkopassport.errors import InputError
from pathway.cursor import decode_cursor, encode_cursor
from pathway.errors import CursorError

# Sort name → type of its key in a cursor (dates travel as ISO text) and its Russian name.
# The names are the `$sortBy` values find_worklist_gaps_sorted.cypher knows.
SORT_KEYS: dict[str, tuple[type, str]] = {
    "urgency": (int, "срочность"),
    "overdueDays": (int, "просрочка"),
    "since": (date, "дата выявления"),
    "dueOn": (date, "срок"),
    "lastEventOn": (date, "последнее событие"),
    "patient": (str, "пациент"),
    "gap": (str, "разрыв"),
    "organization": (str, "организация"),
    "district": (str, "район"),
    "site": (str, "локализация"),
}


@dataclass(frozen=True)
class WorklistSort:
    """A column of the worklist and its direction (`DEFAULT_SORT`: the most urgent first)."""

    by: str
    descending: bool = False

    def __post_init__(self) -> None:
        if self.by not in SORT_KEYS:
            raise InputError(f"Сортировка «{self.by}» не поддерживается; допустимы: "
                             f"{', '.join(SORT_KEYS)}.")

    @property
    def is_default(self) -> bool:
        return self.by == "urgency" and self.descending

    @property
    def direction(self) -> str:
        return "desc" if self.descending else "asc"

    def label_ru(self) -> str:
        return _label_ru(self.by, self.direction)


DEFAULT_SORT = WorklistSort("urgency", descending=True)


def _label_ru(by: str, direction: str) -> str:
    name = SORT_KEYS[by][1] if by in SORT_KEYS else by
    return f"{name}, {'по убыванию' if direction == 'desc' else 'по возрастанию'}"


@dataclass(frozen=True)
class SortPosition:
    """Where the previous page ended: the sort key of its last row (None when that row
    had no value, as a gap without a site) and the row's gapId, the tie-breaker."""

    key: int | str | date | None
    gap_id: str


def sort_cursor(sort: WorklistSort, key: int | str | date | None, gap_id: str) -> str:
    value = key.isoformat() if isinstance(key, date) else key
    return encode_cursor(sort.by, sort.direction, value, gap_id)


def sort_position(cursor: str | None, sort: WorklistSort) -> SortPosition | None:
    """The position a cursor of `sort` names (None for the first page); a cursor issued for
    another sort, or with a key of the wrong type, is a `CursorError`."""
    values = decode_cursor(cursor, (str, str, object, str))
    if values is None:
        return None
    by, direction, key, gap_id = values
    if (by, direction) != (sort.by, sort.direction):
        raise CursorError(
            f"Курсор страницы выдан для сортировки «{_label_ru(by, direction)}», а запрошена "
            f"«{sort.label_ru()}»: начните с первой страницы.")
    return SortPosition(_key_of(key, sort), gap_id)


def _key_of(value: Any, sort: WorklistSort) -> int | str | date | None:
    kind = SORT_KEYS[sort.by][0]
    if value is None and not sort.is_default:  # the default's key, urgency, is never empty
        return None
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str):
        return value
    if kind is date and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise CursorError("Курсор страницы не подходит к этому списку.")
