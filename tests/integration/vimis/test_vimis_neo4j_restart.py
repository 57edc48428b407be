"""The outbox across a restart of Neo4j itself: the test stops and starts the local test
server midway (restarts of the API and of the driver are in test_vimis_delivery_faults.py).
"""

from __future__ import annotations

import time

import pytest

from graph.database import Graph
from graph.local_server import LocalNeo4j
from onkopassport.settings import Settings
from tests.integration.vimis.conftest import FAST_POLICY, NOW
from tests.integration.vimis.delivery import assert_exactly_once, deliver_all, ledger, outbox
from tests.integration.vimis.scenario import build_region
from tests.integration.vimis.servers import ServerThread
from vimis.outbox import enqueue
from vimis.sender import send_due
from vimis.transport import TransportConfig, VimisClient


def test_neo4j_restart_midway_loses_and_duplicates_nothing(
        graph: Graph, settings: Settings, vimis_settings: Settings,
        standin_server: ServerThread) -> None:
    if not settings.uses_local_neo4j:
        pytest.fail("this test restarts the project's local Neo4j: unset NEO4J_URI to run it")
    build_region(graph, patients=3)
    enqueue(graph, vimis_settings, NOW)
    config = TransportConfig.from_settings(vimis_settings.model_copy(
        update={"vimis_endpoint_url": standin_server.url + "/vimis/soap"}))
    # A loaded CI machine can take minutes to start Neo4j: this test waits, it does not judge.
    server = LocalNeo4j(settings.model_copy(update={"neo4j_start_timeout_s": 400.0}))
    with VimisClient(config) as client:
        send_due(graph, client, FAST_POLICY)  # out they go; results are on their way back
        assert server.stop() is True  # callbacks now fail: the stand-in gives up on them
        time.sleep(2.0)
        server.start()
        deliver_all(graph, client, FAST_POLICY, max_seconds=60)
    messages = outbox(graph)
    assert len(messages) == 21
    assert_exactly_once(messages, ledger(standin_server))
