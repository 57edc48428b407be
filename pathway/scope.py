"""Row-level scope: who sees which patients, as parameters of the Cypher filters.

Every scoped query takes $role, $organizationOid and $district (`Principal.query_scope`).
There is no anonymous access: the API authenticates every request (api/auth), and a
call without a principal is refused here as well, whatever the environment.
"""

from __future__ import annotations

from typing import Any

from api.security import Principal
from onkopassport.errors import AccessDeniedError


def effective_principal(principal: Principal | None) -> Principal:
    """The principal to filter by; a request without one is refused."""
    if principal is not None:
        return principal
    raise AccessDeniedError("Войдите в систему: запрос без учётной записи не разрешён.")


def scope_for(principal: Principal | None) -> dict[str, Any]:
    """Scope parameters plus the user id (for per-user read marks)."""
    effective = effective_principal(principal)
    return {**effective.query_scope(), "userId": effective.user_id}
