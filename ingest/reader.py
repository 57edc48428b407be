"""Reading input: files, NDJSON, Bundles, gzip and directories, streamed item by item.

The reader never fails on bad content: a line that is not JSON becomes an `InputItem`
with `error` set, so that the pipeline can quarantine it with its raw text and location.
"""

from __future__ import annotations

import base64
import gzip
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

SUFFIXES = (".json", ".ndjson", ".jsonl", ".json.gz", ".ndjson.gz", ".jsonl.gz")


@dataclass
class InputItem:
    """One resource as received, or a piece of input that could not be read as one."""

    source: str
    location: str
    raw: str
    resource: dict[str, Any] | None = None
    error: str | None = None
    # fullUrl → resource key of the entries of the Bundle this item came from
    bundle_urls: dict[str, str] = field(default_factory=dict)
    # Bytes of the input read when this item was read, as stored (a .gz file compressed),
    # counted over all the files of a run: what a progress bar compares with input_size().
    read_to: int = 0


# What a generated region (synth/README.md) keeps beside its FHIR files: its manifest and
# its ground truth. A folder's walk passes them by; named as a file, one is read as input.
REGION_METADATA_FILES = frozenset({"manifest.json"})
REGION_METADATA_FOLDERS = frozenset({"ground_truth"})


def discover_files(paths: Iterable[Path]) -> list[Path]:
    """Input files under the given paths, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file()
                                and p.name.endswith(SUFFIXES) and not _region_metadata(p)))
        else:
            found.append(path)
    return found


def _region_metadata(path: Path) -> bool:
    return (path.name in REGION_METADATA_FILES
            or not REGION_METADATA_FOLDERS.isdisjoint(path.parts))


def default_source(path: Path) -> str:
    """The file name without suffixes: `poly-mis-1.ndjson.gz` → `poly-mis-1`."""
    name = path.name
    for suffix in (".gz", ".ndjson", ".jsonl", ".json"):
        name = name.removesuffix(suffix)
    return name


def input_size(paths: Iterable[Path]) -> int:
    """Bytes of all the input files under the paths, as stored: a progress bar's total."""
    return sum(path.stat().st_size for path in discover_files(paths))


def read_file(path: Path, source: str | None = None, offset: int = 0) -> Iterator[InputItem]:
    """Items of one file: NDJSON line by line (streamed), JSON documents whole. Each item's
    `read_to` is `offset` plus the bytes of the file read so far (ahead of the line by at
    most the read buffer: exact enough for a progress bar). Text must be UTF-8 (FHIR's
    JSON encoding): a line (or document) that is not becomes an item with `error` set."""
    file_source = source or default_source(path)
    is_ndjson = any(path.name.endswith(s) for s in (".ndjson", ".jsonl", ".ndjson.gz",
                                                      ".jsonl.gz"))
    with path.open("rb") as stored:
        binary = gzip.GzipFile(fileobj=stored, mode="rb") if path.name.endswith(".gz") \
            else stored
        with binary:
            if is_ndjson:
                for number, line in enumerate(binary, start=1):
                    if line.strip():
                        yield from _at(read_document(line, file_source,
                                                     f"{path.name}:{number}"),
                                       offset + stored.tell())
            else:
                yield from _at(read_document(binary.read(), file_source, path.name),
                               offset + stored.tell())


