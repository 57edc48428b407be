"""Survival curves and dashboard widgets on the real graph."""

from __future__ import annotations

from datetime import date

import pytest

from analytics.dashboards import WidgetError, delete_widget, list_widgets, save_widget
from analytics.survival import build_survival
from graph.database import Graph
from tests.integration.analytics.scenario import build_region

pytestmark = pytest.mark.integration


def test_survival_by_stage_follows_deaths(graph: Graph) -> None:
    build_region(graph)
    curves = build_survival(graph, 2024, 2025, today=date(2026, 1, 1))
    overall = curves[0]
    assert overall.group == "всего"
    assert (overall.patients, overall.deaths) == (11, 3)
    assert overall.points[0].survival == 1.0
    assert overall.one_year is not None and 0.7 < overall.one_year < 1.0
    assert overall.five_year is None  # nobody followed for five years yet
    by_stage = {c.group: c for c in curves[1:]}
    assert by_stage["IV"].deaths == 2
    assert by_stage["I"].deaths == 0 and by_stage["I"].points[-1].survival == 1.0


def test_widgets_are_kept_per_user(graph: Graph) -> None:
    widget = save_widget(graph, "authority-1", title="Ранняя выявляемость", kind="dynamics",
                         indicator="early_detection", config={"year": 2025})
    save_widget(graph, "authority-2", title="Чужой", kind="value", indicator=None, config={})
    assert [w.title for w in list_widgets(graph, "authority-1")] == ["Ранняя выявляемость"]
    renamed = save_widget(graph, "authority-1", title="Ранняя, Северный", kind="dynamics",
                          indicator="early_detection", config={"district": "Северный"},
                          widget_id=widget.widget_id)
    assert renamed.config == {"district": "Северный"}
    with pytest.raises(WidgetError):
        save_widget(graph, "authority-2", title="Захват", kind="value", indicator=None,
                    config={}, widget_id=widget.widget_id)
    assert not delete_widget(graph, "authority-2", widget.widget_id)
    assert delete_widget(graph, "authority-1", widget.widget_id)
    assert list_widgets(graph, "authority-1") == []
