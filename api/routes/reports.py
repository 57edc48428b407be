"""`GET /reports/form7` and `/reports/form35`: the statistical forms as XLSX or CSV files.

The router's lifespan also runs the process's analytics `FrameStore` (analytics/store.py)
that the GraphQL dashboard, indicators and survival curves read from: it starts once the
application's own lifespan has opened the graph (FastAPI enters an included router's
lifespan inside the application's) and stops before the graph closes. `GET /reports/ready`
says whether its start-up build is over (a load balancer can hold traffic until then).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from typing import Literal

from fastapi import APIRouter, FastAPI, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from analytics.export import render
from analytics.filters import Filters
from analytics.forms import build_form7, build_form35
from analytics.plots import survival_png
from analytics.session import AnalyticsSession
from analytics.store import FrameStore, serving_store
from api.auth.dependencies import PrincipalDep
from api.dependencies import GraphDep


@asynccontextmanager
async def analytics_frames(app: FastAPI) -> AsyncIterator[None]:
    settings = app.state.settings
    store = FrameStore(app.state.graph, ttl_seconds=settings.analytics_frames_ttl_s,
                       check_seconds=settings.analytics_check_interval_s)
    app.state.analytics_frames = store
    # The dashboard opens on the previous year and the current one is watched as it grows.
    # Survival: the analytics page asks diagnoses of year−5 … year and a dashboard widget
    # year−4 … year (api/web/analytics.js, widgets.js), the year being the previous one by
    # default; one range up to the current year holds both and their current-year variants.
    this_year = date.today().year
    if settings.analytics_prewarm:
        store.start([this_year - 1, this_year], survival_ranges=[(this_year - 6, this_year)])
    else:
        store.start([])
    try:
        yield
    finally:
        await run_in_threadpool(store.stop)


router = APIRouter(prefix="/reports", tags=["reports"], lifespan=analytics_frames)

MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
FileFormat = Literal["xlsx", "csv"]
YearParam = Query(ge=1990, le=2100, description="Отчётный год")


def _file(content: bytes, name: str, file_format: str) -> Response:
    return Response(content, media_type=MEDIA_TYPES[file_format],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/form7", summary="Form No. 7 (new cases) for a year")
async def form7(graph: GraphDep, principal: PrincipalDep, year: int = YearParam,
                format: FileFormat = "xlsx") -> Response:
    table = await run_in_threadpool(build_form7, graph, year)
    return _file(render(table, format), f"form7-{year}.{format}", format)


@router.get("/form35", summary="Form No. 35 (the contingent) for a year")
async def form35(graph: GraphDep, principal: PrincipalDep, year: int = YearParam,
                 format: FileFormat = "xlsx") -> Response:
    table = await run_in_threadpool(build_form35, graph, year)
    return _file(render(table, format), f"form35-{year}.{format}", format)


@router.get("/survival.png", summary="Observed survival curves (Kaplan–Meier) as a PNG")
async def survival(graph: GraphDep, principal: PrincipalDep,
                   first_year: int = Query(ge=1990, le=2100, alias="firstYear"),
                   last_year: int = Query(ge=1990, le=2100, alias="lastYear"),
                   by: Literal["stage", "site"] = "stage",
                   district: str | None = None,
                   organization_oid: str | None = Query(None, alias="organizationOid"),
                   site_row: str | None = Query(None, alias="siteRow")) -> Response:
    """The same curves as the analytics page shows, with the same filters."""
    session = AnalyticsSession(graph, serving_store(graph))
    filters = Filters(district or None, organization_oid or None, site_row or None)
    curves = await run_in_threadpool(session.survival, first_year, last_year, date.today(),
                                     filters, by)
    title = f"Наблюдаемая выживаемость, диагноз {first_year}–{last_year}"
    return Response(await run_in_threadpool(survival_png, curves, title), media_type="image/png")


@router.get("/ready", summary="Whether the analytics start-up build is over")
async def ready(request: Request) -> JSONResponse:
    store: FrameStore | None = getattr(request.app.state, "analytics_frames", None)
    if store is None or store.is_ready():
        return JSONResponse({"status": "ready"})
    return JSONResponse(status_code=503, content={
        "status": "warming",
        "message": "Аналитика готовится после запуска: первые запросы ждут её построения."})
