"""Passwords, tokens, the production secret rule and require_principal, without a server."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from api.auth.graphql import NotAuthenticatedError, require_principal
from api.auth.passwords import hash_password, verify_password
from api.auth.tokens import InvalidTokenError, issue_token, principal_from_token
from api.security import Principal
from onkopassport.errors import AccessDeniedError, ConfigurationError
from onkopassport.settings import Settings

CLINICIAN = Principal("dr-1", "clinician", organization_oid="1.2.3")


def test_password_hash_verifies_and_never_contains_the_password() -> None:
    stored = hash_password("correct horse")
    assert "correct horse" not in stored and stored.startswith("scrypt$")
    assert verify_password("correct horse", stored)
    assert not verify_password("wrong horse", stored)
    assert hash_password("correct horse") != stored  # salted
    assert not verify_password("x", None) and not verify_password("x", "garbage")


def test_token_round_trip() -> None:
    settings = Settings(environment="test")
    assert principal_from_token(issue_token(CLINICIAN, settings), settings) == CLINICIAN


def test_expired_forged_and_foreign_tokens_are_refused() -> None:
    settings = Settings(environment="test")
    expired = issue_token(CLINICIAN, settings, now=datetime.now(UTC) - timedelta(days=1))
    with pytest.raises(InvalidTokenError, match="срок его действия истёк"):
        principal_from_token(expired, settings)
    other = Settings(environment="test", jwt_secret="another-secret-of-sufficient-length-42")
    with pytest.raises(InvalidTokenError, match="подпись не совпадает"):
        principal_from_token(issue_token(CLINICIAN, other), settings)
    with pytest.raises(InvalidTokenError, match=r"повреждён.*POST /auth/token"):
        principal_from_token("not.a.token", settings)


def test_a_verified_token_is_remembered_only_for_its_secret_and_lifetime() -> None:
    settings = Settings(environment="test")
    token = issue_token(CLINICIAN, settings)
    assert principal_from_token(token, settings) == CLINICIAN  # verified, then remembered
    # The same token under another secret is checked again, and refused.
    other = Settings(environment="test", jwt_secret="another-secret-of-sufficient-length-42")
    with pytest.raises(InvalidTokenError, match="подпись не совпадает"):
        principal_from_token(token, other)
    # A token that expires in a second: remembered while valid, refused once expired.
    soon = issue_token(CLINICIAN, settings, now=datetime.now(UTC)
                       - timedelta(minutes=settings.jwt_ttl_minutes) + timedelta(seconds=1))
    assert principal_from_token(soon, settings) == CLINICIAN
    time.sleep(2.1)
    with pytest.raises(InvalidTokenError, match="срок его действия истёк"):
        principal_from_token(soon, settings)


def test_production_needs_a_real_jwt_secret() -> None:
    with pytest.raises(ConfigurationError, match="ONKO_JWT_SECRET"):
        Settings(environment="production", neo4j_password="a-real-db-secret")
    with pytest.raises(ConfigurationError, match="ONKO_JWT_SECRET"):
        Settings(environment="production", neo4j_password="a-real-db-secret",
                 jwt_secret="changeme")
    settings = Settings(environment="production", neo4j_password="a-real-db-secret",
                        jwt_secret="x7" * 20)
    assert settings.jwt_secret.get_secret_value() == "x7" * 20


def _info(principal: Principal | None) -> SimpleNamespace:
    return SimpleNamespace(context=SimpleNamespace(principal=principal,
                                                   response=SimpleNamespace(status_code=200)))


def test_require_principal() -> None:
    anonymous = _info(None)
    with pytest.raises(NotAuthenticatedError, match="Authorization: Bearer"):
        require_principal(anonymous)
    assert anonymous.context.response.status_code == 401
    assert require_principal(_info(CLINICIAN)) == CLINICIAN
    assert require_principal(_info(CLINICIAN), roles={"clinician"}) == CLINICIAN
    with pytest.raises(AccessDeniedError,
                       match="роли clinician: это доступно ролям admin, coordinator"):
        require_principal(_info(CLINICIAN), roles={"admin", "coordinator"})
