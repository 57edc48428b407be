"""FastAPI dependencies: who is asking, from the `Authorization: Bearer` header."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from api.auth.tokens import InvalidTokenError, principal_from_token
from api.security import LOGIN_REQUIRED, SENDER_ONLY, Principal
from onkopassport.settings import Settings

_BEARER = "bearer "


def _bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header[: len(_BEARER)].lower() != _BEARER:
        return None
    return header[len(_BEARER):].strip() or None


def principal_from_request(request: Request) -> Principal | None:
    """The principal of a request with a valid token; None when there is no token.

    Raises InvalidTokenError for a token that is present but cannot be trusted, so that a
    forged or expired token is never mistaken for an anonymous request.
    """
    token = _bearer_token(request)
    if token is None:
        return None
    settings: Settings = request.app.state.settings
    return principal_from_token(token, settings)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail,
                         headers={"WWW-Authenticate": "Bearer"})


def optional_principal(request: Request) -> Principal | None:
    try:
        return principal_from_request(request)
    except InvalidTokenError as error:
        raise _unauthorized(str(error)) from error


def authenticated_principal(request: Request) -> Principal:
    """The authenticated principal of any role; 401 without a valid bearer token."""
    principal = optional_principal(request)
    if principal is None:
        raise _unauthorized(LOGIN_REQUIRED)
    return principal


def current_principal(request: Request) -> Principal:
    """The authenticated principal of a reading role: 401 without a valid bearer token,
    403 for a sender (a system's account that may only send records to POST /fhir)."""
    principal = authenticated_principal(request)
    if not principal.reads:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=SENDER_ONLY)
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: str) -> Callable[[Principal], Principal]:
    """A dependency that admits only the given roles (403 for the others). A sender is
    admitted only where `roles` names it."""

    def dependency(principal: Annotated[Principal, Depends(authenticated_principal)],
                   ) -> Principal:
        if principal.role == "sender" and "sender" not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail=SENDER_ONLY)
        if principal.role not in roles:
            raise HTTPException(status.HTTP_403_FORBIDDEN,
                                detail=f"Нет доступа для роли {principal.role}: это доступно "
                                       f"ролям {', '.join(roles)}.")
        return principal

    return dependency
