"""Authentication and access: bearer tokens, the user store, and helpers for resolvers.

Public surface for other areas:
- `current_principal` / `PrincipalDep`: FastAPI dependency, 401 without a valid token;
- `require_principal(info, roles=...)`: the same for GraphQL resolvers;
- `principal_from_request(request)`: the principal of a request or None.
"""

from api.auth.dependencies import (
    PrincipalDep,
    current_principal,
    optional_principal,
    principal_from_request,
    require_roles,
)
from api.auth.graphql import require_principal

__all__ = [
    "PrincipalDep",
    "current_principal",
    "optional_principal",
    "principal_from_request",
    "require_principal",
    "require_roles",
]
