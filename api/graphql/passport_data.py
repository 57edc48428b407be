"""Per-request data access of the passport: DataLoaders over a few batched Cypher queries.

One GraphQL request that asks for several passports (aliases, lists) runs one query for
all of them: patient, tumours, route, deadlines, gaps and notifications, in the write
transaction that records the audit entries (so a passport is never shown unaudited), and,
only when asked, one more for the raw FHIR resources. A full passport is one round trip.
Every loader passes the principal's scope so that each query enforces the row-level rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from neo4j import READ_ACCESS, WRITE_ACCESS
from neo4j import time as neo4j_time
from starlette.concurrency import run_in_threadpool
from strawberry.dataloader import DataLoader

from api.graphql.passport_masking import mask_snils_in_json
from api.security import Principal
from graph.database import Graph
from graph.queries import load_query

T = TypeVar("T")
Row = dict[str, Any]


_TEMPORAL_TYPES = frozenset({neo4j_time.Date, neo4j_time.DateTime, neo4j_time.Time})


def native(value: Any) -> Any:
    """Neo4j temporal values as Python ones (recursively through lists and maps)."""
    kind = type(value)  # exact type checks: this runs on every value of every passport
    if kind is dict:
        return {key: native(item) for key, item in value.items()}
    if kind is list:
        return [native(item) for item in value]
    if kind in _TEMPORAL_TYPES:
        return value.to_native()
    return value


class PassportData:
    """The passport's DataLoaders and the count of Cypher round trips of one request."""

    def __init__(self, graph: Graph, principal: Principal, client_address: str | None) -> None:
        self.graph = graph
        self.principal = principal
        self.client_address = client_address
        self.round_trips = 0
        self.cores: DataLoader[str, Row | None] = DataLoader(self._load_cores)
        self.resources: DataLoader[str, str | None] = DataLoader(self._load_resources)

    def _scope(self) -> dict[str, Any]:
        return {**self.principal.query_scope(), "userId": self.principal.user_id,
                "clientAddress": self.client_address}

    async def _call(self, work: Callable[[], T]) -> T:
        # The driver is synchronous: run it off the event loop, count the round trip.
        self.round_trips += 1
        return await run_in_threadpool(work)

    async def read(self, name: str, **params: Any) -> list[Row]:
        return await self._call(lambda: self._autocommit(READ_ACCESS, name, params))

    async def write(self, name: str, **params: Any) -> list[Row]:
        return await self._call(lambda: self._autocommit(WRITE_ACCESS, name, params))

    def _autocommit(self, mode: str, name: str, params: dict[str, Any]) -> list[Row]:
        # One statement in an auto-commit transaction (Graph.autocommit): the audit entries
        # and the read they record commit together. Rows are maps and scalars only.
        records = self.graph.autocommit(load_query(name), params, write=mode == WRITE_ACCESS)
        return [native(dict(record.items())) for record in records]

    async def audit(self, action: str, *, patient_id: str | None = None,
                    detail: str | None = None, outcome: str = "shown") -> None:
        await self.write("create_audit_entry", patientId=patient_id, action=action,
                         detail=detail, outcome=outcome, **self._scope())

    async def _load_cores(self, patient_ids: list[str]) -> list[Row | None]:
        rows = await self.write("get_passport", patientIds=list(patient_ids),
                                action="passport.view", **self._scope())
        by_id = {row["patientId"]: row for row in rows}
        return [by_id.get(patient_id) for patient_id in patient_ids]

    async def _load_resources(self, keys: list[str]) -> list[str | None]:
        if not self.principal.sees_identities:
            return [None for _ in keys]
        rows = await self.read("get_record_resources", keys=list(keys), **self._scope())
        # the raw record repeats the СНИЛС that `patient.snils` masks for coordinators
        role = self.principal.role
        by_key = {row["key"]: mask_snils_in_json(row["resource"], role) for row in rows}
        return [by_key.get(key) for key in keys]


def passport_data(info: Any, principal: Principal) -> PassportData:
    """The request's PassportData, created on first use (never shared between requests)."""
    loaders: dict[str, Any] = info.context.loaders
    data = loaders.get("passport")
    if data is None:
        data = PassportData(info.context.graph, principal, info.context.client_address)
        loaders["passport"] = data
    return data
