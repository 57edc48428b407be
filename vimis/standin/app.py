"""The stand-in VIMIS as a FastAPI app: `/vimis/soap` plus `/control/*` for tests."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI, Request, Response

from vimis.soap import (
    SOAP_CONTENT_TYPE,
    SendDocument,
    SendResult,
    SoapFormatError,
    build_fault,
    build_send_document_response,
    build_send_result,
    parse_send_document,
)
from vimis.standin.checks import document_problems, envelope_problems
from vimis.standin.faults import FaultDice, FaultPlan

log = logging.getLogger(__name__)
CALLBACK_ATTEMPTS = 5  # bounded: a callback target that stays down loses the result


@dataclass
class LedgerEntry:
    """What the stand-in knows about one message id."""

    doc_type: int
    status: str
    description: str
    receipts: int = 1
    callbacks_sent: int = 0


@dataclass
class StandinState:
    callback_url: str
    plan: FaultPlan = field(default_factory=FaultPlan)
    ledger: dict[str, LedgerEntry] = field(default_factory=dict)
    queue: asyncio.Queue[SendResult] = field(default_factory=asyncio.Queue)
    documents: dict[str, str] = field(default_factory=dict)  # msg id → base64 СЭМД
    callback_token: str | None = None  # sent as X-Vimis-Token (settings.vimis_callback_token)


def _soap(payload: bytes, status_code: int = 200) -> Response:
    return Response(payload, status_code=status_code, media_type=SOAP_CONTENT_TYPE)


def _decide(state: StandinState, dice: FaultDice, message: SendDocument) -> LedgerEntry:
    problems = document_problems(message)
    if problems:
        return LedgerEntry(message.doc_type, "rejected", "; ".join(problems)[:1000])
    if dice.roll(state.plan.reject_rate):
        return LedgerEntry(message.doc_type, "rejected", "injected rejection")
    return LedgerEntry(message.doc_type, "accepted", "document registered")


async def _deliver(client: httpx.AsyncClient, url: str, result: SendResult,
                   token: str | None) -> bool:
    headers = {"Content-Type": SOAP_CONTENT_TYPE, **({"X-Vimis-Token": token} if token else {})}
    for attempt in range(CALLBACK_ATTEMPTS):
        try:
            response = await client.post(url, content=build_send_result(result),
                                         headers=headers)
            if response.status_code < 500:
                return True
        except httpx.HTTPError as error:
            log.warning("callback for %s failed: %r", result.msg_id, error)
        await asyncio.sleep(0.05 * 2**attempt)
    return False


async def _callback_worker(state: StandinState, dice: FaultDice) -> None:
    """Sends results back; under `out_of_order`, shuffles each batch and adds late interims."""
    async with httpx.AsyncClient(timeout=5.0) as client:
        while True:
            batch = [await state.queue.get()]
            await asyncio.sleep(state.plan.callback_delay_s)
            while not state.queue.empty():
                batch.append(state.queue.get_nowait())
            if state.plan.out_of_order:
                dice.random.shuffle(batch)
                # An interim status that overtook nothing: it arrives after the final one.
                batch += [SendResult(r.msg_id, "received", "interim") for r in batch
                          if r.status != "received"]
            for result in batch:
                delivered = await _deliver(client, state.callback_url, result,
                                           state.callback_token)
                entry = state.ledger.get(result.msg_id)
                if delivered and entry is not None and result.status == entry.status:
                    entry.callbacks_sent += 1


def create_standin_app(callback_url: str, plan: FaultPlan | None = None,
                       callback_token: str | None = None) -> FastAPI:
    state = StandinState(callback_url=callback_url, plan=plan or FaultPlan(),
                         callback_token=callback_token)
    dice = FaultDice(state.plan)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker = asyncio.create_task(_callback_worker(state, dice))
        yield
        worker.cancel()

    app = FastAPI(title="VIMIS «Онкология» stand-in", lifespan=lifespan)
    app.state.standin = state

    @app.post("/vimis/soap")
    async def send_document(request: Request) -> Response:
        if dice.roll(state.plan.server_error_rate):
            return _soap(build_fault("soap:Receiver", "injected: service unavailable"), 503)
        try:
            message = parse_send_document(await request.body())
        except SoapFormatError as error:
            return _soap(build_fault("soap:Sender", str(error)), 400)
        problems = envelope_problems(message)
        if problems:
            return _soap(build_fault("soap:Sender", "; ".join(problems)), 400)
        entry = state.ledger.get(message.local_uid)
        if entry is not None:
            # A resend of a message we already have: no new decision, the same result again.
            entry.receipts += 1
        else:
            entry = state.ledger[message.local_uid] = _decide(state, dice, message)
            state.documents[message.local_uid] = message.document
        result = SendResult(message.local_uid, entry.status, entry.description)
        state.queue.put_nowait(result)
        if dice.roll(state.plan.duplicate_callback_rate):
            state.queue.put_nowait(result)
        if dice.roll(state.plan.timeout_rate):
            await asyncio.sleep(state.plan.timeout_sleep_s)
        elif dice.roll(state.plan.lost_answer_rate):
            return _soap(build_fault("soap:Receiver", "injected: answer lost"), 500)
        return _soap(build_send_document_response(message.local_uid))

    @app.put("/control/faults")
    async def set_faults(values: dict[str, Any]) -> dict[str, Any]:
        try:
            state.plan.update(values)
        except (ValueError, TypeError) as error:
            return {"error": str(error)}
        dice.reseed()
        return asdict(state.plan)

    @app.get("/control/ledger")
    async def ledger() -> dict[str, Any]:
        return {msg_id: asdict(entry) for msg_id, entry in state.ledger.items()}

    @app.get("/control/documents/{msg_id}")
    async def document(msg_id: str) -> dict[str, str | None]:
        return {"document": state.documents.get(msg_id)}

    @app.post("/control/reset")
    async def reset() -> dict[str, str]:
        state.ledger.clear()
        state.documents.clear()
        return {"status": "reset"}

    return app
