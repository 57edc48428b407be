"""What the commands print for the operator is Russian; these need no Neo4j (the commands
with a graph are checked in tests/integration, beside the data they print)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from onkopassport import settings as settings_module
from onkopassport.cli import app


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    settings_module.get_settings.cache_clear()
    yield
    settings_module.get_settings.cache_clear()


def _run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


@pytest.mark.usefixtures("fresh_settings")
def test_db_commands_with_an_external_server_say_so_in_russian(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://elsewhere:7687")
    started, stopped = _run("db", "start"), _run("db", "stop")
    assert started.exit_code == 0 and stopped.exit_code == 0
    assert "Задан NEO4J_URI (bolt://elsewhere:7687): используется этот сервер, ничего не " \
           "запускается." in started.output
    assert "Задан NEO4J_URI: это внешний сервер, эта команда его не останавливает." \
           in stopped.output


@pytest.mark.usefixtures("fresh_settings")
def test_db_status_and_stop_of_a_server_never_started_say_so_in_russian(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("NEO4J_URI", "ONKO_NEO4J_URI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ONKO_DATA_DIR", str(tmp_path))
    status = _run("db", "status")
    assert status.exit_code == 3
    assert f"не запущен; папка данных {tmp_path}" in " ".join(status.output.split())
    stopped = _run("db", "stop")
    assert stopped.exit_code == 0 and "Neo4j не был запущен." in stopped.output
    assert "running" not in status.output + stopped.output


def test_a_report_in_an_unknown_format_is_refused_in_russian() -> None:
    refused = _run("report", "form7", "--year", "2025", "--format", "pdf")
    assert refused.exit_code == 2
    assert "Ошибка: --format: допустимы только xlsx или csv" in refused.output
