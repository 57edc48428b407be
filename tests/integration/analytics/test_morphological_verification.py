"""One rule of morphological verification from FHIR input to the tumour, the registry
entry and form No. 7 (they used to disagree: a morphology on the Condition counted in
form 7, any pathology report in the registry)."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from analytics.forms import TOTAL_ROW, build_form7
from graph.database import Graph
from onkopassport.cli import app as cli
from onkopassport.settings import Settings
from tests import fhir_factories as f
from tests.integration.registry.helpers import entries, ingest_fully

pytestmark = pytest.mark.integration


def _breast_and_lung_cancer() -> list[dict[str, Any]]:
    """A cancer a pathology report names, and one with a morphology on its diagnosis only."""
    return [f.patient("1", family="Иванова", birth="1960-01-01", snils="112-233-445 95"),
            f.condition("c1", "Patient/1", "C50.4", recorded="2025-02-10"),
            f.pathology_report("r1", "Patient/1", morphology="8500/3"),
            f.patient("2", family="Петрова", birth="1955-05-05", patronymic="Ивановна"),
            f.condition("c2", "Patient/2", "C34.1", morphology="8070/3",
                         recorded="2025-03-10")]


def test_tumour_registry_and_form7_agree_on_morphological_verification(
        graph: Graph, settings: Settings) -> None:
    ingest_fully(graph, settings, [
        *_breast_and_lung_cancer(),
        # the only report names no cancer (a benign finding): not verified
        f.patient("3", family="Сидорова", birth="1950-07-07", patronymic="Олеговна"),
        f.condition("c3", "Patient/3", "C18.7", recorded="2025-04-10"),
        f.pathology_report("r3", "Patient/3", morphology="8140/0",
                           issued="2025-04-05T12:00:00+03:00"),
    ])

    tumours = {row["icd10"]: row for row in graph.read_text(
        "MATCH (t:Tumor) RETURN t.icd10 AS icd10, t.basis AS basis, "
        "t.morphologicallyVerified AS verified")}
    assert {code: (t["basis"], t["verified"]) for code, t in tumours.items()} == {
        "C50.4": (7, True), "C34.1": (1, False), "C18.7": (1, False)}
    registry = {entry["icd10"]: entry["basis"] for entry in entries(graph).values()}
    assert registry == {"C50.4": 7, "C34.1": 1, "C18.7": 1}
    total = build_form7(graph, 2025).row(TOTAL_ROW).values
    assert (total["total"], total["verified"]) == (3, 1)


def test_rederive_brings_what_an_older_rule_derived_up_to_date(
        graph: Graph, settings: Settings) -> None:
    """After an upgrade the stored tumours are of the old rule until their people are
    derived again: `onkopassport rederive` does it for everyone, page by page."""
    ingest_fully(graph, settings, _breast_and_lung_cancer())
    graph.write_text("MATCH (t:Tumor) SET t.basis = 'histology' "
                     "REMOVE t.morphologicallyVerified WITH t "
                     "MATCH (e:RegistryEntry) DETACH DELETE e")
    assert build_form7(graph, 2025).row(TOTAL_ROW).values["verified"] == 0

    result = CliRunner().invoke(cli, ["rederive", "--today", "30.06.2025", "--batch-size", "1"])

    assert result.exit_code == 0, result.output
    assert "Пересчитано: 2 человек" in result.output and "30.06.2025" in result.output
    assert build_form7(graph, 2025).row(TOTAL_ROW).values["verified"] == 1
    assert {entry["icd10"]: entry["basis"] for entry in entries(graph).values()} == {
        "C50.4": 7, "C34.1": 1}
    refused = CliRunner().invoke(cli, ["rederive", "--today", "31.02.2025"])
    assert refused.exit_code == 1 and "--today" in refused.output
