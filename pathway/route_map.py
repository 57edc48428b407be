"""The regional route map: directly-follows graphs of care steps and of organisation kinds,
with counts and median / 90th-percentile days per edge, the most common variants and the
share of pathways that follow the reference pathway of domain.md §1."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from graph.database import Graph
from pathway.facts import _native
from pathway.worklist import site_range

# Reference pathway (domain.md §1, order 116н): suspicion → oncologist/diagnostics →
# diagnosis (morphology) → tumour board → treatment; dispensary observation follows a
# diagnosis (548н: within 3 working days, so it may come before treatment).
REFERENCE_STEPS: dict[str, int] = {
    "referral": 0, "consultation": 1, "laboratory": 1, "instrumental": 1,
    "pathology": 2, "cytology": 2, "diagnosis": 2, "tumor-board": 3,
    "surgery": 4, "radiotherapy": 4, "drug-therapy": 4,
}
TREATMENT = ("surgery", "radiotherapy", "drug-therapy")


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    count: int
    median_days: float
    p90_days: float


@dataclass(frozen=True)
class Variant:
    steps: tuple[str, ...]
    count: int
    share: float


@dataclass
class RouteMap:
    pathways: int = 0
    step_edges: list[Edge] = field(default_factory=list)
    organization_edges: list[Edge] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)
    conforming: int = 0
    conforming_share: float = 0.0


def collapse(steps: Sequence[str]) -> tuple[str, ...]:
    """Repeats of the same step in a row are one step of the variant (drug cycles…)."""
    out: list[str] = []
    for step in steps:
        if not out or out[-1] != step:
            out.append(step)
    return tuple(out)


def conforms(kinds: Sequence[str]) -> bool:
    """Reference-pathway order of first occurrences; treatment only after a tumour board;
    a diagnosed patient is registered for dispensary observation."""
    firsts: dict[int, int] = {}
    for position, kind in enumerate(kinds):
        step = REFERENCE_STEPS.get(kind)
        if step is not None:
            firsts.setdefault(step, position)
    ordered = [firsts[s] for s in sorted(firsts)]
    if ordered != sorted(ordered):
        return False
    if 4 in firsts and 3 not in firsts:
        return False
    return not (2 in firsts and "dispensary-observation" not in kinds)


def _edges(frame: pd.DataFrame, column: str) -> list[Edge]:
    if frame.empty:
        return []
    pairs = frame.dropna(subset=[column, f"next_{column}"])
    grouped = pairs.groupby([column, f"next_{column}"])["days"]
    table = grouped.agg(count="count", median="median",
                        p90=lambda s: s.quantile(0.9)).reset_index()
    table = table.sort_values(["count", column], ascending=[False, True])
    return [Edge(r[column], r[f"next_{column}"], int(r["count"]), float(r["median"]),
                 float(r["p90"])) for r in table.to_dict("records")]


def build_route_map(sequences: list[dict[str, Any]], top_variants: int = 10) -> RouteMap:
    """The map from per-patient event sequences (pure: tests feed it directly)."""
    pairs = []
    variants: Counter[tuple[str, ...]] = Counter()
    conforming = 0
    for row in sequences:
        events = row["events"]
        kinds = [e["kind"] for e in events]
        variants[collapse(kinds)] += 1
        conforming += conforms(kinds)
        for a, b in itertools.pairwise(events):
            pairs.append({"kind": a["kind"], "next_kind": b["kind"],
                          "org": a.get("orgKind"), "next_org": b.get("orgKind"),
                          "days": (_native(b["date"]) - _native(a["date"])).days})
    frame = pd.DataFrame(pairs, columns=["kind", "next_kind", "org", "next_org", "days"])
    total = len(sequences)
    return RouteMap(
        pathways=total, step_edges=_edges(frame, "kind"),
        organization_edges=_edges(frame.rename(columns={"org": "orgk", "next_org": "next_orgk"}),
                                  "orgk"),
        variants=[Variant(v, n, round(n / total, 4))
                  for v, n in variants.most_common(top_variants)],
        conforming=conforming, conforming_share=round(conforming / total, 4) if total else 0.0,
    )


def regional_route_map(graph: Graph, start: date, end: date, *, district: str | None = None,
                       site: str | None = None, organization_kind: str | None = None,
                       top_variants: int = 10) -> RouteMap:
    """Route map of the pathways with events in [start, end] matching the filter."""
    site_from, site_to = site_range(site)
    rows = graph.read("find_route_sequences", **{"from": start, "to": end},
                      district=district, siteFrom=site_from, siteTo=site_to,
                      organizationKind=organization_kind)
    return build_route_map(rows, top_variants)
