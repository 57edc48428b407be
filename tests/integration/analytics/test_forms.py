"""Forms No. 7 and No. 35 on the real graph: counts, and row and column sums."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from analytics.export import to_csv, to_xlsx
from analytics.forms import OTHER_ROW, TOTAL_ROW, build_form7, build_form35
from graph.database import Graph
from tests.factories import add_patient, add_tumor
from tests.integration.analytics.scenario import build_region

pytestmark = pytest.mark.integration
STAGES = ("stage_I", "stage_II", "stage_III", "stage_IV", "stage_unknown")


def test_form7_counts_new_malignant_cases_of_the_year(graph: Graph) -> None:
    build_region(graph)
    table = build_form7(graph, 2025)
    total = table.row(TOTAL_ROW).values
    # Seven malignant cases in 2025; the in-situ D05.1 is not one.
    assert total["total"] == 7
    assert (total["male"], total["female"]) == (5, 2)
    assert [total[s] for s in STAGES] == [1, 2, 1, 2, 1]
    assert total["verified"] == 6  # the C18.7 case has no morphology
    assert total["active"] == 2
    assert table.row("lung").values["total"] == 2
    assert table.row("breast").values["stage_III"] == 1
    assert table.row(OTHER_ROW).values["total"] == 1  # C77.0 belongs to no listed group


def test_form7_rows_and_columns_add_up(graph: Graph) -> None:
    build_region(graph)
    table = build_form7(graph, 2025)
    for row in table.rows:
        assert sum(row.values[s] for s in STAGES) == row.values["total"], row.row_id
        assert row.values["male"] + row.values["female"] <= row.values["total"]
    site_rows = [r for r in table.rows if r.row_id != TOTAL_ROW]
    for key, _ in table.columns:
        assert sum(r.values[key] for r in site_rows) == table.row(TOTAL_ROW).values[key], key


def test_form35_balances_start_taken_removed_end(graph: Graph) -> None:
    build_region(graph)
    table = build_form35(graph, 2025)
    total = table.row(TOTAL_ROW).values
    # Start of 2025: the 2019 case and three of 2024 (the C16 patient died in 2024).
    assert total["start"] == 4
    assert total["taken"] == 7
    assert (total["removed"], total["died"]) == (2, 2)  # C18 (Dec 2025), C34.1 (Aug 2025)
    assert total["end"] == 9
    assert total["five_years"] == 1  # only the 2019 case
    assert total["group_II"] + total["group_III"] + total["group_IV"] \
        + total["group_other"] == total["end"]
    for row in table.rows:
        values = row.values
        assert values["start"] + values["taken"] - values["removed"] == values["end"], row.row_id
        assert values["died"] + values["moved"] + values["not_confirmed"] <= values["removed"]
    site_rows = [r for r in table.rows if r.row_id != TOTAL_ROW]
    for key, _ in table.columns:
        assert sum(r.values[key] for r in site_rows) == total[key], key


def test_form35_counts_removals_the_registry_recorded(graph: Graph) -> None:
    patient = add_patient(graph, "moved-away", snils=None)
    tumor = add_tumor(graph, patient, "C64", date(2023, 5, 1))
    graph.write_text("MATCH (t:Tumor {tumorId: $id}) SET t.removedOn = $on, "
                     "t.removalReason = 'moved'", id=tumor, on=date(2025, 3, 1))
    values = build_form35(graph, 2025).row("kidney").values
    assert (values["start"], values["removed"], values["moved"], values["end"]) == (1, 1, 1, 0)


def test_exports_carry_russian_headers_and_the_same_numbers(graph: Graph) -> None:
    build_region(graph)
    table = build_form7(graph, 2025)
    lines = list(csv.reader(io.StringIO(to_csv(table).decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["№ строки", "Локализация", "Всего"]
    assert lines[1][2] == "7"
    sheet = load_workbook(io.BytesIO(to_xlsx(table))).active
    assert sheet["C2"].value == "Всего"
    assert sheet["C3"].value == 7
    assert "Форма № 7" in sheet["A1"].value


def test_form35_reads_removals_from_the_registry_entries(graph: Graph) -> None:
    patient = add_patient(graph, "two-primaries", snils=None)
    skin = add_tumor(graph, patient, "C44.3", date(2018, 5, 1), morphology="8090/3",
                     stage="I", sequence=1)
    add_tumor(graph, patient, "C61", date(2021, 5, 1), sequence=2)
    not_confirmed = add_patient(graph, "not-confirmed", snils=None)
    refuted = add_tumor(graph, not_confirmed, "C25.0", date(2024, 11, 1))
    dco = add_patient(graph, "dco-only", snils=None, deceased_on=date(2025, 2, 1))
    graph.write_text("MATCH (t:Tumor {tumorId: $id}) SET t.dco = true",
                     id=add_tumor(graph, dco, "C16.9", date(2025, 2, 1)))
    graph.write_text(
        """
        UNWIND $entries AS e
        MATCH (t:Tumor {tumorId: e.tumorId})
        CREATE (:RegistryEntry {tumorId: e.tumorId, removedOn: e.on, removalReason: e.reason})
               -[:OF_TUMOR]->(t)
        """,
        entries=[{"tumorId": skin, "on": date(2023, 5, 1), "reason": "basal-cell-5-years"},
                 {"tumorId": refuted, "on": date(2025, 1, 20), "reason": "not-confirmed"}])
    table = build_form35(graph, 2025)
    # One of two primaries removed: the patient stays on the register.
    assert table.row("skin-other").values["end"] == 1
    assert table.row("pancreas").values["not_confirmed"] == 1
    assert table.row("pancreas").values["end"] == 0
    # The DCO case is incidence, never contingent.
    assert table.row("stomach").values["taken"] == 0


def test_cli_writes_form7_and_form35_files(graph: Graph, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from onkopassport.cli import app

    build_region(graph)
    runner = CliRunner()
    xlsx, csv_path = tmp_path / "f7.xlsx", tmp_path / "f35.csv"
    result = runner.invoke(app, ["report", "form7", "--year", "2025", "--format", "xlsx",
                                 "--out", str(xlsx)])
    assert result.exit_code == 0, result.output
    assert load_workbook(xlsx).active["C3"].value == 7
    result = runner.invoke(app, ["report", "form35", "--year", "2025", "--format", "csv",
                                 "--out", str(csv_path)])
    assert result.exit_code == 0, result.output
    lines = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].split(";")[2:4] == ["4", "7"]  # start of year, taken on
    bad = runner.invoke(app, ["report", "form7", "--year", "2025", "--format", "pdf"])
    assert bad.exit_code == 2
    assert "--format: допустимы только xlsx или csv" in bad.output
