"""`AnalyticsQuery` / `AnalyticsMutation`: indicators, forms 7 and 35, survival, dashboards.

Every resolver asks `require_principal`. Aggregates are open to every role; the patients
behind a figure are listed only for roles that see identities (not analysts), and only
those the caller's row-level scope allows (cypher/fetch_patient_summaries.cypher).
"""

from __future__ import annotations

import asyncio
import json
from datetime import date

import strawberry
from strawberry.types import Info

from analytics import compute
from analytics.dashboards import Widget, delete_widget, list_widgets, save_widget
from analytics.filters import Filters
from analytics.forms import FormTable, build_form7, build_form35
from analytics.indicators import DEFINITIONS, definition
from analytics.periods import check_year
from analytics.session import AnalyticsSession
from analytics.store import FrameStore, serving_store
from api.auth.graphql import require_principal
from api.graphql.analytics_types import (
    AnalyticsBreakdownItem,
    AnalyticsDrillDown,
    AnalyticsFilterInput,
    AnalyticsIndicatorValue,
    AnalyticsMonthValue,
    AnalyticsOption,
    AnalyticsOptions,
    AnalyticsPatient,
    AnalyticsSanityRatio,
    DashboardWidgetInput,
    DashboardWidgetResult,
    FormColumn,
    FormLine,
    FormTableResult,
    SurvivalCurveResult,
    SurvivalPoint,
)
from domain import codes
from onkopassport.errors import InputError


def _frame_store(info: Info) -> FrameStore | None:
    """The API process's frame store (started by api/routes/reports.py's lifespan)."""
    return serving_store(info.context.graph)


def _session(info: Info) -> AnalyticsSession:
    loaders = info.context.loaders
    if "analytics" not in loaders:
        loaders["analytics"] = AnalyticsSession(info.context.graph, _frame_store(info))
    session: AnalyticsSession = loaders["analytics"]
    return session


def _filters(value: AnalyticsFilterInput | None) -> Filters:
    if value is None:
        return Filters()
    return Filters(value.district or None, value.organization_oid or None,
                   value.site_row or None)


def _indicator(value: compute.IndicatorValue) -> AnalyticsIndicatorValue:
    return AnalyticsIndicatorValue(
        code=value.code, label=value.label, unit=value.unit, numerator=value.numerator,
        denominator=value.denominator, value=value.value, target=value.target,
        lower_is_better=value.lower_is_better, drillable=DEFINITIONS[value.code].drillable,
        formula_ru=DEFINITIONS[value.code].formula_ru)


def _form(table: FormTable) -> FormTableResult:
    return FormTableResult(
        title=table.title, year=table.year,
        columns=[FormColumn(key=k, label=label) for k, label in table.columns],
        rows=[FormLine(row_id=r.row_id, label=r.label,
                       values=[r.values[k] for k, _ in table.columns]) for r in table.rows])


def _widget(widget: Widget) -> DashboardWidgetResult:
    return DashboardWidgetResult(
        widget_id=strawberry.ID(widget.widget_id), title=widget.title, kind=widget.kind,
        indicator=widget.indicator, config_json=json.dumps(widget.config, ensure_ascii=False),
        position=widget.position)


def _known(code: str) -> str:
    return definition(code).code


