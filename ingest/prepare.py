"""Prepare: input items → validated, classified batches, ready for the loader.

No database here. A file ingest runs this in a reader process of its own
(`ReaderProcess`), so that reading, validating and classifying — pure Python —
use the second core instead of competing for the interpreter lock with the thread that
talks to Neo4j; a stream of items handed over in memory (tests, replay) is prepared in
the caller's process.
"""

from __future__ import annotations

import gc
import gzip
import logging
import multiprocessing
import queue
import resource
import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from domain.identifiers import ENP_DEFAULT_SYSTEM
from graph.database import batched
from ingest.classify import Classified, RecordRejected, classify
from ingest.load import QuarantineItem, raw_text
from ingest.reader import InputItem, discover_files, read_file, resource_source
from ingest.validate import r4_detail, validate_fast, validate_strict
from onkopassport.errors import InputError

Validator = Callable[[dict], str | None]
log = logging.getLogger(__name__)
# How long the loader waits for the reader before checking it is still alive.
_READER_POLL_S = 1.0
# The cyclic garbage collector's thresholds during bulk work (see bulk_allocations).
_BULK_GC_THRESHOLDS = (50_000, 20, 20)


@dataclass
class ItemOutcome:
    """Per input item (for the FHIR transaction response): stored, unchanged or why not."""

    location: str
    key: str | None
    status: str  # stored | unchanged | quarantined
    reason: str | None = None
    replaced: bool = False  # stored over an earlier version (an update, not a creation)
    unknown_icd10: tuple[str, ...] = ()  # stored, but the codes are no ICD-10 codes


@dataclass
class PreparedBatch:
    """A batch read and classified, ready to be written (small enough to pass between
    processes: the parsed resources stay behind, their text travels with the records)."""

    received: int
    read_to: int = 0  # bytes of the input read once this batch was (see InputItem.read_to)
    records: list[tuple[Classified, str]] = field(default_factory=list)
    quarantined: list[QuarantineItem] = field(default_factory=list)
    outcomes: list[ItemOutcome] = field(default_factory=list)


