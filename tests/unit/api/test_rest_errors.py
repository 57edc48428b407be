"""A project error a REST route leaves unanswered gets the status it means, not a bare 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.graphql.passport_limits import UNEXPECTED_ERROR
from onkopassport.errors import (
    AccessDeniedError,
    DatabaseUnavailableError,
    InputError,
    NotFoundError,
    OnkopassportError,
    QueryNotFoundError,
)


@pytest.mark.parametrize(("error", "status"), [
    (InputError("limit: от 1 до 1000"), 400),
    (NotFoundError("Пара 'x' не найдена"), 404),
    (AccessDeniedError("Недостаточно прав"), 403),
    (DatabaseUnavailableError("База данных Neo4j недоступна"), 503),
    (QueryNotFoundError("no cypher/x.cypher"), 500),
])
def test_project_errors_map_to_their_status(error: OnkopassportError, status: int) -> None:
    app = create_app()

    def fail() -> None:
        raise error

    app.add_api_route("/raise", fail)
    # No `with`: the lifespan (Neo4j) is not started; the route needs none.
    response = TestClient(app, raise_server_exceptions=False).get("/raise")
    assert response.status_code == status
    expected = str(error) if status != 500 else UNEXPECTED_ERROR
    assert response.json() == {"detail": expected}


@pytest.mark.parametrize("path", ["/fhir/raise", "/raise"])
def test_an_unexpected_error_is_answered_without_internals(path: str) -> None:
    app = create_app()

    def fail() -> None:
        raise KeyError("internal detail")

    app.add_api_route(path, fail)
    response = TestClient(app, raise_server_exceptions=False).get(path)
    assert response.status_code == 500
    assert "internal detail" not in response.text
    if path.startswith("/fhir"):  # a FHIR client parses an OperationOutcome
        assert response.headers["content-type"].startswith("application/fhir+json")
        assert response.json()["issue"][0] == {"severity": "error", "code": "exception",
                                               "diagnostics": UNEXPECTED_ERROR}
    else:
        assert response.json() == {"detail": UNEXPECTED_ERROR}
