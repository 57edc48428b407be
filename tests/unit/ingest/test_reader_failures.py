"""When a reader fails unexpectedly, the operator reads in Russian what happened, where and
what to do; the exception's class and traceback go to the log, for the developers."""

from __future__ import annotations

import logging
import queue
from pathlib import Path
from typing import Any

import orjson
import pytest

import ingest.prepare as prepare
import ingest.reclassify as reclassify
from domain.identifiers import ENP_DEFAULT_SYSTEM
from ingest.load import QuarantineItem
from ingest.prepare import ReaderProcess, prepare_item, validator
from ingest.reader import InputItem
from ingest.reclassify import ReclassifySummary
from onkopassport.errors import InputError
from tests.unit.ingest.test_quarantine_reasons import PYTHON_EXCEPTION

PATIENT = {"resourceType": "Patient", "id": "p1", "gender": "female"}


def _breaking(*args: Any, **kwargs: Any) -> Any:
    raise TypeError("'int' object is not iterable")


def _logged_type_error(caplog: pytest.LogCaptureFixture, level: int) -> logging.LogRecord:
    logged = [r for r in caplog.records if r.levelno == level and r.exc_info]
    assert logged, caplog.text
    assert "TypeError: 'int' object is not iterable" in caplog.text  # with the traceback
    return logged[0]


def test_a_valid_record_a_reader_breaks_on_asks_to_tell_the_developers(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(prepare, "classify", _breaking)
    item = InputItem("mis", "records.ndjson:7", orjson.dumps(PATIENT).decode(), PATIENT)
    with caplog.at_level(logging.WARNING, logger="ingest.prepare"):
        quarantined = prepare_item(item, validator(False))
    assert isinstance(quarantined, QuarantineItem)
    assert quarantined.reason.startswith("Patient/p1: запись не удалось прочитать")
    for words in ("внутренняя ошибка чтения", "исправьте запись и повторите её из карантина",
                  "сообщите разработчикам", "в журнале"):
        assert words in quarantined.reason, words
    assert not PYTHON_EXCEPTION.search(quarantined.reason), quarantined.reason
    assert "records.ndjson:7" in _logged_type_error(caplog, logging.WARNING).getMessage()


def _failure_of_reading(paths: list[Path]) -> prepare._ReaderFailed:
    handover: queue.Queue[object] = queue.Queue()
    prepare._read_and_prepare(paths, None, 1, False, ENP_DEFAULT_SYSTEM,
                              handover)  # type: ignore[arg-type]
    messages = []
    while not handover.empty():
        messages.append(handover.get())
    assert isinstance(messages[-1], prepare._ReaderFailed), messages
    return messages[-1]


def _two_records(folder: Path) -> Path:
    path = folder / "records.ndjson"
    path.write_bytes(orjson.dumps(PATIENT) + b"\n" + orjson.dumps({**PATIENT, "id": "p2"}))
    return path


def test_an_internal_failure_of_the_reader_says_where_and_to_tell_the_developers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    english_batch = prepare.prepare_batch

    def breaking_on_the_second(batch: list[InputItem], *args: Any) -> Any:
        if batch[0].location.endswith(":2"):
            _breaking()
        return english_batch(batch, *args)
    monkeypatch.setattr(prepare, "prepare_batch", breaking_on_the_second)

    failed = _failure_of_reading([_two_records(tmp_path)])
    assert failed.reason == ("Внутренняя ошибка чтения входных данных (после записи "
                             "records.ndjson:2): чтение остановлено; сообщите разработчикам "
                             "(тип ошибки и трассировка — в журнале)")
    assert "TypeError: 'int' object is not iterable" in failed.trace
    assert "Traceback" in failed.trace


def test_a_file_that_cannot_be_read_is_named_with_the_systems_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def one_record_then_a_locked_file(*args: Any) -> Any:
        yield InputItem("mis", "a.ndjson:1", orjson.dumps(PATIENT).decode(), PATIENT)
        raise PermissionError(13, "Permission denied", "b.ndjson")
    monkeypatch.setattr(prepare, "iterate_items", one_record_then_a_locked_file)

    failed = _failure_of_reading([tmp_path])
    assert failed.reason == ("Не удалось прочитать файл b.ndjson (после записи a.ndjson:1): "
                             "Permission denied; проверьте, что файл на месте и доступен для "
                             "чтения, и загрузите его снова")


def test_a_damaged_archive_stops_the_reader_with_a_russian_reason_and_a_logged_trace(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    damaged = tmp_path / "records.ndjson.gz"
    damaged.write_bytes(b"not a gzip archive at all")
    with caplog.at_level(logging.ERROR, logger="ingest.prepare"), \
            pytest.raises(InputError) as stopped:
        list(ReaderProcess([damaged], None, 10, strict=False))
    assert str(stopped.value) == ("Чтение входных данных остановлено (в начале чтения): "
                                  "архив .gz повреждён или оборван; пришлите файл заново и "
                                  "загрузите его снова")
    assert "BadGzipFile" in caplog.text and "Traceback" in caplog.text


def _stored_row(resource: str, key: str = "mis|Patient|p1") -> dict[str, Any]:
    return {"key": key, "facts": [("source", "mis")], "resource": resource, "rank": "0"}


def test_reclassify_says_in_russian_why_a_stored_record_cannot_be_read_again(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    summary = ReclassifySummary()
    patient = orjson.dumps(PATIENT).decode()
    reclassify._changed_facts(_stored_row('{"resourceType": "Patient", "id": '), summary,
                              ENP_DEFAULT_SYSTEM)
    reclassify._changed_facts(_stored_row(patient, key="mis|Patient|p9"), summary,
                              ENP_DEFAULT_SYSTEM)
    monkeypatch.setattr(reclassify, "classify", _breaking)
    with caplog.at_level(logging.WARNING, logger="ingest.reclassify"):
        reclassify._changed_facts(_stored_row(patient), summary, ENP_DEFAULT_SYSTEM)

    broken_json, other_resource, internal = (reason for _, reason in summary.unreadable)
    assert broken_json.startswith("сохранённый текст записи повреждён. Текст не является "
                                  "корректным JSON (в конце текста): текст оборвался")
    assert other_resource.startswith("сохранённый JSON записи называет другой ресурс "
                                     "(mis|Patient|p1)")
    assert internal == ("внутренняя ошибка при повторном чтении записи; запись оставлена как "
                        "была — сообщите разработчикам (подробности — в журнале)")
    for reason in (broken_json, other_resource, internal):
        assert not PYTHON_EXCEPTION.search(reason), reason
    assert "mis|Patient|p1" in _logged_type_error(caplog, logging.WARNING).getMessage()
