"""Applies the idempotent schema (constraints and indexes) from ``cypher/``."""

from __future__ import annotations

import re

from graph.database import Graph
from graph.queries import load_statements

SCHEMA_SCRIPT = "initialize_schema"
_UNIQUE_KEY = re.compile(r"FOR \(\w+:(\w+)\) REQUIRE \w+\.(\w+) IS UNIQUE")


def apply_schema(graph: Graph) -> int:
    """Create every constraint and index that is missing; return the statements run."""
    statements = load_statements(SCHEMA_SCRIPT)
    with graph.driver.session(database=graph.database) as session:
        for statement in statements:
            session.run(statement).consume()
        session.run("CALL db.awaitIndexes(300)").consume()
    return len(statements)


def describe_schema(graph: Graph) -> list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]:
    """Constraints and indexes as comparable tuples (name, type, labels, properties)."""
    # SHOW commands cannot be combined with UNION, hence two round trips.
    rows = graph.read_text(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties "
        "RETURN name, type, labelsOrTypes, properties"
    ) + graph.read_text(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, owningConstraint "
        "WHERE owningConstraint IS NULL AND type <> 'LOOKUP' "
        "RETURN name, type, labelsOrTypes, properties"
    )
    return sorted(
        (r["name"], r["type"], tuple(r["labelsOrTypes"] or ()), tuple(r["properties"] or ()))
        for r in rows
    )


def unique_keys() -> set[tuple[str, str]]:
    """The (label, property) pairs a single-property constraint of the schema makes unique:
    the keys a node is looked up by."""
    return {pair for statement in load_statements(SCHEMA_SCRIPT)
            for pair in _UNIQUE_KEY.findall(statement)}
