"""Every lookup of a node by its unique key names the index it must seek.

Neo4j replans a cached query when the graph's statistics drift, and an ingest makes them
drift fast: right after thousands of records arrive, before the key indexes are sampled
again, the planner took a lookup of `Record {key: row.orgKey}` for a scan of every key
(one run of the loader's writes spent 26 s in link_record_organizations instead of
1.6 s), and a plain `USING INDEX` let it honour the hint with a scan. `USING INDEX SEEK`
leaves it no such choice. Checked on the query text, without a server; the integration
tests run every query on the real one, so a hint it cannot honour fails there.
"""

from __future__ import annotations

import re

from graph.queries import cypher_files, load_query
from graph.schema import SCHEMA_SCRIPT, unique_keys

# The node a MATCH starts from, when it is written with a property map: (alias:Labels {p:
MATCH_START = re.compile(r"\bMATCH\s+(?:\w+\s*=\s*)?\((\w*)((?::\w+)+)\s*\{\s*(\w+)\s*:")


def unpinned_key_lookups(text: str, keys: set[tuple[str, str]]) -> list[str]:
    """The MATCH clauses of `text` that start from a node by its unique key without a
    `USING INDEX SEEK` hint for that node."""
    code = "\n".join(line.split("//")[0] for line in text.splitlines())
    unpinned = []
    for match in MATCH_START.finditer(code):
        alias, labels, key = match.group(1), match.group(2).split(":")[1:], match.group(3)
        if not any((label, key) in keys for label in labels):
            continue
        hint = rf"USING INDEX SEEK {alias}:(?:{'|'.join(labels)})\({key}\)"
        if not alias or not re.search(hint, code):
            unpinned.append(match.group(0))
    return unpinned


def test_the_check_finds_an_unpinned_lookup_and_accepts_a_pinned_one() -> None:
    keys = {("Record", "key")}
    assert unpinned_key_lookups(
        "UNWIND $rows AS row\nOPTIONAL MATCH (:Record {key: row.k})-[:X]->(o)", keys) == [
        "MATCH (:Record {key:"]
    assert unpinned_key_lookups(
        "MATCH (r:Record {key: $k})\nRETURN r", keys) == ["MATCH (r:Record {key:"]
    assert unpinned_key_lookups(
        "MATCH (r:Record {key: $k})\nUSING INDEX SEEK r:Record(key)\nRETURN r", keys) == []
    # A lookup by another property, a MERGE and a comment are not lookups by the key.
    assert unpinned_key_lookups(
        "// MATCH (r:Record {key: $k})\nMATCH (r:Record {kind: $k})\nMERGE (s:Record {key: 1})",
        keys) == []


def test_every_query_pins_its_key_lookups() -> None:
    keys = unique_keys()
    assert ("Record", "key") in keys and ("Patient", "patientId") in keys
    unpinned = {name: found for name in cypher_files() if name != SCHEMA_SCRIPT
                if (found := unpinned_key_lookups(load_query(name), keys))}
    assert unpinned == {}