@contextmanager
def bulk_allocations() -> Iterator[None]:
    """Collect cyclic garbage rarely while this runs. Reading and classifying allocate
    millions of short-lived objects (parsed JSON, batches handed between processes); at
    Python's default thresholds the collector kept rescanning them: it took a third of the
    reader's CPU and five sixths of the time to unpickle a batch in the loader. These
    objects form no cycles, so reference counting frees them all the same."""
    previous = gc.get_threshold()
    gc.set_threshold(*_BULK_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def validator(strict: bool) -> Validator:
    return validate_strict if strict else validate_fast


def prepare_item(item: InputItem, validate: Validator, enp_system: str = ENP_DEFAULT_SYSTEM,
                 ) -> tuple[Classified, str] | QuarantineItem:
    """The record to store (with its text), or why the item goes to the quarantine.
    `enp_system`: the region's ЕНП system (Settings.enp_system)."""
    if item.error is not None or item.resource is None:
        return QuarantineItem(item.source, item.location, item.error or (
            "Запись пуста: в ней нет ресурса FHIR; пришлите запись заново"), item.raw)
    try:
        problem = validate(item.resource)
        if problem is not None:
            return QuarantineItem(item.source, item.location, problem, item.raw)
        source = resource_source(item.resource, item.source)
        classified = classify(item.resource, source, item.bundle_urls, enp_system=enp_system)
        return classified, raw_text(item.resource)
    except RecordRejected as error:
        return QuarantineItem(item.source, item.location, str(error), item.raw)
    except Exception as error:  # one odd record must not stop the others
        # A value of a shape no check foresaw (a number where an object belongs, nesting
        # beyond Python's recursion limit) broke a reader below. The record is kept in the
        # quarantine with the location and the error instead of failing the whole input.
        return QuarantineItem(item.source, item.location,
                              _unreadable(item.location, item.resource, error), item.raw)


def _unreadable(location: str, fhir_resource: dict[str, Any], error: Exception) -> str:
    """Why a record that broke a reader is quarantined: which element the R4B models find
    wrong (the fast path let the record through, so it names none). The exception's class
    and text ("TypeError: 'int' object is not iterable") tell an operator nothing: they go
    to the log with the traceback, for the developers."""
    name = f"{fhir_resource.get('resourceType')}/{fhir_resource.get('id')}"
    try:
        detail = r4_detail(fhir_resource)
    except Exception:  # the models may break on the same shape (recursion, say)
        detail = None
    if detail:
        # The record's own shape explains it; the traceback only matters to a developer.
        log.info("%s (%s): запись не удалось прочитать", location, name, exc_info=error)
        return (f"{name}: запись не удалось прочитать; по FHIR R4: {detail} — у элемента "
                "неожиданная форма (например, число там, где FHIR ожидает объект, или "
                "слишком глубокая вложенность); исправьте запись и повторите её из карантина")
    # Nothing in the record is named wrong: possibly a reader's own fault.
    log.warning("%s (%s): запись не удалось прочитать, модели FHIR R4 ошибок в ней не нашли",
                location, name, exc_info=error)
    return (f"{name}: запись не удалось прочитать — у какого-то элемента неожиданная форма "
            "(например, слишком глубокая вложенность) или это внутренняя ошибка чтения; "
            "проверьте и исправьте запись и повторите её из карантина; если запись верна, "
            "сообщите разработчикам (подробности — в журнале)")


def prepare_batch(batch: list[InputItem], validate: Validator,
                  enp_system: str = ENP_DEFAULT_SYSTEM) -> PreparedBatch:
    prepared = PreparedBatch(len(batch), max((item.read_to for item in batch), default=0))
    for item in batch:
        accepted = prepare_item(item, validate, enp_system)
        if isinstance(accepted, QuarantineItem):
            prepared.quarantined.append(accepted)
            prepared.outcomes.append(
                ItemOutcome(item.location, None, "quarantined", accepted.reason))
        else:
            prepared.records.append(accepted)
            prepared.outcomes.append(ItemOutcome(item.location, accepted[0].key, "stored",
                                                 unknown_icd10=tuple(accepted[0].unknown_icd10)))
    prepared.records = _newest_per_key(prepared.records)
    return prepared


def prepared_batches(items: Iterable[InputItem], batch_size: int, validate: Validator,
                     enp_system: str = ENP_DEFAULT_SYSTEM) -> Iterator[PreparedBatch]:
    for batch in batched(items, batch_size):
        yield prepare_batch(batch, validate, enp_system)


def iterate_items(paths: Iterable[Path], source: str | None = None) -> Iterator[InputItem]:
    """Every input item under the paths, streamed file by file; `read_to` counts the bytes
    of the files before an item's own."""
    offset = 0
    for path in discover_files(paths):
        yield from read_file(path, source, offset)
        offset += path.stat().st_size


class ReaderProcess:
    """The prepared batches of files, made by a process of their own two batches ahead.
    Iterate once; afterwards `peak_rss_mb` and `cpu_seconds` are the reader's peak memory
    and CPU time."""

    def __init__(self, paths: list[Path], source: str | None, batch_size: int,
                 strict: bool, enp_system: str = ENP_DEFAULT_SYSTEM) -> None:
        self.paths, self.source, self.batch_size, self.strict = paths, source, batch_size, strict
        self.enp_system = enp_system
        self.peak_rss_mb: float | None = None
        self.cpu_seconds: float | None = None

    def __iter__(self) -> Iterator[PreparedBatch]:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["ingest.prepare"])
        handover: multiprocessing.Queue[PreparedBatch | _ReaderFailed | _ReaderDone] = \
            context.Queue(maxsize=2)
        reader = context.Process(
            target=_read_and_prepare, name="onkopassport-ingest-reader", daemon=True,
            args=(self.paths, self.source, self.batch_size, self.strict, self.enp_system,
                  handover))
        reader.start()
        try:
            while True:
                try:
                    # Only while it waits for and unpickles a batch: the rest of the loader's
                    # garbage includes the driver's reference cycles, which hold a batch's
                    # rows until a full collection (held back, its memory grew with input).
                    with bulk_allocations():
                        message = handover.get(timeout=_READER_POLL_S)
                except queue.Empty:
                    if not reader.is_alive():
                        raise InputError(
                            f"Процесс чтения входных данных неожиданно завершился (код "
                            f"выхода {reader.exitcode}) при чтении {self.paths}") from None
                    continue
                if isinstance(message, _ReaderDone):
                    self.peak_rss_mb, self.cpu_seconds = message.peak_rss_mb, message.cpu_seconds
                    return
                if isinstance(message, _ReaderFailed):
                    log.error("Чтение %s остановлено ошибкой:\n%s",
                              ", ".join(map(str, self.paths)), message.trace)
                    raise InputError(message.reason)
                yield message
        finally:
            if reader.is_alive():
                reader.terminate()
            reader.join()


