"""Analysts' read-only Cypher and the de-identified passport list.

Neo4j Community Edition has no roles, so read-only is enforced by the server per
transaction: the query runs in a READ session inside `execute_read`, and the server
itself refuses any write ("Writing in read access mode not allowed"). For analysts the
results also lose identifying properties, and queries that name them are refused; see
docs/analyst-guide.md for what this does and does not guarantee.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status
from neo4j import READ_ACCESS, ManagedTransaction, unit_of_work
from neo4j.exceptions import ClientError, Neo4jError
from pydantic import BaseModel, Field

from api.auth.dependencies import require_roles
from api.dependencies import GraphDep, SettingsDep
from api.graphql.passport_data import native
from api.routes.analyst_results import IDENTIFYING_PROPERTIES, SECRET_PROPERTIES, to_json
from api.security import Principal
from graph.database import Graph

router = APIRouter(prefix="/analyst", tags=["analyst"])
AnalystDep = Annotated[Principal, Depends(require_roles("analyst", "admin"))]

_IDENTIFYING_NAMES = "|".join(sorted(IDENTIFYING_PROPERTIES))
# `p.family`, `p.`family``, `p['family']`: identifying properties named in the query text
# (the birth year, `p.birthDate.year`, is allowed).
_NAMED_IDENTIFIER = re.compile(
    rf"""(\.\s*`?|\[\s*['"])({_IDENTIFYING_NAMES})\b(?!`?\s*\.\s*year\b)""", re.IGNORECASE
)

# Secrets named anywhere in the text (`u.passwordHash`, `u['passwordHash']`, a string).
_NAMED_SECRET = re.compile("|".join(sorted(SECRET_PROPERTIES)), re.IGNORECASE)


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, max_length=20_000)
    parameters: dict[str, Any] = Field(default_factory=dict)


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


def _run_read_only(graph: Graph, request: CypherRequest, timeout_s: float,
                   row_limit: int) -> tuple[list[str], list[list[Any]], bool]:
    @unit_of_work(timeout=timeout_s)  # the server cancels queries that run too long
    def work(tx: ManagedTransaction) -> tuple[list[str], list[list[Any]], bool]:
        result = tx.run(request.query, request.parameters)
        rows: list[list[Any]] = []
        for record in result:
            if len(rows) == row_limit:
                return list(result.keys()), rows, True
            rows.append(record.values())
        return list(result.keys()), rows, False

    # READ_ACCESS: the server refuses writes in this session, whatever the query says.
    with graph.driver.session(database=graph.database,
                              default_access_mode=READ_ACCESS) as session:
        columns, rows, truncated = session.execute_read(work)
    return columns, rows, truncated


@router.post("/cypher", summary="Run a read-only Cypher query (analyst, admin)")
def run_cypher(body: CypherRequest, principal: AnalystDep, graph: GraphDep,
               settings: SettingsDep, request: Request) -> CypherResult:
    deidentify = principal.role == "analyst"
    if match := _NAMED_SECRET.search(body.query):
        raise HTTPException(status.HTTP_400_BAD_REQUEST,
                            detail=f"Свойство '{match.group(0)}' не выдаётся никому.")
    if deidentify and (match := _NAMED_IDENTIFIER.search(body.query)):
        raise HTTPException(status.HTTP_400_BAD_REQUEST,
                            detail=f"Аналитику не выдаётся идентифицирующее свойство "
                                   f"'{match.group(2)}'; используйте обезличенные поля.")
    graph.write("create_audit_entry", userId=principal.user_id, action="analyst.cypher",
                patientId=None, clientAddress=request.client.host if request.client else None,
                detail=body.query[:2000], outcome="run")
    try:
        columns, rows, truncated = _run_read_only(
            graph, body, settings.analyst_query_timeout_s, settings.analyst_row_limit)
    except ClientError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST,
                            detail=f"Neo4j отклонила запрос: {error.message}") from error
    except Neo4jError as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST,
                            detail=f"Запрос не выполнен: {error.message}") from error
    return CypherResult(
        columns=columns,
        rows=[[to_json(value, deidentify=deidentify) for value in row] for row in rows],
        truncated=truncated,
    )


@router.get("/patients", summary="De-identified passports (no names, СНИЛС, birth date)")
def deidentified_patients(
    principal: AnalystDep, graph: GraphDep, request: Request,
    first: Annotated[int, Query(ge=1, le=1000)] = 100,
    after: str | None = None,
) -> dict[str, Any]:
    graph.write("create_audit_entry", userId=principal.user_id, action="analyst.patients",
                patientId=None, clientAddress=request.client.host if request.client else None,
                detail=f"after={after}", outcome="shown")
    rows = native(graph.read("list_deidentified_passports", after=after, limit=first))
    next_after = rows[-1]["patientId"] if len(rows) == first else None
    return {"patients": [to_json(row, deidentify=True) for row in rows], "nextAfter": next_after}
