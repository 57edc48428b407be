"""The loader's two ways of storing a record node: new keys are created, stored ones are
compared by version (ingest/load.py). Both are decided in the batch's own transaction."""

from __future__ import annotations

from graph.database import Graph
from graph.queries import load_query
from ingest.load import store_record_nodes
from tests.integration.ingest.conftest import scalar


def _row(key: str, rank: str) -> dict[str, object]:
    return {"key": key, "rank": rank, "resource": f'{{"id": "{key}"}}',
            "props": {"kind": "laboratory", "retracted": False}}


def test_create_records_hands_back_keys_another_ingest_stored_meanwhile(graph: Graph) -> None:
    """A key stored between the batch's look-up and its write (as a placeholder, or as
    another version) is returned for the version comparison; a really new one is created."""
    graph.write_text("CREATE (:Record {key: 'mis|Observation|placeholder', placeholder: true})")
    graph.write_text("CREATE (:Record {key: 'mis|Observation|older', rank: '000000000001|'})")
    rows = [_row("mis|Observation|placeholder", "000000000002|"),
            _row("mis|Observation|older", "000000000002|"),
            _row("mis|Observation|new", "000000000002|")]

    raced = graph.write_text(load_query("create_records"), rows=rows)

    assert sorted(row["key"] for row in raced) == ["mis|Observation|older",
                                                   "mis|Observation|placeholder"]
    created = graph.read_text("MATCH (r:Record {key: 'mis|Observation|new'}) RETURN r")[0]["r"]
    assert created["settling"] is True and created["kind"] == "laboratory"
    assert scalar(graph, "MATCH (r:Record {key: 'mis|Observation|older'}) RETURN r.rank") \
        == "000000000001|"


def teststore_record_nodes_creates_new_keys_and_compares_versions_of_stored_ones(
        graph: Graph) -> None:
    graph.write_text("CREATE (:Record {key: 'mis|Observation|same', rank: '000000000002|', "
                     "settling: true})")
    graph.write_text("CREATE (:Record {key: 'mis|Observation|newer', rank: '000000000001|'})")
    graph.write_text("CREATE (:Record {key: 'mis|Observation|late', rank: '000000000009|'})")
    rows = [_row("mis|Observation|same", "000000000002|"),
            _row("mis|Observation|newer", "000000000002|"),
            _row("mis|Observation|late", "000000000002|"),
            _row("mis|Observation|first", "000000000001|")]

    nodes = graph.execute_write(lambda tx: store_record_nodes(tx, rows))

    assert nodes.applied == {"mis|Observation|newer", "mis|Observation|first"}
    assert nodes.unsettled == {"mis|Observation|same"}  # re-delivered while still settling
    assert nodes.replaced == {"mis|Observation|newer"}  # an update, not a creation
    assert scalar(graph, "MATCH (r:Record {key: 'mis|Observation|late'}) RETURN r.rank") \
        == "000000000009|"
    assert scalar(graph, "MATCH (r:Record) RETURN count(r)") == 4
