"""Webhook delivery of notifications through the `:OutboxMessage` nodes.

A message is written in the same transaction as its notification, so nothing is lost if
the process stops; the worker claims due messages, POSTs them as JSON with an
`Idempotency-Key` (the receiver may see a message twice after a crash, never zero times)
and retries failures with exponential backoff until `max_attempts`, then marks it dead.
"""

from __future__ import annotations

import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from graph.database import Graph

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutboxPolicy:
    max_attempts: int = 8
    base_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(hours=1)
    lease: timedelta = timedelta(minutes=5)  # a claim older than this was a crashed worker
    batch_size: int = 50
    timeout_seconds: float = 10.0


def backoff(attempts_before: int, policy: OutboxPolicy) -> timedelta:
    """Delay before the next try after `attempts_before + 1` failed attempts."""
    delay = policy.base_delay * (2 ** attempts_before)
    return min(delay, policy.max_delay)


@dataclass
class DeliveryReport:
    delivered: int = 0
    retried: int = 0
    dead: int = 0


def _send(client: httpx.Client, url: str, message: dict[str, Any]) -> str | None:
    """POST one message; the error text, or None when the receiver accepted it (2xx)."""
    try:
        response = client.post(url, content=message["payload"], headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": message["messageId"],
            "X-Onkopassport-Topic": message.get("topic") or "notification"})
    except httpx.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"
    if response.is_success:
        return None
    return f"HTTP {response.status_code}: {response.text[:200]}"


def deliver_due(graph: Graph, webhook_url: str, *, now: datetime | None = None,
                policy: OutboxPolicy | None = None, client: httpx.Client | None = None,
                worker: str | None = None) -> DeliveryReport:
    """Send every message that is due now (one claim of up to `policy.batch_size`)."""
    policy = policy or OutboxPolicy()
    now = now or datetime.now(UTC)
    messages = graph.write("claim_outbox_messages", now=now, limit=policy.batch_size,
                           leaseExpiredBefore=now - policy.lease,
                           worker=worker or uuid.uuid4().hex)
    if not messages:
        return DeliveryReport()
    own_client = client is None
    http = client or httpx.Client(timeout=policy.timeout_seconds)
    report, results = DeliveryReport(), []
    try:
        for message in messages:
            error = _send(http, webhook_url, message)
            results.append(_result(message, error, now, policy, report))
    finally:
        if own_client:
            http.close()
    graph.write_rows("record_outbox_results", results, now=now)
    return report


def _result(message: dict[str, Any], error: str | None, now: datetime, policy: OutboxPolicy,
            report: DeliveryReport) -> dict[str, Any]:
    if error is None:
        report.delivered += 1
        return {"messageId": message["messageId"], "status": "delivered",
                "nextAttemptAt": None, "error": None}
    attempts = int(message["attempts"] or 0)
    if attempts + 1 >= policy.max_attempts:
        report.dead += 1
        log.warning("webhook message %s dead after %d attempts: %s",
                    message["messageId"], attempts + 1, error)
        return {"messageId": message["messageId"], "status": "dead", "nextAttemptAt": None,
                "error": error}
    report.retried += 1
    return {"messageId": message["messageId"], "status": "pending",
            "nextAttemptAt": now + backoff(attempts, policy), "error": error}


class OutboxWorker:
    """Background thread that delivers due messages every `interval` seconds."""

    def __init__(self, graph: Graph, webhook_url: str, *, interval: float = 5.0,
                 policy: OutboxPolicy | None = None) -> None:
        self.graph, self.webhook_url, self.interval = graph, webhook_url, interval
        self.policy = policy or OutboxPolicy()
        self.worker_id = uuid.uuid4().hex
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="outbox-worker", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)

    def _run(self) -> None:
        with httpx.Client(timeout=self.policy.timeout_seconds) as client:
            while not self._stop.is_set():
                try:
                    deliver_due(self.graph, self.webhook_url, policy=self.policy,
                                client=client, worker=self.worker_id)
                except Exception:  # the worker must outlive a database outage
                    log.exception("outbox delivery round failed; retrying later")
                self._stop.wait(self.interval)
