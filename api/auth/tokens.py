"""Signed bearer tokens (JWT, HS256) that carry the principal's role and scope."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, get_args

import jwt

from api.security import Principal, Role
from onkopassport.errors import AccessDeniedError
from onkopassport.settings import Settings

_ALGORITHM = "HS256"
_ISSUER = "onkopassport"
ROLES: tuple[str, ...] = get_args(Role)


class InvalidTokenError(AccessDeniedError):
    """The bearer token is missing, malformed, expired or not signed by this server."""


def issue_token(principal: Principal, settings: Settings, *, now: datetime | None = None) -> str:
    issued = now or datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": _ISSUER,
        "sub": principal.user_id,
        "role": principal.role,
        "org": principal.organization_oid,
        "district": principal.district,
        "iat": issued,
        "exp": issued + timedelta(minutes=settings.jwt_ttl_minutes),
    }
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm=_ALGORITHM)


def principal_from_token(token: str, settings: Settings) -> Principal:
    """The principal a token speaks for; raises InvalidTokenError when it cannot be trusted."""
    try:
        claims = jwt.decode(token, settings.jwt_secret.get_secret_value(),
                            algorithms=[_ALGORITHM], issuer=_ISSUER,
                            options={"require": ["exp", "sub", "iss"]})
    except jwt.PyJWTError as error:
        raise InvalidTokenError(f"Invalid bearer token: {error}") from error
    role = claims.get("role")
    if role not in ROLES:
        raise InvalidTokenError(f"Invalid bearer token: unknown role {role!r}")
    return Principal(user_id=str(claims["sub"]), role=role,
                     organization_oid=claims.get("org"), district=claims.get("district"))
