"""Pure conversions from query rows to passport types (no database: unit-testable)."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from api.graphql.passport_masking import full_name, masked_snils
from api.graphql.passport_types import (
    GuidelineItemStatus,
    GuidelineNextStep,
    PassportDeadline,
    PassportGap,
    PassportNotification,
    PassportOrganization,
    PassportPerson,
    PassportTumor,
    PatientSummary,
    TumorRecommendations,
)
from api.security import Role
from domain.catalogue import clinical_group, event_kind
from domain.codes import russian_name
from domain.errors import DomainError
from domain.guidelines import ItemStatus, RecordFact, evaluate_guidelines
from domain.rules import DeadlineRule, get_rule, shown_days_over
from domain.vocabulary import CARE_STAGES
from registry.errors import RegistryDataError
from registry.tables import basis_code, basis_labels

Row = dict[str, Any]


def person(patient: Row, role: Role) -> PassportPerson:
    return PassportPerson(
        patient_id=patient["patientId"],
        family=patient.get("family"),
        given=patient.get("given"),
        patronymic=patient.get("patronymic"),
        full_name=full_name(patient.get("family"), patient.get("given"),
                            patient.get("patronymic")),
        birth_date=patient.get("birthDate"),
        birth_year=patient.get("birthYear"),
        sex=patient.get("sex"),
        district=patient.get("district"),
        snils=masked_snils(patient.get("snils"), role),
        deceased_on=None if role == "analyst" else patient.get("deceasedOn"),
        deceased_year=patient.get("deceasedYear"),
        deceased_precision=patient.get("deceasedPrecision"),
        passport_since=patient.get("passportSince"),
    )


def summary(patient: Row, role: Role) -> PatientSummary:
    shown = person(patient, role)
    return PatientSummary(
        patient_id=shown.patient_id, full_name=shown.full_name, birth_date=shown.birth_date,
        birth_year=shown.birth_year, sex=shown.sex, district=shown.district, snils=shown.snils,
        passport_since=shown.passport_since, deceased_on=shown.deceased_on,
        deceased_year=shown.deceased_year,
    )


def _basis_label(basis: Any) -> str | None:
    # The legacy registry stores the code (7), a registrar may give the name: both read;
    # a value the table does not know is shown as none rather than failing the passport.
    try:
        return basis_labels().get(basis_code(basis)) if basis is not None else None
    except RegistryDataError:
        return None


def tumor(row: Row) -> PassportTumor:
    group = clinical_group(row["clinicalGroup"]) if row.get("clinicalGroup") else None
    return PassportTumor(
        tumor_id=row["tumorId"], icd10=row.get("icd10"),
        icd10_name_ru=russian_name(row.get("icd10")), site=row.get("site"),
        morphology=row.get("morphology"), behaviour=row.get("behaviour"),
        stage=row.get("stage"), t=row.get("t"), n=row.get("n"), m=row.get("m"),
        laterality=row.get("laterality"), diagnosed_on=row.get("diagnosedOn"),
        verification=row.get("verification"),
        morphologically_verified=row.get("morphologicallyVerified"),
        basis_label_ru=_basis_label(row.get("basis")), clinical_group=row.get("clinicalGroup"),
        clinical_group_label_ru=group.label_ru if group else None, sequence=row.get("sequence"),
    )


def organization(row: Row | None) -> PassportOrganization | None:
    if not row or not row.get("oid"):
        return None
    return PassportOrganization(oid=row["oid"], name=row.get("name"), kind=row.get("kind"),
                                district=row.get("district"))


def care_stage_of(record: Row) -> str | None:
    """The record's care stage, else the default stage of its kind."""
    if record.get("careStage"):
        return str(record["careStage"])
    info = event_kind(record.get("kind") or "")
    return info.care_stage if info else None


def current_care_stage(route: list[Row]) -> str | None:
    """The furthest care stage the route has reached (suspicion … death): a referral to a
    federal centre after the diagnosis does not send the patient back to «suspicion»."""
    stages = [stage for row in route if (stage := care_stage_of(row["record"])) in CARE_STAGES]
    return max(stages, key=CARE_STAGES.index, default=None)


def current_clinical_group(patient: Row, tumors: list[Row]) -> str | None:
    """The patient's group when the pathway set one, else that of the latest tumour."""
    if patient.get("clinicalGroup"):
        return str(patient["clinicalGroup"])
    dated = [t for t in tumors if t.get("clinicalGroup")]
    dated.sort(key=lambda t: (t.get("diagnosedOn") or date.min, t.get("sequence") or 0))
    return dated[-1]["clinicalGroup"] if dated else None


