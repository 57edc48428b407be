"""Sending the outbox: lease due messages, call `sendDocument`, record what happened.

Delivery is at least once (a lease that expires after a crash, or a timeout after VIMIS did
receive the message, both lead to a resend); VIMIS deduplicates by our message id and
`results` keeps the first final status, so every message ends accepted or rejected once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graph.database import Graph
from onkopassport.settings import Settings
from vimis.errors import VimisRefusedError, VimisTransportError
from vimis.results import apply_result
from vimis.soap import SendDocument
from vimis.transport import VimisClient

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SendPolicy:
    retry_base_s: float = 30.0
    retry_cap_s: float = 3600.0
    result_timeout_s: float = 86400.0
    lease_s: float = 120.0  # longer than one send can take, so two senders never overlap
    batch_size: int = 50

    @classmethod
    def from_settings(cls, settings: Settings) -> SendPolicy:
        return cls(retry_base_s=settings.vimis_retry_base_s,
                   retry_cap_s=settings.vimis_retry_cap_s,
                   result_timeout_s=settings.vimis_result_timeout_s,
                   lease_s=max(120.0, 4 * settings.vimis_read_timeout_s))


@dataclass
class SendReport:
    claimed: int = 0
    sent: int = 0
    deferred: int = 0
    refused: int = 0
    errors: list[str] = field(default_factory=list)


def _envelope(row: dict[str, Any]) -> SendDocument:
    return SendDocument(vmcl=int(row["vmcl"]), doc_type=int(row["docType"]),
                        doc_type_version=str(row["docTypeVersion"]),
                        trigger_point=int(row["triggerPoint"]), local_uid=row["messageId"],
                        organization=row["organizationOid"] or "", document=row["document"])


def send_due(graph: Graph, client: VimisClient, policy: SendPolicy,
             clock: Clock = utc_now) -> SendReport:
    """One pass: lease up to `batch_size` due messages and send each once."""
    report = SendReport()
    due = graph.write("claim_due_vimis_messages", now=clock().isoformat(),
                      limit=policy.batch_size, leaseMs=int(policy.lease_s * 1000))
    report.claimed = len(due)
    sent: list[dict[str, Any]] = []
    deferred: list[dict[str, Any]] = []
    for row in due:
        try:
            vimis_msg_id = client.send_document(_envelope(row))
        except VimisRefusedError as error:
            report.refused += 1
            apply_result(graph, row["messageId"], "rejected", f"envelope refused: {error}",
                         clock())
        except VimisTransportError as error:
            report.deferred += 1
            report.errors.append(str(error))
            deferred.append({"messageId": row["messageId"], "error": str(error)[:500]})
        else:
            report.sent += 1
            sent.append({"messageId": row["messageId"], "vimisMsgId": vimis_msg_id})
    now = clock().isoformat()
    # Same lock order in every batch writer, so concurrent writers rarely deadlock.
    sent.sort(key=lambda row: row["messageId"])
    deferred.sort(key=lambda row: row["messageId"])
    graph.write_rows("mark_vimis_messages_sent", sent, now=now,
                     resultTimeoutMs=int(policy.result_timeout_s * 1000))
    graph.write_rows("defer_vimis_messages", deferred, now=now,
                     baseMs=policy.retry_base_s * 1000, capMs=policy.retry_cap_s * 1000)
    if report.claimed:
        log.info("VIMIS send pass: %s", report)
    return report


def outbox_counts(graph: Graph) -> dict[str, int]:
    """Messages per state."""
    return {row["state"]: int(row["messages"])
            for row in graph.read("count_vimis_messages_by_state")}


def settled(counts: dict[str, int]) -> bool:
    """Every message has its final answer."""
    return not any(counts.get(state) for state in ("pending", "sent"))
