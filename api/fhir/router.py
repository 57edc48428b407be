"""The FHIR read API under /fhir."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request

from api.fhir import everything, metadata, patient, unsupported

# What a client may ask for and get: FHIR JSON (any JSON, or anything at all).
_JSON_MEDIA = ("json", "*/*", "application/*")


def answers_json_only(request: Request) -> None:
    """406 (as an OperationOutcome) for a client that asks for XML or Turtle: this server
    speaks FHIR JSON only, and answering JSON to a client expecting XML breaks it later."""
    wanted = request.query_params.get("_format")
    if wanted is not None and "json" not in wanted:
        raise HTTPException(406, f"_format={wanted} не поддерживается: сервер отвечает "
                                 "только FHIR JSON (_format=json).")
    accept = request.headers.get("accept")
    if accept and not any(media in accept for media in _JSON_MEDIA):
        raise HTTPException(406, f"Accept: {accept} не поддерживается: сервер отвечает "
                                 "только application/fhir+json.")


router = APIRouter(prefix="/fhir", tags=["fhir"], dependencies=[Depends(answers_json_only)])
router.include_router(metadata.router)
router.include_router(everything.router)
router.include_router(patient.router)
# last: whatever the routes above do not answer
router.include_router(unsupported.router)
