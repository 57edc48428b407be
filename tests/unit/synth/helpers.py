"""Helpers for reading generated regions in tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson

Located = tuple[str, int, dict[str, Any] | None]


def iter_resources(source_lines: dict[str, list[bytes]]) -> Iterator[Located]:
    """(source, line number, resource) of every record; Bundles are unpacked into their
    entries; an unparsable line yields None."""
    for source, lines in source_lines.items():
        for number, line in enumerate(lines, start=1):
            try:
                resource = orjson.loads(line)
            except orjson.JSONDecodeError:
                yield source, number, None
                continue
            if resource["resourceType"] == "Bundle":
                for entry in resource["entry"]:
                    yield source, number, entry["resource"]
            else:
                yield source, number, resource
