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

Today = Annotated[str | None, typer.Option(help="Дата расчёта (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ), "
                                                 "по умолчанию сегодня.")]


def _graph():  # type: ignore[no-untyped-def]
    from graph.database import Graph

    return Graph.connect(get_settings())


def _day(value: str | None) -> date:
    return parse_day(value, "--today")


@app.command("refresh")
def refresh(today: Today = None,
            batch_size: Annotated[int, typer.Option(help="Пациентов за один шаг.")] = 500,
            ) -> None:
    """Пересчитать маршруты, сроки, разрывы и уведомления всех паспортов."""
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
def load_routing(csv: Annotated[Path, typer.Argument(
        exists=True, dir_okay=False, help="Файл routing.csv региона.")]) -> None:
    """Загрузить региональный порядок маршрутизации (routing.csv региона)."""
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
def deliver(
    webhook_url: Annotated[str, typer.Argument(help="Адрес (URL), на который отправлять "
                                                    "уведомления.")],
    interval: Annotated[float, typer.Option(help="Пауза между проверками очереди, секунд.")
                        ] = 5.0,
    once: Annotated[bool, typer.Option(help="Один проход по очереди и выход.")] = False,
) -> None:
    """Доставить уведомления (webhook) из очереди исходящих; работает непрерывно, если не
    указан --once."""
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
