"""`onkopassport vimis …`: queue, send and inspect the VIMIS outbox."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph.database import Graph
from onkopassport.errors import DatabaseUnavailableError, OnkopassportError
from onkopassport.settings import get_settings
from vimis.outbox import enqueue
from vimis.sender import SendPolicy, outbox_counts, send_due, settled, utc_now
from vimis.status import STATES, messages_of_patient, organization_statuses
from vimis.transport import TransportConfig, VimisClient

vimis_app = typer.Typer(help="Обмен с ВИМИС «Онкология»: очередь исходящих сообщений и их "
                             "статусы.", no_args_is_help=True)
console = Console()
# Column headers of the per-organisation table; the state names stay as VIMIS has them.
STATE_HEADERS = {"pending": "ожидает (pending)", "sent": "отправлено (sent)",
                 "accepted": "принято (accepted)", "rejected": "отклонено (rejected)"}


def _graph() -> Graph:
    return Graph.connect(get_settings())


@vimis_app.command("enqueue")
def enqueue_command(
    patient: Annotated[list[str] | None,
                       typer.Option(help="Только эти patientId (параметр можно "
                                         "повторять).")] = None,
) -> None:
    """Собрать СЭМД для новых и изменившихся записей и поставить их в очередь (для
    неизменившихся ничего не делается)."""
    graph = _graph()
    try:
        report = enqueue(graph, get_settings(), utc_now(), patient or None)
    except OnkopassportError as error:
        console.print(f"[red]Ошибка:[/red] {error}")
        raise typer.Exit(1) from error
    finally:
        graph.close()
    console.print(f"Записей, которые принимает ВИМИС: {report.candidates}; поставлено в "
                  f"очередь: {report.queued} (из них обновлений: {report.updates}); без "
                  f"изменений: {report.unchanged}.")


@vimis_app.command("send")
def send_command(
    endpoint: str | None = typer.Option(None, help="Адрес sendDocument (по умолчанию из "
                                        "настроек)."),
    watch: bool = typer.Option(False, help="Отправлять, пока на каждое сообщение не придёт "
                               "ответ."),
    max_seconds: float = typer.Option(600.0, help="С --watch: через сколько секунд "
                                      "прекратить."),
) -> None:
    """Отправить сообщения, которым подошёл срок: ожидающие отправки и повторные, у которых
    истекла пауза перед повтором."""
    settings = get_settings()
    config = TransportConfig.from_settings(settings)
    if endpoint:
        config = TransportConfig(endpoint, config.connect_timeout_s, config.read_timeout_s,
                                 config.client_cert, config.client_key, config.ca_bundle)
    graph = _graph()
    deadline = time.monotonic() + max_seconds
    try:
        with VimisClient(config) as client:
            while True:
                try:
                    report = send_due(graph, client, SendPolicy.from_settings(settings))
                    done = settled(outbox_counts(graph))
                except DatabaseUnavailableError as error:
                    if not watch:
                        raise
                    # The outbox lives in Neo4j: wait for it to come back, lose nothing.
                    console.print(f"[yellow]Neo4j недоступен, повторная попытка:[/yellow] {error}")
                    time.sleep(2.0)
                    continue
                finally:
                    if time.monotonic() > deadline:
                        watch = False
                console.print(f"отправлено {report.sent}, отложено для повтора "
                              f"{report.deferred}, отклонено {report.refused}")
                if not watch or done:
                    break
                if report.claimed == 0:
                    time.sleep(1.0)
    except OnkopassportError as error:
        console.print(f"[red]Ошибка:[/red] {error}")
        raise typer.Exit(1) from error
    finally:
        graph.close()


@vimis_app.command("status")
def status_command(
    patient: str | None = typer.Option(None, help="Показать сообщения этого пациента "
                                       "(patientId)."),
    organization: str | None = typer.Option(None, help="Только эта организация (OID по "
                                            "ФРМО)."),
) -> None:
    """Что отправлено и что пришло в ответ — по организациям (или по одному пациенту)."""
    graph = _graph()
    try:
        if patient:
            table = Table("сообщение", "docType", "версия", "состояние", "попыток", "ответ")
            for m in messages_of_patient(graph, patient):
                table.add_row(m["messageId"], str(m["docType"]), str(m["version"]), m["state"],
                              str(m["attempts"]), m.get("resultDescription") or
                              m.get("lastError") or "")
        else:
            table = Table("организация", "название", *(STATE_HEADERS.get(s, s) for s in STATES))
            for org in organization_statuses(graph, organization):
                table.add_row(org.oid or "—", org.name or "",
                              *(str(org.counts.get(s, 0)) for s in STATES))
    except OnkopassportError as error:
        console.print(f"[red]Ошибка:[/red] {error}")
        raise typer.Exit(1) from error
    finally:
        graph.close()
    console.print(table)


@vimis_app.command("standin")
def standin_command(
    port: int = typer.Option(8790, help="Порт на 127.0.0.1."),
    callback_url: str = typer.Option("http://127.0.0.1:8000/vimis/callback",
                                     help="Куда заглушка отправляет sendResult (адрес "
                                          "обратного вызова паспорта)."),
) -> None:
    """Запустить локальную заглушку ВИМИС (для тестов и демонстрации)."""
    from vimis.standin.__main__ import main

    main(["--port", str(port), "--callback-url", callback_url])
