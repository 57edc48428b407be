"""The regional routing order as data: `routing.csv` → `(:RoutingRule)-[:ROUTES_TO]->`.

Columns (synth/README.md): district, site_group, then one organisation OID per step. Each
(district, site group, step) becomes one RoutingRule with priority 1; a region that names
a second choice adds a column `<step>_oid_2` (priority 2), and so on.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from graph.database import Graph, batched
from pathway.errors import RoutingInputError

STEP_COLUMNS = {
    "first_oncology_oid": "first-oncology",
    "diagnostics_oid": "diagnostics",
    "pathology_oid": "pathology",
    "tumor_board_oid": "tumor-board",
    "treatment_oid": "treatment",
    "radiotherapy_oid": "radiotherapy",
    "dispensary_oid": "dispensary",
}
_SITE_GROUP = re.compile(r"^(C\d\d)(?:-(C\d\d))?$")
_PRIORITY_SUFFIX = re.compile(r"^(.*_oid)_(\d+)$")


def site_bounds(site_group: str) -> tuple[str, str]:
    """"C33-C34" → ("C33", "C34"); "C50" → ("C50", "C50")."""
    match = _SITE_GROUP.match(site_group.strip().upper())
    if not match:
        raise RoutingInputError(f"site group {site_group!r} is not like C50 or C33-C34")
    return match.group(1), match.group(2) or match.group(1)


def _column_step(column: str) -> tuple[str, int] | None:
    if column in STEP_COLUMNS:
        return STEP_COLUMNS[column], 1
    match = _PRIORITY_SUFFIX.match(column)
    if match and match.group(1) in STEP_COLUMNS:
        return STEP_COLUMNS[match.group(1)], int(match.group(2))
    return None


def routing_rows(rows: list[dict[str, str]], origin: str = "routing.csv") -> list[dict[str, Any]]:
    """RoutingRule rows from parsed CSV rows; errors name the line and the column."""
    result = []
    for line, row in enumerate(rows, start=2):
        district, group = (row.get("district") or "").strip(), (row.get("site_group") or "")
        if not district:
            raise RoutingInputError(f"{origin}:{line}: column district is empty")
        try:
            site_from, site_to = site_bounds(group)
        except RoutingInputError as exc:
            raise RoutingInputError(f"{origin}:{line}: {exc}") from exc
        for column, value in row.items():
            step = _column_step(column or "")
            if step is None or not (value or "").strip():
                continue
            name, priority = step
            result.append({
                "ruleId": f"{district}|{group}|{name}|{priority}", "district": district,
                "siteGroup": group, "siteFrom": site_from, "siteTo": site_to, "step": name,
                "organizationOid": value.strip(), "priority": priority,
            })
    return result


def load_routing_csv(graph: Graph, path: str | Path, batch_size: int = 1000) -> int:
    """Load (idempotently) the routing order from a CSV; returns the rules written."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = routing_rows(list(csv.DictReader(handle)), str(path))
    for batch in batched(rows, batch_size):
        graph.write_rows("merge_routing_rules", batch)
    return len(rows)
