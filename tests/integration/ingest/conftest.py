"""Helpers for ingest tests: run the real pipeline on resources or files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth.tokens import issue_token
from api.security import Principal
from graph.database import Graph
from ingest.pipeline import Ingestor, IngestSummary
from ingest.reader import expand
from onkopassport.settings import Settings

IngestFn = Callable[..., IngestSummary]


@pytest.fixture
def ingest(graph: Graph, settings: Settings) -> IngestFn:
    """ingest(resources, source='mis-a') → summary, through the whole pipeline."""

    def run(resources: Iterable[dict[str, Any]], source: str = "mis-a",
            batch_size: int | None = None) -> IngestSummary:
        ingestor = Ingestor(graph, settings.model_copy(
            update={"ingest_batch_size": batch_size or settings.ingest_batch_size}))
        items = [item for index, resource in enumerate(resources)
                 for item in expand(resource, source, f"test[{index}]",
                                    orjson.dumps(resource).decode())]
        return ingestor.ingest_items(items)

    return run


@pytest.fixture
def client(graph: Graph, settings: Settings) -> Iterator[TestClient]:
    """The API as a medical information system's gateway sends to it: an admin token,
    X-Source-System naming the sender."""
    with TestClient(create_app(settings)) as test_client:
        token = issue_token(Principal("mis-gateway", "admin"), settings)
        test_client.headers["Authorization"] = f"Bearer {token}"
        test_client.headers["X-Source-System"] = "mis-http"
        yield test_client


def scalar(graph: Graph, query: str, **params: Any) -> Any:
    rows = graph.read_text(query, **params)
    return next(iter(rows[0].values())) if rows else None
