"""Integration tests run on a real Neo4j: started once per session, emptied per test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from graph.database import Graph, connection_info
from graph.local_server import LocalNeo4j
from graph.schema import apply_schema
from onkopassport.settings import Settings
from tests.conftest import SERVER_UNDER_TEST


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def session_graph(settings: Settings) -> Iterator[Graph]:
    server = LocalNeo4j(settings) if settings.uses_local_neo4j else None
    started_here = server is not None and server.running_pid() is None
    if server is not None:
        server.start()
    graph = Graph.connect(settings)
    apply_schema(graph)
    SERVER_UNDER_TEST.update(version=graph.server_version(), uri=connection_info(settings).uri)
    yield graph
    graph.close()
    # Developers may keep the test server warm between runs; CI always stops it.
    if server is not None and started_here and os.environ.get("ONKO_KEEP_TEST_NEO4J") != "1":
        server.stop()


def empty_graph(graph: Graph) -> None:
    with graph.driver.session(database=graph.database) as session:
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()


@pytest.fixture
def graph(session_graph: Graph) -> Graph:
    """The session's graph, emptied before the test (the schema stays)."""
    empty_graph(session_graph)
    return session_graph
