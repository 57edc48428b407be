"""Reading input: files, NDJSON, Bundles, gzip and directories, streamed item by item.

The reader never fails on bad content: a line that is not JSON becomes an `InputItem`
with `error` set, so that the pipeline can quarantine it with its raw text and location.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
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
        yield InputItem(source, location, undecodable_raw(data),
                        error=not_utf8_reason(data[error.start], error.start))
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
        yield InputItem(source, location, text, error=not_json_reason(error, text))
        return
    yield from expand(document, source, location, text)


def not_utf8_reason(byte: int, position: int) -> str:
    """Why bytes that are not UTF-8 are quarantined, and what to do (for an operator)."""
    return (f"Текст не в кодировке UTF-8: байт 0x{byte:02x} в позиции {position} недопустим "
            "в UTF-8 (вероятно, файл в другой кодировке, например Windows-1251). Сохраните "
            "файл в UTF-8 и загрузите его снова (полученные байты сохранены в base64).")


def not_json_reason(error: orjson.JSONDecodeError, text: str) -> str:
    """orjson's detail, framed for an operator: where in the text (a line of NDJSON is one
    line, its file line is the location), what is wrong, in Russian, and what to do."""
    content = text.rstrip()
    if "\n" in content:
        where = f"строка {error.lineno}, столбец {error.colno}"
    else:
        where = "в конце текста" if error.pos >= len(content) else f"столбец {error.pos + 1}"
    return (f"Текст не является корректным JSON ({where}): {json_error_ru(error.msg)}. "
            "Исправьте синтаксис JSON (незакрытые скобки и кавычки, лишние запятые) и "
            "загрузите запись снова.")


# orjson's messages (its parser is yyjson's), as an operator reads them.
_JSON_ERRORS_RU = {
    "unexpected end of data": "текст оборвался — не хватает закрывающих кавычек или скобок",
    "trailing comma is not allowed": "лишняя запятая перед закрывающей скобкой",
    "unexpected control character in string":
        "управляющий символ (перевод строки, табуляция) внутри строки — его пишут как \\n, "
        "\\t",
    "invalid escaped sequence in string":
        "неверная escape-последовательность в строке (допустимы \\\", \\\\, \\/, "
        "\\b, \\f, \\n, \\r, \\t, \\uXXXX)",
    "unexpected content after document": "после конца документа JSON есть ещё текст",
    "Input is a zero-length, empty document": "текст пуст",
    "number with leading zero is not allowed": "число с ведущим нулём",
    "no digit after decimal point": "нет цифр после десятичной точки",
    "no digit after exponent sign": "нет цифр в показателе степени",
    "number is infinity when parsed as double": "число вне допустимого диапазона",
    "depth limit exceeded": "слишком глубокая вложенность",
}
_EXPECTED_RU = {
    "':' after key": "«:» после ключа", "',' or ']'": "«,» или «]»",
    "',' or '}'": "«,» или «}»", "a string key": "ключ в двойных кавычках",
    "a JSON value": "значение JSON (строка, число, true, false, null, объект или массив)",
}


def json_error_ru(message: str) -> str:
    """orjson's message in Russian; one this table does not know is kept as it is, framed."""
    if message in _JSON_ERRORS_RU:
        return _JSON_ERRORS_RU[message]
    if "surrogate" in message:
        return "неполная суррогатная пара \\uXXXX в строке"
    if "UTF-8" in message:
        return "строка не в кодировке UTF-8"
    unexpected = re.fullmatch(r"unexpected character, expected (.+)", message)
    if unexpected:
        expected = unexpected.group(1)
        return f"неожиданный символ, ожидалось {_EXPECTED_RU.get(expected, expected)}"
    literal = re.fullmatch(r"invalid literal, expected '(\w+)'", message)
    if literal:
        return f"неверное слово, ожидалось {literal.group(1)}"
    return f"ошибка разбора JSON ({message})"


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
        yield InputItem(source, location, raw, error=not_a_resource_reason(document))
        return
    if document["resourceType"] != "Bundle":
        yield InputItem(source, location, raw, resource=document)
        return
    if not isinstance(document.get("entry") or [], list):
        yield InputItem(source, location, raw, error=(
            f"Bundle.entry должен быть массивом записей, а получено: "
            f"{_json_kind(document['entry'])}. Исправьте Bundle.entry и загрузите Bundle снова."))
        return
    for _, _, items in bundle_entries(document, source, location):
        yield from items


def not_a_resource_reason(document: Any) -> str:
    if isinstance(document, dict):
        found = "в объекте нет элемента 'resourceType'"
    else:
        found = f"получено: {_json_kind(document)}"
    return ("Не ресурс FHIR: ожидался объект JSON с элементом 'resourceType' "
            f"({found}). Укажите resourceType (например, \"Patient\") или проверьте, что "
            "это запись FHIR.")


def _json_kind(value: Any) -> str:
    """A JSON value's kind in Russian, for a reason: 'массив', 'строка', 'число 5'…"""
    if isinstance(value, dict):
        return "объект"
    if isinstance(value, list):
        return "массив"
    if isinstance(value, str):
        return "строка"
    if isinstance(value, bool) or value is None:
        return f"значение {orjson.dumps(value).decode()}"
    return f"число {value}"


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
        entry_raw = _json_text(resource if resource is not None else entry)
        if not isinstance(resource, dict):
            items = [InputItem(source, where, entry_raw, error=(
                f"Bundle.entry[{index}] не содержит ресурса (entry.resource): добавьте ресурс "
                "в entry.resource или уберите пустой entry из Bundle."))]
        elif resource.get("resourceType") == "Bundle":
            items = list(expand(resource, source, where, entry_raw))
        else:
            items = [InputItem(source, where, entry_raw, resource=resource, bundle_urls=urls)]
        yield index, entry, items


def _json_text(value: Any) -> str:
    """An entry as JSON text. orjson writes at most 254 levels of nesting, which a record
    that is itself read (up to 1024) can exceed: such an entry is written by the standard
    library instead, so it is quarantined like any bad record rather than stopping the
    whole file."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # "Recursion limit reached"
        return json.dumps(value, ensure_ascii=False)


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
