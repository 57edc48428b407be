"""Driving the outbox to the end, and the exactly-once checks the fault tests share."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

import httpx

from graph.database import Graph
from tests.integration.vimis.servers import ServerThread
from vimis.sender import SendPolicy, outbox_counts, send_due, settled
from vimis.transport import VimisClient


def deliver_all(graph: Graph, client: VimisClient, policy: SendPolicy,
                max_seconds: float = 120.0) -> dict[str, int]:
    """Send passes until every message has its final answer (bounded in time)."""
    deadline = time.monotonic() + max_seconds
    while time.monotonic() < deadline:
        send_due(graph, client, policy)
        counts = outbox_counts(graph)
        if settled(counts):
            return counts
        time.sleep(0.05)
    raise AssertionError(f"outbox did not settle in {max_seconds}s: {outbox_counts(graph)}")


def outbox(graph: Graph) -> list[dict[str, Any]]:
    return [row["m"] for row in graph.read_text(
        "MATCH (r:Record)-[:SENT_AS]->(m:VimisMessage) "
        "RETURN m {.messageId, .recordKey, .version, .state, .resultCount, .attempts, "
        ".duplicateResults, .resultDescription, .conflictingResult, key: r.key} AS m")]


def ledger(standin: ServerThread) -> dict[str, dict[str, Any]]:
    return dict(httpx.get(standin.url + "/control/ledger", timeout=5).json())


def assert_exactly_once(messages: list[dict[str, Any]],
                        vimis_ledger: dict[str, dict[str, Any]]) -> None:
    """Every message answered once, none lost on either side, none duplicated."""
    assert all(m["state"] in ("accepted", "rejected") for m in messages)
    assert all(m["resultCount"] == 1 for m in messages)
    assert all(m["conflictingResult"] is None for m in messages)
    ids = [m["messageId"] for m in messages]
    assert len(ids) == len(set(ids))
    versions = Counter((m["recordKey"], m["version"]) for m in messages)
    assert max(versions.values()) == 1
    assert set(vimis_ledger) == set(ids)  # VIMIS holds each message exactly once
    assert {m["messageId"]: m["state"] for m in messages} == {
        msg_id: entry["status"] for msg_id, entry in vimis_ledger.items()}
