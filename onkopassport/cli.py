"""The ``onkopassport`` console command."""

from __future__ import annotations

import logging

import typer
from rich.console import Console

from analytics.cli import report_app
from api.auth.cli import users_app
from graph.local_server import LocalNeo4j
from ingest.cli import identity_app, ingest_command, quarantine_app
from onkopassport.errors import OnkopassportError
from onkopassport.russian_cli import RussianGroup
from onkopassport.settings import get_settings
from pathway.cli import app as pathway_app
from registry.cli import app as registry_app
from synth.cli import generate
from vimis.cli import vimis_app

app = typer.Typer(help="Onkopassport: the regional oncology patient passport.",
                  cls=RussianGroup,  # Typer's own words (usage, errors) in Russian
                  pretty_exceptions_show_locals=False,
                  no_args_is_help=True)
db_app = typer.Typer(help="The local Neo4j server the project runs itself.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(vimis_app, name="vimis")
app.command("ingest")(ingest_command)
app.command("generate")(generate)
app.add_typer(quarantine_app, name="quarantine")
app.add_typer(identity_app, name="identity")
app.add_typer(report_app, name="report")
app.add_typer(users_app, name="users")
app.add_typer(registry_app, name="registry")
app.add_typer(pathway_app, name="pathway")
console = Console()


def _fail(error: OnkopassportError) -> None:
    console.print(f"[red]Ошибка:[/red] {error}")
    raise typer.Exit(code=1)


@app.callback()
def main(verbose: bool = typer.Option(False, "--verbose", "-v", help="Log details.")) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@db_app.command("start")
def db_start() -> None:
    """Provision (first time) and start the local Neo4j, then apply the schema and the
    back-fills of data older versions wrote (onkopassport.startup)."""
    settings = get_settings()
    if not settings.uses_local_neo4j:
        console.print(f"NEO4J_URI is set ({settings.neo4j_uri}): using that server, "
                      "starting nothing.")
        return
    from graph.database import Graph
    from onkopassport.startup import prepare_graph

    try:
        with console.status("Starting Neo4j (the first start downloads it from Maven Central)"):
            status = LocalNeo4j(settings).start()
            graph = Graph.connect(settings)
            try:
                prepare_graph(graph)
            finally:
                graph.close()
    except OnkopassportError as error:
        _fail(error)
    console.print(f"Neo4j {status.version} is running on {status.uri} (pid {status.pid}), "
                  f"data in {status.home}")


@db_app.command("stop")
def db_stop() -> None:
    """Shut the local Neo4j down cleanly."""
    settings = get_settings()
    if not settings.uses_local_neo4j:
        console.print("NEO4J_URI is set: that server is not ours to stop.")
        return
    stopped = LocalNeo4j(settings).stop()
    console.print("Neo4j stopped." if stopped else "Neo4j was not running.")


@db_app.command("status")
def db_status() -> None:
    """Whether Neo4j runs, where, and its version."""
    settings = get_settings()
    if not settings.uses_local_neo4j:
        from graph.database import Graph

        graph = Graph.connect(settings)
        try:
            console.print(f"External Neo4j {graph.server_version()} at {settings.neo4j_uri}")
        except OnkopassportError as error:
            _fail(error)
        finally:
            graph.close()
        return
    status = LocalNeo4j(settings).status()
    if status.running:
        console.print(f"running: Neo4j {status.version} on {status.uri} (pid {status.pid}), "
                      f"data in {status.home}")
    else:
        console.print(f"not running ({status.detail}); data folder {status.home}")
        raise typer.Exit(code=3)


@app.command("serve")
def serve(
    host: str | None = typer.Option(None, help="Address to listen on (default from settings)."),
    port: int | None = typer.Option(None, help="Port (default from settings, 8000)."),
    workers: int | None = typer.Option(None, min=1, max=32,
                                       help="Worker processes (default from settings, 1; "
                                       "3 on a 2-core machine shared with Neo4j)."),
) -> None:
    """Run the API and web interface (Neo4j must be running or NEO4J_URI set)."""
    import uvicorn

    from api.app import create_app

    settings = get_settings()
    workers = workers or settings.api_workers
    host, port = host or settings.api_host, port or settings.api_port
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
    else:
        # Several processes need the app by import path; each builds its own from settings.
        uvicorn.run("api.app:create_app", factory=True, workers=workers, host=host, port=port,
                    log_level="info")


@app.command("rederive")
def rederive(
    today: str | None = typer.Option(None, help="Дата расчёта (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ), "
                                     "по умолчанию сегодня."),
    batch_size: int = typer.Option(500, min=1, help="Людей за один шаг."),
) -> None:
    """Re-derive passports, tumours, routes and registry entries of everyone (after an
    upgrade whose derivation rules changed)."""
    from domain.calendar import parse_day
    from graph.database import Graph
    from onkopassport.orchestration import rederive_everyone

    try:
        day = parse_day(today, "--today")
        graph = Graph.connect(get_settings())
        try:
            with console.status("Пересчёт производных данных") as status:
                people = rederive_everyone(graph, day, batch_size, progress=lambda n: status.update(
                    f"Пересчёт производных данных: {n} человек"))
        finally:
            graph.close()
        console.print(f"Пересчитано: {people} человек (паспорта, опухоли, маршруты, регистр) "
                      f"на {day:%d.%m.%Y}")
    except OnkopassportError as error:
        _fail(error)


@app.command("reclassify")
def reclassify(
    today: str | None = typer.Option(None, help="Дата расчёта (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ), "
                                     "по умолчанию сегодня."),
) -> None:
    """Read every stored record again with this version's classifier (after an upgrade that
    reads more from FHIR: care intent, codes), then re-derive the people whose records
    changed."""
    from domain.calendar import parse_day
    from graph.database import Graph
    from onkopassport.orchestration import reclassify_everything

    try:
        day = parse_day(today, "--today")
        settings = get_settings()
        graph = Graph.connect(settings)
        try:
            with console.status("Повторное чтение записей") as status:
                summary = reclassify_everything(
                    graph, day, settings.enp_system, records_read=lambda n: status.update(
                        f"Повторное чтение записей: {n} (и пересчёт людей с изменёнными)"))
        finally:
            graph.close()
    except OnkopassportError as error:
        _fail(error)
    facts = ", ".join(f"{name} {count}" for name, count in summary.changed_facts.most_common())
    console.print(f"Прочитано записей: {summary.read}; изменено: {summary.changed}"
                  + (f" ({facts})" if facts else ""))
    if summary.unreadable:
        console.print(f"[yellow]Не удалось прочитать заново: {len(summary.unreadable)} "
                      "(оставлены как были):[/yellow]")
        for key, reason in summary.unreadable[:20]:
            console.print(f"  {key}: {reason}")
        if len(summary.unreadable) > 20:
            console.print(f"  … и ещё {len(summary.unreadable) - 20}")
    console.print(f"Пересчитано: {len(summary.people)} человек (паспорта, опухоли, маршруты, "
                  f"регистр) на {day:%d.%m.%Y}")


@app.command("demo")
def demo(
    patients: int = typer.Option(3000, help="People in the generated region (most without "
                                 "cancer)."),
    seed: int = typer.Option(7, help="Seed of the generated region."),
) -> None:
    """Start Neo4j, fill it with a generated region, and serve on http://localhost:8000."""
    from onkopassport.demo import run_demo

    try:
        run_demo(get_settings(), patients=patients, seed=seed, console=console)
    except OnkopassportError as error:
        _fail(error)


if __name__ == "__main__":
    app()


def run() -> None:
    """The console entry point: a project error (bad input, an unknown key, Neo4j down)
    ends any command with its message and exit code 1, not a traceback; commands that
    report their own errors still do."""
    try:
        app()
    except OnkopassportError as error:
        _fail_quietly(error)


def _fail_quietly(error: OnkopassportError) -> None:
    console.print(f"[red]Ошибка:[/red] {error}")
    raise SystemExit(1)
