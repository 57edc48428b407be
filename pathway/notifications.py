"""Notifications as the API lists them: per organisation and user, marked read per user."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from api.security import Principal
from graph.database import Graph
from onkopassport.errors import NotFoundError
from pathway.cursor import decode_cursor, encode_cursor
from pathway.errors import CursorError
from pathway.facts import _native
from pathway.scope import scope_for


@dataclass(frozen=True)
class NotificationView:
    notification_id: str
    patient_id: str
    kind: str
    severity: str
    title: str
    text: str
    event_on: date
    created_on: date
    organization_oids: list[str]
    read: bool
    cursor: str


@dataclass
class NotificationPage:
    items: list[NotificationView] = field(default_factory=list)
    has_next_page: bool = False
    end_cursor: str | None = None


def _view(row: dict[str, Any]) -> NotificationView:
    n = row["notification"]
    created = _native(n["createdOn"])
    return NotificationView(
        notification_id=n["notificationId"], patient_id=n["patientId"], kind=n["kind"],
        severity=n["severity"], title=n["title"], text=n["text"],
        event_on=_native(n["eventOn"]), created_on=created,
        organization_oids=list(n.get("organizationOids") or []), read=bool(row["read"]),
        cursor=encode_cursor(created.isoformat(), n["notificationId"]),
    )


def list_notifications(graph: Graph, principal: Principal | None, *,
                       organization_oid: str | None = None, patient_id: str | None = None,
                       unread_only: bool = False, first: int = 50,
                       after: str | None = None) -> NotificationPage:
    """Notifications the principal may see (clinicians: their organisation's)."""
    position = decode_cursor(after, (str, str))  # (createdOn, notificationId)
    size = max(1, min(first, 200))
    rows = graph.read(
        "find_notifications", **scope_for(principal), filterOrganization=organization_oid,
        patientId=patient_id, unreadOnly=unread_only, limit=size + 1,
        afterCreatedOn=_cursor_day(position[0]) if position else None,
        afterId=position[1] if position else None)
    items = [_view(r) for r in rows[:size]]
    return NotificationPage(items, len(rows) > size, items[-1].cursor if items else None)


def mark_notification_read(graph: Graph, principal: Principal | None,
                           notification_id: str) -> NotificationView:
    """Mark read for this user; NotFoundError when absent or not visible to them."""
    rows = graph.write("mark_notification_read", **scope_for(principal),
                       notificationId=notification_id)
    if not rows:
        raise NotFoundError(f"Уведомление {notification_id} не найдено или недоступно.")
    return _view(rows[0])


def _cursor_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CursorError("Курсор страницы не подходит к этому списку.") from None
