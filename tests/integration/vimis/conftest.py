"""Fixtures of the VIMIS tests: fast retry settings, the callback endpoint, the stand-in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from graph.database import Graph
from onkopassport.settings import Settings
from tests.integration.vimis.servers import ServerThread, callback_app, standin
from vimis.sender import SendPolicy
from vimis.standin.faults import FaultPlan

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
# Short clocks so that a run full of injected faults settles within seconds.
FAST_POLICY = SendPolicy(retry_base_s=0.05, retry_cap_s=0.4, result_timeout_s=2.0,
                         lease_s=5.0, batch_size=40)


@pytest.fixture
def vimis_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"vimis_read_timeout_s": 0.5,
                                       "vimis_connect_timeout_s": 0.5})


@pytest.fixture
def callback_server(graph: Graph) -> Iterator[ServerThread]:
    server = ServerThread(callback_app(graph)).start()
    yield server
    server.stop()


@pytest.fixture
def standin_server(callback_server: ServerThread) -> Iterator[ServerThread]:
    server = standin(callback_server.url + "/vimis/callback",
                     FaultPlan(callback_delay_s=0.02, timeout_sleep_s=1.0))
    yield server
    server.stop()
