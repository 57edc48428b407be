"""The quarantine over HTTP: what could not be used, its text as received, and a replay.

A quarantined item is the raw text a sender wrote (names, СНИЛС, diagnoses of any
organisation), kept before anything was checked or scoped. An administrator lists, reads
and replays every item; a sender (one medical information system's account) lists and
reads the items of its own source only — what it sent itself, to see what to fix — and
replays nothing: it corrects the record in its own system and sends it again. Every other
role is refused. Reading one item's text and replaying it are written to the audit log."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from api.auth.dependencies import authenticated_principal
from api.dependencies import GraphDep, SettingsDep
from api.security import Principal
from graph.database import Graph
from ingest.quarantine import find_quarantined, replay_quarantine, with_location_ru
from ingest.reader import raw_bytes
from onkopassport.errors import InputError, NotFoundError

router = APIRouter(prefix="/quarantine", tags=["quarantine"])

STATUSES = {"open": "открытые", "replayed": "повторно загруженные"}
MAX_LIMIT = 1000
BYTES_NOTE = ("Получено не в UTF-8: текст хранится как исходные байты в base64 "
              "(data:application/octet-stream;base64,…). Повторная загрузка без исправления "
              "снова не пройдёт: вставьте текст, сохранённый в UTF-8.")


ADMIN_ONLY = ("Карантин доступен только администратору: в нём исходные данные пациентов "
              "всех организаций.")
SENDER_NO_REPLAY = ("Повторно загрузить запись карантина может только администратор. "
                    "Исправьте запись в своей информационной системе и отправьте её снова в "
                    "POST /fhir.")


def _reader(principal: Annotated[Principal, Depends(authenticated_principal)]) -> Principal:
    """An administrator (every item) or a sender bound to its source (its own items)."""
    if principal.role == "admin" or (principal.role == "sender" and principal.source):
        return principal
    raise HTTPException(403, detail=ADMIN_ONLY)


def _admin(principal: Annotated[Principal, Depends(authenticated_principal)]) -> Principal:
    if principal.role == "sender":
        raise HTTPException(403, detail=SENDER_NO_REPLAY)
    if principal.role != "admin":
        raise HTTPException(403, detail=ADMIN_ONLY)
    return principal


ReaderDep = Annotated[Principal, Depends(_reader)]
AdminDep = Annotated[Principal, Depends(_admin)]


class ReplayRequest(BaseModel):
    corrected: str | None = Field(
        default=None, description="The corrected JSON text; without it the stored text is "
                                  "tried again.")


@router.get("", summary="Quarantined items, newest first (without their raw text)")
def list_items(graph: GraphDep, principal: ReaderDep, status: str = "open",
               limit: int = 100) -> list[dict[str, Any]]:
    # Checked here rather than by FastAPI, whose refusals are in English.
    if status not in STATUSES:
        raise HTTPException(400, detail=f"Неизвестный статус '{status}': укажите open "
                                        "(открытые) или replayed (повторно загруженные).")
    if not 1 <= limit <= MAX_LIMIT:
        raise HTTPException(400, detail=f"Число записей (limit) должно быть от 1 до {MAX_LIMIT}, "
                                        f"а не {limit}.")
    if principal.role == "sender":
        rows = graph.read("list_quarantine_summaries_of_source", status=status, limit=limit,
                          source=principal.source)
    else:
        rows = graph.read("list_quarantine_summaries", status=status, limit=limit)
    return [_with_times(with_location_ru(row)) for row in rows]


@router.get("/{quarantine_id}", summary="One quarantined item with its raw text")
def get_item(quarantine_id: str, graph: GraphDep, principal: ReaderDep,
             request: Request) -> dict[str, Any]:
    item = _find(graph, quarantine_id, _own_source(principal))
    _audit(graph, principal, request, "quarantine.view", item["quarantineId"], "shown")
    received = raw_bytes(item["raw"] or "")
    item["rawIsBase64"] = received is not None
    item["rawNote"] = BYTES_NOTE if received is not None else None
    item["rawAsWindows1251"] = _as_windows_1251(received)
    return _with_times(with_location_ru(item))


@router.post("/{quarantine_id}/replay", summary="Ingest an item again, corrected or as it was")
def replay(quarantine_id: str, graph: GraphDep, settings: SettingsDep, principal: AdminDep,
           request: Request, body: ReplayRequest | None = None) -> dict[str, Any]:
    corrected = body.corrected if body else None
    if corrected is not None and not corrected.strip():
        raise HTTPException(400, detail="Исправленный текст пуст: вставьте запись FHIR в "
                                        "формате JSON или не передавайте поле corrected.")
    item = _find(graph, quarantine_id)
    if item["status"] == "replayed":
        # A second replay would overwrite which records the first one became.
        raise HTTPException(409, detail=f"Запись карантина '{item['quarantineId'][:12]}' уже "
                                        "загружена повторно; повторять не нужно.")
    outcome = replay_quarantine(graph, settings, item["quarantineId"], corrected)
    _audit(graph, principal, request, "quarantine.replay", item["quarantineId"],
           outcome["status"])
    return outcome


def _own_source(principal: Principal) -> str | None:
    """The only source whose items `principal` may see; None: every source (an admin)."""
    return principal.source if principal.role == "sender" else None


def _find(graph: Graph, quarantine_id: str, source: str | None = None) -> dict[str, Any]:
    try:
        return find_quarantined(graph, quarantine_id, source)
    except NotFoundError as error:
        raise HTTPException(404, detail=str(error)) from error
    except InputError as error:
        raise HTTPException(400, detail=str(error)) from error


def _with_times(row: dict[str, Any]) -> dict[str, Any]:
    """Neo4j's date-times as ISO 8601 with their zone, to the second."""
    for name in ("receivedAt", "replayedAt"):
        value: Any = row.get(name)
        if hasattr(value, "to_native"):
            row[name] = value.to_native().isoformat(timespec="seconds")
    return row


def _as_windows_1251(received: bytes | None) -> str | None:
    """Bytes that were not UTF-8 read as Windows-1251 (what the region's older systems
    write), for the operator to check and replay; None when they are not that either."""
    if received is None:
        return None
    try:
        return received.decode("cp1251")
    except UnicodeDecodeError:
        return None


def _audit(graph: Graph, principal: Principal, request: Request, action: str,
           quarantine_id: str, outcome: str) -> None:
    graph.write("create_audit_entry", userId=principal.user_id, action=action, patientId=None,
                clientAddress=request.client.host if request.client else None,
                detail=quarantine_id, outcome=outcome)
