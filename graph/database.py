"""The one module that talks to the Neo4j driver.

One driver per process, created from the settings and closed on shutdown; components
receive a `Graph`, they never import a global. Writes run in managed transactions, which
the driver retries on transient errors (leader switch, deadlock, lost connection).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from neo4j import (
    READ_ACCESS,
    WRITE_ACCESS,
    Driver,
    EagerResult,
    GraphDatabase,
    ManagedTransaction,
    Record,
    Result,
    RoutingControl,
    Session,
)
from neo4j.exceptions import ServiceUnavailable, SessionExpired

from graph.queries import load_query
from onkopassport.errors import DatabaseUnavailableError
from onkopassport.settings import Settings

log = logging.getLogger(__name__)


class RetriedTransactionNote(logging.Filter):
    """The driver logs each retry of a managed transaction as a WARNING with Neo4j's whole
    lock report («Transaction failed and will be retried … DeadlockDetected …»). Two
    writers meeting on a busy node (an organisation with thousands of records) is
    expected; the retry repeats the whole transaction, so nothing is lost or half-written.
    In the middle of an operator's progress bar it read as a failure: it is passed on as
    one short INFO line, seen with --verbose. A transaction that still fails after its
    retries raises, and that error is shown as any other."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "will be retried" not in str(record.msg):
            return True
        error = record.args[-1] if isinstance(record.args, tuple) and record.args else ""
        code = getattr(error, "code", None) or "transient error"
        record.msg, record.args = "Neo4j: транзакция повторена после %s", (code,)
        record.levelno, record.levelname = logging.INFO, "INFO"
        return logging.getLogger().isEnabledFor(logging.INFO)


# A logger's filter sees only what that logger itself logs: the driver's session logger.
logging.getLogger("neo4j.session").addFilter(RetriedTransactionNote())


def unavailable(error: Exception) -> DatabaseUnavailableError:
    """The error users see when Neo4j does not answer: in Russian and without the driver's
    addresses; the driver's own words go to the log for the operator."""
    log.warning("Neo4j is not reachable: %s", error)
    return DatabaseUnavailableError(
        "База данных Neo4j недоступна; повторите запрос позже (подробности в журнале сервера).")
T = TypeVar("T")


@dataclass(frozen=True)
class ConnectionInfo:
    uri: str
    user: str
    password: str
    database: str


def connection_info(settings: Settings) -> ConnectionInfo:
    """Where to connect: NEO4J_URI when set, else the project's local server."""
    if settings.neo4j_uri:
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        return ConnectionInfo(settings.neo4j_uri, settings.neo4j_user, password,
                              settings.neo4j_database)
    from graph.local_server import LocalNeo4j  # only the local case needs it

    local = LocalNeo4j(settings)
    return ConnectionInfo(local.uri, settings.neo4j_user, local.password(),
                          settings.neo4j_database)


def open_driver(info: ConnectionInfo) -> Driver:
    return GraphDatabase.driver(
        info.uri,
        auth=(info.user, info.password),
        connection_timeout=5,
        connection_acquisition_timeout=10,
        max_transaction_retry_time=30,
        # Queries on a fresh graph mention labels that do not exist yet; the server's
        # warnings about that are noise, not problems.
        notifications_min_severity="OFF",
    )


