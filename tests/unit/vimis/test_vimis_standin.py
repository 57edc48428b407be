"""The stand-in VIMIS without a database: envelope checks, dedup of resends, fault control."""

from __future__ import annotations

import base64
from dataclasses import replace

from fastapi.testclient import TestClient

from tests.unit.vimis.samples import IDENTITY, source
from vimis.cda import build_document_bytes
from vimis.soap import (
    SendDocument,
    SoapFault,
    build_send_document,
    parse_send_document_response,
)
from vimis.standin.app import create_standin_app
from vimis.standin.checks import document_problems
from vimis.standin.faults import FaultPlan

NOWHERE = "http://127.0.0.1:9/vimis/callback"  # discard port: callbacks go nowhere


def _message(**changes: object) -> SendDocument:
    document = base64.b64encode(build_document_bytes(source(6), IDENTITY)).decode()
    message = SendDocument(vmcl=1, doc_type=6, doc_type_version="1", trigger_point=4,
                           local_uid=IDENTITY.message_id,
                           organization="1.2.643.5.1.13.13.12.2.77.1", document=document)
    return replace(message, **changes)  # type: ignore[arg-type]


def test_a_valid_document_has_no_problems_and_a_mismatch_is_named() -> None:
    assert document_problems(_message()) == []
    assert document_problems(_message(local_uid="other")) == ["document id differs from localUid"]
    assert document_problems(_message(document="@@@")) == ["document is not base64"]


def test_resend_of_the_same_message_is_one_ledger_entry() -> None:
    app = create_standin_app(NOWHERE, FaultPlan(callback_delay_s=0.01))
    with TestClient(app) as client:
        for _ in range(3):
            answer = client.post("/vimis/soap", content=build_send_document(_message()))
            assert parse_send_document_response(answer.content) == IDENTITY.message_id
        ledger = client.get("/control/ledger").json()
    assert list(ledger) == [IDENTITY.message_id]
    assert ledger[IDENTITY.message_id]["receipts"] == 3
    assert ledger[IDENTITY.message_id]["status"] == "accepted"


def test_a_bad_envelope_is_refused_as_the_senders_fault() -> None:
    with TestClient(create_standin_app(NOWHERE)) as client:
        answer = client.post("/vimis/soap", content=build_send_document(_message(vmcl=2)))
    assert answer.status_code == 400
    try:
        parse_send_document_response(answer.content)
    except SoapFault as fault:
        assert fault.is_sender_fault and "vmcl 2" in fault.reason
    else:
        raise AssertionError("expected a SOAP fault")


def test_faults_are_switched_on_over_the_control_api() -> None:
    with TestClient(create_standin_app(NOWHERE)) as client:
        assert client.put("/control/faults", json={"server_error_rate": 1.0}).json()[
            "server_error_rate"] == 1.0
        answer = client.post("/vimis/soap", content=build_send_document(_message()))
        assert answer.status_code == 503
        assert "unknown fault" in client.put("/control/faults", json={"x": 1}).json()["error"]
