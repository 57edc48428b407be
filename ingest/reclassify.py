"""Reclassify: read the stored records again with this version's classifier.

A record's facts (kind, VIMIS docType, care stage, intent, codes, stage…) are read from
its FHIR JSON when it arrives. A newer version of the classifier may read more (the care
intent, a wider SNOMED crosswalk); without this, records stored before it keep what the
old one read until their senders send them again. The raw JSON is kept on every record
(nothing is lost), so the facts can be read again here: each record whose facts now
differ gets the new ones, and the people concerned are handed back to be derived again.

Edges stay as they were drawn when the record arrived: the references of a record that
came in a Bundle may name `urn:uuid`s only that Bundle resolved, so they are not read
again (and the facts never depend on them).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from neo4j.time import Date, DateTime

from domain.identifiers import ENP_DEFAULT_SYSTEM
from graph.database import Graph, batched
from ingest.classify import RecordRejected, classify
from ingest.reader import not_json_reason
from ingest.refresh import people_of_organization_records

log = logging.getLogger(__name__)

# Properties kept on a record node beside the facts the classifier reads — the loader's
# (key, version rank, raw JSON, placeholder and settling marks) and the route layer's
# position of an event (pathway) — never facts to compare or remove (the rank is compared
# apart, see _changed_facts). A test reads a whole region's records again after routes
# are drawn, so a new one shows there.
_NOT_FACTS = frozenset({"key", "rank", "resource", "placeholder", "settling", "routeIndex"})

Progress = Callable[[int], None]
PeopleChanged = Callable[[list[str]], None]


@dataclass
class ReclassifySummary:
    read: int = 0
    changed: int = 0
    # property → records whose value of it changed (was added or removed)
    changed_facts: Counter[str] = field(default_factory=Counter)
    # (record key, why it cannot be read now): left as they are
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # whose records changed


def reclassify_records(graph: Graph, on_people_changed: PeopleChanged, page_size: int = 2000,
                       progress: Progress | None = None,
                       enp_system: str = ENP_DEFAULT_SYSTEM) -> ReclassifySummary:
    """Read every stored FHIR record again; write the facts that changed and hand the
    people concerned to `on_people_changed` (their derivation), page by page in key order:
    stopped midway, what it read is done except, at most, the derivation of one page's
    people (`onkopassport rederive` derives everyone again)."""
    summary = ReclassifySummary()
    people: set[str] = set()
    after = ""
    while rows := graph.read_values("list_stored_record_facts", after=after, limit=page_size):
        changes = [change for row in rows
                   if (change := _changed_facts(row, summary, enp_system)) is not None]
        written = {row["key"] for row in graph.write("replace_record_facts", rows=changes)}
        for change in changes:
            if change["key"] in written:
                summary.changed += 1
                summary.changed_facts.update(change["facts"].keys())
        # People already derived again for an earlier page are derived again only when
        # this page changes their records too: the derivation reads all of them.
        concerned = _people_of(graph, sorted(written))
        if concerned:
            on_people_changed(sorted(concerned))
        people |= concerned
        summary.read += len(rows)
        after = rows[-1]["key"]
        if progress is not None:
            progress(summary.read)
    summary.people = sorted(people)
    return summary


def _changed_facts(row: dict[str, Any], summary: ReclassifySummary,
                   enp_system: str) -> dict[str, Any] | None:
    """The row for replace_record_facts when the facts read now differ, else None."""
    stored = {name: _native(value) for name, value in row["facts"] if name not in _NOT_FACTS}
    try:
        resource = orjson.loads(row["resource"])
        record = classify(resource, str(stored.get("source")), {}, facts_only=True,
                          enp_system=enp_system)
    except (orjson.JSONDecodeError, RecordRejected, KeyError, TypeError, ValueError) as error:
        summary.unreadable.append((row["key"], _why_unreadable(row, error)))
        return None
    if record.key != row["key"]:
        # The JSON names another resource than the key it is stored under (a `meta.source`
        # added by hand since?): not this record's facts.
        summary.unreadable.append(
            (row["key"], f"сохранённый JSON записи называет другой ресурс ({record.key}), чем "
                         "ключ, под которым она хранится; запись оставлена как была — "
                         "проверьте, не правили ли её в базе вручную"))
        return None
    now = {name: value for name, value in record.props.items() if value is not None}
    facts = {name: value for name, value in now.items() if stored.get(name) != value}
    facts.update({name: None for name in stored.keys() - now.keys()})
    if record.rank != row["rank"]:
        # The rank as this version writes it (classify.version_rank: lastUpdated in UTC at
        # a fixed width). A rank stored by an older version holds lastUpdated as the
        # sender wrote it, and would go on deciding against newer versions by that text.
        facts["rank"] = record.rank
    if not facts:
        return None
    return {"key": row["key"], "rank": row["rank"], "facts": facts}


def _why_unreadable(row: dict[str, Any], error: Exception) -> str:
    """For the operator: what the stored record's text or the classifier says, in Russian;
    a reader's own failure (KeyError, TypeError…) is logged with its traceback instead."""
    if isinstance(error, RecordRejected):  # the classifier's refusal: Russian, with the fix
        return str(error)
    if isinstance(error, orjson.JSONDecodeError):
        return f"сохранённый текст записи повреждён. {not_json_reason(error, row['resource'])}"
    log.warning("Запись %s не удалось прочитать заново", row["key"], exc_info=error)
    return ("внутренняя ошибка при повторном чтении записи; запись оставлена как была — "
            "сообщите разработчикам (подробности — в журнале)")


def _native(value: Any) -> Any:
    """The driver's temporal values as Python's, to compare with what classify returns."""
    if isinstance(value, Date | DateTime):
        return value.to_native()
    return value


def _people_of(graph: Graph, keys: list[str]) -> set[str]:
    people: set[str] = set()
    for chunk in batched(keys, 5000):
        people.update(row["patientId"] for row in
                      graph.read_values("find_people_of_records", keys=chunk))
    return people | people_of_organization_records(graph, keys)


