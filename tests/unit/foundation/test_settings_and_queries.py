from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph import local_server
from graph.database import connection_info
from graph.local_server import LocalNeo4j
from graph.queries import cypher_files, load_query, load_statements
from onkopassport.cli import app
from onkopassport.errors import ConfigurationError, MissingToolError, QueryNotFoundError
from onkopassport.settings import Settings


def test_neo4j_uri_from_the_standard_variable_points_at_that_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEO4J_URI", "neo4j://graph.example:7687")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-value")
    settings = Settings()
    assert not settings.uses_local_neo4j
    info = connection_info(settings)
    assert (info.uri, info.password) == ("neo4j://graph.example:7687", "s3cret-value")


def test_db_start_with_neo4j_uri_starts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://elsewhere:7687")
    from onkopassport import settings as settings_module

    settings_module.get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["db", "start"])
    finally:
        settings_module.get_settings.cache_clear()
    assert result.exit_code == 0
    assert "ничего не запускается" in " ".join(result.output.split())  # the console wraps


def test_production_refuses_placeholder_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONKO_ENVIRONMENT", "production")
    monkeypatch.setenv("NEO4J_PASSWORD", "neo4j")
    with pytest.raises(ConfigurationError, match="placeholder"):
        Settings()


def test_production_requires_a_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONKO_ENVIRONMENT", "production")
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    with pytest.raises(ConfigurationError, match="NEO4J_PASSWORD"):
        Settings()


def test_missing_query_fails_loudly() -> None:
    with pytest.raises(QueryNotFoundError, match=r"cypher/no_such_query\.cypher"):
        load_query("no_such_query")


def test_schema_script_splits_into_statements() -> None:
    statements = load_statements("initialize_schema")
    assert len(statements) > 10
    assert all(s.startswith("CREATE ") and not s.endswith(";") for s in statements)
    assert "initialize_schema" in cypher_files()


def test_missing_maven_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pytest.TempPathFactory
) -> None:
    settings = Settings(data_dir=tmp_path, runtime_cache_dir=tmp_path / "cache")
    monkeypatch.setattr(local_server.shutil, "which", lambda name: None)
    with pytest.raises(MissingToolError) as raised:
        LocalNeo4j(settings).provision()
    assert "apt-get install" in str(raised.value)
    assert "NEO4J_URI" in str(raised.value)
    assert "не установлен" in str(raised.value)  # the operator's language


def test_the_launcher_is_compiled_again_when_its_source_changes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: pytest.TempPathFactory
) -> None:
    """The runtime folder is a cache that outlives checkouts: a launcher compiled from an
    older OnkoNeo4jServer.java would start Neo4j with the older settings."""
    settings = Settings(data_dir=tmp_path, runtime_cache_dir=tmp_path / "cache")
    server = LocalNeo4j(settings)
    (server.runtime_dir / "classes").mkdir(parents=True)
    (server.runtime_dir / "classpath.txt").write_text(str(tmp_path))
    (server.runtime_dir / "classes" / "OnkoNeo4jServer.class").write_bytes(b"old")
    commands: list[str] = []

    def run(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        commands.append(Path(command[0]).name)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(local_server.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(local_server.subprocess, "run", run)
    server.provision()  # built before the source digest was kept: built again
    assert commands == ["mvn", "javac"]
    server.provision()  # the same source: nothing to do
    assert commands == ["mvn", "javac"]
    (server.runtime_dir / "launcher-source.sha256").write_text("another source")
    server.provision()
    assert commands == ["mvn", "javac", "mvn", "javac"]


def test_generated_password_is_kept_private(tmp_path: pytest.TempPathFactory) -> None:
    server = LocalNeo4j(Settings(data_dir=tmp_path))
    first = server.password()
    assert first == LocalNeo4j(Settings(data_dir=tmp_path)).password()
    assert len(first) >= 24
    assert oct(server.password_file.stat().st_mode)[-3:] == "600"
