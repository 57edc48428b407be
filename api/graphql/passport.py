"""`passport(patientId)` and `patients(...)`: the passport over GraphQL.

Access: every resolver asks `require_principal`; the row-level rule runs inside each
Cypher query (api/graphql/passport_data.py); a passport the caller may not see is
answered exactly like one that does not exist, so that existence does not leak.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from api.auth.graphql import require_principal
from api.graphql import passport_build as build
from api.graphql.passport_data import passport_data
from api.graphql.passport_search import search_patients
from api.graphql.passport_summary import icd10_name, route_summary
from api.graphql.passport_types import (
    PassportDeadline,
    PassportGap,
    PassportNotFound,
    PassportNotification,
    PassportOrganization,
    PassportPerson,
    PassportTumor,
    PatientSearchResult,
    TumorRecommendations,
)
from domain.catalogue import event_label

Row = dict[str, Any]


@strawberry.type(description="One record on the patient's route across organisations.")
class PassportRouteStep:
    record_key: strawberry.ID
    kind: str | None
    kind_label_ru: str | None
    date: dt.date | None
    end_date: dt.date | None
    care_stage: str | None
    organization: PassportOrganization | None
    referred_to: PassportOrganization | None
    icd10: str | None
    icd10_name_ru: str | None
    stage: str | None
    t: str | None
    n: str | None
    m: str | None
    morphology: str | None
    text: str | None
    summary_ru: str | None = strawberry.field(
        description="What the record found, in Russian, where its kind's title does not say: "
        "the stage and TNM, a result, a morphology, the diagnosis by name, the drug.")
    vimis_doc_type: int | None
    source: str | None
    resource_type: str | None
    days_since_previous: int | None = strawberry.field(
        description="Calendar days since the previous step of the route."
    )

    @strawberry.field(description="The record as received (FHIR JSON); null for analysts.")
    async def resource_json(self, info: Info) -> str | None:
        principal = require_principal(info)
        return await passport_data(info, principal).resources.load(str(self.record_key))


def _steps(route: list[Row]) -> list[PassportRouteStep]:
    steps: list[PassportRouteStep] = []
    previous: dt.date | None = None
    for row in route:
        record = row["record"]
        on = record.get("date")
        on = on if isinstance(on, dt.date) else None
        steps.append(PassportRouteStep(
            record_key=record["key"], kind=record.get("kind"),
            kind_label_ru=event_label(record["kind"]) if record.get("kind") else None,
            date=on, end_date=record.get("endDate"), care_stage=build.care_stage_of(record),
            organization=build.organization(row.get("organization")),
            referred_to=build.organization(row.get("referredTo")),
            icd10=record.get("icd10"), icd10_name_ru=icd10_name(record),
            stage=record.get("stage"), t=record.get("t"), n=record.get("n"),
            m=record.get("m"), morphology=record.get("morphology"), text=record.get("text"),
            summary_ru=route_summary(record), vimis_doc_type=record.get("vimisDocType"),
            source=record.get("source"), resource_type=record.get("resourceType"),
            days_since_previous=(on - previous).days if on and previous else None,
        ))
        previous = on or previous
    return steps


@strawberry.type(description="The oncology passport of one patient.")
class Passport:
    patient_id: strawberry.ID
    patient: PassportPerson
    tumors: list[PassportTumor]
    current_clinical_group: str | None
    as_of: dt.date = strawberry.field(description="The day recommendations are evaluated for.")
    _core: strawberry.Private[Row]

    # The fields below are plain functions of the core that came in one round trip
    # (api/graphql/passport_data.py): synchronous resolvers spare the executor an
    # awaitable per field.
    def _route(self) -> list[Row]:
        route: list[Row] = self._core["route"]
        return route

    @strawberry.field(description="Care stage of the latest record (suspicion … death).")
    def current_care_stage(self) -> str | None:
        return build.current_care_stage(self._route())

    @strawberry.field(description="Records across organisations, in date order.")
    def route(self) -> list[PassportRouteStep]:
        return _steps(self._route())

    @strawberry.field
    def deadlines(self) -> list[PassportDeadline]:
        return [build.deadline(row) for row in self._core["deadlines"]]

    @strawberry.field
    def gaps(self) -> list[PassportGap]:
        return [build.gap(row) for row in self._core["gaps"]]

    @strawberry.field
    def notifications(self) -> list[PassportNotification]:
        return [build.notification(row) for row in self._core["notifications"]]

    @strawberry.field(description="Clinical-guideline recommendations per tumour: done, "
                      "missing, what comes next and by when.")
    def recommendations(self) -> list[TumorRecommendations]:
        patient = self._core["patient"]
        # analysts get the year of death only: either tells the patient has died
        deceased = patient.get("deceasedOn") is not None or patient.get("deceasedYear") is not None
        return build.recommendations(self._core["tumors"], self._route(), self.as_of,
                                     deceased=deceased)


PassportResult = Annotated[Passport | PassportNotFound, strawberry.union("PassportResult")]


@strawberry.type
class PassportQuery:
    @strawberry.field(description="The passport of one patient (audited).")
    async def passport(self, info: Info, patient_id: strawberry.ID,
                       as_of: dt.date | None = None) -> PassportResult:
        principal = require_principal(info)
        data = passport_data(info, principal)
        core = await data.cores.load(str(patient_id))
        if core is None:
            return PassportNotFound(
                patient_id=patient_id,
                message="Паспорт не найден или недоступен для вашей роли.",
            )
        return Passport(
            patient_id=patient_id, patient=build.person(core["patient"], principal.role),
            tumors=[build.tumor(row) for row in core["tumors"]],
            current_clinical_group=build.current_clinical_group(core["patient"], core["tumors"]),
            as_of=as_of or dt.date.today(), _core=core,
        )

    @strawberry.field(description="Find passports by СНИЛС, by family name and birth date, "
                      "or by organisation (audited; Relay pagination).")
    async def patients(
        self, info: Info,
        snils: str | None = None,
        family: str | None = None,
        given: str | None = None,
        birth_date: dt.date | None = None,
        organization_oid: str | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> PatientSearchResult:
        principal = require_principal(info)
        return await search_patients(
            passport_data(info, principal), snils=snils, family=family, given=given,
            birth_date=birth_date, organization_oid=organization_oid, first=first, after=after,
        )
