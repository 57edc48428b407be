"""`GET /fhir/metadata`: what this server can do, as an R4 CapabilityStatement."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter

from api.dependencies import SettingsDep
from api.fhir.outcome import FHIR_JSON, FhirResponse
from domain.identifiers import ENP_DEFAULT_SYSTEM, SNILS_SYSTEM

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
    "of this FHIR API (Patient read and search, Patient/$everything) and every other "
    "reading endpoint refuse it with 403.")


def capability_statement(enp_system: str = ENP_DEFAULT_SYSTEM, default_count: int = 50,
                         max_count: int = 500) -> dict[str, Any]:
    """`enp_system`: the region's ЕНП system (Settings.enp_system), which search accepts;
    `default_count`, `max_count`: the search's page size (Settings.fhir_search_*_count)."""
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
                "interaction": [
                    {"code": "read", "documentation": (
                        "The passport's person (the Patient entry of $everything); 404 when "
                        "unknown or outside the caller's row-level scope.")},
                    {"code": "search-type", "documentation": (
                        "By identifier only; any other search parameter is refused with 400 "
                        "(not ignored). Finds passports only.")}],
                "searchParam": [{
                    "name": "identifier", "type": "token",
                    "definition": "http://hl7.org/fhir/SearchParameter/Patient-identifier",
                    "documentation": (
                        f"system|value with system {SNILS_SYSTEM} (СНИЛС, with or without "
                        f"separators), {enp_system} (ЕНП) or urn:onkopassport:patient-id; a "
                        "value without system matches any of them; values separated by "
                        "commas are alternatives."),
                }, {
                    "name": "_count", "type": "number",
                    "documentation": (
                        f"Entries per page: a positive integer, {default_count} when absent, "
                        f"at most {max_count} (a larger value gives {max_count}). Bundle.total "
                        "counts all matches; Bundle.link next/previous page through them."),
                }, {
                    "name": "_offset", "type": "number",
                    "documentation": (
                        "How many matches (ordered by patientId) to skip: an integer from 0 "
                        "to 1000000000, 0 when absent; the next link carries it."),
                }],
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
def metadata(settings: SettingsDep) -> FhirResponse:
    return FhirResponse(capability_statement(settings.enp_system,
                                             settings.fhir_search_default_count,
                                             settings.fhir_search_max_count))
