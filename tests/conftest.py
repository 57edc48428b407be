"""Test session settings shared by unit and integration tests.

Tests never touch the demo's data: unless told otherwise they run their own local Neo4j
in ``.onkopassport/test`` on Bolt port 7688 (or the server named by ``NEO4J_URI``).
"""

from __future__ import annotations

import os

os.environ.setdefault("ONKO_DATA_DIR", ".onkopassport/test")
os.environ.setdefault("ONKO_NEO4J_BOLT_PORT", "7688")
os.environ.setdefault("ONKO_ENVIRONMENT", "test")
# The suite starts the API hundreds of times on graphs it empties between tests: a warm-up
# thread per start would only compete with them (tests/integration/foundation tests it).
os.environ.setdefault("ONKO_QUERY_WARMUP", "false")

import pytest

SERVER_UNDER_TEST: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SERVER_UNDER_TEST:
        terminalreporter.write_line(
            f"Neo4j server under test: {SERVER_UNDER_TEST['version']} "
            f"at {SERVER_UNDER_TEST['uri']}"
        )
