"""Who is asking: the authenticated principal every API layer passes down.

Authentication (bearer tokens) lives in `api/auth/`; this module only defines the shape
that resolvers and queries receive, so that row-level rules can be enforced in Cypher.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["clinician", "coordinator", "analyst", "admin"]


@dataclass(frozen=True)
class Principal:
    """An authenticated user: a clinician is bound to an organisation, a coordinator to a
    district (None = the whole region); analysts see de-identified aggregates only."""

    user_id: str
    role: Role
    organization_oid: str | None = None
    district: str | None = None

    @property
    def sees_identities(self) -> bool:
        return self.role != "analyst"

    def query_scope(self) -> dict[str, str | None]:
        """Parameters every row-level Cypher filter takes ($role, $organizationOid, $district)."""
        return {"role": self.role, "organizationOid": self.organization_oid,
                "district": self.district}
