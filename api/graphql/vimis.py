"""`VimisQuery`: what was sent to VIMIS «Онкология» and what came back.

Per patient (each message with its state and VIMIS's answer) and per organisation (counts
by state). Row-level rules run in the Cypher (`find_vimis_messages_of_patient`).
"""

from __future__ import annotations

from typing import Any

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.auth.graphql import require_principal, role_refusal
from vimis.status import STATES, messages_of_patient, organization_statuses

READERS = {"clinician", "coordinator", "admin"}
# Counts per organisation name no patient: admin, analyst and coordinator see the region's
# (a district's coordinator too), a clinician their organisation's. Any other role — a
# sender, a role added later — is refused, not given the region by default.
REGION_READERS = frozenset({"admin", "analyst", "coordinator"})
ORGANIZATION_READERS = REGION_READERS | {"clinician"}


@strawberry.type(description="One message of the VIMIS outbox.")
class VimisMessage:
    message_id: strawberry.ID
    record_key: str
    record_kind: str | None
    record_date: str | None
    doc_type: int
    version: int
    state: str = strawberry.field(description="pending, sent, accepted or rejected.")
    attempts: int
    organization_oid: str | None
    created_at: str | None
    sent_at: str | None
    result_at: str | None
    result_description: str | None = strawberry.field(
        description="VIMIS's answer (the rejection reason when rejected).")
    last_error: str | None = strawberry.field(description="Last transport failure, if any.")
    replaces: str | None = strawberry.field(description="Message id this update replaces.")
    duplicate_results: int


@strawberry.type(description="VIMIS outbox counts of one author organisation.")
class VimisOrganizationStatus:
    oid: str | None
    name: str | None
    pending: int
    sent: int
    accepted: int
    rejected: int


def _message(row: dict[str, Any]) -> VimisMessage:
    return VimisMessage(
        message_id=strawberry.ID(row["messageId"]), record_key=row["recordKey"],
        record_kind=row.get("recordKind"), record_date=row.get("recordDate"),
        doc_type=int(row["docType"]), version=int(row["version"]), state=row["state"],
        attempts=int(row.get("attempts") or 0), organization_oid=row.get("organizationOid"),
        created_at=row.get("createdAt"), sent_at=row.get("sentAt"),
        result_at=row.get("resultAt"), result_description=row.get("resultDescription"),
        last_error=row.get("lastError"), replaces=row.get("replaces"),
        duplicate_results=int(row.get("duplicateResults") or 0),
    )


@strawberry.type
class VimisQuery:
    @strawberry.field(description="VIMIS messages of one patient, newest first.")
    async def vimis_messages(self, info: Info, patient_id: str,
                             limit: int = 200) -> list[VimisMessage]:
        principal = require_principal(info, roles=READERS)
        rows = await run_in_threadpool(messages_of_patient, info.context.graph, patient_id,
                                       principal.query_scope(), min(max(limit, 1), 1000))
        return [_message(row) for row in rows]

    @strawberry.field(description="VIMIS outbox counts per author organisation.")
    async def vimis_organizations(self, info: Info,
                                  organization_oid: str | None = None
                                  ) -> list[VimisOrganizationStatus]:
        principal = require_principal(info, roles=ORGANIZATION_READERS)
        if principal.role == "clinician":
            if principal.organization_oid is None:
                return []
            organization_oid = principal.organization_oid  # a clinician sees their own
        elif principal.role not in REGION_READERS:
            # a role named in ORGANIZATION_READERS but given no scope here gets nothing
            raise role_refusal(principal, ORGANIZATION_READERS)
        statuses = await run_in_threadpool(organization_statuses, info.context.graph,
                                           organization_oid)
        return [VimisOrganizationStatus(oid=s.oid, name=s.name,
                                        **{state: s.counts.get(state, 0) for state in STATES})
                for s in statuses]
