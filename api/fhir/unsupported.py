"""Every other /fhir interaction: `not-supported` (501) naming what this server does.

A FHIR client that reads `Observation/1` or creates `POST /fhir/Patient` as on a full FHIR
server used to get a bare 404 "Not Found", which reads as "no such patient". It now gets
an OperationOutcome saying what to use instead; a body it sent (a create or an update) is
kept in quarantine as `POST /fhir` keeps unusable input, so that nothing sent is lost and
it can be replayed as it is.
"""

from __future__ import annotations

import orjson
from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.convertors import Convertor, register_url_convertor

from api.auth.dependencies import require_roles
from api.dependencies import GraphDep
from api.fhir.outcome import FhirError, FhirResponse
from api.fhir.request_body import UnusableBody, inflated, quarantine_body, refusal_response
from api.fhir.sending_source import SOURCE_HEADER, check_named_sources, request_source
from api.security import Principal
from graph.database import Graph


class ResourceTypeConvertor(Convertor[str]):
    """A path segment shaped like a FHIR resource type (`Patient`, `Observation`): the
    routes below answer only those, so that /fhir paths of other shapes stay 404 and
    routes added later (the operations of other areas) are not shadowed."""

    regex = "[A-Z][A-Za-z]{1,63}"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("fhir_type", ResourceTypeConvertor())
router = APIRouter()
_PATHS = ("/{resource_type:fhir_type}", "/{resource_type:fhir_type}/{rest:path}")

SUPPORTED = ("Сервер поддерживает GET /fhir/metadata, GET /fhir/Patient/{id} (пациент), "
             "GET /fhir/Patient?identifier=система|значение (поиск по СНИЛС или ЕНП), GET или "
             "POST /fhir/Patient/{id}/$everything (паспорт как Bundle) и POST /fhir с Bundle "
             "типа transaction или batch (создание и обновление записей).")
# Interactions that carry a resource: the body is kept, so only the roles that may send
# records (POST /fhir: admin, and a sender under its own source) may put anything into
# quarantine.
_WITH_BODY = ["POST", "PUT", "PATCH"]
_WITHOUT_BODY = ["GET", "HEAD", "DELETE"]


def _interaction(request: Request) -> str:
    return f"{request.method} {request.url.path}"


def not_supported(request: Request) -> FhirResponse:
    return FhirError(501, "not-supported",
                     f"{_interaction(request)} не поддерживается. {SUPPORTED}").response()


async def not_supported_with_body(
    request: Request, graph: GraphDep,
    principal: Principal = Depends(require_roles("admin", "sender")),
) -> FhirResponse:
    try:
        source = request_source(principal, request.headers.get(SOURCE_HEADER))
    except FhirError as error:
        return error.response()
    sent = await request.body()
    message = f"{_interaction(request)} не поддерживается. {SUPPORTED}"
    if not sent:
        return FhirError(501, "not-supported", message).response()
    return await run_in_threadpool(_keep, graph, source, _interaction(request), sent,
                                   request.headers.get("content-encoding"), message,
                                   principal.role == "sender")


for _path in _PATHS:
    router.add_api_route(_path, not_supported, methods=_WITHOUT_BODY, include_in_schema=False)
    router.add_api_route(_path, not_supported_with_body, methods=_WITH_BODY,
                         include_in_schema=False)


def _keep(graph: Graph, source: str, interaction: str, sent: bytes,
          content_encoding: str | None, message: str, sender: bool = False) -> FhirResponse:
    try:
        body = inflated(sent, content_encoding)
    except UnusableBody:
        body = sent  # kept as received all the same: the answer is about the interaction
    if sender:  # a replay would store it under the meta.source it names: not another's
        try:
            check_named_sources(orjson.loads(body), source)
        except orjson.JSONDecodeError:
            pass
        except FhirError as error:
            return error.response()
    kept = quarantine_body(graph, source, interaction, body,
                           f"{interaction} не поддерживается: пришлите ресурс в Bundle типа "
                           "transaction или batch в POST /fhir")
    return refusal_response(FhirError(
        501, "not-supported", f"{message} Тело сохранено в карантине."), kept)
