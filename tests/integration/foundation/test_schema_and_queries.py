from __future__ import annotations

import pytest

from graph.database import Graph
from graph.queries import cypher_files, load_query
from graph.schema import SCHEMA_SCRIPT, apply_schema, describe_schema

# Schema scripts hold DDL, which EXPLAIN does not take: they are run for real instead.
NON_EXPLAINABLE = {SCHEMA_SCRIPT}


def test_schema_applied_twice_leaves_the_same_constraints(graph: Graph) -> None:
    apply_schema(graph)
    first = describe_schema(graph)
    apply_schema(graph)
    assert describe_schema(graph) == first
    names = {entry[0] for entry in first}
    assert {"record_key", "patient_id", "tumor_id", "organization_oid"} <= names


@pytest.mark.parametrize("name", [n for n in cypher_files() if n not in NON_EXPLAINABLE])
def test_every_cypher_file_is_valid_on_the_server(graph: Graph, name: str) -> None:
    with graph.driver.session(database=graph.database) as session:
        summary = session.run("EXPLAIN " + load_query(name)).consume()
    assert summary.plan is not None, f"{name} produced no plan"
