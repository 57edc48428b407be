"""`GET /fhir/metadata`: what this server can do, as an R4 CapabilityStatement."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter

from api.fhir.outcome import FHIR_JSON, FhirResponse

router = APIRouter()

_RELEASED = date(2026, 11, 1)
SECURITY = (
    "Authorization: Bearer <JWT> (POST /auth/token). Clinicians see patients with a record "
    "at, or a referral to, their organisation; coordinators their district; analysts are "
    "refused identifiable data. The role sender is a medical information system's account "
    "bound to its own source: it may only POST /fhir a transaction or batch Bundle, whose "
    "records are stored under that source (a request naming another source, in "
    "X-Source-System or any meta.source, is refused whole with 403), and list and read its "
    "own quarantined input (GET /quarantine, GET /quarantine/{id}; no replay). Every read "
    "of this FHIR API (Patient/$everything) and every other reading endpoint refuse it "
    "with 403.")


def capability_statement() -> dict[str, Any]:
    return {
        "resourceType": "CapabilityStatement",
        "id": "onkopassport",
        "name": "OnkopassportFhirServer",
        "title": "Онкопаспорт: региональный паспорт онкологического пациента",
        "status": "active",
        "date": _RELEASED.isoformat(),
        "publisher": "Onkopassport",
        "kind": "instance",
        "software": {"name": "Onkopassport", "version": "0.1.0"},
        "implementation": {"description": "Onkopassport FHIR API"},
        "fhirVersion": "4.0.1",
        "format": [FHIR_JSON, "json"],
        "rest": [{
            "mode": "server",
            "documentation": "Bearer tokens from POST /auth/token; row-level access by role.",
            "security": {
                "cors": False,
                "description": SECURITY,
            },
            "resource": [{
                "type": "Patient",
                "operation": [{
                    "name": "everything",
                    "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                    "documentation": "The passport's stored records plus the primary cancer "
                                     "(mCODE-style PrimaryCancerCondition) and its stage "
                                     "Observations.",
                }],
            }],
            "interaction": [
                {"code": code, "documentation": (
                    "POST /fhir. Entries create or update (POST, PUT); a conditional create "
                    "takes request.ifNoneExist = identifier=system|value, a conditional "
                    "update PUT Type?identifier=system|value (the sender's own records).")}
                for code in ("transaction", "batch")],
        }],
    }


@router.get("/metadata", summary="CapabilityStatement", response_class=FhirResponse)
def metadata() -> FhirResponse:
    return FhirResponse(capability_statement())
