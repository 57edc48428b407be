"""Opaque Relay cursors: base64 of a small JSON list (the keyset position)."""

from __future__ import annotations

import base64
import json
from typing import Any

from pathway.errors import CursorError


def encode_cursor(*values: Any) -> str:
    raw = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii")


def decode_cursor(cursor: str | None, size: int) -> list[Any] | None:
    """The keyset values of a cursor (None for the first page)."""
    if not cursor:
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, UnicodeError) as exc:
        raise CursorError("Курсор страницы повреждён: начните с первой страницы.") from exc
    if not isinstance(values, list) or len(values) != size:
        raise CursorError("Курсор страницы не подходит к этому списку.")
    return values
