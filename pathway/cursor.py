"""Opaque Relay cursors: base64 of a small JSON list (the keyset position)."""

from __future__ import annotations

import base64
import json
from typing import Any

from pathway.errors import CursorError


def encode_cursor(*values: Any) -> str:
    raw = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii")


def decode_cursor(cursor: str | None, kinds: tuple[type, ...]) -> list[Any] | None:
    """The keyset values of a cursor (None for the first page), one of each of `kinds`: a
    cursor of another list (a worklist cursor given to the notifications) is refused here,
    not by a TypeError further on."""
    size = len(kinds)
    if not cursor:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, UnicodeError) as exc:
        raise CursorError("Курсор страницы повреждён: начните с первой страницы.") from exc
    if (not isinstance(values, list) or len(values) != size
            or not all(isinstance(v, k) and not isinstance(v, bool)
                       for v, k in zip(values, kinds, strict=True))):
        raise CursorError("Курсор страницы не подходит к этому списку.")
    return values
