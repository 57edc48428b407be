"""`RegistryQuery` / `RegistryMutation`: the cancer registry over GraphQL (issue 9).

Entries, the contingent at a date, the registrar's quality review list (with
confirmation), and data-quality indicators per organisation or district. Row scope:
a coordinator bound to a district sees that district, a clinician their organisation;
analysts see entries without the patient id.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from enum import Enum
from typing import Annotated, Any

import pandas as pd
import strawberry
from strawberry.types import Info

from analytics.periods import check_year
from api.auth.graphql import require_principal, role_refusal
from api.security import Principal
from domain.calendar import add_months
from onkopassport.errors import AccessDeniedError, InputError
from registry.checks import CHECK_LABELS, GRADES
from registry.errors import ReviewNotAllowedError
from registry.indicators import quality_indicators
from registry.rebuild import rebuild_registry
from registry.review import confirm_result, quality_results, review_list
from registry.table import RegistryFilter, read_registry
from registry.tables import basis_labels, removal_reason_labels

REGISTRARS = {"coordinator", "admin"}
REGION_READERS = frozenset({"admin", "analyst"})  # the coordinator: district or region
REGISTRY_READERS = REGION_READERS | {"coordinator", "clinician"}
CLINICIAN_WITHOUT_ORGANIZATION = ("Учётная запись врача не привязана к организации, а врач "
                                  "видит записи регистра только своей организации: "
                                  "попросите администратора указать её (OID ФРМО).")
MAX_PAGE = 1000


@strawberry.type
class RegistryEntry:
    tumor_id: str
    patient_id: str | None
    sex: str | None
    birth_date: date | None = strawberry.field(
        description="Дата рождения; аналитику не выдаётся (только год, birthYear).")
    birth_year: int | None
    district: str | None
    first_visit_on: date | None
    diagnosed_on: date | None
    sequence: int | None
    icd10: str | None
    topography: str | None
    morphology: str | None
    behaviour: int | None
    grade: str | None
    t: str | None
    n: str | None
    m: str | None
    stage: str | None
    basis: int | None
    basis_label_ru: str | None
    dco: bool
    active_detection: bool
    clinical_group: str | None
    treatment: list[str]
    vital_status: str | None
    death_on: date | None
    last_contact_on: date | None
    registered_on: date | None
    removed_on: date | None
    removal_reason: str | None
    removal_reason_label_ru: str | None
    on_register: bool
    organization_oid: str | None
    organization_name: str | None
    reported_on: date | None
    reporting_delay_days: int | None


@strawberry.type
class RegistryPage:
    total_count: int
    items: list[RegistryEntry]


@strawberry.type
class ContingentGroup:
    clinical_group: str | None
    tumors: int
    patients: int
    five_years_or_more: int


@strawberry.type
class QualityIssue:
    tumor_id: str
    patient_id: str | None = strawberry.field(
        description="Пациент опухоли; аналитику не выдаётся.")
    icd10: str | None = strawberry.field(description="Локализация опухоли (МКБ-10).")
    check: str
    check_label_ru: str
    grade: str
    message: str
    confirmed: bool
    reason: str | None
    reviewed_by: str | None
    reviewed_at: datetime | None


@strawberry.type
class QualityIndicator:
    key: str
    label: str
    tumours: int
    mv_percent: float | None
    dco_percent: float | None
    unknown_stage_percent: float | None
    missing_items: int
    entries_with_missing_percent: float | None
    median_reporting_delay_days: float | None
    not_reported_percent: float | None


@strawberry.enum
class IndicatorGrouping(Enum):
    ORGANIZATION = "organization"
    DISTRICT = "district"


@strawberry.type
class QualityReviewStored:
    tumor_id: str
    check: str
    grade: str
    reason: str
    reviewed_by: str
    reviewed_at: datetime


@strawberry.type
class RegistryProblem:
    message: str


ConfirmOutcome = Annotated[QualityReviewStored | RegistryProblem,
                           strawberry.union("ConfirmQualityOutcome")]


@strawberry.type
class RegistryRebuilt:
    patients: int
    entries: int
    dco_cases: int


def _scope(principal: Principal, where: RegistryFilter) -> RegistryFilter:
    """Row-level scope, by a list of the roles that read the registry: admin and analyst
    the region, a coordinator their district (the region when bound to none), a clinician
    their organisation. Any other role — a sender, a role added later — is refused rather
    than given the region by default."""
    district, organization = where.district, where.organization_oid
    if principal.role == "coordinator":
        district = principal.district or district
    elif principal.role == "clinician":
        if not principal.organization_oid:
            raise AccessDeniedError(CLINICIAN_WITHOUT_ORGANIZATION)
        organization = principal.organization_oid
    elif principal.role not in REGION_READERS:
        raise role_refusal(principal, REGISTRY_READERS)
    return RegistryFilter(
        district=district, organization_oid=organization,
        diagnosed_from=where.diagnosed_from, diagnosed_to=where.diagnosed_to,
        on_register_at=where.on_register_at, tumor_ids=where.tumor_ids)


def _value(value: Any) -> Any:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _birth_year(value: Any) -> int | None:
    return value.year if isinstance(value, date) else None


def _entry(row: dict[str, Any], identified: bool) -> RegistryEntry:
    basis = _value(row.get("basis"))
    reason = _value(row.get("removalReason"))
    return RegistryEntry(
        tumor_id=row["tumorId"], patient_id=row["patientId"] if identified else None,
        sex=_value(row["sex"]),
        birth_date=_value(row["birthDate"]) if identified else None,
        birth_year=_birth_year(_value(row["birthDate"])),
        district=_value(row["district"]), first_visit_on=_value(row["firstVisitOn"]),
        diagnosed_on=_value(row["diagnosedOn"]), sequence=_int(row["sequence"]),
        icd10=_value(row["icd10"]), topography=_value(row["topography"]),
        morphology=_value(row["morphology"]), behaviour=_int(row["behaviour"]),
        grade=_value(row["grade"]), t=_value(row["t"]), n=_value(row["n"]),
        m=_value(row["m"]), stage=_value(row["stage"]), basis=_int(basis),
        basis_label_ru=basis_labels().get(int(basis)) if basis is not None else None,
        dco=bool(row["dco"]), active_detection=bool(row["activeDetection"]),
        clinical_group=_value(row["clinicalGroup"]), treatment=list(row["treatment"] or []),
        vital_status=_value(row["vitalStatus"]), death_on=_value(row["deathOn"]),
        last_contact_on=_value(row["lastContactOn"]),
        registered_on=_value(row["registeredOn"]), removed_on=_value(row["removedOn"]),
        removal_reason=reason,
        removal_reason_label_ru=removal_reason_labels().get(reason) if reason else None,
        on_register=bool(row["onRegister"]), organization_oid=_value(row["organizationOid"]),
        organization_name=_value(row["organizationName"]),
        reported_on=_value(row["reportedOn"]),
        reporting_delay_days=_int(row["reportingDelayDays"]))


def _int(value: Any) -> int | None:
    value = _value(value)
    return int(value) if value is not None else None


def _checked_grades(grades: list[str] | None) -> list[str]:
    unknown = sorted(set(grades or ()) - set(GRADES))
    if unknown:
        raise InputError(f"grades: неизвестные оценки {', '.join(unknown)}; допустимы "
                         f"{', '.join(GRADES)}.")
    return list(grades or ())


def _year_filter(year: int | None, base: RegistryFilter | None = None) -> RegistryFilter:
    base = base or RegistryFilter()
    if year is None:
        return base
    check_year(year)
    return RegistryFilter(district=base.district, organization_oid=base.organization_oid,
                          diagnosed_from=date(year, 1, 1), diagnosed_to=date(year, 12, 31))


@strawberry.type
class RegistryQuery:
    @strawberry.field(description="Записи регистра (по опухолям), с фильтрами и страницами.")
    async def registry_entries(
        self, info: Info, on_register_at: date | None = None, district: str | None = None,
        organization_oid: str | None = None, diagnosed_from: date | None = None,
        diagnosed_to: date | None = None, limit: int = 100, offset: int = 0,
    ) -> RegistryPage:
        principal = require_principal(info)
        where = _scope(principal, RegistryFilter(
            district=district, organization_oid=organization_oid,
            diagnosed_from=diagnosed_from, diagnosed_to=diagnosed_to,
            on_register_at=on_register_at))
        rows = await asyncio.to_thread(read_registry, info.context.graph, where)
        page = rows.iloc[max(offset, 0): max(offset, 0) + min(max(limit, 0), MAX_PAGE)]
        return RegistryPage(
            total_count=len(rows),
            items=[_entry(row, principal.sees_identities)
                   for row in page.to_dict(orient="records")])

    @strawberry.field(description="Контингент на учёте на дату, по клиническим группам.")
    async def registry_contingent(self, info: Info, at: date,
                                  district: str | None = None) -> list[ContingentGroup]:
        principal = require_principal(info)
        district = _scope(principal, RegistryFilter(district=district)).district
        five_years_before = add_months(at, -60)  # form 35: on the register ≥ 5 years
        rows = await asyncio.to_thread(
            info.context.graph.read, "count_registry_contingent", at=at, district=district,
            fiveYearsBefore=five_years_before)
        return [ContingentGroup(clinical_group=r["clinicalGroup"], tumors=r["tumors"],
                                patients=r["patients"],
                                five_years_or_more=r["fiveYearsOrMore"]) for r in rows]

    @strawberry.field(description="Пациентов на учёте на дату, каждый один раз (пациент с "
                      "опухолями двух клинических групп входит в обе строки контингента).")
    async def registry_contingent_patients(self, info: Info, at: date,
                                           district: str | None = None) -> int:
        principal = require_principal(info)
        district = _scope(principal, RegistryFilter(district=district)).district
        rows = await asyncio.to_thread(info.context.graph.read,
                                       "count_registry_contingent_patients", at=at,
                                       district=district)
        return int(rows[0]["patients"])

    @strawberry.field(description="Список проверки регистратора: результаты не OK.")
    async def registry_quality_review(
        self, info: Info, grades: list[str] | None = None, include_confirmed: bool = False,
        year: int | None = None, today: date | None = None, limit: int = 200,
    ) -> list[QualityIssue]:
        principal = require_principal(info)
        grades = _checked_grades(grades)
        if not 1 <= limit <= MAX_PAGE:
            raise InputError(f"limit: от 1 до {MAX_PAGE}, получено {limit}.")
        where = _scope(principal, _year_filter(year))

        def compute() -> pd.DataFrame:
            rows = read_registry(info.context.graph, where)
            results = quality_results(info.context.graph, today or date.today(), rows=rows)
            listed = review_list(results, set(grades), include_confirmed).head(limit)
            # Who and which site, so the list names a patient, not an internal tumour key.
            return listed.merge(rows[["tumorId", "patientId", "icd10"]], on="tumorId",
                                how="left")

        listed = await asyncio.to_thread(compute)
        return [_issue(row, principal.sees_identities) for row in listed.to_dict("records")]

    @strawberry.field(description="Показатели качества по организациям или районам.")
    async def registry_quality_indicators(
        self, info: Info, by: IndicatorGrouping = IndicatorGrouping.ORGANIZATION,
        year: int | None = None, today: date | None = None,
    ) -> list[QualityIndicator]:
        principal = require_principal(info)
        where = _scope(principal, _year_filter(year))

        def compute() -> pd.DataFrame:
            rows = read_registry(info.context.graph, where)
            results = quality_results(info.context.graph, today or date.today(), rows=rows)
            return quality_indicators(rows, results, by.value)

        table = await asyncio.to_thread(compute)
        return [QualityIndicator(**{_snake(k): _value(v) for k, v in row.items()})
                for row in table.to_dict("records")]


@strawberry.type
class RegistryMutation:
    @strawberry.mutation(description="Подтвердить результат Rare/Query с указанием причины.")
    async def confirm_quality_result(self, info: Info, tumor_id: str, check: str,
                                     reason: str, today: date | None = None,
                                     ) -> ConfirmOutcome:
        principal = require_principal(info, roles=REGISTRARS)
        try:
            review = await asyncio.to_thread(
                confirm_result, info.context.graph, tumor_id=tumor_id, check=check,
                reason=reason, reviewed_by=principal.user_id, now=datetime.now(UTC),
                today=today or date.today(), scope=_scope(principal, RegistryFilter()))
        except ReviewNotAllowedError as error:
            return RegistryProblem(message=str(error))
        return QualityReviewStored(
            tumor_id=review["tumorId"], check=review["check"], grade=review["grade"],
            reason=review["reason"], reviewed_by=review["reviewedBy"],
            reviewed_at=review["reviewedAt"])

    @strawberry.mutation(description="Пересчитать регистр по графу (администратор).")
    async def rebuild_registry(self, info: Info, today: date | None = None) -> RegistryRebuilt:
        require_principal(info, roles={"admin"})
        summary = await asyncio.to_thread(rebuild_registry, info.context.graph,
                                          today or date.today())
        return RegistryRebuilt(patients=summary.patients, entries=summary.entries,
                               dco_cases=summary.dco_cases)


def _issue(row: dict[str, Any], identified: bool) -> QualityIssue:
    reviewed_at = _value(row.get("reviewedAt"))
    return QualityIssue(
        tumor_id=row["tumorId"],
        patient_id=_value(row.get("patientId")) if identified else None,
        icd10=_value(row.get("icd10")),
        check=row["check"], check_label_ru=CHECK_LABELS[row["check"]],
        grade=row["grade"], message=row["message"], confirmed=bool(row["confirmed"]),
        reason=_value(row.get("reason")), reviewed_by=_value(row.get("reviewedBy")),
        reviewed_at=reviewed_at)


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
