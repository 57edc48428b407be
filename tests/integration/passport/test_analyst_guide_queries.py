"""Every example query of docs/analyst-guide.md runs for an analyst on a small real region:
accepted (no identifying property refused, valid Cypher) and with rows where data exists."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph.database import Graph
from onkopassport.settings import Settings
from pathway.refresh import refresh_all
from tests.factories import add_record, add_tumor
from tests.integration.passport.conftest import (
    ORG_DISPENSARY,
    ORG_NMIC,
    ORG_POLYCLINIC,
    PRINCIPALS,
    bearer,
    build_region,
)

GUIDE = Path(__file__).parents[3] / "docs" / "analyst-guide.md"
QUERIES = re.findall(r"```cypher\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)


def _title(query: str) -> str:
    return query.splitlines()[0].removeprefix("//").strip()


def _region(graph: Graph) -> str:
    region = build_region(graph)
    patient = region.north_patient
    # A referral as ingest writes it: the requester is ISSUED_BY, the target REFERRED_TO,
    # and nothing is AT.
    add_record(graph, patient, "referral", date(2026, 3, 20), issued_by=ORG_DISPENSARY,
               referred_to=ORG_NMIC, source="polyclinic-mis", resource_type="ServiceRequest",
               record_id="ref-3", facts={"icd10": "C50.4"})
    surgery = add_record(graph, patient, "surgery", date(2026, 4, 6), at=ORG_DISPENSARY,
                         source="polyclinic-mis", resource_type="Procedure", record_id="op-1",
                         facts={"icd10": "C50.4", "careStage": "treatment"})
    add_record(graph, patient, "consultation", date(2026, 4, 20), at=ORG_POLYCLINIC,
               source="polyclinic-mis", record_id="enc-2", facts={"icd10": "C50.4"})
    add_tumor(graph, patient, "C50.4", date(2026, 3, 17), morphology="8500/3", stage="IIA",
              record_keys=[surgery])
    # A suspected lung cancer later ruled out: no case of cancer for any statistic.
    add_tumor(graph, patient, "C34.1", date(2026, 3, 1), morphology="8070/3", stage=None,
              verification="refuted", sequence=2)
    refresh_all(graph, date(2026, 6, 1))
    return patient


@pytest.fixture
def guide_rows(graph: Graph, client: TestClient,
               settings: Settings) -> dict[str, tuple[list[str], list[list[object]]]]:
    patient = _region(graph)
    answers = {}
    for query in QUERIES:
        response = client.post("/analyst/cypher", headers=bearer(settings, PRINCIPALS["analyst"]),
                               json={"query": query, "parameters": {"patientId": patient}})
        assert response.status_code == 200, (_title(query), response.json())
        body = response.json()
        answers[_title(query)] = (body["columns"], body["rows"])
    return answers


def test_the_guide_has_its_example_queries() -> None:
    assert len(QUERIES) >= 8


def test_every_example_is_accepted_and_finds_the_data(
        guide_rows: dict[str, tuple[list[str], list[list[object]]]]) -> None:
    empty = [title for title, (_, rows) in guide_rows.items() if not rows]
    assert empty == []


def test_age_at_diagnosis_uses_the_birth_year_only(
        guide_rows: dict[str, tuple[list[str], list[list[object]]]]) -> None:
    columns, rows = next(v for k, v in guide_rows.items() if k.startswith("Age at diagnosis"))
    by_site = {row[columns.index("site")]: row[columns.index("meanAge")] for row in rows}
    assert by_site["C50"] == 2026 - 1968


def test_verification_share_leaves_out_refuted_tumours(
        guide_rows: dict[str, tuple[list[str], list[list[object]]]]) -> None:
    columns, rows = next(v for k, v in guide_rows.items()
                         if k.startswith("Morphological verification"))
    assert [row[columns.index("site")] for row in rows] == ["C50"]


def test_the_route_names_the_organisation_of_a_referral(
        guide_rows: dict[str, tuple[list[str], list[list[object]]]]) -> None:
    columns, rows = next(v for k, v in guide_rows.items() if k.startswith("One (pseudonymous)"))
    referrals = [dict(zip(columns, row, strict=True)) for row in rows
                 if row[columns.index("kind")] == "referral"]
    assert len(referrals) == 3
    assert all(r["organisation"] for r in referrals), referrals
    assert {r["referredTo"] for r in referrals} == {"Онкодиспансер", "НМИЦ онкологии"}
