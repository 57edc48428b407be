"""Access checks for GraphQL resolvers of every area."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from api.security import LOGIN_REQUIRED, READING_ROLES, SENDER_ONLY, Principal
from onkopassport.errors import AccessDeniedError


class NotAuthenticatedError(AccessDeniedError):
    """The request carries no valid bearer token."""


def require_principal(info: Any, roles: Iterable[str] | None = None) -> Principal:
    """The request's principal; raises when anonymous or when its role is not in `roles`.

    Use in any resolver: ``principal = require_principal(info, roles={"coordinator",
    "admin"})``. Row-level filtering still belongs in the Cypher (pass
    ``**principal.query_scope()``). Without `roles`, every reading role is admitted — a
    sender never is (the /graphql endpoint refuses it before any resolver, too).
    """
    principal: Principal | None = info.context.principal
    if principal is None:
        response = getattr(info.context, "response", None)
        if response is not None:  # over HTTP: answer 401 like every other data endpoint
            response.status_code = 401
        raise NotAuthenticatedError(LOGIN_REQUIRED)
    allowed = set(roles) if roles is not None else None
    if not (principal.reads if allowed is None else principal.role in allowed):
        raise role_refusal(principal, READING_ROLES if allowed is None else allowed)
    return principal


def role_refusal(principal: Principal, allowed: Iterable[str]) -> AccessDeniedError:
    """The refusal of a role that `allowed` does not name, in the words every resolver uses
    (a sender's says what its account is for)."""
    if principal.role == "sender":
        return AccessDeniedError(SENDER_ONLY)
    return AccessDeniedError(f"Нет доступа для роли {principal.role}: это доступно ролям "
                             f"{', '.join(sorted(allowed))}.")
