"""docker-compose.yml: Neo4j 5.26 with a healthcheck, the API waits for it, no default secret."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

COMPOSE_FILE = Path(__file__).resolve().parents[3] / "docker-compose.yml"


def _compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"],
                                 capture_output=True).returncode == 0:
        return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def test_compose_file_declares_neo4j_with_healthcheck_and_api_waiting_for_it() -> None:
    spec = yaml.safe_load(COMPOSE_FILE.read_text())
    neo4j, api = spec["services"]["neo4j"], spec["services"]["api"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert ":?" in neo4j["environment"]["NEO4J_AUTH"], "the password must have no default"


def test_compose_config_passes_and_refuses_a_missing_password() -> None:
    command = _compose_command()
    assert command is not None, "scripts/setup.sh installs docker-compose; run it first"
    base = [*command, "-f", str(COMPOSE_FILE), "config", "-q"]
    with_password = subprocess.run(
        base, capture_output=True, text=True, env={**os.environ, "NEO4J_PASSWORD": "x-test"}
    )
    assert with_password.returncode == 0, with_password.stderr
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"}
    without = subprocess.run(base, capture_output=True, text=True, env=env)
    assert without.returncode != 0
    assert "NEO4J_PASSWORD" in without.stdout + without.stderr
