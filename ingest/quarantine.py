"""The quarantine: list what could not be used, and replay it once corrected."""

from __future__ import annotations

import re
from typing import Any

from graph.database import Graph
from ingest.pipeline import Ingestor
from ingest.reader import InputItem, parse_document, raw_bytes, read_document
from onkopassport.errors import InputError, NotFoundError
from onkopassport.settings import Settings

REPLAY_PREFIX = "replay of "
_ENTRY = re.compile(r" entry\[(\d+)\]$")
_FILE_LINE = re.compile(r"^(?P<name>.+):(?P<line>\d+)$")
_HTTP_METHODS = ("GET ", "POST ", "PUT ", "PATCH ", "DELETE ")


def list_quarantine(graph: Graph, status: str = "open", limit: int = 100) -> list[dict[str, Any]]:
    return [with_location_ru(row)
            for row in graph.read("list_quarantined_items", status=status, limit=limit)]


def with_location_ru(item: dict[str, Any]) -> dict[str, Any]:
    """The item with `locationRu`, its location in words; `location` stays as stored, for
    it is part of the item's id (a location renamed would make a re-sent item new)."""
    item["locationRu"] = location_ru(item.get("location"))
    return item


def location_ru(location: str | None) -> str | None:
    """Where an item was found, for an operator: `x.ndjson:12 entry[3]` becomes «файл
    x.ndjson, строка 12, Bundle.entry[3]»; `request entry[1]` «запрос POST /fhir,
    Bundle.entry[1]»; `replay of …` «повторная загрузка: …»; any other place reads as the
    name of a file (a JSON document read whole)."""
    if not location:
        return location
    if location.startswith(REPLAY_PREFIX):
        return f"повторная загрузка: {location_ru(location[len(REPLAY_PREFIX):])}"
    entries: list[str] = []
    rest = location
    while (found := _ENTRY.search(rest)) is not None:
        entries.insert(0, f"Bundle.entry[{found.group(1)}]")
        rest = rest[:found.start()]
    if rest == "request":
        where = "запрос POST /fhir"
    elif rest.startswith(_HTTP_METHODS):
        where = f"запрос {rest}"
    elif (line := _FILE_LINE.match(rest)) is not None:
        where = f"файл {line.group('name')}, строка {line.group('line')}"
    else:
        where = f"файл {rest}"
    return ", ".join([where, *entries])


def find_quarantined(graph: Graph, quarantine_id: str,
                     source: str | None = None) -> dict[str, Any]:
    """The one quarantined item whose id is, or starts with, `quarantine_id`; with
    `source`, among that source's items only (another's is not found)."""
    if source is None:
        found = graph.read("find_quarantined_item", prefix=quarantine_id)
    else:
        found = graph.read("find_quarantined_item_of_source", prefix=quarantine_id,
                           source=source)
    if not found:
        of_source = f" системы '{source}'" if source is not None else ""
        raise NotFoundError(f"В карантине нет записи{of_source} с идентификатором "
                            f"'{quarantine_id}'.")
    if len(found) > 1:
        raise InputError(f"Идентификатору '{quarantine_id}' соответствует несколько записей "
                         "карантина; укажите больше его символов.")
    return found[0]


def replay_quarantine(graph: Graph, settings: Settings, quarantine_id: str,
                      corrected_text: str | None = None) -> dict[str, Any]:
    """Ingest the corrected text (or the stored one) again; mark the item replayed if it
    now goes through, otherwise say why it still fails. Nothing is deleted: what a failed
    attempt quarantined is kept with status `replay-attempt`, off the open list."""
    item = find_quarantined(graph, quarantine_id)
    ingestor = Ingestor(graph, settings)
    outcomes = ingestor.ingest_batch(_replayed_items(item, corrected_text))
    graph.write("mark_replay_attempts", source=item["source"],
                location=_replay_location(item), quarantineId=item["quarantineId"])
    failed = [o for o in outcomes if o.status == "quarantined"]
    if failed:
        return {"quarantineId": item["quarantineId"], "status": "still-failing",
                "reasons": [o.reason for o in failed]}
    graph.write("mark_quarantine_replayed", quarantineId=item["quarantineId"],
                replayedAs=[o.key for o in outcomes])
    return {"quarantineId": item["quarantineId"], "status": "replayed",
            "records": [o.key for o in outcomes]}


def _replayed_items(item: dict[str, Any], corrected_text: str | None) -> list[InputItem]:
    """The corrected text, else what was received: bytes that were not UTF-8 are kept as
    they came (reader.undecodable_raw) and read as bytes again, so that replaying them
    without a correction fails for the same reason instead of parsing the kept base64."""
    location = _replay_location(item)
    if corrected_text is not None:
        return list(parse_document(corrected_text, item["source"], location))
    received = raw_bytes(item["raw"])
    if received is not None:
        return list(read_document(received, item["source"], location))
    return list(parse_document(item["raw"], item["source"], location))


def _replay_location(item: dict[str, Any]) -> str:
    return f"{REPLAY_PREFIX}{item['location']}"
