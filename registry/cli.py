"""``onkopassport registry …``: rebuild, legacy import, export, quality summary."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from domain.calendar import parse_day
from onkopassport.errors import OnkopassportError
from onkopassport.settings import get_settings

app = typer.Typer(help="Раковый регистр: пересчёт, импорт, выгрузка, контроль качества.",
                  no_args_is_help=True)
console = Console()


def _graph():  # type: ignore[no-untyped-def]
    from graph.database import Graph

    return Graph.connect(get_settings())


def _fail(error: OnkopassportError) -> None:
    console.print(f"[red]Ошибка:[/red] {error}")
    raise typer.Exit(code=1)


Today = Annotated[str | None, typer.Option(help="Дата расчёта (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ), "
                                                 "по умолчанию сегодня.")]


@app.command("rebuild")
def rebuild(today: Today = None) -> None:
    """Пересчитать все записи регистра по данным графа."""
    from registry.rebuild import rebuild_registry

    graph = _graph()
    try:
        with console.status("Пересчёт регистра"):
            summary = rebuild_registry(graph, _day(today))
    except OnkopassportError as error:
        _fail(error)
    finally:
        graph.close()
    console.print(f"Пациентов: {summary.patients}, записей регистра: {summary.entries}, "
                  f"случаев DCO: {summary.dco_cases}")


@app.command("import")
def import_legacy(
    folder: Annotated[Path, typer.Argument(
        exists=True, file_okay=False, help="Папка с patients.csv, tumours.csv, sources.csv")],
    today: Today = None,
) -> None:
    """Импортировать выгрузку прежнего регистра (CSV в стиле CanReg5); непригодные строки
    попадают в карантин."""
    from registry.legacy.importer import import_registry

    graph = _graph()
    try:
        with console.status(f"Импорт {folder}"):
            summary = import_registry(graph, folder, today=_day(today),
                                      received_at=datetime.now(UTC))
    except OnkopassportError as error:
        _fail(error)
    finally:
        graph.close()
    table = Table("Файл", "Получено", "Сохранено", "В карантине")
    for name, counts in summary.counts.items():
        table.add_row(f"{name}.csv", *(str(counts[k]) for k in
                                       ("received", "stored", "quarantined")))
    console.print(table)
    for reason in summary.reasons:
        console.print(f"  [yellow]карантин[/yellow] {reason}")
    console.print("Сверка: получено = сохранено + в карантине — "
                  + ("[green]сходится[/green]" if summary.reconciles else "[red]НЕ сходится[/red]"))


@app.command("export")
def export(
    out: Annotated[Path, typer.Option("--out", help="Файл выгрузки.")],
    fmt: Annotated[str, typer.Option("--format", help="csv или xlsx.")] = "csv",
    on_register_at: Annotated[str | None, typer.Option(
        help="Только состоящие на учёте на эту дату (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ).")] = None,
) -> None:
    """Выгрузить регистр в CSV или XLSX с русскими заголовками столбцов."""
    from registry.export import write_export
    from registry.table import RegistryFilter, read_registry

    if fmt not in ("csv", "xlsx"):
        raise typer.BadParameter("--format: csv или xlsx")
    graph = _graph()
    try:
        at = parse_day(on_register_at, "--on-register-at") if on_register_at else None
        rows = read_registry(graph, RegistryFilter(on_register_at=at))
    except OnkopassportError as error:
        _fail(error)
    finally:
        graph.close()
    written = write_export(rows, out, fmt)  # type: ignore[arg-type]
    console.print(f"Выгружено записей: {written} → {out}")


@app.command("quality")
def quality(today: Today = None) -> None:
    """Сводка проверок качества: число результатов по каждой проверке и оценке."""
    from registry.review import quality_results

    graph = _graph()
    try:
        results = quality_results(graph, _day(today))
    except OnkopassportError as error:
        _fail(error)
    finally:
        graph.close()
    summary = results.groupby(["check", "grade"]).size().unstack(fill_value=0)
    table = Table("Проверка", *summary.columns)
    for check, row in summary.iterrows():
        table.add_row(str(check), *(str(v) for v in row))
    console.print(table)


def _day(text: str | None) -> date:
    return parse_day(text, "--today")
