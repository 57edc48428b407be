"""The sendResult endpoint's idempotence, and what GraphQL and the CLI show afterwards."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.graphql.context import RequestContext
from api.graphql.schema import schema
from api.security import Principal
from graph.database import Graph
from onkopassport.settings import Settings
from tests.integration.vimis.conftest import NOW
from tests.integration.vimis.scenario import CAOP, DISPENSARY, POLYCLINIC, build_region
from tests.integration.vimis.servers import callback_app
from vimis.outbox import enqueue
from vimis.results import apply_result
from vimis.soap import SendResult, build_send_result, parse_send_result


def _message_ids(graph: Graph, patient_id: str) -> list[str]:
    return [row["id"] for row in graph.read_text(
        "MATCH (:Patient {patientId: $p})<-[:BELONGS_TO]-()<-[:SUBJECT]-(r)-[:SENT_AS]->(m) "
        "RETURN m.messageId AS id ORDER BY r.key", p=patient_id)]


def _post(client: TestClient, msg_id: str, status: str, description: str = "") -> int:
    answer = client.post("/vimis/callback",
                         content=build_send_result(SendResult(msg_id, status, description)))
    return answer.status_code


def _state(graph: Graph, msg_id: str) -> dict:
    return graph.read_text("MATCH (m:VimisMessage {messageId: $id}) RETURN m {.*} AS m",
                           id=msg_id)[0]["m"]


def test_callbacks_are_idempotent_and_order_insensitive(
        graph: Graph, vimis_settings: Settings) -> None:
    region = build_region(graph, patients=1, with_noise=False)
    enqueue(graph, vimis_settings, NOW)
    first, second, third = _message_ids(graph, region.patients[0])[:3]
    with TestClient(callback_app(graph)) as client:
        # A result that overtakes the sendDocument answer still counts.
        assert _post(client, first, "accepted", "ok") == 200
        assert _post(client, first, "accepted", "ok") == 200  # duplicate
        assert _post(client, first, "received") == 200  # interim after the final
        assert _post(client, first, "rejected", "late contradiction") == 200
        assert _post(client, second, "received") == 200
        assert _post(client, second, "error", "нет СНИЛС") == 200
        assert _post(client, "no-such-message", "accepted") == 400
        assert _post(client, third, "maybe") == 400
        garbage = client.post("/vimis/callback", content=b"<html/>")
        assert garbage.status_code == 400
    one = _state(graph, first)
    assert (one["state"], one["resultCount"], one["duplicateResults"]) == ("accepted", 1, 1)
    assert one["conflictingResult"] == "rejected: late contradiction"
    two = _state(graph, second)
    assert (two["state"], two["resultDescription"]) == ("rejected", "нет СНИЛС")
    assert _state(graph, third)["state"] == "pending"


def test_a_configured_token_keeps_forged_results_out(
        graph: Graph, vimis_settings: Settings) -> None:
    """Without a token anyone reaching the API could mark a document accepted."""
    region = build_region(graph, patients=1, with_noise=False)
    enqueue(graph, vimis_settings, NOW)
    first = _message_ids(graph, region.patients[0])[0]
    guarded = vimis_settings.model_copy(update={"vimis_callback_token": "s3cret-vimis"})
    envelope = build_send_result(SendResult(first, "accepted", "forged"))
    with TestClient(callback_app(graph, guarded)) as client:
        for headers in ({}, {"X-Vimis-Token": "guess"}):
            refused = client.post("/vimis/callback", content=envelope, headers=headers)
            assert refused.status_code == 401 and b"X-Vimis-Token" in refused.content
        assert _state(graph, first)["state"] == "pending"
        # A comment before the message (well-formed SOAP) once gave a 500.
        commented = envelope.replace(b"<v:sendResult", b"<!-- VIMIS --><v:sendResult", 1)
        assert commented != envelope
        accepted = client.post("/vimis/callback", content=commented,
                               headers={"X-Vimis-Token": "s3cret-vimis"})
        assert accepted.status_code == 200, accepted.text
    assert _state(graph, first)["state"] == "accepted"


def test_concurrent_callbacks_of_one_message_count_once(
        graph: Graph, vimis_settings: Settings) -> None:
    # VIMIS repeats a callback that timed out while the first is still being applied.
    region = build_region(graph, patients=1, with_noise=False)
    enqueue(graph, vimis_settings, NOW)
    msg_id = _message_ids(graph, region.patients[0])[0]
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(
            lambda _: apply_result(graph, msg_id, "accepted", "ok", NOW), range(16)))
    state = _state(graph, msg_id)
    assert (state["resultCount"], state["duplicateResults"]) == (1, 15)
    assert sum(outcome.changed for outcome in outcomes) == 1


def test_the_api_serves_the_callback_route(settings: Settings) -> None:
    from api.app import create_app

    assert "post" in create_app(settings).openapi()["paths"]["/vimis/callback"]


def _graphql(graph: Graph, principal: Principal, query: str, **variables: str) -> dict:
    result = asyncio.run(schema.execute(
        query, variable_values=variables,
        context_value=RequestContext(graph=graph, principal=principal)))
    assert result.errors is None, result.errors
    return result.data or {}


@pytest.fixture
def answered(graph: Graph, vimis_settings: Settings) -> list[str]:
    region = build_region(graph, patients=2, with_noise=False)
    enqueue(graph, vimis_settings, NOW)
    ids = _message_ids(graph, region.patients[0])
    with TestClient(callback_app(graph)) as client:
        _post(client, ids[0], "accepted")
        _post(client, ids[1], "rejected", "нет направления")
    return region.patients


def test_graphql_shows_per_patient_and_per_organisation(graph: Graph,
                                                        answered: list[str]) -> None:
    admin = Principal("u1", "admin")
    data = _graphql(graph, admin, "query($p: String!) { vimisMessages(patientId: $p) "
                    "{ messageId state docType resultDescription recordKey } }", p=answered[0])
    states = sorted(m["state"] for m in data["vimisMessages"])
    assert states == ["accepted", "pending", "pending", "pending", "pending", "pending",
                      "rejected"]
    assert {"нет направления"} <= {m["resultDescription"] for m in data["vimisMessages"]}
    data = _graphql(graph, admin, "{ vimisOrganizations { oid pending accepted rejected } }")
    by_oid = {o["oid"]: o for o in data["vimisOrganizations"]}
    assert set(by_oid) == {DISPENSARY, POLYCLINIC}
    assert sum(o["accepted"] + o["rejected"] + o["pending"] for o in by_oid.values()) == 14
    assert CAOP not in by_oid  # a referral target is not an author
    # A clinician of the polyclinic sees only what their organisation sent.
    clinician = Principal("u2", "clinician", organization_oid=POLYCLINIC)
    data = _graphql(graph, clinician,
                    "query($p: String!) { vimisMessages(patientId: $p) { docType } }",
                    p=answered[0])
    assert [m["docType"] for m in data["vimisMessages"]] == [1]


def test_cli_status_lists_organisations_and_a_patients_messages(
        graph: Graph, answered: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from onkopassport.cli import app

    runner = CliRunner()
    table = runner.invoke(app, ["vimis", "status"], env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert DISPENSARY in table.output and "Онкодиспансер" in table.output
    assert "принято (accepted)" in table.output and "организация" in table.output
    patient = runner.invoke(app, ["vimis", "status", "--patient", answered[0]],
                            env={"COLUMNS": "250"})
    assert patient.exit_code == 0, patient.output
    assert "accepted" in patient.output and "rejected" in patient.output
    assert "состояние" in patient.output and "попыток" in patient.output


def test_send_result_parser_keeps_cyrillic() -> None:
    payload = build_send_result(SendResult("m", "rejected", "Ошибка: нет СНИЛС"))
    assert parse_send_result(payload).description == "Ошибка: нет СНИЛС"
