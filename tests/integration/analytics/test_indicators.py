"""Indicators of domain.md §7 on the real graph: numerators, denominators, breakdowns,
monthly dynamics, drill-down and the sanity ratio."""

from __future__ import annotations

from datetime import date

import pytest

from analytics import compute
from analytics.filters import Filters
from analytics.indicators import load_frames
from analytics.session import AnalyticsSession
from graph.database import Graph
from tests.integration.analytics.scenario import build_region

pytestmark = pytest.mark.integration


def _value(graph: Graph, code: str, filters: Filters | None = None) -> tuple[int, int]:
    value = AnalyticsSession(graph).indicators(2025, filters, [code])[0]
    return value.numerator, value.denominator


def test_new_case_indicators_count_numerator_and_denominator(graph: Graph) -> None:
    build_region(graph)
    assert _value(graph, "early_detection") == (3, 7)
    assert _value(graph, "morphological_verification") == (6, 7)
    assert _value(graph, "active_detection") == (2, 7)
    # Stage IV C34 and C77, stage III of the breast (a visual site).
    assert _value(graph, "neglect_rate") == (3, 7)


def test_register_indicators(graph: Graph) -> None:
    build_region(graph)
    assert _value(graph, "five_year_contingent") == (1, 9)
    # First registered in 2024: four; the C16 patient died within a year.
    assert _value(graph, "one_year_mortality") == (1, 4)
    assert _value(graph, "accumulation_index") == (9, 7)


def test_filters_narrow_by_district_organisation_and_site(graph: Graph) -> None:
    build_region(graph)
    assert _value(graph, "early_detection", Filters(district="Северный")) == (1, 2)
    assert _value(graph, "early_detection", Filters(site_row="lung")) == (1, 2)
    assert _value(graph, "active_detection",
                  Filters(organization_oid="1.2.643.5.1.13.13.12.9.2")) == (1, 1)


def test_breakdown_by_district_adds_up_to_the_total(graph: Graph) -> None:
    build_region(graph)
    frames = load_frames(graph, 2025)
    items = compute.breakdown(frames, "early_detection", 2025, "district")
    assert {i.key: (i.numerator, i.denominator) for i in items} == {
        "Центральный": (2, 5), "Северный": (1, 2)}
    sites = compute.breakdown(frames, "early_detection", 2025, "site")
    assert sum(i.denominator for i in sites) == 7
    assert any(i.label == "трахея, бронхи, легкое" for i in sites)


def test_monthly_dynamics_and_drill_down(graph: Graph) -> None:
    patient_ids = build_region(graph)
    frames = load_frames(graph, 2025)
    months = compute.monthly_dynamics(frames, "early_detection", 2025, date(2025, 6, 30))
    assert [m.month for m in months] == [f"2025-{m:02d}" for m in range(1, 7)]
    assert [(m.numerator, m.denominator) for m in months][1:3] == [(0, 1), (2, 2)]
    behind = compute.patients_behind(frames, "early_detection", 2025, "numerator")
    # Cases 1–4 are 2019 and 2024; the 2025 cases start at index 5.
    assert behind == sorted([patient_ids[6], patient_ids[7], patient_ids[10]])


def test_sanity_ratio_divides_mortality_by_last_years_stage_iv_share(graph: Graph) -> None:
    build_region(graph)
    ratio = compute.sanity_ratio(load_frames(graph, 2025), 2025)
    assert ratio.mortality == pytest.approx(1 / 4)
    assert ratio.stage_iv_share_previous_year == pytest.approx(1 / 4)
    assert ratio.ratio == pytest.approx(1.0)
    assert ratio.alarming


def test_timeliness_counts_closed_deadlines(graph: Graph) -> None:
    patient_ids = build_region(graph)
    graph.write_text(
        """
        MATCH (p:Patient {patientId: $id})
        UNWIND $rows AS row
        CREATE (p)-[:HAS_DEADLINE]->(:Deadline {deadlineId: row.id, rule: row.rule,
               state: row.state, startedOn: row.due, dueOn: row.due})
        """,
        id=patient_ids[5],
        rows=[{"id": "d1", "rule": "D1", "state": "met", "due": date(2025, 3, 1)},
              {"id": "d2", "rule": "D1", "state": "missed", "due": date(2025, 3, 2)},
              {"id": "d3", "rule": "D4", "state": "met", "due": date(2025, 4, 1)},
              {"id": "d4", "rule": "D4", "state": "pending", "due": date(2025, 4, 9)}])
    assert _value(graph, "timeliness") == (2, 3)
    assert _value(graph, "timeliness_D1") == (1, 2)
    assert _value(graph, "timeliness_D4") == (1, 1)
