"""`onkopassport report form7|form35 --year Y --format xlsx|csv --out FILE`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console

from analytics.export import render
from analytics.forms import FormTable, build_form7, build_form35
from graph.database import Graph
from onkopassport.settings import get_settings

report_app = typer.Typer(help="Статистические формы № 7 и № 35 в XLSX или CSV.",
                         no_args_is_help=True)
console = Console()

YEAR = typer.Option(..., "--year", help="Отчётный год.")
FORMAT = typer.Option("xlsx", "--format", help="xlsx или csv.")
OUT = typer.Option(None, "--out", help="Файл для записи (по умолчанию form<N>-<год>.<формат>).")


def _write(name: str, table_of: Callable[[Graph, int], FormTable], year: int,
           file_format: str, out: Path | None) -> None:
    if file_format not in ("xlsx", "csv"):
        console.print("[red]Ошибка:[/red] --format: допустимы только xlsx или csv")
        raise typer.Exit(code=2)
    graph = Graph.connect(get_settings())
    try:
        table = table_of(graph, year)
    finally:
        graph.close()
    target = out or Path(f"{name}-{year}.{file_format}")
    target.write_bytes(render(table, file_format))
    first_column = table.columns[0][0]
    console.print(f"{table.title}, {year}: всего {table.rows[0].values[first_column]} → {target}")


@report_app.command("form7")
def form7(year: int = YEAR, file_format: str = FORMAT, out: Path | None = OUT) -> None:
    """Форма № 7: впервые выявленные случаи по локализации, полу и стадии."""
    _write("form7", build_form7, year, file_format, out)


@report_app.command("form35")
def form35(year: int = YEAR, file_format: str = FORMAT, out: Path | None = OUT) -> None:
    """Форма № 35: контингент больных, состоящих на учёте."""
    _write("form35", build_form35, year, file_format, out)
