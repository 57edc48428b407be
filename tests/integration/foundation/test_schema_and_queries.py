from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from neo4j.exceptions import CypherSyntaxError

from graph.database import Graph, bulk_parameters
from graph.queries import cypher_files, load_query
from graph.schema import SCHEMA_SCRIPT, apply_schema, describe_schema, unique_keys

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


def test_autocommit_keeps_one_session_per_thread_and_starts_afresh_after_an_error(
        graph: Graph) -> None:
    graph.autocommit("CREATE (:AutocommitProbe {n: $n})", {"n": 1}, write=True)
    sessions = graph._thread_sessions.by_mode
    kept = dict(sessions)
    graph.autocommit("CREATE (:AutocommitProbe {n: $n})", {"n": 2}, write=True)
    assert sessions == kept  # the same session served the second statement
    with pytest.raises(CypherSyntaxError):
        graph.autocommit("THIS IS NOT CYPHER", {}, write=True)
    assert all(session.closed() for session in kept.values())
    rows = graph.autocommit("MATCH (p:AutocommitProbe) RETURN p.n AS n ORDER BY n", {},
                            write=False)
    assert [row["n"] for row in rows] == [1, 2]  # both writes committed; reads work again

    # Another thread gets sessions of its own.
    with ThreadPoolExecutor(1) as pool:
        other = pool.submit(lambda: (graph.autocommit("RETURN 1 AS one", {}, write=False),
                                     dict(graph._thread_sessions.by_mode))).result()
    assert other[0][0]["one"] == 1
    assert set(other[1].values()).isdisjoint(sessions.values())


def test_bulk_list_parameters_reach_the_server_intact_and_stay_out_of_the_debug_log(
        graph: Graph, caplog: pytest.LogCaptureFixture) -> None:
    rows = [{"key": f"k{i}", "nested": [i, {"json": "x" * 200}]} for i in range(2_000)]
    with caplog.at_level(logging.DEBUG, logger="neo4j"):
        echoed = graph.execute_read(lambda tx: [
            record["row"] for record in
            tx.run("UNWIND $rows AS row RETURN row", bulk_parameters({"rows": rows}))])
    assert echoed == rows
    run_lines = [r.getMessage() for r in caplog.records if "C: RUN" in r.getMessage()]
    assert run_lines, "the driver logged no RUN line"
    assert "<2000 values>" in run_lines[-1]
    assert len(run_lines[-1]) < 1_000  # the rows themselves (450 kB) are not rendered


# Queries that walk a key index on purpose, in its order: not lookups.
WALK_A_KEY_INDEX = {"fetch_analytics_options": "lists every district by name"}
# Pages through a whole region: each page must start where the last ended, not scan.
PAGED_BY_KEY = {"find_vimis_candidates"}


def _operators(plan: dict[str, Any]) -> Iterator[tuple[str, str]]:
    yield plan["operatorType"].split("@")[0], plan.get("args", {}).get("Details", "")
    for child in plan.get("children", []):
        yield from _operators(child)


def _runs_per_row(text: str) -> bool:
    """A batch query: its first clause unwinds a list parameter, one row per item."""
    code = [line.strip() for line in text.splitlines()
            if line.strip() and not line.strip().startswith("//")]
    return code[0].startswith("UNWIND $")


def test_lookups_seek_while_the_statistics_lag_behind_an_ingest(graph: Graph) -> None:
    """Thousands of records and people arrive and the indexes are not sampled again yet
    (the statistics an ingest's replanned queries see): no query scans a whole unique-key
    index, and no batch query or page scans anything — it starts from its rows' own nodes
    or its page's first key. Before, link_record_organizations could scan every record key
    for each row, twenty queries every person's id, fetch_patient_facts joined every dated
    record of the region to each person, and each page of VIMIS candidates sorted every
    person's records (tests/unit/foundation/test_cypher_key_lookups.py has the story)."""
    with graph.driver.session(database=graph.database) as session:
        # The indexes are sampled empty, and then the nodes arrive: the samples lag.
        session.run("CALL db.prepareForReplanning()").consume()
        session.run("UNWIND range(1, 20000) AS i "
                    "CREATE (:Record {key: 'k' + i, kind: 'consultation', date: date()})"
                    ).consume()
        session.run("UNWIND range(1, 3000) AS i CREATE (:Patient:Passport {patientId: 'p' + i})"
                    ).consume()
        session.run("CALL db.clearQueryCaches()").consume()
        key_scans, batch_scans = {}, {}
        for name in cypher_files():
            if name in NON_EXPLAINABLE:
                continue
            text = load_query(name)
            operators = list(_operators(session.run("EXPLAIN " + text).consume().plan))
            if name not in WALK_A_KEY_INDEX and (found := [
                    details for operator, details in operators
                    if operator == "NodeIndexScan" and any(
                        f":{label}({key})" in details for label, key in unique_keys())]):
                key_scans[name] = found
            if (_runs_per_row(text) or name in PAGED_BY_KEY) and (found := [
                    f"{operator} {details}" for operator, details in operators
                    if "Scan" in operator]):
                batch_scans[name] = found
    assert key_scans == {}
    assert batch_scans == {}
