"""Signed bearer tokens (JWT, HS256) that carry the principal's role and scope."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
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


_GET_NEW = "Получите новый: POST /auth/token."


def _refusal(error: jwt.PyJWTError) -> str:
    """Why a token was refused, in words the client can act on (PyJWT's own are English)."""
    if isinstance(error, jwt.ExpiredSignatureError):
        return f"Токен не принят: срок его действия истёк. {_GET_NEW}"
    if isinstance(error, jwt.InvalidSignatureError):
        return ("Токен не принят: подпись не совпадает (токен выдан не этим сервером или "
                f"ключ сервера сменился). {_GET_NEW}")
    return ("Токен не принят: он повреждён или выдан не этим сервером "
            f"(ошибка разбора: {error}). {_GET_NEW}")


def issue_token(principal: Principal, settings: Settings, *, now: datetime | None = None) -> str:
    issued = now or datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": _ISSUER,
        "sub": principal.user_id,
        "role": principal.role,
        "org": principal.organization_oid,
        "district": principal.district,
        "src": principal.source,
        "iat": issued,
        "exp": issued + timedelta(minutes=settings.jwt_ttl_minutes),
    }
    return jwt.encode(claims, settings.jwt_secret.get_secret_value(), algorithm=_ALGORITHM)


class _VerifiedTokens:
    """Tokens whose signature was already checked, until they expire.

    Verifying an HS256 signature and the claims costs about as much as a tenth of a
    passport; a client sends the same token with every request, so each token is verified
    once per process. The entry is keyed by the token and the secret (a changed secret
    invalidates everything) and is never used after the token's `exp`."""

    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._entries: OrderedDict[tuple[str, str], tuple[Principal, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token: str, secret: str) -> Principal | None:
        with self._lock:
            entry = self._entries.get((token, secret))
            if entry is None:
                return None
            principal, expires_at = entry
            if time.time() >= expires_at:
                del self._entries[(token, secret)]
                return None
            self._entries.move_to_end((token, secret))
            return principal

    def put(self, token: str, secret: str, principal: Principal, expires_at: float) -> None:
        with self._lock:
            self._entries[(token, secret)] = (principal, expires_at)
            self._entries.move_to_end((token, secret))
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)


_verified = _VerifiedTokens()


def principal_from_token(token: str, settings: Settings) -> Principal:
    """The principal a token speaks for; raises InvalidTokenError when it cannot be trusted."""
    secret = settings.jwt_secret.get_secret_value()
    known = _verified.get(token, secret)
    if known is not None:
        return known
    try:
        claims = jwt.decode(token, secret, algorithms=[_ALGORITHM], issuer=_ISSUER,
                            options={"require": ["exp", "sub", "iss"]})
    except jwt.PyJWTError as error:
        raise InvalidTokenError(_refusal(error)) from error
    role = claims.get("role")
    if role not in ROLES:
        raise InvalidTokenError(f"Токен не принят: неизвестная роль {role!r}. {_GET_NEW}")
    source = claims.get("src")
    if role == "sender" and not source:
        # a sender writes under its own source only: without one it could name any
        raise InvalidTokenError("Токен не принят: в токене роли sender не указан источник "
                                "(source). Администратору: задайте пользователю source "
                                "(onkopassport users add … --source), затем получите новый "
                                "токен: POST /auth/token.")
    principal = Principal(user_id=str(claims["sub"]), role=role,
                          organization_oid=claims.get("org"), district=claims.get("district"),
                          source=source)
    _verified.put(token, secret, principal, float(claims["exp"]))
    return principal
