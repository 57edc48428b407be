"""In the graph: input that is not UTF-8 kept in quarantine and replayed once corrected; a
graph ingested before version ranks were normalised, read again by `reclassify`."""

from __future__ import annotations

import json
from pathlib import Path

from graph.database import Graph
from ingest.pipeline import Ingestor
from ingest.quarantine import list_quarantine, replay_quarantine
from ingest.reader import raw_bytes
from ingest.reclassify import reclassify_records
from onkopassport.settings import Settings
from tests import fhir_factories as f
from tests.integration.ingest.conftest import IngestFn, scalar

CONDITION_KEY = "mis-a|Condition|c1"


def test_a_windows_1251_file_is_kept_in_quarantine_and_replayed_once_saved_as_utf8(
        graph: Graph, settings: Settings, tmp_path: Path) -> None:
    patient = json.dumps(f.patient("1", family="Петрова"), ensure_ascii=False)
    path = tmp_path / "poly.ndjson"
    path.write_bytes(patient.encode("cp1251") + b"\n")

    summary = Ingestor(graph, settings).ingest_paths([path])

    assert (summary.received, summary.stored, summary.quarantined) == (1, 0, 1)
    [item] = list_quarantine(graph)
    first = next(i for i, byte in enumerate(patient.encode("cp1251")) if byte >= 0x80)
    assert item["reason"].startswith(f"Текст не в кодировке UTF-8: байт 0x"
                                     f"{patient.encode('cp1251')[first]:02x} в позиции {first} ")
    assert "Сохраните файл в UTF-8" in item["reason"]
    assert raw_bytes(item["raw"]) == patient.encode("cp1251") + b"\n"  # as received
    still = replay_quarantine(graph, settings, item["quarantineId"])
    assert still["status"] == "still-failing"
    assert still["reasons"][0].startswith("Текст не в кодировке UTF-8")
    fixed = replay_quarantine(graph, settings, item["quarantineId"], corrected_text=patient)
    assert fixed["status"] == "replayed"
    assert scalar(graph, "MATCH (r:Record {key: 'poly|Patient|1'}) RETURN r.family") == \
        "Петрова"


def _condition(version: int, updated: str, **extra: object) -> dict:
    return {**f.condition("c1", "Patient/1", "C50.4", **extra),
            "meta": f.meta(version, updated=updated)}


def test_reclassify_rewrites_ranks_stored_as_the_sender_wrote_last_updated(
        graph: Graph, ingest: IngestFn) -> None:
    """A graph ingested by an older version holds `lastUpdated` in its ranks as written:
    `…10:00:00+03:00` (07:00 UTC) sorts above a later `…08:00:00Z`, and that later version
    would be refused as older. Read again, the rank is rewritten, and the later version
    wins."""
    ingest([f.patient("1"), _condition(1, "2025-05-01T10:00:00+03:00")])
    graph.write_text("MATCH (r:Record {key: $key}) SET r.rank = $rank", key=CONDITION_KEY,
                     rank="000000000001|2025-05-01T10:00:00+03:00")

    summary = reclassify_records(graph, lambda people: None)

    assert summary.changed_facts["rank"] == 1
    assert scalar(graph, "MATCH (r:Record {key: $key}) RETURN r.rank", key=CONDITION_KEY) == \
        "000000000001|2025-05-01T07:00:00.000000000Z"
    later = ingest([_condition(1, "2025-05-01T08:00:00Z", status="entered-in-error")])
    assert later.stored == 1
    assert scalar(graph, "MATCH (r:Record {key: $key}) RETURN r.retracted",
                  key=CONDITION_KEY) is True
    again = reclassify_records(graph, lambda people: None)
    assert again.changed == 0
