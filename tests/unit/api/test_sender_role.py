"""The sender role without a server: its token, the rules that must not admit it, and the
source a request by it is stored under."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from api.auth.graphql import require_principal
from api.auth.tokens import InvalidTokenError, issue_token, principal_from_token
from api.fhir.metadata import capability_statement
from api.fhir.outcome import FhirError
from api.fhir.sending_source import check_named_sources, request_source
from api.graphql.passport_masking import mask_snils_identifiers, masked_snils
from api.security import Principal
from domain.identifiers import SNILS_SYSTEM
from onkopassport.errors import AccessDeniedError
from onkopassport.settings import Settings

SENDER = Principal("mis-a-account", "sender", source="mis-a")
ADMIN = Principal("gateway", "admin")


def _info(principal: Principal) -> SimpleNamespace:
    return SimpleNamespace(context=SimpleNamespace(principal=principal, response=None))


def test_a_sender_s_token_carries_its_source() -> None:
    settings = Settings(environment="test")
    assert principal_from_token(issue_token(SENDER, settings), settings) == SENDER
    with pytest.raises(InvalidTokenError, match="не указан источник"):
        principal_from_token(issue_token(Principal("x", "sender"), settings), settings)


def test_a_sender_sees_no_identities_and_reads_nothing() -> None:
    """The rule was "everyone but analysts sees identities": a sender would have seen
    names and full СНИЛС wherever a resolver forgot to name the roles it admits."""
    assert not SENDER.sees_identities and not SENDER.reads
    assert ADMIN.sees_identities and ADMIN.reads
    assert masked_snils("11223344595", "sender") is None
    patient: dict[str, Any] = {"identifier": [{"system": SNILS_SYSTEM, "value": "11223344595"}]}
    assert mask_snils_identifiers(patient, "sender")
    assert patient["identifier"][0]["value"] == "***"


def test_require_principal_refuses_a_sender_unless_named() -> None:
    with pytest.raises(AccessDeniedError, match="POST /fhir"):
        require_principal(_info(SENDER))
    with pytest.raises(AccessDeniedError, match="POST /fhir"):
        require_principal(_info(SENDER), roles={"admin", "coordinator"})
    assert require_principal(_info(SENDER), roles={"sender"}) == SENDER


def test_the_source_of_a_request() -> None:
    assert request_source(SENDER, None) == "mis-a"
    assert request_source(SENDER, "mis-a") == "mis-a"
    assert request_source(ADMIN, "mis-b") == "mis-b"
    assert request_source(ADMIN, None) == "api:gateway"
    with pytest.raises(FhirError) as refused:
        request_source(SENDER, "mis-b")
    assert (refused.value.status_code, refused.value.code) == (403, "forbidden")
    assert "X-Source-System" in refused.value.message


@pytest.mark.parametrize("meta_source", ["mis-a", "mis-a#Lk8o", "#only-a-request", None])
def test_a_sender_may_name_its_own_source(meta_source: str | None) -> None:
    resource: dict[str, Any] = {"resourceType": "Patient", "id": "1"}
    if meta_source is not None:
        resource["meta"] = {"source": meta_source}
    check_named_sources({"resourceType": "Bundle", "entry": [{"resource": resource}]}, "mis-a")


def test_another_source_anywhere_in_the_bundle_is_refused() -> None:
    inner = {"resourceType": "Bundle", "entry": [
        {"resource": {"resourceType": "Patient", "meta": {"source": "http://mis-b/fhir#1"}}}]}
    bundle = {"resourceType": "Bundle", "entry": [
        {"resource": {"resourceType": "Patient"}}, {"resource": inner}]}
    with pytest.raises(FhirError) as refused:
        check_named_sources(bundle, "mis-a")
    assert "Bundle.entry[1].resource.entry[0].resource.meta.source" in refused.value.message
    assert "'http://mis-b/fhir'" in refused.value.message


def test_the_capability_statement_says_what_a_sender_may_do() -> None:
    security = capability_statement()["rest"][0]["security"]["description"]
    assert "sender" in security
    assert "POST /fhir a transaction or batch Bundle" in security
    assert "under that source" in security and "403" in security
    assert "GET /quarantine" in security and "no replay" in security
    assert "Patient/$everything" in security  # the reads it is refused
