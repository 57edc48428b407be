"""Notifications: due-soon, missed, sharp changes; per organisation and user; read marks;
webhook delivery through the outbox, with retries and across a process restart."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.security import Principal
from graph.database import Graph
from onkopassport.settings import Settings
from pathway import refresh_patients
from pathway.notifications import list_notifications, mark_notification_read
from pathway.outbox import OutboxPolicy, deliver_due
from tests.factories import add_patient, add_record
from tests.integration.pathway.conftest import CAOP, DISPENSARY, POLYCLINIC, TODAY, add_region

SUSPICION = {"icd10": "Z03.1", "careStage": "suspicion"}


class Receiver:
    """A local webhook receiver on 127.0.0.1 that can fail the first N requests."""

    def __init__(self, failures: int = 0) -> None:
        self.received: list[dict[str, Any]] = []
        self.keys: list[str] = []
        self.failures = failures
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.failures > 0:
                    receiver.failures -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                receiver.received.append(json.loads(body))
                receiver.keys.append(self.headers["Idempotency-Key"])
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


def _kinds(graph: Graph) -> set[str]:
    return {r["kind"] for r in graph.read_text("MATCH (n:Notification) RETURN n.kind AS kind")}


def test_due_soon_then_missed_each_notified_once(graph: Graph) -> None:
    add_region(graph)
    patient = add_patient(graph)
    add_record(graph, patient, "referral", date(2026, 2, 26), at=POLYCLINIC, referred_to=CAOP,
               facts=SUSPICION)

    refresh_patients(graph, [patient], TODAY)
    refresh_patients(graph, [patient], TODAY)
    assert _kinds(graph) == {"deadline-due-soon"}

    refresh_patients(graph, [patient], date(2026, 3, 5))
    assert _kinds(graph) == {"deadline-due-soon", "deadline-missed"}
    counts = graph.read_text("MATCH (n:Notification) WITH count(n) AS n "
                             "MATCH (m:OutboxMessage) RETURN n, count(m) AS m")[0]
    assert counts == {"n": 2, "m": 2}


@pytest.mark.parametrize(("facts", "kind"), [
    ({"stage": "III"}, "stage-up"),
    ({"m": "M1"}, "distant-metastasis"),
    ({"clinicalStatus": "recurrence"}, "progression"),
    ({"encounterClass": "EMER"}, "emergency-admission"),
    ({"emergency": True}, "emergency-admission"),
])
def test_sharp_changes(graph: Graph, facts: dict[str, Any], kind: str) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "stage-observation", date(2025, 12, 1),
               facts={"stage": "II", "m": "M0", "icd10": "C18.2"})
    add_record(graph, patient, "hospitalization", date(2026, 2, 25), facts=facts)

    refresh_patients(graph, [patient], TODAY)

    assert kind in _kinds(graph)


def test_refusal_and_old_changes(graph: Graph) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "hospitalization", date(2025, 6, 1),
               facts={"encounterClass": "EMER"})  # older than the window: history
    add_record(graph, patient, "hospitalization-refusal", date(2026, 2, 27), at=DISPENSARY)

    refresh_patients(graph, [patient], TODAY)

    assert _kinds(graph) == {"refusal"}


def test_listed_per_organisation_and_marked_read_per_user(graph: Graph) -> None:
    add_region(graph)
    patient = add_patient(graph)
    add_record(graph, patient, "hospitalization-refusal", date(2026, 2, 27), at=DISPENSARY)
    refresh_patients(graph, [patient], TODAY)
    doctor = Principal("doc-1", "clinician", organization_oid=DISPENSARY)
    other = Principal("doc-2", "clinician", organization_oid=CAOP)
    colleague = Principal("doc-3", "clinician", organization_oid=DISPENSARY)

    page = list_notifications(graph, doctor)
    assert [n.kind for n in page.items] == ["refusal"] and not page.items[0].read
    assert list_notifications(graph, other).items == []

    read = mark_notification_read(graph, doctor, page.items[0].notification_id)
    assert read.read
    assert list_notifications(graph, doctor, unread_only=True).items == []
    assert len(list_notifications(graph, colleague, unread_only=True).items) == 1
    refresh_patients(graph, [patient], TODAY)  # a rebuild keeps the read mark
    assert list_notifications(graph, doctor).items[0].read


def test_outbox_delivers_to_the_webhook_with_retry(graph: Graph) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "hospitalization-refusal", date(2026, 2, 27))
    refresh_patients(graph, [patient], TODAY)
    policy = OutboxPolicy(base_delay=timedelta(seconds=1), max_attempts=3)

    with Receiver(failures=1) as hook:
        now = datetime.now(UTC)
        first = deliver_due(graph, hook.url, now=now, policy=policy)
        assert (first.delivered, first.retried) == (0, 1)
        assert deliver_due(graph, hook.url, now=now, policy=policy).delivered == 0  # backoff
        later = deliver_due(graph, hook.url, now=now + timedelta(seconds=5), policy=policy)
        assert later.delivered == 1

    assert hook.received[0]["kind"] == "refusal"
    assert hook.keys == [hook.received[0]["notificationId"]]
    status = graph.read("count_outbox_messages")
    assert status == [{"status": "delivered", "messages": 1}]


def test_outbox_gives_up_after_max_attempts(graph: Graph) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "hospitalization-refusal", date(2026, 2, 27))
    refresh_patients(graph, [patient], TODAY)
    policy = OutboxPolicy(base_delay=timedelta(0), max_attempts=2)

    with Receiver(failures=5) as hook:
        now = datetime.now(UTC) + timedelta(seconds=1)
        deliver_due(graph, hook.url, now=now, policy=policy)
        report = deliver_due(graph, hook.url, now=now + timedelta(seconds=1), policy=policy)

    assert report.dead == 1
    assert graph.read("count_outbox_messages") == [{"status": "dead", "messages": 1}]


def test_outbox_survives_a_restart(graph: Graph, settings: Settings,
                                   receiver: Receiver) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "hospitalization-refusal", date(2026, 2, 27))
    refresh_patients(graph, [patient], TODAY)
    # A worker claimed the message and crashed before it could send it.
    graph.write_text("MATCH (m:OutboxMessage) SET m.status = 'sending', "
                     "m.claimedAt = datetime() - duration('PT1H')")

    restarted = Graph.connect(settings)  # a new process: new driver, nothing in memory
    try:
        report = deliver_due(restarted, receiver.url)
    finally:
        restarted.close()

    assert report.delivered == 1
    assert [m["kind"] for m in receiver.received] == ["refusal"]


def test_the_api_delivers_the_outbox_while_it_runs(graph: Graph, settings: Settings,
                                                   receiver: Receiver) -> None:
    patient = add_patient(graph)
    add_record(graph, patient, "hospitalization-refusal", date(2026, 2, 27))
    refresh_patients(graph, [patient], TODAY)
    app_settings = settings.model_copy(update={"notification_webhook_url": receiver.url,
                                               "notification_delivery_interval_s": 0.2})
    with TestClient(create_app(app_settings)):
        deadline = time.monotonic() + 30
        while not receiver.received and time.monotonic() < deadline:
            time.sleep(0.1)
    assert [m["kind"] for m in receiver.received] == ["refusal"]
    assert graph.read("count_outbox_messages") == [{"status": "delivered", "messages": 1}]
