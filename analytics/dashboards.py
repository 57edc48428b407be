"""Dashboard widgets each user configures and keeps: `(:DashboardWidget {widgetId, userId,
title, kind, indicator, config, position})`. `config` is the widget's JSON (year,
filters, dimension); a user reads and changes only their own widgets."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from graph.database import Graph
from onkopassport.errors import InputError

WIDGET_KINDS = ("value", "dynamics", "breakdown", "survival")


class WidgetError(InputError):
    """The widget configuration cannot be saved as given."""


@dataclass(frozen=True)
class Widget:
    widget_id: str
    user_id: str
    title: str
    kind: str
    indicator: str | None
    config: dict[str, Any]
    position: int


def _widget(row: dict[str, Any]) -> Widget:
    try:
        config = json.loads(row.get("config") or "{}")
    except json.JSONDecodeError:
        config = {}
    return Widget(row["widgetId"], row["userId"], row.get("title") or "", row.get("kind") or "",
                  row.get("indicator"), config, int(row.get("position") or 0))


def list_widgets(graph: Graph, user_id: str) -> list[Widget]:
    return [_widget(row) for row in graph.read("fetch_dashboard_widgets", userId=user_id)]


def save_widget(graph: Graph, user_id: str, *, title: str, kind: str,
                indicator: str | None, config: dict[str, Any], position: int = 0,
                widget_id: str | None = None) -> Widget:
    if kind not in WIDGET_KINDS:
        raise WidgetError(f"Неизвестный вид виджета: {kind}; допустимы {', '.join(WIDGET_KINDS)}")
    if not title.strip():
        raise WidgetError("У виджета должно быть название.")
    rows = graph.write("merge_dashboard_widget", widgetId=widget_id or str(uuid.uuid4()),
                       userId=user_id, title=title.strip(), kind=kind, indicator=indicator,
                       config=json.dumps(config, ensure_ascii=False), position=position)
    if not rows:
        # MERGE found someone else's widget with this id: never overwrite it.
        raise WidgetError("Виджет с таким идентификатором принадлежит другому пользователю.")
    return _widget(rows[0])


def delete_widget(graph: Graph, user_id: str, widget_id: str) -> bool:
    rows = graph.write("delete_dashboard_widget", widgetId=widget_id, userId=user_id)
    return bool(rows and rows[0]["removed"])