@strawberry.type
class AnalyticsQuery:
    @strawberry.field(description="Indicators of domain.md §7 for a year (all when `codes` "
                      "is empty), each as numerator / denominator.")
    async def indicators(self, info: Info, year: int,
                         filters: AnalyticsFilterInput | None = None,
                         codes: list[str] | None = None) -> list[AnalyticsIndicatorValue]:
        require_principal(info)
        check_year(year)
        wanted = [_known(c) for c in codes] if codes else None
        values = await asyncio.to_thread(_session(info).indicators, year, _filters(filters),
                                         wanted)
        return [_indicator(v) for v in values]

    @strawberry.field(description="An indicator by district, organization or site.")
    async def indicator_breakdown(self, info: Info, code: str, year: int, dimension: str,
                                  filters: AnalyticsFilterInput | None = None,
                                  ) -> list[AnalyticsBreakdownItem]:
        require_principal(info)
        check_year(year)
        if dimension not in compute.DIMENSIONS:
            raise InputError("Разрез должен быть district, organization или site.")
        frames = await asyncio.to_thread(_session(info).frames, year, _filters(filters))
        return [AnalyticsBreakdownItem(key=i.key, label=i.label, numerator=i.numerator,
                                       denominator=i.denominator, value=i.value)
                for i in compute.breakdown(frames, _known(code), year, dimension)]

    @strawberry.field(description="An indicator month by month (months after `today` left out).")
    async def indicator_dynamics(self, info: Info, code: str, year: int,
                                 filters: AnalyticsFilterInput | None = None,
                                 today: date | None = None) -> list[AnalyticsMonthValue]:
        require_principal(info)
        check_year(year)
        frames = await asyncio.to_thread(_session(info).frames, year, _filters(filters))
        return [AnalyticsMonthValue(month=m.month, numerator=m.numerator,
                                    denominator=m.denominator, value=m.value)
                for m in compute.monthly_dynamics(frames, _known(code), year,
                                                  today or date.today())]

    @strawberry.field(description="The patients behind an indicator (numerator or "
                      "denominator); analysts get the count only.")
    async def indicator_patients(self, info: Info, code: str, year: int,
                                 part: str = "numerator",
                                 filters: AnalyticsFilterInput | None = None,
                                 ) -> AnalyticsDrillDown:
        principal = require_principal(info)
        check_year(year)
        if part not in ("numerator", "denominator"):
            raise InputError(f"part: numerator или denominator, получено '{part}'.")
        frames = await asyncio.to_thread(_session(info).frames, year, _filters(filters))
        ids = compute.patients_behind(frames, _known(code), year, part)
        if not principal.sees_identities:
            return AnalyticsDrillDown(count=len(ids), identities_allowed=False, patients=[])
        rows = await asyncio.to_thread(info.context.graph.read, "fetch_patient_summaries",
                                       patientIds=ids[:500], **principal.query_scope())
        patients = [AnalyticsPatient(
            patient_id=strawberry.ID(r["patientId"]),
            full_name=" ".join(x for x in (r["family"], r["given"], r["patronymic"]) if x)
            or None, sex=r["sex"], birth_date=r["birthDate"] and r["birthDate"].to_native(),
            district=r["district"],
            deceased_on=r["deceasedOn"] and r["deceasedOn"].to_native()) for r in rows]
        return AnalyticsDrillDown(count=len(ids), identities_allowed=True, patients=patients)

    @strawberry.field(description="One-year mortality (t) / stage IV share (t−1).")
    async def sanity_ratio(self, info: Info, year: int,
                           filters: AnalyticsFilterInput | None = None) -> AnalyticsSanityRatio:
        require_principal(info)
        check_year(year)
        frames = await asyncio.to_thread(_session(info).frames, year, _filters(filters))
        ratio = compute.sanity_ratio(frames, year)
        return AnalyticsSanityRatio(mortality=ratio.mortality,
                                    stage_iv_share_previous_year=ratio.stage_iv_share_previous_year,
                                    ratio=ratio.ratio, alarming=ratio.alarming)

    @strawberry.field(description="Form No. 7 (new cases) for a year.")
    async def form7(self, info: Info, year: int) -> FormTableResult:
        require_principal(info)
        check_year(year)
        return _form(await asyncio.to_thread(build_form7, info.context.graph, year))

    @strawberry.field(description="Form No. 35 (the contingent) for a year.")
    async def form35(self, info: Info, year: int) -> FormTableResult:
        require_principal(info)
        check_year(year)
        return _form(await asyncio.to_thread(build_form35, info.context.graph, year))

    @strawberry.field(description="Observed survival curves (Kaplan–Meier) of the patients "
                      "diagnosed in [firstYear, lastYear], by stage or by site.")
    async def survival(self, info: Info, first_year: int, last_year: int, by: str = "stage",
                       filters: AnalyticsFilterInput | None = None,
                       today: date | None = None) -> list[SurvivalCurveResult]:
        require_principal(info)
        check_year(first_year, "firstYear")
        check_year(last_year, "lastYear")
        if by not in ("stage", "site"):
            raise InputError(f"by: stage или site, получено '{by}'.")
        curves = await asyncio.to_thread(_session(info).survival, first_year, last_year,
                                         today or date.today(), _filters(filters), by)
        return [SurvivalCurveResult(
            group=c.group, patients=c.patients, deaths=c.deaths, one_year=c.one_year,
            five_year=c.five_year,
            points=[SurvivalPoint(month=p.month, survival=p.survival) for p in c.points])
            for c in curves]

    @strawberry.field(description="Districts, organisations, site rows and indicators.")
    async def analytics_options(self, info: Info) -> AnalyticsOptions:
        require_principal(info)
        rows = await asyncio.to_thread(info.context.graph.read, "fetch_analytics_options")
        row = rows[0] if rows else {"districts": [], "organizations": []}
        return AnalyticsOptions(
            districts=sorted(row["districts"]),
            organizations=sorted((AnalyticsOption(key=o["oid"], label=o["name"])
                                  for o in row["organizations"]), key=lambda o: o.label),
            site_rows=[AnalyticsOption(key=r.id, label=r.label) for r in codes.form7_rows()],
            indicators=[AnalyticsOption(key=d.code, label=d.label, unit=d.unit)
                        for d in DEFINITIONS.values()])

    @strawberry.field(description="The current user's dashboard widgets.")
    async def dashboard_widgets(self, info: Info) -> list[DashboardWidgetResult]:
        principal = require_principal(info)
        widgets = await asyncio.to_thread(list_widgets, info.context.graph, principal.user_id)
        return [_widget(w) for w in widgets]


@strawberry.type
class AnalyticsMutation:
    @strawberry.mutation(description="Create or change one of the current user's widgets.")
    async def save_dashboard_widget(self, info: Info,
                                    widget: DashboardWidgetInput) -> DashboardWidgetResult:
        principal = require_principal(info)
        try:
            config = json.loads(widget.config_json or "{}")
        except json.JSONDecodeError as error:
            raise InputError("Настройки виджета должны быть JSON-объектом.") from error
        if not isinstance(config, dict):
            raise InputError("Настройки виджета должны быть JSON-объектом.")
        if widget.indicator:
            _known(widget.indicator)
        saved = await asyncio.to_thread(
            save_widget, info.context.graph, principal.user_id, title=widget.title,
            kind=widget.kind, indicator=widget.indicator, config=config,
            position=widget.position,
            widget_id=str(widget.widget_id) if widget.widget_id else None)
        return _widget(saved)

    @strawberry.mutation(description="Remove one of the current user's widgets.")
    async def delete_dashboard_widget(self, info: Info, widget_id: strawberry.ID) -> bool:
        principal = require_principal(info)
        return await asyncio.to_thread(delete_widget, info.context.graph, principal.user_id,
                                       str(widget_id))
