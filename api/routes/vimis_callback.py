"""`POST /vimis/callback`: VIMIS reports `sendResult(msg_id, status, description)` here.

Idempotent: a duplicate or late callback answers 200 and changes nothing, so VIMIS stops
repeating it. An unknown message or status is the caller's fault (SOAP Sender fault).
"""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from api.dependencies import GraphDep, SettingsDep
from onkopassport.errors import DatabaseUnavailableError
from vimis.errors import VimisResultError
from vimis.results import apply_result
from vimis.sender import utc_now
from vimis.soap import (
    SOAP_CONTENT_TYPE,
    SoapFormatError,
    build_fault,
    build_send_result_response,
    parse_send_result,
)

router = APIRouter()
TOKEN_HEADER = "X-Vimis-Token"


def _soap(payload: bytes, status_code: int) -> Response:
    return Response(payload, status_code=status_code, media_type=SOAP_CONTENT_TYPE)


@router.post("/vimis/callback", summary="VIMIS sendResult callback (SOAP 1.2)")
async def vimis_callback(request: Request, graph: GraphDep, settings: SettingsDep) -> Response:
    expected = settings.vimis_callback_token
    if expected and not hmac.compare_digest(
            request.headers.get(TOKEN_HEADER, "").encode(), expected.encode()):
        return _soap(build_fault("soap:Sender", f"{TOKEN_HEADER} is missing or wrong"), 401)
    try:
        result = parse_send_result(await request.body())
    except SoapFormatError as error:
        return _soap(build_fault("soap:Sender", str(error)), 400)
    try:
        # The graph call blocks: keep it off the event loop.
        outcome = await run_in_threadpool(apply_result, graph, result.msg_id, result.status,
                                          result.description, utc_now())
    except VimisResultError as error:
        return _soap(build_fault("soap:Sender", str(error)), 400)
    except DatabaseUnavailableError as error:
        # 503 tells VIMIS to call again later; the result must not be lost.
        return _soap(build_fault("soap:Receiver", str(error)), 503)
    return _soap(build_send_result_response(outcome.state), 200)
