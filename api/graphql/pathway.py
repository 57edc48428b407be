"""`PathwayQuery` / `PathwayMutation`: worklist, routes, deadlines, notifications, routing
and the regional route map (issue 5).

Resolvers pass the request's principal down; the row-level filter runs inside the Cypher
(`pathway.scope`). An anonymous request counts as an admin only in development and tests.
"""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry
from strawberry.types import Info

from api.graphql.passport_build import rule_code_ru
from onkopassport.errors import AccessDeniedError, NotFoundError
from pathway import route_map as maps
from pathway.catalogue import gap_kinds
from pathway.notifications import list_notifications, mark_notification_read
from pathway.patient_view import audit_pathway_view, patient_deadlines, patient_route
from pathway.refresh import refresh_patients
from pathway.routing import recommend_next_organization
from pathway.scope import effective_principal
from pathway.worklist import WorklistFilter, worklist_page
from pathway.worklist_sort import WorklistSort

# As the passport answers a patient the caller may not see: exactly like one that does not
# exist, so that existence does not leak.
_NOT_VISIBLE = "Паспорт не найден или недоступен для вашей роли."


@strawberry.type
class PathwayPageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class WorklistItem:
    gap_id: str
    kind: str
    label_ru: str
    patient_id: str
    patient_name: str
    birth_date: date | None
    since: date
    due_on: date | None = strawberry.field(
        description="Последний день срока: срок правила, отсчитанный от since (у вида "
                    "разрыва без правила — сам since); null у разрыва, записанного до "
                    "появления этого поля, пока его не восполнит запуск сервера.")
    last_event_on: date | None = strawberry.field(
        description="День последнего события маршрута пациента (последний шаг помощи); "
                    "null, если маршрута ещё нет.")
    overdue_days: int
    urgency: int
    detail: str | None
    rule: str | None
    organization_oid: str | None
    organization_name: str | None
    district: str | None
    site: str | None
    code_ru: str | None = strawberry.field(
        default=None, description="Краткое русское обозначение правила ('090/у', "
                                  "'027-2/у', 'D1'); null, если правила нет.")


@strawberry.type
class WorklistEdge:
    cursor: str
    node: WorklistItem


@strawberry.type
class WorklistConnection:
    edges: list[WorklistEdge]
    page_info: PathwayPageInfo
    total_count: int | None


@strawberry.input
class WorklistFilterInput:
    organization_oid: str | None = None
    district: str | None = None
    site: str | None = strawberry.field(default=None, description="C50 or a group C33-C34")
    gap_kinds: list[str] | None = None
    min_overdue_days: int | None = None
    since_from: date | None = strawberry.field(
        default=None, description="Только разрывы, выявленные с этой даты")


@strawberry.enum(description="Столбец рабочего списка, по которому сервер упорядочивает "
                             "весь список (не только показанную страницу).")
class WorklistSortField(Enum):
    URGENCY = "urgency"
    OVERDUE_DAYS = "overdueDays"
    SINCE = "since"
    DUE_ON = "dueOn"
    LAST_EVENT_ON = "lastEventOn"
    PATIENT = "patient"
    GAP = "gap"
    ORGANIZATION = "organization"
    DISTRICT = "district"
    SITE = "site"


@strawberry.enum
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.input(description="Порядок рабочего списка; без него — по срочности, самые "
                              "срочные первыми (URGENCY, DESC). Пустые значения — в конце.")
class WorklistSortInput:
    by: WorklistSortField
    direction: SortDirection


@strawberry.type
class GapKindInfo:
    kind: str
    label_ru: str
    rule: str | None


@strawberry.type
class PathwayRouteStep:
    key: str
    kind: str
    label_ru: str
    on: date
    care_stage: str | None
    stage_changed: bool
    icd10: str | None
    stage: str | None
    organization_oid: str | None
    organization_name: str | None
    organization_kind: str | None
    days_to_next: int | None
    working_days_to_next: int | None


@strawberry.type
class PathwayDeadline:
    deadline_id: str
    rule: str
    title_ru: str
    state: str
    started_on: date
    due_on: date
    stopped_on: date | None
    # none for a precondition: a board before treatment has no limit in days
    days_over: int | None


