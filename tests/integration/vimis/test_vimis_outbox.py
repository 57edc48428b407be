"""Which records become VIMIS messages, and that queueing is idempotent."""

from __future__ import annotations

import base64
from datetime import timedelta

from lxml import etree

from graph.database import Graph
from onkopassport.settings import Settings
from tests.integration.vimis.conftest import NOW
from tests.integration.vimis.scenario import CAOP, DISPENSARY, build_region
from vimis.codes import HL7_NAMESPACE, SNILS_ROOT
from vimis.outbox import enqueue
from vimis.schema_check import schema_errors

H = "{" + HL7_NAMESPACE + "}"


def _messages(graph: Graph) -> dict[str, dict]:
    rows = graph.read_text(
        "MATCH (r:Record)-[:SENT_AS]->(m:OutboxMessage:VimisMessage) "
        "RETURN r.key AS key, m {.*} AS m")
    return {row["m"]["messageId"]: {**row["m"], "sourceKey": row["key"]} for row in rows}


def test_every_record_vimis_takes_is_queued_once_and_nothing_else(
        graph: Graph, vimis_settings: Settings) -> None:
    region = build_region(graph)
    report = enqueue(graph, vimis_settings, NOW)
    messages = _messages(graph)
    assert {m["sourceKey"] for m in messages.values()} == region.expected_keys
    assert report.queued == len(messages) == len(region.expected_keys) == 21
    assert all(m["state"] == "pending" and m["version"] == 1 for m in messages.values())
    assert {m["docType"] for m in messages.values()} == {1, 2, 3, 4, 6, 8, 10}


def test_every_document_is_valid_and_traces_back_to_its_record(
        graph: Graph, vimis_settings: Settings) -> None:
    build_region(graph, patients=1)
    enqueue(graph, vimis_settings, NOW)
    for message in _messages(graph).values():
        document = base64.b64decode(message["document"])
        assert schema_errors(document) == [], message["docType"]
        root = etree.fromstring(document)
        assert root.find(H + "setId").get("extension") == message["sourceKey"]
        assert root.find(H + "id").get("extension") == message["messageId"]
        snils = root.find(f"{H}recordTarget/{H}patientRole/{H}id")
        assert (snils.get("root"), snils.get("extension")) == (SNILS_ROOT, "112-233-445 95")
        author = root.find(f"{H}author/{H}assignedAuthor/{H}representedOrganization/{H}id")
        assert author.get("root") == message["organizationOid"]
        if message["docType"] == 6:  # tumour board: REMD kind 371 and its template
            assert root.find(H + "code").get("code") == "371"
            assert root.find(H + "templateId").get("root") == "1.2.643.5.1.13.13.15.79.1"
            text = etree.tostring(root, encoding="unicode")
            assert "C50.4" in text and "Рекомендовано хирургическое лечение" in text
        if message["docType"] == 1:  # referral names its target organisation
            targets = [v.get("root") for v in root.iter(H + "value") if v.get("root")]
            assert targets == [CAOP]
            assert author.get("root") != DISPENSARY


def test_rollout_stages_limit_the_doc_types(graph: Graph, vimis_settings: Settings) -> None:
    build_region(graph, patients=1)
    stage_one = vimis_settings.model_copy(update={"vimis_rollout_stages": [1]})
    enqueue(graph, stage_one, NOW)
    assert {m["docType"] for m in _messages(graph).values()} == {1, 2, 3, 4}
    # Switching stage 2 on later queues only what is new.
    report = enqueue(graph, vimis_settings.model_copy(update={"vimis_rollout_stages": [1, 2]}),
                     NOW)
    assert report.by_doc_type == {6: 1, 8: 1} and report.unchanged == 4


def test_reingested_identical_record_sends_nothing_and_a_change_sends_an_update(
        graph: Graph, vimis_settings: Settings) -> None:
    region = build_region(graph, patients=1)
    first = enqueue(graph, vimis_settings, NOW)
    # Re-ingest: the same clinical content with new bookkeeping (versionId, lastUpdated).
    graph.write_text("MATCH (r:Record) WHERE r.vimisDocType IS NOT NULL "
                     "SET r.versionId = '2', r.lastUpdated = datetime()")
    again = enqueue(graph, vimis_settings, NOW + timedelta(hours=1))
    assert (again.queued, again.unchanged) == (0, first.queued)
    board = next(k for k in region.expected_keys
                 if graph.read_text("MATCH (r:Record {key: $k}) RETURN r.kind AS kind",
                                    k=k)[0]["kind"] == "tumor-board")
    graph.write_text("MATCH (r:Record {key: $k}) SET r.stage = 'IIB', r.n = '1'", k=board)
    update = enqueue(graph, vimis_settings, NOW + timedelta(hours=2))
    assert (update.queued, update.updates) == (1, 1)
    versions = graph.read_text(
        "MATCH (:Record {key: $k})-[:SENT_AS]->(m:VimisMessage) "
        "OPTIONAL MATCH (m)-[:REPLACES]->(old) "
        "RETURN m.version AS version, old.version AS replaces, m.document AS document "
        "ORDER BY version", k=board)
    assert [(v["version"], v["replaces"]) for v in versions] == [(1, None), (2, 1)]
    root = etree.fromstring(base64.b64decode(versions[1]["document"]))
    assert root.find(H + "versionNumber").get("value") == "2"
    assert root.find(f"{H}relatedDocument/{H}parentDocument/{H}id") is not None
    # The same update re-ingested once more is, again, nothing new.
    assert enqueue(graph, vimis_settings, NOW + timedelta(hours=3)).queued == 0
