"""Loading of the shipped reference data files, cached once per process."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from typing import Any

import yaml

from domain.errors import DomainDataError

_PACKAGE = "domain.data"


def data_text(name: str) -> str:
    """Return the text of a data file under ``domain/data`` (``name`` may hold a subfolder)."""
    node = resources.files(_PACKAGE)
    for part in name.split("/"):
        node = node.joinpath(part)
    try:
        return node.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise DomainDataError(f"domain data file {name!r} is missing or unreadable: {exc}") from exc


def data_names(folder: str, suffix: str) -> list[str]:
    """List the data files in a subfolder of ``domain/data`` ending with ``suffix``, sorted."""
    node = resources.files(_PACKAGE).joinpath(folder)
    return sorted(
        f"{folder}/{entry.name}" for entry in node.iterdir() if entry.name.endswith(suffix)
    )


@cache
def load_yaml(name: str) -> Any:
    """Parse a YAML data file once; a syntax error becomes :class:`DomainDataError`."""
    try:
        return yaml.safe_load(data_text(name))
    except yaml.YAMLError as exc:
        raise DomainDataError(f"domain data file {name!r} is not valid YAML: {exc}") from exc


@cache
def load_csv(name: str) -> tuple[dict[str, str], ...]:
    """Parse a CSV data file (header row, comma separated, ``#`` comment lines) once."""
    lines = [ln for ln in data_text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    rows = tuple({k.strip(): (v or "").strip() for k, v in row.items()} for row in reader)
    if not rows:
        raise DomainDataError(f"domain data file {name!r} holds no rows")
    return rows
