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

report_app = typer.Typer(help="Statistical forms No. 7 and No. 35 as XLSX or CSV.",
                         no_args_is_help=True)
console = Console()

YEAR = typer.Option(..., "--year", help="Reporting year.")
FORMAT = typer.Option("xlsx", "--format", help="xlsx or csv.")
OUT = typer.Option(None, "--out", help="File to write (default form<N>-<year>.<format>).")


def _write(name: str, table_of: Callable[[Graph, int], FormTable], year: int,
           file_format: str, out: Path | None) -> None:
    if file_format not in ("xlsx", "csv"):
        console.print("[red]--format must be xlsx or csv[/red]")
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
    """Form No. 7: new cases by site, sex and stage."""
    _write("form7", build_form7, year, file_format, out)


@report_app.command("form35")
def form35(year: int = YEAR, file_format: str = FORMAT, out: Path | None = OUT) -> None:
    """Form No. 35: the contingent on the register."""
    _write("form35", build_form35, year, file_format, out)
