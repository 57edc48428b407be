"""GraphQL types of the passport. Names carry a `Passport` prefix because the schema is
merged from several areas and a type name may be defined only once."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import PageInfo


@strawberry.type(description="Медицинская организация.")
class PassportOrganization:
    oid: str
    name: str | None
    kind: str | None
    district: str | None


@strawberry.type(description="The person, with identifiers masked by the caller's role.")
class PassportPerson:
    patient_id: strawberry.ID
    family: str | None = strawberry.field(description="Null for analysts.")
    given: str | None
    patronymic: str | None
    full_name: str | None
    birth_date: date | None = strawberry.field(description="Null for analysts (birth year only).")
    birth_year: int | None
    sex: str | None
    district: str | None
    snils: str | None = strawberry.field(
        description="Full for clinicians and admins, last five digits for coordinators, "
        "null for analysts."
    )
    deceased_on: date | None = strawberry.field(description="Null for analysts (year only).")
    deceased_year: int | None
    deceased_precision: str | None = strawberry.field(description=(
        "year or month: the MIS gave only that and no death certificate says the day "
        "(deceasedOn is then its first day); null: the day is known."))
    passport_since: date | None


@strawberry.type(description="One primary tumour (IARC 2004 rules).")
class PassportTumor:
    tumor_id: strawberry.ID
    icd10: str | None
    icd10_name_ru: str | None
    site: str | None
    morphology: str | None
    behaviour: str | None
    stage: str | None
    t: str | None
    n: str | None
    m: str | None
    laterality: str | None
    diagnosed_on: date | None
    verification: str | None = strawberry.field(
        description="Status of the diagnosis (FHIR Condition.verificationStatus): confirmed, "
        "provisional, refuted; not a morphological proof (see morphologicallyVerified).")
    morphologically_verified: bool | None = strawberry.field(
        description="A pathology or cytology report names a cancer, or a registrar recorded a "
        "microscopic basis (domain/basis.py).")
    basis_label_ru: str | None = strawberry.field(
        description="Basis of diagnosis in Russian (IARC/ENCR code: «Гистология первичной "
        "опухоли», «Клинически»…).")
    clinical_group: str | None
    clinical_group_label_ru: str | None
    sequence: int | None


@strawberry.type(description="One deadline D1–D8 and the other timed rules.")
class PassportDeadline:
    deadline_id: strawberry.ID
    rule: str | None
    code_ru: str | None = strawberry.field(
        description="The rule as a table names it in short: D1…D8, 090/у, 027-2/у, Консилиум.")
    title_ru: str | None
    state: str | None
    started_on: date | None
    due_on: date | None
    stopped_on: date | None
    days_over: int | None
    icd10: str | None = strawberry.field(
        default=None, description="ICD-10 code of the cancer the deadline is about.")
    note_ru: str | None = strawberry.field(
        default=None, description="What the dates alone would misstate, e.g. «консилиум "
                                  "проведён до начала отсчёта, ДД.ММ.ГГГГ».")


@strawberry.type(description="A continuity gap in the patient's care.")
class PassportGap:
    gap_id: strawberry.ID
    kind: str | None
    since: date | None
    overdue_days: int | None
    detail: str | None


@strawberry.type(description="A notification about the patient.")
class PassportNotification:
    notification_id: strawberry.ID
    kind: str | None
    severity: str | None
    title: str | None
    text: str | None
    event_on: date | None
    created_on: date | None
    read: bool | None = strawberry.field(description="Read by the calling user.")


@strawberry.type(description="One recommendation of the clinical guideline and its state.")
class GuidelineItemStatus:
    recommendation_id: str
    group: str
    title_ru: str
    state: str = strawberry.field(description="done, missing, or late (after treatment start).")
    done_on: date | None
    source: str
    guideline_id: str | None
    guideline_year: int | None


@strawberry.type(description="What should happen next, and by when.")
class GuidelineNextStep:
    title_ru: str
    due_on: date | None
    because: str


@strawberry.type(description="Guideline adherence of one tumour: done, missing, next.")
class TumorRecommendations:
    tumor_id: strawberry.ID
    icd10: str | None
    site_group: str | None
    guideline_id: str | None
    guideline_title_ru: str | None
    guideline_year: int | None
    done: list[GuidelineItemStatus]
    missing: list[GuidelineItemStatus]
    next_steps: list[GuidelineNextStep]


@strawberry.type(description="The passport was not found or is not visible to you.")
class PassportNotFound:
    patient_id: strawberry.ID
    message: str


@strawberry.type(description="A patient found by a search (identity masked by role).")
class PatientSummary:
    patient_id: strawberry.ID
    full_name: str | None
    birth_date: date | None
    birth_year: int | None
    sex: str | None
    district: str | None
    snils: str | None
    passport_since: date | None
    deceased_on: date | None = strawberry.field(description="Null for analysts (year only).")
    deceased_year: int | None = None


@strawberry.type
class PatientEdge:
    cursor: str
    node: PatientSummary


@strawberry.type(description="A page of patients (Relay cursor connection).")
class PatientConnection:
    edges: list[PatientEdge]
    page_info: PageInfo


@strawberry.type(description="The search is not allowed for your role.")
class PatientSearchRefused:
    message: str


@strawberry.type(description="The search criteria are incomplete or malformed.")
class PatientSearchInvalid:
    message: str


PatientSearchResult = Annotated[
    PatientConnection | PatientSearchRefused | PatientSearchInvalid,
    strawberry.union("PatientSearchResult"),
]
