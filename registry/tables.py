"""The registry's reference tables (``registry/data/*.csv``), read once per process.

Rows are plain dicts; ``#`` lines are comments that cite the source of the table.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources

from registry.errors import RegistryDataError

_PACKAGE = "registry.data"


@cache
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of ``registry/data/<name>.csv``; a missing file or column fails loudly."""
    try:
        text = resources.files(_PACKAGE).joinpath(f"{name}.csv").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as error:
        raise RegistryDataError(f"registry table {name}.csv is missing: {error}") from error
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = tuple(csv.DictReader(io.StringIO("\n".join(lines))))
    for number, row in enumerate(rows, start=2):
        if None in row or any(value is None for value in row.values()):
            raise RegistryDataError(f"registry table {name}.csv: row {number} has a wrong "
                                    f"number of columns: {row!r}")
    if not rows:
        raise RegistryDataError(f"registry table {name}.csv has no rows")
    return rows


def basis_labels() -> dict[int, str]:
    """Russian label of each basis-of-diagnosis code."""
    return {int(row["code"]): row["label_ru"] for row in load_table("basis_of_diagnosis")}


def basis_code(value: int | str) -> int:
    """A basis of diagnosis as its code. The legacy registry gives the code (0–9); a tumour
    derived from the region's records names it (ingest/tumors.py: "histology" from a
    pathology report, "cytology", "clinical"), as do this table's `name` column.
    A pathology report names no metastasis, so "histology" is the primary's (7)."""
    if isinstance(value, int) or str(value).isdigit():
        return int(value)
    code = _basis_codes_by_name().get(str(value))
    if code is None:
        raise RegistryDataError(f"unknown basis of diagnosis {value!r}: expected a code 0–9 "
                                f"or one of {', '.join(sorted(_basis_codes_by_name()))}")
    return code


@cache
def _basis_codes_by_name() -> dict[str, int]:
    codes = {row["name"]: int(row["code"]) for row in load_table("basis_of_diagnosis")}
    return {**codes, "histology": codes["histology-of-primary"]}


def removal_reason_labels() -> dict[str, str]:
    return {row["code"]: row["label_ru"] for row in load_table("removal_reasons")}
