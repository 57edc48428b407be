"""Who is asking: the authenticated principal every API layer passes down.

Authentication (bearer tokens) lives in `api/auth/`; this module only defines the shape
that resolvers and queries receive, so that row-level rules can be enforced in Cypher.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["clinician", "coordinator", "analyst", "admin", "sender"]
# The roles of people who read the passport. A `sender` (a medical information system)
# only writes FHIR Bundles to POST /fhir and lists/reads its own quarantined input
# (GET /quarantine): every other reading endpoint refuses it, whatever the endpoint's own
# rule says about the roles it knows.
READING_ROLES: frozenset[str] = frozenset({"clinician", "coordinator", "analyst", "admin"})
SENDER_ONLY = ("Учётная запись информационной системы (роль sender) только отправляет записи "
               "FHIR в POST /fhir и видит свои записи в карантине (GET /quarantine), больше "
               "ничего не читает: для чтения войдите под пользователем другой роли.")
LOGIN_REQUIRED = ("Нужен вход: передайте заголовок Authorization: Bearer <токен> (получить: "
                  "POST /auth/token).")


@dataclass(frozen=True)
class Principal:
    """An authenticated user: a clinician is bound to an organisation, a coordinator to a
    district (None = the whole region); analysts see de-identified aggregates only; a
    sender (a medical information system) to its `source`, the system name its records
    are stored under (`source|Type|id`)."""

    user_id: str
    role: Role
    organization_oid: str | None = None
    district: str | None = None
    source: str | None = None

    @property
    def sees_identities(self) -> bool:
        # a list of the roles that do, not "everyone but analysts": a role added later
        # (the sender) must not see names and СНИЛС by default
        return self.role in ("clinician", "coordinator", "admin")

    @property
    def reads(self) -> bool:
        """Whether this principal reads the passport (every role but the sender, which sees
        only its own quarantined input)."""
        return self.role in READING_ROLES

    def query_scope(self) -> dict[str, str | None]:
        """Parameters every row-level Cypher filter takes ($role, $organizationOid, $district)."""
        return {"role": self.role, "organizationOid": self.organization_oid,
                "district": self.district}
