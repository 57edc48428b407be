"""Reading: the source scope of `meta.source`, text that is not UTF-8, a byte order mark."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from ingest.load import QuarantineItem
from ingest.prepare import prepare_batch, prepare_item
from ingest.reader import parse_document, raw_bytes, read_file, resource_source
from ingest.validate import validate_fast
from tests import fhir_factories as f

SENDER = "http://mis-a.example/fhir"


def _with_source(resource: dict, source: str, version: int) -> dict:
    return {**resource, "meta": {"versionId": str(version), "source": source}}


def test_the_fragment_of_meta_source_names_a_request_not_another_source() -> None:
    """HAPI writes `meta.source` as `<server>#<request id>`: every version of one sender's
    record carries another fragment, yet they are one source and one record."""
    assert resource_source({"meta": {"source": f"{SENDER}#Lk8ocdsdd0T4bnQo"}}, "file") == \
        SENDER
    assert resource_source({"meta": {"source": "#only-a-request"}}, "file") == "file"
    resources = [
        _with_source(f.patient("1"), f"{SENDER}#Lk8ocdsdd0T4bnQo", 1),
        _with_source(f.condition("c1", "Patient/1", "C50.4"), f"{SENDER}#Xq2mPa81HsKdE7Wz", 1),
        _with_source(f.condition("c1", "Patient/1", "C50.4", status="entered-in-error"),
                     f"{SENDER}#9bV3nT0qLrYc2XuE", 2),
    ]
    items = [item for index, resource in enumerate(resources)
             for item in parse_document(json.dumps(resource), "export", f"x.ndjson:{index}")]
    batch = prepare_batch(items, validate_fast)
    keys = sorted(record.key for record, _ in batch.records)
    assert keys == [f"{SENDER}|Condition|c1", f"{SENDER}|Patient|1"]
    condition = next(record for record, _ in batch.records
                     if record.resource_type == "Condition")
    assert condition.subject is not None and condition.subject.key == f"{SENDER}|Patient|1"
    assert condition.props["retracted"] is True  # version 2 replaced version 1


def _two_women() -> list[dict]:
    return [f.patient("1", family="Петрова", given="Анна", patronymic="Ивановна"),
            f.patient("2", family="Соколова", given="Вера", patronymic="Олеговна")]


def test_a_line_that_is_not_utf8_goes_to_quarantine_with_its_bytes_kept(tmp_path: Path) -> None:
    """A Windows-1251 export read with replacement characters turned every name into
    '???…' (two different women then matched by name). Each such line is quarantined with
    a reason saying what to do, and the bytes as received can be had back whole."""
    lines = [json.dumps(p, ensure_ascii=False).encode("cp1251") for p in _two_women()]
    path = tmp_path / "poly.ndjson"
    path.write_bytes(b"\n".join(lines) + b"\n")

    items = list(read_file(path, "poly"))

    assert len(items) == 2
    for item, line in zip(items, lines, strict=True):
        assert item.resource is None and item.error is not None
        first = next(index for index, byte in enumerate(line) if byte >= 0x80)
        assert item.error.startswith(
            f"Текст не в кодировке UTF-8: байт 0x{line[first]:02x} в позиции {first} ")
        assert "Сохраните файл в UTF-8" in item.error
        kept = raw_bytes(item.raw)
        assert kept is not None and kept.rstrip(b"\n") == line  # the line as it was read
        quarantined = prepare_item(item, validate_fast)
        assert isinstance(quarantined, QuarantineItem)
        assert quarantined.reason == item.error and quarantined.raw == item.raw
    assert [item.location for item in items] == ["poly.ndjson:1", "poly.ndjson:2"]


def test_a_json_document_that_is_not_utf8_is_quarantined_whole(tmp_path: Path) -> None:
    document = json.dumps(f.bundle(_two_women()), ensure_ascii=False).encode("cp1251")
    path = tmp_path / "poly.json.gz"
    path.write_bytes(gzip.compress(document))
    [item] = list(read_file(path))
    assert item.error is not None and item.error.startswith("Текст не в кодировке UTF-8")
    assert raw_bytes(item.raw) == document


def test_utf8_text_is_read_as_text_and_its_raw_is_no_byte_dump(tmp_path: Path) -> None:
    path = tmp_path / "poly.ndjson"
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in _two_women()),
                    encoding="utf-8")
    items = list(read_file(path))
    assert [item.resource["name"][0]["family"] for item in items if item.resource] == \
        ["Петрова", "Соколова"]
    assert all(raw_bytes(item.raw) is None for item in items)


def test_a_file_starting_with_a_byte_order_mark_is_read_normally(tmp_path: Path) -> None:
    patient = json.dumps(f.patient("1"), ensure_ascii=False)
    (tmp_path / "one.json").write_text("\ufeff" + patient, encoding="utf-8")
    (tmp_path / "many.ndjson").write_text(f"\ufeff{patient}\n{patient}\n", encoding="utf-8")
    for name, count in (("one.json", 1), ("many.ndjson", 2)):
        items = list(read_file(tmp_path / name))
        assert [item.error for item in items] == [None] * count
        assert all(item.resource and item.resource["id"] == "1" for item in items)
    [item] = parse_document("\ufeff" + patient, "s", "request")
    assert item.error is None