def read_document(data: bytes, source: str, location: str) -> Iterator[InputItem]:
    """A JSON document as received in bytes, expanded into items; bytes that are not UTF-8
    are one item with `error` set, the bytes kept losslessly (see `undecodable_raw`).
    Decoding strictly, not with replacement characters: a Windows-1251 file read with
    replacements would be stored with every Cyrillic name turned into the same '���', and
    its people then matched with each other by name."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        yield InputItem(source, location, undecodable_raw(data), error=(
            f"not UTF-8: byte 0x{data[error.start]:02x} at position {error.start} is not "
            "valid UTF-8 (the text is probably in another encoding, e.g. Windows-1251); "
            "save the file as UTF-8 and ingest it again (the bytes as received are kept, "
            "base64-encoded)"))
        return
    yield from parse_document(text, source, location)


def _at(items: Iterator[InputItem], read_to: int) -> Iterator[InputItem]:
    for item in items:
        item.read_to = read_to
        yield item


def parse_document(text: str, source: str, location: str) -> Iterator[InputItem]:
    """A JSON text holding a resource or a Bundle, expanded into items. A leading byte
    order mark is passed by: editors on Windows write one, JSON parsers refuse it."""
    text = text.removeprefix(_BOM)
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        yield InputItem(source, location, text, error=f"not valid JSON: {error}")
        return
    yield from expand(document, source, location, text)


# Raw input that is not UTF-8 text is kept as a data URI of its bytes: the quarantine
# stores text (a Neo4j string cannot hold arbitrary bytes), and this text says what it is.
_UNDECODABLE_PREFIX = "data:application/octet-stream;base64,"
_BOM = "\ufeff"


def undecodable_raw(data: bytes) -> str:
    """Bytes that are not UTF-8, as text the quarantine can store and give back whole."""
    return _UNDECODABLE_PREFIX + base64.b64encode(data).decode("ascii")


def raw_bytes(raw: str) -> bytes | None:
    """The bytes `undecodable_raw` kept, or None for raw input that was text."""
    if not raw.startswith(_UNDECODABLE_PREFIX):
        return None
    return base64.b64decode(raw.removeprefix(_UNDECODABLE_PREFIX))


def expand(document: Any, source: str, location: str, raw: str) -> Iterator[InputItem]:
    if not isinstance(document, dict) or "resourceType" not in document:
        yield InputItem(source, location, raw,
                        error="not a FHIR resource: a JSON object with 'resourceType' expected")
        return
    if document["resourceType"] != "Bundle":
        yield InputItem(source, location, raw, resource=document)
        return
    if not isinstance(document.get("entry") or [], list):
        yield InputItem(source, location, raw, error="Bundle.entry must be a list")
        return
    for _, _, items in bundle_entries(document, source, location):
        yield from items


def bundle_entries(bundle: dict[str, Any], source: str, location: str,
                   found: Mapping[str, str] | None = None,
                   ) -> Iterator[tuple[int, Any, list[InputItem]]]:
    """(index, entry, its items) per entry of a Bundle whose `entry` is a list: an entry
    holding a Bundle (a document, say) gives all of that Bundle's items, so that a
    response can still answer entry by entry. `found` maps the fullUrls of entries that
    a conditional create found stored to those records' keys: references to them name
    the stored records."""
    entries = [with_entry_id(entry) for entry in bundle.get("entry") or []]
    urls = {**bundle_url_map(entries, source), **(found or {})}
    for index, entry in enumerate(entries):
        where = f"{location} entry[{index}]"
        resource = entry.get("resource") if isinstance(entry, dict) else None
        # kept as JSON (quarantine replays it), the whole entry when it holds no resource
        entry_raw = orjson.dumps(resource if resource is not None else entry).decode()
        if not isinstance(resource, dict):
            items = [InputItem(source, where, entry_raw, error="Bundle entry has no resource")]
        elif resource.get("resourceType") == "Bundle":
            items = list(expand(resource, source, where, entry_raw))
        else:
            items = [InputItem(source, where, entry_raw, resource=resource, bundle_urls=urls)]
        yield index, entry, items


def resource_source(resource: dict[str, Any], fallback: str) -> str:
    """Ids are unique within a source: `meta.source` when the sender names it, else the
    source the file was ingested as. A `#fragment` of `meta.source` is not part of it: FHIR
    R4 has the fragment name the request that wrote the version (HAPI writes
    `http://mis-a/fhir#Lk8o…`), so every version would otherwise be a source of its own."""
    meta = resource.get("meta")
    named = meta.get("source") if isinstance(meta, dict) else None
    if not isinstance(named, str):
        return fallback
    return named.split("#", 1)[0] or fallback


def with_entry_id(entry: Any) -> Any:
    """A transaction entry may carry no id (the server assigns one): take it from fullUrl."""
    if not isinstance(entry, dict) or not isinstance(entry.get("resource"), dict):
        return entry
    resource, full_url = entry["resource"], entry.get("fullUrl")
    if "id" not in resource and isinstance(full_url, str) and full_url:
        resource = {**resource, "id": full_url.rsplit(":", 1)[-1].rsplit("/", 1)[-1]}
        return {**entry, "resource": resource}
    return entry


def bundle_url_map(entries: list[Any], source: str) -> dict[str, str]:
    """fullUrl (urn:uuid or absolute) → the key the entry's resource will be stored under."""
    urls: dict[str, str] = {}
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("resource"), dict):
            continue
        resource, full_url = entry["resource"], entry.get("fullUrl")
        if isinstance(full_url, str) and resource.get("id"):
            scope = resource_source(resource, source)
            urls[full_url] = f"{scope}|{resource.get('resourceType')}|{resource['id']}"
    return urls
