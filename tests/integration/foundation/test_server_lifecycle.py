"""Stop/start of a local Neo4j of its own (not the session's), and /health across an outage."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.database import Graph
from graph.local_server import LocalNeo4j
from onkopassport.settings import Settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4j]:
    settings = Settings(
        data_dir=Path(tmp_path_factory.mktemp("lifecycle")),
        neo4j_bolt_port=_free_port(),
        neo4j_heap="512m",
        neo4j_pagecache="64m",
    )
    if not settings.uses_local_neo4j:
        pytest.fail("the lifecycle tests need the local server; unset NEO4J_URI")
    server = LocalNeo4j(settings)
    server.start()
    yield server
    server.stop()


def test_stop_then_start_keeps_the_data(own_server: LocalNeo4j) -> None:
    graph = Graph.connect(own_server.settings)
    try:
        graph.write_text("CREATE (:Probe {value: 'kept across restarts'})")
    finally:
        graph.close()

    assert own_server.stop() is True
    assert own_server.status().running is False
    status = own_server.start()
    assert status.running and status.version is not None
    assert status.version.startswith("5.26.")

    graph = Graph.connect(own_server.settings)
    try:
        rows = graph.read_text("MATCH (p:Probe) RETURN p.value AS value")
    finally:
        graph.close()
    assert rows == [{"value": "kept across restarts"}]


def test_health_reports_an_outage_and_recovers_by_itself(own_server: LocalNeo4j) -> None:
    with TestClient(create_app(own_server.settings)) as client:
        healthy = client.get("/health")
        assert healthy.status_code == 200
        assert healthy.json()["neo4j"]["version"].startswith("5.26.")

        own_server.stop()
        down = client.get("/health")
        assert down.status_code == 503
        assert down.json()["neo4j"]["reachable"] is False
        assert "База данных Neo4j недоступна" in down.json()["message"]

        own_server.start()
        recovered = client.get("/health")
        assert recovered.status_code == 200
        assert recovered.json()["status"] == "ok"
