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

vimis_app = typer.Typer(help="Exchange with VIMIS «Онкология»: the outbox and its statuses.",
                        no_args_is_help=True)
console = Console()


def _graph() -> Graph:
    return Graph.connect(get_settings())


@vimis_app.command("enqueue")
def enqueue_command(
    patient: Annotated[list[str] | None,
                       typer.Option(help="Only these patientIds (repeatable).")] = None,
) -> None:
    """Build СЭМД for new or changed records and queue them (nothing for unchanged ones)."""
    graph = _graph()
    try:
        report = enqueue(graph, get_settings(), utc_now(), patient or None)
    except OnkopassportError as error:
        console.print(f"[red]Error:[/red] {error}")
        raise typer.Exit(1) from error
    finally:
        graph.close()
    console.print(f"{report.candidates} records VIMIS takes: {report.queued} queued "
                  f"({report.updates} updates), {report.unchanged} unchanged.")


@vimis_app.command("send")
def send_command(
    endpoint: str | None = typer.Option(None, help="sendDocument URL (default: settings)."),
    watch: bool = typer.Option(False, help="Keep sending until every message is answered."),
    max_seconds: float = typer.Option(600.0, help="With --watch: give up after this long."),
) -> None:
    """Send due messages (pending ones, retries whose backoff has passed)."""
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
                    console.print(f"[yellow]Neo4j unavailable, retrying:[/yellow] {error}")
                    time.sleep(2.0)
                    continue
                finally:
                    if time.monotonic() > deadline:
                        watch = False
                console.print(f"sent {report.sent}, retry later {report.deferred}, "
                              f"refused {report.refused}")
                if not watch or done:
                    break
                if report.claimed == 0:
                    time.sleep(1.0)
    except OnkopassportError as error:
        console.print(f"[red]Error:[/red] {error}")
        raise typer.Exit(1) from error
    finally:
        graph.close()


@vimis_app.command("status")
def status_command(
    patient: str | None = typer.Option(None, help="Show this patient's messages."),
    organization: str | None = typer.Option(None, help="Only this organisation (ФРМО OID)."),
) -> None:
    """What was sent and what came back, per organisation (or for one patient)."""
    graph = _graph()
    try:
        if patient:
            table = Table("message", "docType", "version", "state", "attempts", "answer")
            for m in messages_of_patient(graph, patient):
                table.add_row(m["messageId"], str(m["docType"]), str(m["version"]), m["state"],
                              str(m["attempts"]), m.get("resultDescription") or
                              m.get("lastError") or "")
        else:
            table = Table("organisation", "name", *STATES)
            for org in organization_statuses(graph, organization):
                table.add_row(org.oid or "—", org.name or "",
                              *(str(org.counts.get(s, 0)) for s in STATES))
    except OnkopassportError as error:
        console.print(f"[red]Error:[/red] {error}")
        raise typer.Exit(1) from error
    finally:
        graph.close()
    console.print(table)


@vimis_app.command("standin")
def standin_command(
    port: int = typer.Option(8790, help="Port on 127.0.0.1."),
    callback_url: str = typer.Option("http://127.0.0.1:8000/vimis/callback"),
) -> None:
    """Run the local VIMIS stand-in (tests and the demo)."""
    from vimis.standin.__main__ import main

    main(["--port", str(port), "--callback-url", callback_url])
