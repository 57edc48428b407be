"""The bytes a FHIR client sent: decompressed, checked to be UTF-8, and kept losslessly.

A body that cannot be read still goes to quarantine (nothing sent is lost). The quarantine
keeps text, so bytes that are not UTF-8 are kept as ingest keeps such files
(`ingest.reader.undecodable_raw`, a base64 data URI that `raw_bytes` and the replay read
back): decoding them with replacement characters, as before, destroyed the very bytes
needed to tell the sender which encoding it used (a windows-1251 export, typically).
"""

from __future__ import annotations

import zlib

from api.fhir.outcome import FhirError, FhirResponse, operation_outcome
from graph.database import Graph
from ingest.load import QuarantineItem, write_batch
from ingest.reader import raw_bytes, undecodable_raw

# Decompressed bodies larger than this are refused: a few kilobytes of gzip can inflate to
# gigabytes, and the whole body is held in memory to be parsed.
MAX_INFLATED_BYTES = 1 << 30
_GZIP = frozenset({"gzip", "x-gzip"})


class UnusableBody(FhirError):
    """The body cannot be read (compression, encoding); `reason` says so for the quarantine."""

    def __init__(self, status_code: int, code: str, message: str, reason: str) -> None:
        super().__init__(status_code, code, message)
        self.reason = reason


def kept_raw(body: bytes) -> str:
    """The body as the quarantine keeps it: its text when UTF-8, else its exact bytes."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return undecodable_raw(body)


def inflated(body: bytes, content_encoding: str | None) -> bytes:
    """The body without its `Content-Encoding` (none, identity or gzip)."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return body
    if codings != ["gzip"] and codings != ["x-gzip"]:
        named = ", ".join(codings)
        raise UnusableBody(415, "not-supported",
                           f"Content-Encoding {named} не поддерживается: пришлите тело как "
                           "есть или сжатым gzip (Content-Encoding: gzip). Тело сохранено в "
                           "карантине в полученном виде.",
                           f"Content-Encoding {named} не поддерживается (только gzip): "
                           "пришлите тело несжатым или сжатым gzip")
    return _gunzip(body)


def _gunzip(body: bytes) -> bytes:
    out = bytearray()
    rest = body
    try:
        # a gzip stream may hold several members, one after another (RFC 1952 §2.2)
        while rest.strip(b"\0"):
            member = zlib.decompressobj(wbits=31)
            out += member.decompress(rest, MAX_INFLATED_BYTES + 1 - len(out))
            while member.unconsumed_tail and len(out) <= MAX_INFLATED_BYTES:
                out += member.decompress(member.unconsumed_tail,
                                         MAX_INFLATED_BYTES + 1 - len(out))
            if len(out) > MAX_INFLATED_BYTES:
                raise UnusableBody(
                    413, "too-costly",
                    f"Тело в gzip распаковывается больше чем в {MAX_INFLATED_BYTES >> 20} МиБ: "
                    "разбейте данные на Bundle поменьше.",
                    "Тело запроса в gzip распаковывается больше чем в "
                    f"{MAX_INFLATED_BYTES >> 20} МиБ: разбейте данные на Bundle поменьше")
            if not member.eof:
                raise zlib.error("поток обрывается до последнего блока (обрезан?)")
            rest = member.unused_data
    except zlib.error as error:
        raise UnusableBody(
            400, "structure",
            f"Указан Content-Encoding: gzip, но тело не является корректным потоком gzip "
            f"({error}); сожмите тело заново или пришлите его несжатым. Тело сохранено в "
            "карантине в полученном виде.",
            f"Указан Content-Encoding: gzip, но тело не является корректным потоком gzip "
            f"({error}); сожмите тело заново или пришлите его несжатым") from error
    return bytes(out)


def utf8_text(body: bytes) -> str:
    """The body as text; a body that is not UTF-8 (FHIR JSON always is) is refused."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = body[error.start]
        raise UnusableBody(
            400, "structure",
            f"Тело не в кодировке UTF-8 (байт 0x{byte:02X} в позиции {error.start}): FHIR "
            "JSON всегда в UTF-8; перекодируйте его (выгрузки некоторых систем в "
            "Windows-1251) и пришлите снова. Тело сохранено в карантине в полученном виде.",
            f"Тело запроса не в кодировке UTF-8 (байт 0x{byte:02X} в позиции {error.start}): "
            "перекодируйте его в UTF-8 и пришлите снова") from error


def quarantine_body(graph: Graph, source: str, location: str, body: bytes,
                    reason: str) -> str:
    """Keep a request body that cannot be used; its quarantine id."""
    raw = kept_raw(body)
    if raw_bytes(raw) is not None:
        reason += ("; сохранено как полученные байты (base64): для повтора передайте "
                   "исправленный текст в UTF-8")
    item = QuarantineItem(source, location, reason, raw)
    write_batch(graph, [], [item])
    return item.quarantine_id


def refusal_response(error: FhirError, quarantine_id: str) -> FhirResponse:
    """The OperationOutcome of a kept body, naming where it is kept."""
    outcome = operation_outcome(error.code, error.message)
    outcome["issue"].append({"severity": "information", "code": "informational",
                             "diagnostics": f"id в карантине: {quarantine_id}"})
    return FhirResponse(outcome, status_code=error.status_code)
