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

app = typer.Typer(help="Онкопаспорт — региональный паспорт онкологического пациента.",
                  cls=RussianGroup,  # Typer's own words (usage, errors) in Russian
                  pretty_exceptions_show_locals=False,
                  no_args_is_help=True)
db_app = typer.Typer(help="Локальный сервер Neo4j, который проект запускает сам.",
                     no_args_is_help=True)
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
def main(verbose: bool = typer.Option(False, "--verbose", "-v",
                                      help="Подробный журнал работы.")) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


@db_app.command("start")
def db_start() -> None:
    """Установить (при первом запуске) и запустить локальный Neo4j, затем применить схему
    и дозаполнить данные, записанные прежними версиями."""
    # Schema and back-fills: onkopassport.startup.prepare_graph.
    settings = get_settings()
    if not settings.uses_local_neo4j:
        console.print(f"Задан NEO4J_URI ({settings.neo4j_uri}): используется этот сервер, "
                      "ничего не запускается.")
        return
    from graph.database import Graph
    from onkopassport.startup import prepare_graph

    try:
        with console.status("Запуск Neo4j (при первом запуске он загружается из Maven Central)"):
            status = LocalNeo4j(settings).start()
            graph = Graph.connect(settings)
            try:
                prepare_graph(graph)
            finally:
                graph.close()
    except OnkopassportError as error:
        _fail(error)
    console.print(f"Neo4j {status.version} работает: {status.uri} (pid {status.pid}), "
                  f"данные в {status.home}")


@db_app.command("stop")
def db_stop() -> None:
    """Корректно остановить локальный Neo4j."""
    settings = get_settings()
    if not settings.uses_local_neo4j:
        console.print("Задан NEO4J_URI: это внешний сервер, эта команда его не останавливает.")
        return
    stopped = LocalNeo4j(settings).stop()
    console.print("Neo4j остановлен." if stopped else "Neo4j не был запущен.")


@db_app.command("status")
def db_status() -> None:
    """Запущен ли Neo4j, где и какой версии."""
    settings = get_settings()
    if not settings.uses_local_neo4j:
        from graph.database import Graph

        graph = Graph.connect(settings)
        try:
            console.print(f"Внешний Neo4j {graph.server_version()}: {settings.neo4j_uri}")
        except OnkopassportError as error:
            _fail(error)
        finally:
            graph.close()
        return
    status = LocalNeo4j(settings).status()
    if status.running:
        console.print(f"работает: Neo4j {status.version}, {status.uri} (pid {status.pid}), "
                      f"данные в {status.home}")
        return
    if status.pid is None:
        console.print(f"не запущен; папка данных {status.home}")
    else:
        # The process is there but Bolt does not answer; the detail is the driver's words.
        console.print(f"не отвечает: процесс {status.pid} запущен, но Bolt не отвечает "
                      f"({status.detail}); папка данных {status.home}")
    raise typer.Exit(code=3)


@app.command("serve")
def serve(
    host: str | None = typer.Option(None, help="Адрес, на котором принимать запросы "
                                     "(по умолчанию из настроек)."),
    port: int | None = typer.Option(None, help="Порт (по умолчанию из настроек, 8000)."),
    workers: int | None = typer.Option(None, min=1, max=32,
                                       help="Число рабочих процессов (по умолчанию из "
                                       "настроек, 1; на 2-ядерной машине, общей с Neo4j, — 3)."),
) -> None:
    """Запустить API и веб-интерфейс (Neo4j должен быть запущен или задан NEO4J_URI)."""
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
    """Пересчитать паспорта, опухоли, маршруты и записи регистра всех людей (после
    обновления, в котором изменились правила расчёта)."""
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
    """Заново прочитать все сохранённые записи классификатором этой версии (после
    обновления, которое извлекает из FHIR больше: цель лечения, коды), затем пересчитать
    людей, чьи записи изменились."""
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
    patients: int = typer.Option(3000, help="Число людей в синтетическом регионе (у "
                                 "большинства рака нет)."),
    seed: int = typer.Option(7, help="Начальное значение генератора (seed) для региона."),
) -> None:
    """Запустить Neo4j, заполнить его синтетическим регионом и открыть API и веб-интерфейс
    на http://localhost:8000 (другой порт — переменная ONKO_API_PORT)."""
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
