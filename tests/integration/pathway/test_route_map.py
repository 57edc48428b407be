"""The regional route map: directly-follows edges, variants, conformance."""

from __future__ import annotations

from datetime import date, timedelta

from graph.database import Graph
from pathway import refresh_patients
from pathway.route_map import regional_route_map
from tests.factories import add_patient, add_record, add_tumor
from tests.integration.pathway.conftest import CAOP, DISPENSARY, POLYCLINIC, TODAY, add_region

REFERENCE = [("referral", POLYCLINIC), ("consultation", CAOP), ("diagnosis", CAOP),
             ("dispensary-observation", CAOP), ("tumor-board", DISPENSARY),
             ("surgery", DISPENSARY)]


def _pathway(graph: Graph, steps: list[tuple[str, str]], start: date, gap_days: int,
             site: str = "C50.4") -> str:
    patient = add_patient(graph, snils=None)
    keys = [add_record(graph, patient, kind, start + timedelta(days=gap_days * i), at=org)
            for i, (kind, org) in enumerate(steps)]
    add_tumor(graph, patient, site, start, record_keys=keys)
    return patient


def test_route_map_edges_variants_and_conformance(graph: Graph) -> None:
    add_region(graph)
    ids = [_pathway(graph, REFERENCE, date(2026, 1, 5), gap) for gap in (1, 2, 3)]
    ids.append(_pathway(graph, [("referral", POLYCLINIC), ("consultation", CAOP),
                                ("surgery", DISPENSARY)], date(2026, 1, 5), 4))
    ids.append(_pathway(graph, REFERENCE, date(2026, 1, 5), 2, site="C18.2"))
    refresh_patients(graph, ids, TODAY)

    result = regional_route_map(graph, date(2026, 1, 1), date(2026, 2, 28), site="C50")

    assert result.pathways == 4
    first = next(e for e in result.step_edges
                 if (e.source, e.target) == ("referral", "consultation"))
    assert (first.count, first.median_days) == (4, 2.5)
    assert first.p90_days == 3.7
    org_edge = next(e for e in result.organization_edges
                    if (e.source, e.target) == ("polyclinic", "caop"))
    assert org_edge.count == 4
    assert result.variants[0].count == 3 and result.variants[0].steps[0] == "referral"
    assert (result.conforming, result.conforming_share) == (3, 0.75)

    by_district = regional_route_map(graph, date(2026, 1, 1), date(2026, 2, 28),
                                     district="Северный")
    assert by_district.pathways == 0