@strawberry.type
class PathwayNotification:
    notification_id: str
    patient_id: str
    kind: str
    severity: str
    title: str
    text: str
    event_on: date
    created_on: date
    organization_oids: list[str]
    read: bool


@strawberry.type
class PathwayNotificationEdge:
    cursor: str
    node: PathwayNotification


@strawberry.type
class PathwayNotificationConnection:
    edges: list[PathwayNotificationEdge]
    page_info: PathwayPageInfo


@strawberry.type
class RoutingCandidate:
    oid: str
    name: str | None
    kind: str | None
    district: str | None
    priority: int | None
    capable: bool
    load: int
    score: float
    reasons: list[str]


@strawberry.type
class RoutingAdvice:
    patient_id: str
    step: str
    step_ru: str
    site: str | None
    district: str | None
    budget_working_days: int | None = strawberry.field(
        description="Сколько рабочих дней срока осталось (0, если срок пропущен).")
    due_on: date | None
    recommended: RoutingCandidate | None
    alternatives: list[RoutingCandidate]
    reasons: list[str]
    overdue_working_days: int | None = strawberry.field(
        default=None, description="На сколько рабочих дней срок просрочен; null, если нет.")


@strawberry.type
class RouteMapEdge:
    source: str
    target: str
    count: int
    median_days: float
    p90_days: float


@strawberry.type
class RouteVariant:
    steps: list[str]
    count: int
    share: float


@strawberry.type
class RouteMapResult:
    pathways: int
    step_edges: list[RouteMapEdge]
    organization_edges: list[RouteMapEdge]
    variants: list[RouteVariant]
    conforming: int
    conforming_share: float


def _candidate(c: object) -> RoutingCandidate:
    return RoutingCandidate(**vars(c))


@strawberry.type
class PathwayQuery:
    @strawberry.field(description="Рабочий список координатора: разрывы маршрутов, по "
                                  "срочности или в порядке sort; курсор after — той же "
                                  "сортировки.")
    def worklist(self, info: Info, filter: WorklistFilterInput | None = None,
                 sort: WorklistSortInput | None = None,
                 first: int = 50, after: str | None = None) -> WorklistConnection:
        flt = WorklistFilter(**vars(filter)) if filter else WorklistFilter()
        order = WorklistSort(sort.by.value, sort.direction is SortDirection.DESC) if sort else None
        page = worklist_page(info.context.graph, info.context.principal, flt, sort=order,
                             first=first, after=after, with_total=True)
        edges = [WorklistEdge(cursor=i.cursor, node=WorklistItem(
            **{k: v for k, v in vars(i).items() if k != "cursor"},
            code_ru=rule_code_ru(i.rule))) for i in page.items]
        return WorklistConnection(edges=edges, total_count=page.total, page_info=PathwayPageInfo(
            has_next_page=page.has_next_page, end_cursor=page.end_cursor))

    @strawberry.field(description="Районы, которые фильтр рабочего списка может предложить "
                                  "пользователю: координатору района — только его район, "
                                  "остальным — все районы региона.")
    def worklist_districts(self, info: Info) -> list[str]:
        principal = effective_principal(info.context.principal)
        # the worklist's Cypher keeps a district coordinator to their district whatever the
        # filter asks: offering other districts would only promise empty lists
        if principal.role == "coordinator" and principal.district:
            return [principal.district]
        rows = info.context.graph.read("fetch_analytics_options")
        return sorted(rows[0]["districts"]) if rows else []

    @strawberry.field(description="Виды разрывов маршрута с подписями.")
    def gap_kinds(self) -> list[GapKindInfo]:
        return [GapKindInfo(kind=k.kind, label_ru=k.label_ru, rule=k.rule) for k in gap_kinds()]

    @strawberry.field(description="Маршрут пациента по шагам, во времени.")
    def pathway_route(self, info: Info, patient_id: str) -> list[PathwayRouteStep]:
        steps = patient_route(info.context.graph, info.context.principal, patient_id,
                              client_address=info.context.client_address)
        return [PathwayRouteStep(**vars(s)) for s in steps]

    @strawberry.field(description="Сроки пациента (D1–D8, консилиум, 027-2/у, 090/у).")
    def pathway_deadlines(self, info: Info, patient_id: str) -> list[PathwayDeadline]:
        rows = patient_deadlines(info.context.graph, info.context.principal, patient_id,
                                 client_address=info.context.client_address)
        return [PathwayDeadline(**vars(d)) for d in rows]

    @strawberry.field(description="Уведомления организации и пользователя.")
    def pathway_notifications(
        self, info: Info, organization_oid: str | None = None, patient_id: str | None = None,
        unread_only: bool = False, first: int = 50, after: str | None = None,
    ) -> PathwayNotificationConnection:
        page = list_notifications(info.context.graph, info.context.principal,
                                  organization_oid=organization_oid, patient_id=patient_id,
                                  unread_only=unread_only, first=first, after=after)
        edges = [PathwayNotificationEdge(cursor=n.cursor, node=PathwayNotification(
            **{k: v for k, v in vars(n).items() if k != "cursor"})) for n in page.items]
        return PathwayNotificationConnection(edges=edges, page_info=PathwayPageInfo(
            has_next_page=page.has_next_page, end_cursor=page.end_cursor))

    @strawberry.field(description="Куда направить пациента на следующий этап и почему.")
    def next_organization(self, info: Info, patient_id: str,
                          today: date | None = None) -> RoutingAdvice:
        # Routing advice names the patient's site and open deadline: audited like a
        # passport view, and refused (as "not found") outside the caller's patients.
        if not audit_pathway_view(info.context.graph, info.context.principal, patient_id,
                                  "pathway.next_organization",
                                  client_address=info.context.client_address):
            raise NotFoundError(_NOT_VISIBLE)
        advice = recommend_next_organization(info.context.graph, patient_id,
                                             today or date.today())
        values = vars(advice) | {
            "recommended": _candidate(advice.recommended) if advice.recommended else None,
            "alternatives": [_candidate(c) for c in advice.alternatives]}
        return RoutingAdvice(**values)

    @strawberry.field(description="Карта маршрутов региона за период.")
    def route_map(self, info: Info, start: date, end: date, district: str | None = None,
                  site: str | None = None, organization_kind: str | None = None,
                  top_variants: int = 10) -> RouteMapResult:
        effective_principal(info.context.principal)
        result = maps.regional_route_map(info.context.graph, start, end, district=district,
                                         site=site, organization_kind=organization_kind,
                                         top_variants=top_variants)
        return RouteMapResult(
            pathways=result.pathways, conforming=result.conforming,
            conforming_share=result.conforming_share,
            step_edges=[RouteMapEdge(**vars(e)) for e in result.step_edges],
            organization_edges=[RouteMapEdge(**vars(e)) for e in result.organization_edges],
            variants=[RouteVariant(steps=list(v.steps), count=v.count, share=v.share)
                      for v in result.variants])


