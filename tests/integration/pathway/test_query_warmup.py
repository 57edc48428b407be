"""The API's start-up warm-up (api/warmup.py): it runs the first pages' queries for one real
passport — the passport statement rolled back — and leaves the graph as it found it."""

from __future__ import annotations

import logging
import threading

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.warmup import scope_shapes, warm_query_plans
from graph.database import Graph
from onkopassport.settings import Settings
from pathway import refresh_patients
from tests.factories import add_patient
from tests.integration.pathway.conftest import TODAY, add_region, add_treated_history

CONTENT = """MATCH (n) OPTIONAL MATCH (n)-[r]->()
RETURN count(DISTINCT n) AS nodes, count(r) AS relationships,
       COUNT { (:AuditEntry) } AS auditEntries"""


def test_the_warm_up_runs_each_query_for_a_real_passport_and_keeps_nothing(
        graph: Graph) -> None:
    add_region(graph)
    patient = add_patient(graph, "warm-1", snils=None)
    add_treated_history(graph, patient)
    refresh_patients(graph, [patient], TODAY)
    before = graph.read_text(CONTENT)

    seconds = warm_query_plans(graph)

    assert set(seconds) == {"passport", "routing", "worklist"}  # none skipped on an error
    assert graph.read_text(CONTENT) == before  # the passport's audit entry rolled back


def test_each_shape_of_the_row_level_scope_is_warmed(graph: Graph) -> None:
    """Null and text parameters are planned apart: an administrator's scope has neither an
    organisation nor a district, a clinician's an organisation, a coordinator's a district.
    Each is one the patient is visible in, so the passport statement runs whole."""
    add_region(graph)
    patient = add_patient(graph, "warm-3", snils=None, district="Северный")
    add_treated_history(graph, patient)
    refresh_patients(graph, [patient], TODAY)

    [found] = graph.read("find_warm_up_passport")
    shapes = scope_shapes(found)

    assert [(p.role, p.organization_oid is None, p.district) for p in shapes] == [
        ("admin", True, None), ("clinician", False, None), ("coordinator", True, "Северный")]
    for principal in shapes:
        assert graph.read("find_visible_passport", patientId=patient,
                          **principal.query_scope()), principal.role


def test_a_graph_without_passports_has_nothing_to_warm(graph: Graph) -> None:
    assert warm_query_plans(graph) == {}


def test_the_api_warms_its_queries_at_start_when_the_setting_asks(
        graph: Graph, settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    add_region(graph)
    patient = add_patient(graph, "warm-2", snils=None)
    add_treated_history(graph, patient)
    refresh_patients(graph, [patient], TODAY)
    caplog.set_level(logging.INFO, logger="api.warmup")

    with TestClient(create_app(settings.model_copy(update={"query_warmup": True}))) as client:
        assert client.get("/health").status_code == 200  # the API answers meanwhile
        [thread] = [t for t in threading.enumerate() if t.name == "query-warm-up"] or [None]
        if thread is not None:
            thread.join(timeout=120)

    assert any(r.getMessage().startswith("queries warmed: passport") for r in caplog.records)
