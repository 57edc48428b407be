"""The FastAPI application: one driver for the process, opened at start, closed at stop."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.auth import routes as auth_routes
from api.fhir import router as fhir_router
from api.fhir.outcome import is_fhir_path, outcome_response
from api.graphql.passport_limits import UNEXPECTED_ERROR
from api.graphql.router import graphql_app
from api.routes import analyst, fhir_ingest, health, identity, quarantine, vimis_callback
from api.routes import reports as report_routes
from api.warmup import start_warm_up
from api.web import router as web
from graph.database import Graph
from onkopassport.errors import (
    AccessDeniedError,
    DatabaseUnavailableError,
    InputError,
    NotFoundError,
    OnkopassportError,
)
from onkopassport.settings import Settings, get_settings
from onkopassport.startup import prepare_graph

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        graph = Graph.connect(settings)
        app.state.graph = graph
        app.state.settings = settings
        try:
            prepare_graph(graph)
        except DatabaseUnavailableError as error:
            # The API still starts: /health reports the outage and recovers by itself.
            log.warning("Schema and back-fills not applied at start, Neo4j unreachable: %s",
                        error)
        except Exception as error:
            log.warning("Schema and back-fills not applied at start: %s", error)
        if settings.query_warmup:
            start_warm_up(graph)
        # The webhook outbox lives in the graph, so a restart picks up where it stopped.
        worker = None
        if settings.notification_webhook_url:
            from pathway.outbox import OutboxWorker

            worker = OutboxWorker(graph, settings.notification_webhook_url,
                                  interval=settings.notification_delivery_interval_s)
            worker.start()
        # What exists now (modules, the GraphQL schema, code catalogues) lives as long as
        # the process: frozen out of the cyclic collector, its full passes stay short and
        # stop adding hundreds of milliseconds to a request now and then.
        gc.collect()
        gc.freeze()
        yield
        if worker is not None:
            worker.stop()
        graph.close()

    app = FastAPI(title="Onkopassport", version="0.1.0", lifespan=lifespan)
    app.add_exception_handler(OnkopassportError, _project_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    # Anything else (a bug, a driver failure): logged, and answered in the caller's format
    # with no internals (Starlette still re-raises it to the server after answering).
    app.add_exception_handler(Exception, _project_error)
    # Each area adds its router here, one line each.
    app.include_router(health.router)
    app.include_router(fhir_ingest.router)
    app.include_router(identity.router)
    app.include_router(quarantine.router)
    app.add_route("/graphql", graphql_app(settings.environment == "development"),
                  methods=["GET", "POST"])
    app.include_router(report_routes.router)
    app.include_router(web.router)
    app.include_router(auth_routes.router)
    app.include_router(fhir_router.router)
    app.include_router(analyst.router)
    app.include_router(vimis_callback.router)
    return app


# A project error a REST route did not answer itself: its message with the status it means
# (GraphQL and FHIR answer theirs in their own formats before they get here).
_STATUS_OF_ERROR: tuple[tuple[type[OnkopassportError], int], ...] = (
    (InputError, 400),
    (NotFoundError, 404),
    (AccessDeniedError, 403),
    (DatabaseUnavailableError, 503),
)


async def _project_error(request: Request, error: Exception) -> Response:
    """A project error a route left unanswered, or any unexpected one (500)."""
    for kind, status_code in _STATUS_OF_ERROR:
        if isinstance(error, kind):
            return _error_body(request, status_code, str(error))
    log.error("unanswered error on %s %s", request.method, request.url.path, exc_info=error)
    return _error_body(request, 500, UNEXPECTED_ERROR)


def _error_body(request: Request, status_code: int, message: str,
                headers: dict[str, str] | None = None) -> Response:
    if is_fhir_path(request.url.path):
        return outcome_response(status_code, message, headers)
    return JSONResponse(status_code=status_code, content={"detail": message}, headers=headers)


async def _http_error(request: Request, error: Exception) -> Response:
    """Under /fhir an OperationOutcome (401, 403, 404 of an unknown path, 405…); elsewhere
    FastAPI's own answer."""
    if not isinstance(error, StarletteHTTPException):  # registered for that class only
        raise error
    if is_fhir_path(request.url.path):
        return outcome_response(error.status_code, str(error.detail),
                                getattr(error, "headers", None))
    if error.status_code == 404 and _asked_by_a_browser(request):
        # a person who followed a stale link or mistyped an address: a page, not JSON
        return FileResponse(web.NOT_FOUND_PAGE, status_code=404,
                            media_type="text/html; charset=utf-8")
    return await http_exception_handler(request, error)


def _asked_by_a_browser(request: Request) -> bool:
    """A page load (the browser asks for HTML first), not a script's or client's call."""
    return request.method == "GET" and request.headers.get("accept", "").startswith("text/html")


async def _validation_error(request: Request, error: Exception) -> Response:
    if not isinstance(error, RequestValidationError):  # registered for that class only
        raise error
    if is_fhir_path(request.url.path):
        problems = "; ".join(f"{'.'.join(str(part) for part in e.get('loc', ()))}: "
                             f"{e.get('msg')}" for e in error.errors())
        return outcome_response(400, f"The request is not valid: {problems}")
    return await request_validation_exception_handler(request, error)
