"""`onkopassport registry import / export` end to end on the real Neo4j."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from graph.database import Graph
from onkopassport.cli import app
from tests.integration.registry.helpers import count

SAMPLE = Path(__file__).parents[2] / "data" / "registry" / "legacy"
runner = CliRunner()


def test_import_then_export_csv_and_xlsx(graph: Graph, tmp_path: Path) -> None:
    imported = runner.invoke(app, ["registry", "import", str(SAMPLE), "--today", "2025-06-30"])
    assert imported.exit_code == 0, imported.output
    assert "сходится" in imported.output and "НЕ сходится" not in imported.output
    assert count(graph, "RegistryEntry") == 12

    csv_file, xlsx_file = tmp_path / "registry.csv", tmp_path / "registry.xlsx"
    assert runner.invoke(app, ["registry", "export", "--format", "csv",
                               "--out", str(csv_file)]).exit_code == 0
    exported = runner.invoke(app, ["registry", "export", "--format", "xlsx",
                                   "--out", str(xlsx_file)])
    assert exported.exit_code == 0, exported.output

    with csv_file.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    assert len(rows) == 12
    breast = next(r for r in rows if r["Идентификатор опухоли"] == "legacy-registry|T-001")
    assert breast["Код МКБ-10"] == "C50.4"
    assert breast["Метод подтверждения диагноза"] == "Гистология первичной опухоли"
    assert breast["Проведённое лечение"] == "Хирургическое лечение"
    assert breast["Выявлен активно (при профосмотре)"] == "да"

    sheet = load_workbook(xlsx_file).active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Идентификатор опухоли", "Идентификатор пациента", "Пол"]
    assert sheet.max_row == 13


def test_export_rejects_an_unknown_format(graph: Graph, tmp_path: Path) -> None:
    result = runner.invoke(app, ["registry", "export", "--format", "pdf",
                                 "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0
