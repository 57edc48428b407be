"""The local Neo4j 5.26 that the project provisions and runs without Docker.

Neo4j's own jars come from Maven Central (resolved by ``mvn`` into the local Maven
repository, which is the cache: a second start needs no network). A tiny launcher,
``neo4j_runtime/OnkoNeo4jServer.java``, runs the embedded DBMS with its Bolt connector as
a detached child process on the machine's JDK 17 with a bounded heap and page cache.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from onkopassport.errors import MissingToolError, Neo4jRuntimeError
from onkopassport.settings import Settings

log = logging.getLogger(__name__)

RUNTIME_SOURCES = Path(__file__).resolve().parent.parent / "neo4j_runtime"
LAUNCHER_CLASS = "OnkoNeo4jServer"
_STOP_TIMEOUT_S = 90.0


@dataclass(frozen=True)
class ServerStatus:
    """What `onkopassport db status` reports."""

    running: bool
    uri: str
    pid: int | None
    version: str | None
    home: Path
    detail: str


def _require_tool(name: str, purpose: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise MissingToolError(
            f"не установлен '{name}': он нужен, чтобы {purpose}. Установите его "
            "(Debian: apt-get install openjdk-17-jdk-headless maven) или укажите "
            "работающий сервер Neo4j 5 в NEO4J_URI, NEO4J_USER и NEO4J_PASSWORD."
        )
    return path


# The JVM options of Neo4j's own launcher (conf/neo4j.conf of the 5.26 distribution) that
# matter for speed: access to NIO internals for Netty's and the page cache's direct
# buffers, and trust in final fields for the JIT.
NEO4J_JVM_OPTIONS = (
    "-XX:-OmitStackTraceInFastThrow", "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields", "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024", "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "-Dlog4j2.disable.jmx=true",
)


class LocalNeo4j:
    """Provision, start, stop and inspect the project's own Neo4j."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.neo4j_home
        self.runtime_dir = settings.runtime_cache_dir / f"neo4j-{settings.neo4j_version}"

    # ---------- files ----------
    @property
    def pid_file(self) -> Path:
        return self.home / "server.pid"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def log_file(self) -> Path:
        return self.home / "launcher.log"

    @property
    def ready_file(self) -> Path:
        return self.home / "server.ready"

    def password(self) -> str:
        """The configured password, or one generated once and kept beside the store."""
        if self.settings.neo4j_password is not None:
            return self.settings.neo4j_password.get_secret_value()
        if self.password_file.exists():
            return self.password_file.read_text().strip()
        self.home.mkdir(parents=True, exist_ok=True)
        generated = secrets.token_urlsafe(24)
        self.password_file.write_text(generated)
        self.password_file.chmod(0o600)
        return generated

    # ---------- provisioning ----------
    def provision(self) -> Path:
        """Resolve Neo4j's jars and compile the launcher once; return the runtime folder."""
        classpath_file = self.runtime_dir / "classpath.txt"
        launcher = self.runtime_dir / "classes" / f"{LAUNCHER_CLASS}.class"
        # The runtime folder outlives checkouts (it is a cache in the home directory): a
        # launcher compiled from an older source would keep its old server settings.
        built_from = self.runtime_dir / "launcher-source.sha256"
        source_digest = hashlib.sha256(
            (RUNTIME_SOURCES / f"{LAUNCHER_CLASS}.java").read_bytes()).hexdigest()
        if (classpath_file.exists() and launcher.exists() and self._classpath_complete()
                and built_from.exists() and built_from.read_text() == source_digest):
            return self.runtime_dir
        java = _require_tool("java", "запустить локальный Neo4j")
        del java
        mvn = _require_tool("mvn", "загрузить Neo4j из Maven Central")
        javac = _require_tool("javac", "собрать программу запуска Neo4j")
        self.runtime_dir.mkdir(parents=True, exist_ok=True)
        log.info("Resolving Neo4j %s from Maven Central", self.settings.neo4j_version)
        resolve = subprocess.run(
            [mvn, "-B", "-q", "-f", str(RUNTIME_SOURCES / "pom.xml"),
             f"-Dneo4j.version={self.settings.neo4j_version}",
             "dependency:build-classpath", f"-Dmdep.outputFile={classpath_file}"],
            capture_output=True, text=True, check=False,
        )
        if resolve.returncode != 0:
            raise Neo4jRuntimeError(
                f"Maven не смог загрузить Neo4j {self.settings.neo4j_version}: "
                f"{resolve.stdout[-1500:]}{resolve.stderr[-500:]}"
                "\nПроверьте доступ к Maven Central или укажите работающий сервер в NEO4J_URI."
            )
        compile_ = subprocess.run(
            [javac, "-d", str(self.runtime_dir / "classes"), "-cp",
             classpath_file.read_text().strip(), str(RUNTIME_SOURCES / f"{LAUNCHER_CLASS}.java")],
            capture_output=True, text=True, check=False,
        )
        if compile_.returncode != 0:
            raise Neo4jRuntimeError(
                f"Не удалось собрать программу запуска Neo4j: {compile_.stderr}")
        built_from.write_text(source_digest)
        return self.runtime_dir

    def _classpath_complete(self) -> bool:
        entries = (self.runtime_dir / "classpath.txt").read_text().strip().split(os.pathsep)
        return all(Path(entry).exists() for entry in entries if entry)

    # ---------- lifecycle ----------
    def running_pid(self) -> int | None:
        """Pid of our server if its process is alive."""
        if not self.pid_file.exists():
            return None
        try:
            pid = int(self.pid_file.read_text().strip())
            os.kill(pid, 0)
        except (ValueError, ProcessLookupError, PermissionError):
            return None
        cmdline = Path(f"/proc/{pid}/cmdline")
        if cmdline.exists() and LAUNCHER_CLASS.encode() not in cmdline.read_bytes():
            return None  # the pid was reused by another program
        return pid

    def start(self) -> ServerStatus:
        """Start the server (if it is not running) and wait until Bolt answers."""
        if self.running_pid() is not None:
            return self.wait_until_ready()
        runtime = self.provision()
        self.home.mkdir(parents=True, exist_ok=True)
        jars = (runtime / "classpath.txt").read_text().strip()
        classpath = f"{runtime / 'classes'}{os.pathsep}{jars}"
        env = {
            **os.environ,
            "ONKO_NEO4J_HOME": str(self.home / "dbms"),
            "ONKO_NEO4J_BOLT_ADDRESS":
                f"{self.settings.neo4j_bolt_host}:{self.settings.neo4j_bolt_port}",
            "ONKO_NEO4J_PASSWORD": self.password(),
            "ONKO_NEO4J_PAGECACHE": self.settings.neo4j_pagecache,
            "ONKO_NEO4J_READY_FILE": str(self.ready_file),
        }
        self.ready_file.unlink(missing_ok=True)
        command = [
            _require_tool("java", "запустить локальный Neo4j"),
            f"-Xms{self.settings.neo4j_heap}", f"-Xmx{self.settings.neo4j_heap}",
            "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8",
            *NEO4J_JVM_OPTIONS,
            "-cp", classpath, LAUNCHER_CLASS,
        ]
        with self.log_file.open("ab") as log_stream:
            # A new session: the server outlives the CLI call that started it.
            process = subprocess.Popen(
                command, env=env, stdout=log_stream, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )
        self.pid_file.write_text(str(process.pid))
        log.info("Started Neo4j (pid %s), waiting for Bolt on %s", process.pid, self.uri)
        return self.wait_until_ready(process)

    @property
    def uri(self) -> str:
        return self.settings.local_bolt_uri

    def wait_until_ready(self, process: subprocess.Popen[bytes] | None = None) -> ServerStatus:
        deadline = time.monotonic() + self.settings.neo4j_start_timeout_s
        last_error = "ответа ещё не было"
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise Neo4jRuntimeError(
                    f"Neo4j завершился при запуске (код {process.returncode}); "
                    f"журнал {self.log_file}:\n{self._log_tail()}"
                )
            if process is None and self.running_pid() is None:
                raise Neo4jRuntimeError(f"Neo4j не запущен; журнал {self.log_file}")
            if self.ready_file.exists():
                version, last_error = self._probe_version()
                if version is not None:
                    return self.status()
            time.sleep(0.3)
        raise Neo4jRuntimeError(
            f"Neo4j не ответил на {self.uri} "
            f"за {self.settings.neo4j_start_timeout_s:.0f} с "
            f"({last_error}); журнал {self.log_file}:\n{self._log_tail()}"
        )

    def stop(self) -> bool:
        """Shut the server down cleanly; True if one was running."""
        pid = self.running_pid()
        self.ready_file.unlink(missing_ok=True)
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        # SIGTERM runs the JVM shutdown hook, which checkpoints and closes the store.
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + _STOP_TIMEOUT_S
        while time.monotonic() < deadline:
            if not self._alive(pid):
                self.pid_file.unlink(missing_ok=True)
                return True
            time.sleep(0.2)
        log.warning("Neo4j (pid %s) did not stop within %s s; killing it", pid, _STOP_TIMEOUT_S)
        os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    @staticmethod
    def _alive(pid: int) -> bool:
        try:
            waited, _ = os.waitpid(pid, os.WNOHANG)  # reap if it is our own child
            if waited == pid:
                return False
        except ChildProcessError:
            pass
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        stat = Path(f"/proc/{pid}/stat")
        return not (stat.exists() and stat.read_text().split()[2] == "Z")

    def status(self) -> ServerStatus:
        pid = self.running_pid()
        if pid is None:
            return ServerStatus(False, self.uri, None, None, self.home, "не запущен")
        version, detail = self._probe_version()
        return ServerStatus(version is not None, self.uri, pid, version, self.home, detail)

    def _probe_version(self) -> tuple[str | None, str]:
        try:
            with GraphDatabase.driver(
                self.uri, auth=(self.settings.neo4j_user, self.password()), connection_timeout=2
            ) as driver, driver.session() as session:
                # A plain auto-commit run: no retries, so a down server answers at once.
                record = session.run(
                    "CALL dbms.components() YIELD versions RETURN versions[0] AS version"
                ).single(strict=True)
                return str(record["version"]), "отвечает по Bolt"
        except (ServiceUnavailable, OSError) as error:
            return None, f"Bolt не отвечает: {error}"
        except AuthError as error:
            return None, f"Bolt отвечает, но не принимает пароль: {error}"

    def _log_tail(self, lines: int = 25) -> str:
        if not self.log_file.exists():
            return "(журнала нет)"
        return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