class _Bulk(list[Any]):
    """A list parameter whose repr() is its length.

    The driver renders every RUN's parameters with repr() for its DEBUG log line before
    the logger checks whether DEBUG is on (neo4j 6.4, `Bolt5x5.run`). For one batch of an
    ingest (5 000 rows with their raw JSON) that took longer than packing the rows to
    send: 15 % of the ingest loader's CPU. With this, the line says how many values were
    sent.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} values>"


def bulk_parameters(params: dict[str, Any]) -> dict[str, Any]:
    """The parameters, their lists wrapped so the driver does not render them (_Bulk)."""
    return {name: _Bulk(value) if isinstance(value, list) else value
            for name, value in params.items()}


def run_named(tx: ManagedTransaction, name: str, **params: Any) -> Result:
    """Run the named query inside a transaction the caller manages."""
    return tx.run(load_query(name), bulk_parameters(params))


def batched(rows: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


class Graph:
    """Named queries against one database, through one driver."""

    def __init__(self, driver: Driver, database: str) -> None:
        self.driver = driver
        self.database = database
        self._thread_sessions = threading.local()

    @classmethod
    def connect(cls, settings: Settings) -> Graph:
        info = connection_info(settings)
        return cls(open_driver(info), info.database)

    def close(self) -> None:
        self.driver.close()

    def read(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run a named read query; rows as dicts."""
        return self.read_text(load_query(name), **params)

    def read_text(self, text: str, **params: Any) -> list[dict[str, Any]]:
        return [record.data() for record in self._read_records(text, params).records]

    def read_values(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """A named read query that returns values only (no nodes, relationships or paths):
        rows as dicts without the driver's recursive `Record.data()` conversion, which
        costs more than the query itself for large nested rows (ingest's bulk reads)."""
        result = self._read_records(load_query(name), params)
        return [dict(zip(result.keys, record, strict=True)) for record in result.records]

    def _read_records(self, text: str, params: dict[str, Any]) -> EagerResult:
        try:
            return self.driver.execute_query(
                text, bulk_parameters(params), database_=self.database,
                routing_=RoutingControl.READ)
        except (ServiceUnavailable, SessionExpired) as error:
            raise unavailable(error) from error

    def write(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run a named write query in a managed (retried) transaction."""
        return self.write_text(load_query(name), **params)

    def write_text(self, text: str, **params: Any) -> list[dict[str, Any]]:
        params = bulk_parameters(params)
        return self.execute_write(lambda tx: [r.data() for r in tx.run(text, params)])

    def write_rows(self, name: str, rows: Sequence[dict[str, Any]], **params: Any) -> None:
        """``UNWIND $rows`` write of one batch, in one transaction."""
        if rows:
            text = load_query(name)
            params = bulk_parameters({"rows": list(rows), **params})
            self.execute_write(lambda tx: tx.run(text, params).consume())

    def rehearse(self, name: str, **params: Any) -> int:
        """Run a named write query in a transaction that is rolled back: the server plans
        it and runs its code on real data, and keeps nothing (api/warmup.py). Rows seen."""
        try:
            with self.driver.session(database=self.database) as session:
                transaction = session.begin_transaction()
                try:
                    return len(list(transaction.run(load_query(name),
                                                    bulk_parameters(params))))
                finally:
                    transaction.rollback()
        except (ServiceUnavailable, SessionExpired) as error:
            raise unavailable(error) from error

    def execute_write(self, work: Callable[[ManagedTransaction], T]) -> T:
        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work)
        except (ServiceUnavailable, SessionExpired) as error:
            raise unavailable(error) from error

    def execute_read(self, work: Callable[[ManagedTransaction], T]) -> T:
        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_read(work)
        except (ServiceUnavailable, SessionExpired) as error:
            raise unavailable(error) from error

    def autocommit(self, text: str, params: dict[str, Any], *, write: bool) -> list[Record]:
        """One statement in an auto-commit transaction, on a session kept by this thread.

        For the API's hot paths (a passport is one such statement): an auto-commit
        transaction is atomic like a managed one and cheaper in driver CPU, and opening and
        closing a session costs about as much again as the query itself, so each worker
        thread keeps one session per access mode (a session holds a connection only while
        a transaction runs). A transient failure surfaces as an error instead of a silent
        retry; a session that saw any error is closed and the next call opens a new one.
        """
        mode = WRITE_ACCESS if write else READ_ACCESS
        sessions: dict[str, Session] = self._thread_sessions.__dict__.setdefault("by_mode", {})
        session = sessions.get(mode)
        if session is None or session.closed():
            session = sessions[mode] = self.driver.session(database=self.database,
                                                           default_access_mode=mode)
        try:
            return list(session.run(text, bulk_parameters(params)))
        except Exception as error:
            sessions.pop(mode, None)
            session.close()
            if isinstance(error, ServiceUnavailable | SessionExpired):
                raise unavailable(error) from error
            raise

    def server_version(self) -> str:
        rows = self.read_text("CALL dbms.components() YIELD versions RETURN versions[0] AS v")
        return str(rows[0]["v"])