def _rule(rule_id: str | None) -> DeadlineRule | None:
    if not rule_id:
        return None
    try:
        return get_rule(rule_id)
    except (DomainError, KeyError):
        return None


def rule_code_ru(rule_id: str | None) -> str | None:
    """How a table names a known rule in Russian ('090/у', 'Консилиум'; D1…D8 are their
    own codes); None for no rule or one the rules file does not know."""
    rule = _rule(rule_id)
    return (rule.code_ru or rule.id) if rule else None


def deadline(row: Row) -> PassportDeadline:
    rule_id = row.get("rule")
    rule = _rule(rule_id)
    return PassportDeadline(
        deadline_id=strawberry.ID(row.get("deadlineId") or ""), rule=rule_id,
        code_ru=rule_code_ru(rule_id) or rule_id,
        title_ru=rule.title_ru if rule else None, state=row.get("state"),
        started_on=_as_date(row.get("startedOn")), due_on=_as_date(row.get("dueOn")),
        stopped_on=_as_date(row.get("stoppedOn")),
        days_over=shown_days_over(rule_id, row.get("daysOver")),
        icd10=_text(row.get("icd10")), note_ru=_text(row.get("noteRu")),
    )


def gap(row: Row) -> PassportGap:
    return PassportGap(gap_id=strawberry.ID(row.get("gapId") or ""), kind=row.get("kind"),
                       since=_as_date(row.get("since")), overdue_days=row.get("overdueDays"),
                       detail=_text(row.get("detail")))


def notification(row: Row) -> PassportNotification:
    created = row.get("createdOn") or row.get("createdAt")
    return PassportNotification(
        notification_id=strawberry.ID(row.get("notificationId") or ""), kind=row.get("kind"),
        severity=row.get("severity"), title=_text(row.get("title")),
        text=_text(row.get("text")), event_on=_as_date(row.get("eventOn")),
        created_on=_as_date(created), read=row.get("read"),
    )


def _as_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    return None


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _item(status: ItemStatus) -> GuidelineItemStatus:
    rec = status.recommendation
    return GuidelineItemStatus(
        recommendation_id=rec.id, group=rec.group, title_ru=rec.title_ru, state=status.state,
        done_on=status.done_on, source=rec.source, guideline_id=rec.guideline_id,
        guideline_year=rec.guideline_year,
    )


def _fact(record: Row) -> RecordFact | None:
    on = _as_date(record.get("date"))
    if on is None or not record.get("kind"):
        return None
    codes = frozenset(record.get("codes") or ([record["code"]] if record.get("code") else []))
    return RecordFact(kind=record["kind"], on=on, codes=codes, text=record.get("text") or "",
                      morphology=record.get("morphology"), basis=record.get("basis"))


def episode_start(tumor_row: Row, route: list[Row]) -> date | None:
    """The first day of a tumour's episode: its earliest record (suspicion, referral),
    else its diagnosis. Records of no tumour before it belong to another episode."""
    own = [on for step in route if tumor_row["tumorId"] in step["tumorIds"]
           and (on := _as_date(step["record"].get("date"))) is not None]
    diagnosed = _as_date(tumor_row.get("diagnosedOn"))
    return min([*own, *([diagnosed] if diagnosed else [])], default=None)


def recommendations(tumors: list[Row], route: list[Row], today: date,
                    deceased: bool = False) -> list[TumorRecommendations]:
    """Guideline adherence per tumour, from the records that concern it (or no tumour and
    fall within its episode); a dead patient gets no next step."""
    result = []
    for row in tumors:
        facts = [
            fact for step in route
            if (not step["tumorIds"] or row["tumorId"] in step["tumorIds"])
            and (fact := _fact(step["record"])) is not None
        ]
        report = evaluate_guidelines(row.get("icd10"), row.get("stage"), facts, today,
                                     episode_start=episode_start(row, route), deceased=deceased,
                                     # the table's column and the item: one answer
                                     morphologically_verified=row.get("morphologicallyVerified"))
        items = [_item(status) for status in report.items]
        result.append(TumorRecommendations(
            tumor_id=row["tumorId"], icd10=row.get("icd10"), site_group=report.site_group,
            guideline_id=report.guideline.id if report.guideline else None,
            guideline_title_ru=report.guideline.title_ru if report.guideline else None,
            guideline_year=report.guideline.year if report.guideline else None,
            done=[item for item in items if item.state == "done"],
            missing=[item for item in items if item.state != "done"],
            next_steps=[GuidelineNextStep(title_ru=s.title_ru, due_on=s.due_on, because=s.because)
                        for s in report.next_steps],
        ))
    return result
