"""GraphQL types of analytics. Names carry an `Analytics`/`Form` prefix because the schema is
merged from several areas and a type name may be defined only once."""

from __future__ import annotations

from datetime import date

import strawberry


@strawberry.input(description="Фильтры аналитики: район, организация, локализация (строка ф. 7).")
class AnalyticsFilterInput:
    district: str | None = None
    organization_oid: str | None = None
    site_row: str | None = None


@strawberry.type(description="An indicator as numerator / denominator (domain.md §7).")
class AnalyticsIndicatorValue:
    code: str
    label: str
    unit: str = strawberry.field(description="share (0..1) or ratio")
    numerator: int
    denominator: int
    value: float | None
    target: float | None
    lower_is_better: bool
    drillable: bool
    formula_ru: str = strawberry.field(
        description="What the numerator and the denominator count, in Russian.")


@strawberry.type
class AnalyticsBreakdownItem:
    key: str
    label: str
    numerator: int
    denominator: int
    value: float | None


@strawberry.type
class AnalyticsMonthValue:
    month: str = strawberry.field(description="YYYY-MM")
    numerator: int
    denominator: int
    value: float | None


@strawberry.type(description="One-year mortality (t) / stage IV share (t−1); ≥ 1 is alarming.")
class AnalyticsSanityRatio:
    mortality: float | None
    stage_iv_share_previous_year: float | None
    ratio: float | None
    alarming: bool


@strawberry.type
class AnalyticsPatient:
    patient_id: strawberry.ID
    full_name: str | None
    sex: str | None
    birth_date: date | None
    district: str | None
    deceased_on: date | None


@strawberry.type(description="The patients behind an indicator; analysts get the count only.")
class AnalyticsDrillDown:
    count: int
    identities_allowed: bool
    patients: list[AnalyticsPatient]


@strawberry.type
class FormColumn:
    key: str
    label: str


@strawberry.type
class FormLine:
    row_id: str
    label: str
    values: list[int] = strawberry.field(description="In the order of `columns`.")


@strawberry.type(description="A statistical form (No. 7 or No. 35) for one year.")
class FormTableResult:
    title: str
    year: int
    columns: list[FormColumn]
    rows: list[FormLine]


@strawberry.type
class SurvivalPoint:
    month: int
    survival: float


@strawberry.type(description="Observed survival (Kaplan–Meier) of one group.")
class SurvivalCurveResult:
    group: str
    patients: int
    deaths: int
    one_year: float | None
    five_year: float | None
    points: list[SurvivalPoint]


@strawberry.type
class AnalyticsOption:
    key: str
    label: str
    unit: str | None = strawberry.field(
        default=None, description="Indicators only: share (0..1, shown as %) or ratio.")


@strawberry.type(description="Values the analytics filters and widgets offer.")
class AnalyticsOptions:
    districts: list[str]
    organizations: list[AnalyticsOption]
    site_rows: list[AnalyticsOption]
    indicators: list[AnalyticsOption]


@strawberry.type(description="A dashboard widget of the current user.")
class DashboardWidgetResult:
    widget_id: strawberry.ID
    title: str
    kind: str
    indicator: str | None
    config_json: str
    position: int


@strawberry.input
class DashboardWidgetInput:
    widget_id: strawberry.ID | None = None
    title: str
    kind: str = strawberry.field(description="value, dynamics, breakdown or survival")
    indicator: str | None = None
    config_json: str = "{}"
    position: int = 0
