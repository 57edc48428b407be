"""The FHIR read API under /fhir."""

from __future__ import annotations

from fastapi import APIRouter

from api.fhir import everything, metadata

router = APIRouter(prefix="/fhir", tags=["fhir"])
router.include_router(metadata.router)
router.include_router(everything.router)