@strawberry.type
class PathwayMutation:
    @strawberry.mutation(description="Отметить уведомление прочитанным.")
    def mark_notification_read(self, info: Info, notification_id: str) -> PathwayNotification:
        view = mark_notification_read(info.context.graph, info.context.principal,
                                      notification_id)
        return PathwayNotification(**{k: v for k, v in vars(view).items() if k != "cursor"})

    @strawberry.mutation(description="Пересчитать маршрут, сроки и разрывы пациента "
                         "(с аудитом; на другую дату, чем сегодня, — только администратор).")
    def refresh_pathway(self, info: Info, patient_id: str, today: date | None = None) -> int:
        principal = effective_principal(info.context.principal)
        if principal.role not in ("admin", "coordinator"):
            raise AccessDeniedError("Пересчёт доступен координатору или администратору.")
        real_today = date.today()
        # Another "today" writes deadlines, gaps and notifications as of that day, and the
        # notifications leave through the outbox: only an admin (or a developer) may
        # rehearse a date.
        if today is not None and today != real_today and principal.role != "admin" \
                and not info.context.development:
            raise AccessDeniedError(
                f"Пересчёт на другую дату ({today:%d.%m.%Y}) доступен только "
                f"администратору; не указывайте today или укажите {real_today:%d.%m.%Y}.")
        if not audit_pathway_view(info.context.graph, principal, patient_id, "pathway.refresh",
                                  client_address=info.context.client_address,
                                  detail=f"today={(today or real_today).isoformat()}"):
            raise NotFoundError(_NOT_VISIBLE)
        summary = refresh_patients(info.context.graph, [patient_id], today or real_today)
        return summary.gaps