@dataclass
class _ReaderFailed:
    reason: str  # for the operator (Russian, see _reader_failure)
    trace: str  # for the log: the exception's class, text and traceback


@dataclass
class _LastRead:
    """Where the reader was: the location of the last item it read."""

    location: str | None = None

    def noting(self, items: Iterable[InputItem]) -> Iterator[InputItem]:
        for item in items:
            self.location = item.location
            yield item


@dataclass
class _ReaderDone:
    peak_rss_mb: float
    cpu_seconds: float


def _read_and_prepare(paths: list[Path], source: str | None, batch_size: int, strict: bool,
                      enp_system: str,
                      handover: multiprocessing.Queue[PreparedBatch | _ReaderFailed | _ReaderDone],
                      ) -> None:
    last_read = _LastRead()
    try:
        with bulk_allocations():
            for prepared in prepared_batches(last_read.noting(iterate_items(paths, source)),
                                             batch_size, validator(strict), enp_system):
                handover.put(prepared)
    except Exception as error:  # any failure is reported to the loader, which raises it
        handover.put(_ReaderFailed(_reader_failure(error, last_read.location),
                                   traceback.format_exc()))
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    handover.put(_ReaderDone(usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime))


def _reader_failure(error: Exception, last_location: str | None) -> str:
    """Why the reading of the input stopped, for an operator: a file that cannot be read or
    a damaged archive in their words; anything else is the reader's own fault, whose class
    and traceback the loader logs."""
    where = f"после записи {last_location}" if last_location else "в начале чтения"
    if isinstance(error, InputError):  # ours: says what is wrong and what to do
        return str(error)
    if isinstance(error, gzip.BadGzipFile | EOFError | zlib.error):
        return (f"Чтение входных данных остановлено ({where}): архив .gz повреждён или "
                "оборван; пришлите файл заново и загрузите его снова")
    if isinstance(error, OSError):  # gone, unreadable, a device error: the text names which
        name = f" {error.filename}" if error.filename else ""
        return (f"Не удалось прочитать файл{name} ({where}): "
                f"{error.strerror or error}; проверьте, что файл на месте и доступен для "
                "чтения, и загрузите его снова")
    return (f"Внутренняя ошибка чтения входных данных ({where}): чтение остановлено; "
            "сообщите разработчикам (тип ошибки и трассировка — в журнале)")


def _newest_per_key(records: list[tuple[Classified, str]]) -> list[tuple[Classified, str]]:
    """Two versions of one resource in a batch: only the newest goes to the database."""
    newest: dict[str, tuple[Classified, str]] = {}
    for record in records:
        current = newest.get(record[0].key)
        if current is None or record[0].rank > current[0].rank:
            newest[record[0].key] = record
    return list(newest.values())
