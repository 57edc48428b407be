"""Applying `sendResult(msg_id, status, description)`: idempotent, order-insensitive.

The first final status (accepted / rejected) is kept; a repeat is only counted; an interim
status never undoes a final one; a contradicting final status is stored for review.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from graph.database import Graph
from vimis.errors import VimisResultError

log = logging.getLogger(__name__)

# VIMIS result codes and their meaning for the outbox (verify the federal vocabulary).
FINAL_STATUSES = {"accepted": "accepted", "success": "accepted", "ok": "accepted",
                  "rejected": "rejected", "error": "rejected", "fail": "rejected"}
INTERIM_STATUSES = {"received", "processing", "queued"}


@dataclass(frozen=True)
class ResultOutcome:
    message_id: str
    state: str
    changed: bool  # False for a duplicate or stale callback


def apply_result(graph: Graph, msg_id: str, status: str, description: str | None,
                 now: datetime) -> ResultOutcome:
    wanted = status.strip().lower()
    final = wanted in FINAL_STATUSES
    if not final and wanted not in INTERIM_STATUSES:
        raise VimisResultError(
            f"sendResult status '{status}' is unknown; expected one of "
            f"{sorted(FINAL_STATUSES) + sorted(INTERIM_STATUSES)}")
    rows = graph.write("apply_vimis_result", messageId=msg_id, final=final,
                       status=FINAL_STATUSES.get(wanted, wanted), description=description,
                       now=now.isoformat())
    if not rows:
        raise VimisResultError(f"sendResult for unknown message '{msg_id}'")
    row = rows[0]
    changed = row["before"] != row["state"]
    if not changed:
        log.info("VIMIS result %s for %s changed nothing (state %s)", status, msg_id,
                 row["state"])
    return ResultOutcome(msg_id, row["state"], changed)
