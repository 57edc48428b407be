"""``onkopassport pathway …``: refresh the region, load the routing order, deliver webhooks."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from domain.calendar import parse_day
from onkopassport.errors import OnkopassportError
from onkopassport.settings import get_settings

app = typer.Typer(help="Маршруты, сроки, разрывы и уведомления.", no_args_is_help=True)
console = Console()

Today = Annotated[str | None, typer.Option(help="Дата расчёта (ГГГГ-ММ-ДД), по умолчанию "
                                                 "сегодня.")]


def _graph():  # type: ignore[no-untyped-def]
    from graph.database import Graph

    return Graph.connect(get_settings())


def _day(value: str | None) -> date:
    return parse_day(value, "--today")


@app.command("refresh")
def refresh(today: Today = None, batch_size: int = 500) -> None:
    """Rebuild routes, deadlines, gaps and notifications of every passport."""
    from pathway import refresh_all

    graph = _graph()
    try:
        with console.status("Пересчёт маршрутов") as status:
            summary = refresh_all(graph, _day(today), batch_size, progress=lambda n: status.update(
                f"Пересчёт маршрутов: {n} пациентов"))
    except OnkopassportError as error:
        console.print(f"[red]Ошибка:[/red] {error}")
        raise typer.Exit(code=1) from error
    finally:
        graph.close()
    console.print(f"Пациентов: {summary.patients}, сроков: {summary.deadlines}, "
                  f"разрывов: {summary.gaps}, уведомлений: {summary.notifications}")


@app.command("load-routing")
def load_routing(csv: Annotated[Path, typer.Argument(exists=True, dir_okay=False)]) -> None:
    """Load the regional routing order (routing.csv of the region)."""
    from pathway.routing_order import load_routing_csv

    graph = _graph()
    try:
        console.print(f"Правил маршрутизации: {load_routing_csv(graph, csv)}")
    except OnkopassportError as error:
        console.print(f"[red]Ошибка:[/red] {error}")
        raise typer.Exit(code=1) from error
    finally:
        graph.close()


@app.command("deliver")
def deliver(webhook_url: str, interval: float = 5.0, once: bool = False) -> None:
    """Deliver notification webhooks from the outbox (keeps running unless --once)."""
    from pathway.outbox import deliver_due

    graph = _graph()
    try:
        while True:
            report = deliver_due(graph, webhook_url)
            if report.delivered or report.retried or report.dead:
                console.print(f"доставлено {report.delivered}, повтор {report.retried}, "
                              f"отказ {report.dead}")
            if once:
                break
            time.sleep(interval)
    finally:
        graph.close()
