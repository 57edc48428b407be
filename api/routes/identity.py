"""Operators' control of identity links: the review list, undoing a link, deciding a pair."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field

from api.auth.dependencies import require_roles
from api.dependencies import GraphDep
from api.security import Principal
from ingest.identity import resolve_review, split_patient_record
from onkopassport.errors import NotFoundError
from onkopassport.orchestration import refresh_people

router = APIRouter(prefix="/identity", tags=["identity"])
Operator = Depends(require_roles("admin", "coordinator"))


class UnlinkRequest(BaseModel):
    record_key: str = Field(description="Key of the PatientRecord, `source|Patient|id`.")
    why: str = Field(min_length=3, description="Why the link is wrong (kept with the split).")


class ReviewDecision(BaseModel):
    accept: bool


@router.get("/reviews", summary="Pairs of records that may be one person")
def list_reviews(graph: GraphDep, limit: int = 100,
                 principal: Principal = Operator) -> list[dict[str, Any]]:
    rows = graph.read("list_link_reviews", limit=limit)
    for row in rows:
        for record in row["records"]:
            record["birthDate"] = str(record["birthDate"]) if record["birthDate"] else None
    return rows


@router.post("/unlink", summary="Undo a link: the record becomes a person of its own")
def unlink(body: UnlinkRequest, graph: GraphDep,
           principal: Principal = Operator) -> dict[str, str]:
    try:
        old, new = split_patient_record(graph, body.record_key, principal.user_id, body.why)
    except NotFoundError as error:
        raise HTTPException(404, detail=str(error)) from error
    refresh_people(graph, [old, new])
    return {"recordKey": body.record_key, "fromPatientId": old, "toPatientId": new}


@router.post("/reviews/{review_id}", summary="Decide a review pair")
def decide(review_id: str, body: ReviewDecision, graph: GraphDep,
           principal: Principal = Operator) -> dict[str, Any]:
    touched = resolve_review(graph, review_id, body.accept, principal.user_id)
    if touched:
        refresh_people(graph, touched)
    return {"reviewId": review_id, "decision": "accepted" if body.accept else "rejected",
            "patientsRefreshed": touched}
