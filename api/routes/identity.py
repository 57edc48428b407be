"""Operators' control of identity links: the review list, undoing a link, deciding a pair,
the people the linker joined and undoing such a join.

A coordinator bound to a district sees and decides only what concerns people of that
district, and sees СНИЛС as the passport shows it to them (the last five digits)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field

from api.auth.dependencies import require_roles
from api.dependencies import GraphDep, SettingsDep
from api.graphql.passport_masking import masked_snils
from api.security import Principal
from graph.database import Graph
from ingest.identity import (
    name_similarity,
    resolve_review,
    split_patient_record,
    unmerge_people,
)
from onkopassport.errors import InputError, NotFoundError
from onkopassport.orchestration import refresh_people

router = APIRouter(prefix="/identity", tags=["identity"])
Operator = Depends(require_roles("admin", "coordinator"))


class UnlinkRequest(BaseModel):
    record_key: str = Field(description="Key of the PatientRecord, `source|Patient|id`.")
    why: str = Field(min_length=3, description="Why the link is wrong (kept with the split).")


class ReviewDecision(BaseModel):
    accept: bool


class UnmergeRequest(BaseModel):
    patient_id: str = Field(description="The person holding the joined records now.")
    merged_from: str = Field(description="The person they came from (`mergedFrom`).")
    why: str = Field(min_length=3, description="Why they are two people (kept with the undo).")


def _scoped_district(principal: Principal) -> str | None:
    return principal.district if principal.role == "coordinator" else None


def _require_district(principal: Principal, districts: list[str | None], what: str) -> None:
    district = _scoped_district(principal)
    if district is not None and district not in districts:
        # The same answer as for a missing item: the caller learns nothing about others.
        raise HTTPException(404, detail=f"{what} не найдена среди пациентов района {district}.")


def _as_shown(record: dict[str, Any], principal: Principal) -> None:
    """A patient record as an operator compares it: the birth date as text, the СНИЛС as
    the passport shows it to this role."""
    record["birthDate"] = str(record["birthDate"]) if record["birthDate"] else None
    record["snils"] = masked_snils(record["snils"], principal.role)


@router.get("/reviews", summary="Pairs of records that may be one person")
def list_reviews(graph: GraphDep, settings: SettingsDep,
                 limit: Annotated[int, Query(ge=1, le=1000, description="Пар на странице")] = 100,
                 principal: Principal = Operator) -> list[dict[str, Any]]:
    rows = graph.read("list_link_reviews", limit=limit, district=_scoped_district(principal))
    for row in rows:
        row["reasonRu"] = review_reason(row["records"])
        row["notJoinedRu"] = not_joined_reason(row["score"], settings.identity_link_threshold)
        for record in row["records"]:
            _as_shown(record, principal)
            del record["ownDistrict"]
    return rows


def review_reason(records: list[dict[str, Any]]) -> str:
    """Why a pair is on the list, in the terms of its score (ingest.identity.match_score):
    people born the same day, compared by name, sex and the records' own districts."""
    if len(records) != 2:
        return "Пара неполная: одна из записей удалена."
    a, b = records
    parts = ["дата рождения совпадает" if a["birthDate"] == b["birthDate"]
             else "даты рождения различаются",
             f"ФИО похожи на {round(name_similarity(a['nameKey'], b['nameKey']) * 100)} %",
             "пол совпадает" if a["sex"] == b["sex"] else "пол различается"]
    if a["ownDistrict"] and b["ownDistrict"]:
        parts.append("район совпадает" if a["ownDistrict"] == b["ownDistrict"]
                     else "районы различаются")
    else:
        parts.append("район указан не в обеих записях")
    snils_count = sum(1 for record in records if record["snils"])
    parts.append({0: "СНИЛС нет ни в одной записи", 1: "СНИЛС есть только в одной записи"}
                 .get(snils_count, "СНИЛС есть в обеих записях"))
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def not_joined_reason(score: float, link_threshold: float) -> str:
    """Why the linker left the pair to an operator. Below the link threshold the likeness is
    too weak; at or above it (even 100 %) the two records were already two people's (one
    linked by its СНИЛС, say), and stored people are joined only on an identifier both
    share (ingest.identity: MERGING_REASONS, `_proves`), never on likeness alone."""
    if score < link_threshold:
        shown, threshold = round(score * 100), round(link_threshold * 100)
        below = "чуть ниже" if shown >= threshold else "ниже"  # 0.897 shows as 90 % too
        return (f"Не объединены автоматически: сходство {shown} % {below} порога "
                f"автоматического связывания ({threshold} %).")
    return ("Не объединены автоматически: записи уже принадлежат двум разным людям, а людей "
            "система объединяет сама только по общему СНИЛС, ЕНП или номеру карты вместе с "
            "датой рождения; по одному сходству ФИО, пола и района решает оператор.")


