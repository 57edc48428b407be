"""Row-level scope: who sees which patients, as parameters of the Cypher filters.

Every scoped query takes $role, $organizationOid and $district (`Principal.query_scope`).
A missing principal is an admin only in development and tests, until authentication
(issue 6) is wired in: `scope_for` is the one place to tighten.
"""

from __future__ import annotations

import os
from typing import Any

from api.security import Principal
from onkopassport.errors import AccessDeniedError

_TRUSTED_ENVIRONMENTS = ("development", "test")
DEV_PRINCIPAL = Principal(user_id="dev-admin", role="admin")


def effective_principal(principal: Principal | None) -> Principal:
    """The principal to filter by; anonymous callers only outside production."""
    if principal is not None:
        return principal
    if os.environ.get("ONKO_ENVIRONMENT", "development") in _TRUSTED_ENVIRONMENTS:
        return DEV_PRINCIPAL
    raise AccessDeniedError("Войдите в систему: запрос без учётной записи не разрешён.")


def scope_for(principal: Principal | None) -> dict[str, Any]:
    """Scope parameters plus the user id (for per-user read marks)."""
    effective = effective_principal(principal)
    return {**effective.query_scope(), "userId": effective.user_id}
