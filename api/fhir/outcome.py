"""Errors over FHIR: every failure is an OperationOutcome with the right HTTP status."""

from __future__ import annotations

from typing import Any

from fastapi.responses import JSONResponse

from onkopassport.errors import OnkopassportError

FHIR_JSON = "application/fhir+json"


class FhirResponse(JSONResponse):
    media_type = FHIR_JSON


class FhirError(OnkopassportError):
    """An expected failure of a FHIR request, answered as an OperationOutcome."""

    def __init__(self, status_code: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code  # FHIR IssueType: login, forbidden, not-found, invalid, exception
        self.message = message

    def response(self) -> FhirResponse:
        headers = {"WWW-Authenticate": "Bearer"} if self.status_code == 401 else None
        return FhirResponse(operation_outcome(self.code, self.message),
                            status_code=self.status_code, headers=headers)


# FHIR IssueType for an HTTP status a FHIR client gets.
_ISSUE_TYPE_OF_STATUS = {400: "invalid", 401: "login", 403: "forbidden", 404: "not-found",
                         405: "not-supported", 406: "not-supported", 409: "conflict",
                         413: "too-costly", 415: "not-supported", 422: "invalid",
                         503: "transient"}


def is_fhir_path(path: str) -> bool:
    return path == "/fhir" or path.startswith("/fhir/")


def outcome_response(status_code: int, message: str,
                     headers: dict[str, str] | None = None) -> FhirResponse:
    """Any failure of a /fhir request as an OperationOutcome (FHIR clients parse no other
    error body)."""
    code = _ISSUE_TYPE_OF_STATUS.get(status_code, "exception" if status_code >= 500
                                     else "processing")
    return FhirResponse(operation_outcome(code, message), status_code=status_code,
                        headers=headers)


def operation_outcome(code: str, message: str, severity: str = "error") -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": code, "diagnostics": message}],
    }