@router.post("/unlink", summary="Undo a link: the record becomes a person of its own")
def unlink(body: UnlinkRequest, graph: GraphDep,
           principal: Principal = Operator) -> dict[str, str]:
    _require_district(principal, _record_districts(graph, body.record_key),
                      f"Запись '{body.record_key}'")
    try:
        old, new = split_patient_record(graph, body.record_key, principal.user_id, body.why)
    except NotFoundError as error:
        raise HTTPException(404, detail=str(error)) from error
    refresh_people(graph, [old, new])
    return {"recordKey": body.record_key, "fromPatientId": old, "toPatientId": new}


@router.post("/reviews/{review_id}", summary="Decide a review pair")
def decide(review_id: str, body: ReviewDecision, graph: GraphDep,
           principal: Principal = Operator) -> dict[str, Any]:
    found = graph.read("get_link_review", reviewId=review_id)
    _require_district(principal, found[0]["districts"] if found else [],
                      f"Пара '{review_id}'")
    try:
        touched = resolve_review(graph, review_id, body.accept, principal.user_id)
    except NotFoundError as error:
        raise HTTPException(404, detail=str(error)) from error
    except InputError as error:
        raise HTTPException(409, detail=str(error)) from error
    if touched:
        refresh_people(graph, touched)
    return {"reviewId": review_id, "decision": "accepted" if body.accept else "rejected",
            "patientsRefreshed": touched}


MERGE_REASONS_RU = {"snils": "общий СНИЛС", "enp": "общий ЕНП",
                    "local-id": "общий номер карты организации и дата рождения",
                    "review": "решение оператора: один человек"}


@router.get("/merges", summary="People the linker joined, newest first")
def list_merges(graph: GraphDep,
                limit: Annotated[int, Query(ge=1, le=1000, description="Объединений")] = 100,
                principal: Principal = Operator) -> list[dict[str, Any]]:
    rows = graph.read("list_patient_merges", limit=limit, district=_scoped_district(principal))
    for row in rows:
        row["reasonRu"] = MERGE_REASONS_RU.get(row["reason"], row["reason"])
        row["birthDate"] = str(row["birthDate"]) if row["birthDate"] else None
        row["mergedAt"] = row["mergedAt"].to_native().isoformat() if row["mergedAt"] else None
        for record in [*row["moved"], row["via"]]:
            _as_shown(record, principal)
    return rows


@router.post("/merges/undo", summary="Undo a join of two people in one step")
def undo_merge(body: UnmergeRequest, graph: GraphDep,
               principal: Principal = Operator) -> dict[str, Any]:
    _require_district(principal, _patient_districts(graph, body.patient_id),
                      f"Человек '{body.patient_id}'")
    try:
        moved = unmerge_people(graph, body.patient_id, body.merged_from, principal.user_id,
                               body.why)
    except NotFoundError as error:
        raise HTTPException(404, detail=str(error)) from error
    refresh_people(graph, [body.patient_id, body.merged_from])
    return {"patientId": body.patient_id, "restoredPatientId": body.merged_from,
            "recordsMovedBack": moved}


def _patient_districts(graph: Graph, patient_id: str) -> list[str | None]:
    return [row["district"] for row in graph.read("get_patient_district", patientId=patient_id)]


def _record_districts(graph: Graph, key: str) -> list[str | None]:
    return [row["district"] for row in graph.read("get_patient_record_district", key=key)]
