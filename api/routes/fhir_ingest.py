"""``POST /fhir``: a `transaction` or `batch` Bundle in, a response Bundle with a status per entry.

A batch stores every usable entry and quarantines the others. A transaction is all or
nothing: one unusable entry refuses the whole Bundle (400, an OperationOutcome naming
each bad entry) — the bad entries are still kept in quarantine, so nothing sent is lost.

The response has one entry per request entry, in order, whatever an entry holds: an entry
carrying a Bundle (a document) is answered once, for all of its resources. Only creating
and updating are supported (`request.method` POST or PUT, or none): the region's systems
retract a record by sending it again as `entered-in-error` (fhir-input.md), so a DELETE,
GET or PATCH entry is answered 405 and kept in quarantine with that advice.

A conditional create (`request.ifNoneExist: identifier=system|value`) that finds one stored
record of its type carrying that identifier stores nothing: it is answered 200 with that
record's location, and the Bundle's references to the entry name that record. Finding
several is 412 (the criterion does not pick one); any other search is refused (400).

A conditional update (`PUT Type?identifier=system|value`) searches the sender's own records
only (ids are scoped by the sender: another organisation's record of the same person is
not the sender's to replace). One found: the entry is stored as that record's new version
(its id, and the Bundle's references to the entry name it); none: it is created under its
own id; several: 412; a body naming another id than the one found: 400.

Who may send: an administrator, whose records go under the source `X-Source-System` names
(else `api:<user>`), and a sender — one system's account — whose records always go under
its own source; a sender naming another (the header, any `meta.source`) is refused whole
(403) and its conditional creates find its own records only
(`api/fhir/sending_source.py`).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from api.auth.dependencies import require_roles
from api.dependencies import GraphDep, SettingsDep
from api.fhir.outcome import FhirError, FhirResponse, operation_outcome
from api.fhir.request_body import (
    UnusableBody,
    inflated,
    quarantine_body,
    refusal_response,
    utf8_text,
)
from api.fhir.sending_source import SOURCE_HEADER, check_named_sources, request_source
from api.security import Principal
from domain.identifiers import normalise_identifier
from graph.database import Graph
from ingest.load import QuarantineItem, organization_oid, write_batch
from ingest.pipeline import ItemOutcome
from ingest.reader import InputItem, bundle_entries, not_json_reason, resource_source
from ingest.references import identifier_criterion
from onkopassport.orchestration import full_ingestor
from onkopassport.settings import Settings

router = APIRouter()
_ENTRY_INDEX = re.compile(r"entry\[(\d+)\]")
_WRITING_METHODS = frozenset({"POST", "PUT"})
_NOT_SUPPORTED = ("request.method {method} не поддерживается в POST /fhir: записи только "
                  "создаются или обновляются (POST или PUT); чтобы отозвать запись, пришлите "
                  "её снова со статусом 'entered-in-error'")
_KEPT = " Тело сохранено в карантине в полученном виде."


@dataclass
class _Entry:
    """One entry of the request Bundle and the input items it gave."""

    index: int
    items: list[InputItem]
    refusal: str | None = None  # why the entry is refused before reading (its method)
    refusal_status: str = "405 Method Not Allowed"
    refusal_issue: str = "not-supported"  # the FHIR IssueType of the refusal
    existing: str | None = None  # the stored record its conditional create found


@dataclass
class _Condition:
    """What an entry's condition found — `request.ifNoneExist` (a conditional create) or
    the search of a `PUT Type?…` (a conditional update): the keys of stored records of its
    type carrying the identifier, or why the entry is refused before anything is stored."""

    criterion: str
    keys: list[str]
    update: bool = False
    refusal: str | None = None
    refusal_issue: str = "not-supported"  # the FHIR IssueType of the refusal
    url: str = ""  # a conditional update's request.url as sent (its criterion is the query)

    @property
    def element(self) -> str:
        """Where the sender wrote the condition."""
        return "request.url" if self.update else "request.ifNoneExist"

    @property
    def as_sent(self) -> str:
        """The condition as the sender wrote it: the element and its value."""
        return f"{self.element} '{self.url if self.update else self.criterion}'"

    @property
    def found_id(self) -> str | None:
        """The id of the one stored record found (None: none, several, or refused)."""
        if len(self.keys) != 1 or self.refusal is not None:
            return None
        return self.keys[0].rsplit("|", 1)[1]


@router.post("/fhir", summary="Ingest a FHIR R4 transaction or batch Bundle")
async def post_bundle(request: Request, graph: GraphDep, settings: SettingsDep,
                      principal: Principal = Depends(require_roles("admin", "sender")),
                      ) -> FhirResponse:
    try:
        source = request_source(principal, request.headers.get(SOURCE_HEADER))
    except FhirError as error:
        return error.response()
    body = await request.body()
    # Inflating, reading, validating and writing take seconds for a large Bundle: off the
    # event loop, so that the other requests of this worker are answered meanwhile.
    return await run_in_threadpool(_receive, graph, settings, body, source,
                                   request.headers.get("content-type", ""),
                                   request.headers.get("content-encoding"),
                                   principal.role == "sender")


def _receive(graph: Graph, settings: Settings, sent: bytes, source: str, content_type: str,
             content_encoding: str | None, sender: bool = False) -> FhirResponse:
    """The body as sent: inflated, UTF-8 JSON, else kept in quarantine as it came."""
    try:
        body = inflated(sent, content_encoding)
    except UnusableBody as error:
        kept = quarantine_body(graph, source, "request", sent, error.reason)
        return refusal_response(error, kept)
    if "xml" in content_type:
        # kept, so that nothing sent is lost, but this server reads FHIR JSON only
        reason = (f"Content-Type {content_type} не читается: сервер принимает только FHIR "
                  "JSON; пришлите Bundle как application/fhir+json")
        kept = quarantine_body(graph, source, "request", body, reason)
        return refusal_response(FhirError(415, "not-supported", f"{reason}.{_KEPT}"), kept)
    try:
        text = utf8_text(body)
    except UnusableBody as error:
        kept = quarantine_body(graph, source, "request", body, error.reason)
        return refusal_response(error, kept)
    return _ingest_body(graph, settings, body, text, source, sender)


def _ingest_body(graph: Graph, settings: Settings, body: bytes, text: str, source: str,
                 sender: bool = False) -> FhirResponse:
    """`text`: `body` decoded. `sender`: `source` is the sender's own, the only one its
    records may name."""
    try:
        bundle = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        # the reason a file's line gets, so that the quarantine reads the same either way
        reason = not_json_reason(error, text)
        kept = quarantine_body(graph, source, "request", body, reason)
        return refusal_response(FhirError(400, "structure", reason + _KEPT), kept)
    if sender:
        try:
            check_named_sources(bundle, source)
        except FhirError as error:
            return error.response()
    bundle_type = bundle.get("type") if isinstance(bundle, dict) else None
    unusable = _not_a_transaction_or_batch(bundle)
    if unusable is not None:
        reason = (f"POST /fhir принимает Bundle типа transaction или batch со списком entry, "
                  f"а получено: {unusable}; пришлите записи в таком Bundle")
        kept = quarantine_body(graph, source, "request", body, reason)
        return refusal_response(FhirError(400, "invalid", f"{reason}.{_KEPT}"), kept)
    raw_entries = [_with_server_assigned_id(entry) for entry in bundle.get("entry") or []]
    conditions = _search_conditions(graph, raw_entries, source, settings.enp_system,
                                    own_records_only=sender)
    found = {raw_entries[index]["fullUrl"]: condition.keys[0]
             for index, condition in conditions.items()
             if len(condition.keys) == 1 and not condition.update
             and isinstance(raw_entries[index].get("fullUrl"), str)}
    bundle = {**bundle, "entry": [_as_update_of_what_was_found(entry, conditions.get(index))
                                  for index, entry in enumerate(raw_entries)]}
    entries = [_entry(index, entry, items, conditions.get(index))
               for index, entry, items in bundle_entries(bundle, source, "request", found)]
    ingestor = full_ingestor(graph, settings, strict=True)
    if bundle_type == "transaction":
        checked = [(entry.index, item, entry.refusal or ingestor.check(item))
                   for entry in entries if entry.existing is None for item in entry.items]
        bad = [(index, item, reason) for index, item, reason in checked if reason is not None]
        if bad:
            write_batch(graph, [], [QuarantineItem(item.source, item.location, reason, item.raw)
                                    for _, item, reason in bad])
            return FhirResponse({"resourceType": "OperationOutcome", "issue": [
                {"severity": "error", "code": "invalid", "expression": [f"Bundle.entry[{i}]"],
                 "diagnostics": reason} for i, _, reason in bad]}, status_code=400)
    refused = [QuarantineItem(item.source, item.location, entry.refusal, item.raw)
               for entry in entries if entry.refusal is not None for item in entry.items]
    if refused:
        write_batch(graph, [], refused)
    outcomes = ingestor.ingest_batch([item for entry in entries
                                      if not entry.refusal and entry.existing is None
                                      for item in entry.items])
    return FhirResponse(_response_bundle(f"{bundle_type}-response", entries, iter(outcomes)))


def _with_server_assigned_id(entry: Any) -> Any:
    """A create (`POST`) whose resource has neither an id nor a fullUrl to take one from:
    the server assigns the id, as FHIR's create says. It is new each time: sent twice, such
    an entry makes two records — a system that may resend one gives it an id, a fullUrl
    or `ifNoneExist`. The response's `location` tells the sender the id it got."""
    if not isinstance(entry, dict) or not isinstance(entry.get("resource"), dict):
        return entry
    request, resource = entry.get("request"), entry["resource"]
    if not isinstance(request, dict) or str(request.get("method") or "").upper() != "POST" \
            or resource.get("id") is not None or entry.get("fullUrl"):
        return entry
    return {**entry, "resource": {**resource, "id": uuid.uuid4().hex}}


def _not_a_transaction_or_batch(bundle: Any) -> str | None:
    """What a parsed body is instead of the Bundle POST /fhir takes (None: it is one)."""
    if not isinstance(bundle, dict):
        return "не объект JSON"
    if bundle.get("resourceType") != "Bundle":
        return f"resourceType '{bundle.get('resourceType')}'"
    if bundle.get("type") not in ("transaction", "batch"):
        return f"Bundle.type '{bundle.get('type')}'"
    if not isinstance(bundle.get("entry") or [], list):
        return "Bundle.entry — не список"
    return None


def _search_conditions(graph: Graph, entries: list[Any], source: str, enp_system: str,
                       own_records_only: bool = False) -> dict[int, _Condition]:
    """Per entry index with `request.ifNoneExist` or a `PUT Type?…` url: what it finds.
    `own_records_only` (a sender): a conditional create, too, searches the sender's own
    records — a sender reads nothing, and finding another system's record by an
    identifier would tell it whether that person is on the register."""
    conditions: dict[int, _Condition] = {}
    rows = []
    for index, entry in enumerate(entries):
        request = entry.get("request") if isinstance(entry, dict) else None
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(request, dict) or not isinstance(resource, dict):
            continue
        url, method = request.get("url"), str(request.get("method") or "").upper()
        resource_type = str(resource.get("resourceType"))
        if method == "PUT" and isinstance(url, str) and "?" in url:
            searched_type, criterion = url.split("?", 1)
            condition = _Condition(criterion, [], update=True, url=url)
            if searched_type.strip("/") != resource_type:
                condition.refusal = (
                    f"request.url '{url}' ищет {searched_type.strip('/')}, а entry содержит "
                    f"{resource_type}: укажите в request.url тип ресурса записи "
                    f"({resource_type}?identifier=system|value)")
                condition.refusal_issue = "invalid"
        elif request.get("ifNoneExist") is not None:
            condition = _Condition(str(request["ifNoneExist"]), [])
        else:
            continue
        conditions[index] = condition
        identifier = identifier_criterion(condition.criterion)
        if condition.refusal is None and (identifier is None or not identifier[1]):
            condition.refusal = (
                f"{condition.as_sent}: условие условного "
                f"{'обновления' if condition.update else 'создания'} поддерживается только "
                "вида identifier=system|value с непустым value; укажите его или пришлите "
                + ("запись как PUT Type/id" if condition.update
                   else "запись без request.ifNoneExist"))
        if condition.refusal is not None or identifier is None:
            continue
        system, value = identifier
        rows.append({"index": index, "resourceType": resource_type, "system": system,
                     "value": normalise_identifier(system, value, enp_system),
                     "oid": organization_oid(system, value)
                     if resource_type == "Organization" else None,
                     # an update replaces the sender's own record only (ids are scoped)
                     "source": resource_source(resource, source)
                     if condition.update or own_records_only else None})
    if rows:
        for row in graph.read("find_records_by_identifier", rows=rows):
            conditions[row["index"]].keys = sorted(row["keys"])
    for condition, entry in ((conditions[index], entries[index]) for index in conditions):
        if condition.update and condition.found_id is not None:
            body_id = entry["resource"].get("id")
            if body_id not in (None, condition.found_id):
                condition.refusal = (
                    f"request.url '{entry['request']['url']}' находит "
                    f"{_location(condition.keys[0])}, а entry содержит "
                    f"{entry['resource']['resourceType']}/{body_id}: пришлите запись без id "
                    f"или с id '{condition.found_id}'")
                condition.refusal_issue = "invalid"
    return conditions


def _as_update_of_what_was_found(entry: Any, condition: _Condition | None) -> Any:
    """A conditional update that found one record: the entry as that record's new version
    (its id), so that it replaces it and the Bundle's references to the entry name it."""
    if condition is None or not condition.update or condition.found_id is None:
        return entry
    return {**entry, "resource": {**entry["resource"], "id": condition.found_id}}


def _entry(index: int, entry: Any, items: list[InputItem],
           condition: _Condition | None = None) -> _Entry:
    request = entry.get("request") if isinstance(entry, dict) else None
    if not isinstance(request, dict):
        return _Entry(index, items)
    method = str(request.get("method") or "").upper()
    if method and method not in _WRITING_METHODS:
        # an entry without a resource (a DELETE) still has its item: nothing sent is lost
        return _Entry(index, items, refusal=_NOT_SUPPORTED.format(method=method))
    if condition is not None:
        if condition.refusal is not None:
            return _Entry(index, items, refusal=condition.refusal,
                          refusal_status="400 Bad Request",
                          refusal_issue=condition.refusal_issue)
        if len(condition.keys) > 1:
            found = ", ".join(_location(key) for key in condition.keys)
            return _Entry(index, items, refusal=(
                f"{condition.as_sent} находит несколько записей "
                f"({found}): укажите идентификатор, который выбирает одну из них, или "
                "пришлите запись с её id"),
                refusal_status="412 Precondition Failed", refusal_issue="multiple-matches")
        if condition.keys and not condition.update:
            return _Entry(index, items, existing=condition.keys[0])
    url, resource = request.get("url"), entry.get("resource")
    if method == "PUT" and isinstance(url, str) and isinstance(resource, dict):
        # PUT Type/id names the record it replaces: a body of another id is a mistake
        named = url.split("?", 1)[0].strip("/").split("/")
        if len(named) == 2 and (named[0], named[1]) != (resource.get("resourceType"),
                                                         resource.get("id")):
            return _Entry(index, items, refusal=(
                f"request.url '{url}' указывает {named[0]}/{named[1]}, а entry содержит "
                f"{resource.get('resourceType')}/{resource.get('id')}: укажите в request.url "
                "тип и id самой записи или исправьте её id"),
                refusal_status="400 Bad Request", refusal_issue="invalid")
    return _Entry(index, items)


def _response_bundle(bundle_type: str, entries: list[_Entry],
                     outcomes: Iterator[ItemOutcome]) -> dict[str, Any]:
    """One response entry per request entry; an entry of several resources (a document
    Bundle) is refused when any of them is, created when any is new, else unchanged."""
    answered = []
    for entry in entries:
        if entry.refusal:
            answered.append({"response": {
                "status": entry.refusal_status,
                "outcome": operation_outcome(entry.refusal_issue, entry.refusal)}})
            continue
        if entry.existing is not None:
            answered.append({"response": {"status": "200 OK",
                                          "location": _location(entry.existing)}})
            continue
        mine: list[ItemOutcome] = [next(outcomes) for _ in entry.items]
        answered.append({"response": _entry_response(entry.index, mine)})
    response: dict[str, Any] = {"resourceType": "Bundle", "type": bundle_type}
    if answered:  # FHIR JSON has no empty arrays: an empty Bundle is answered without one
        response["entry"] = answered
    return response


def _entry_response(index: int, outcomes: list[ItemOutcome]) -> dict[str, Any]:
    refused = [o for o in outcomes if o.status == "quarantined"]
    if refused:
        # A document is refused when any resource of it is; what of it was usable is
        # stored all the same, and the outcome says which, so that the sender knows.
        issues = [{"severity": "error", "code": "invalid",
                   "expression": [_expression(index, o.location)],
                   "diagnostics": o.reason or "запись помещена в карантин"} for o in refused]
        issues += [{"severity": "information", "code": "informational",
                    "diagnostics": f"сохранено: {_location(o.key)}"}
                   for o in outcomes if o.status != "quarantined" and o.key is not None]
        return {"status": "400 Bad Request",
                "outcome": {"resourceType": "OperationOutcome",
                            "issue": issues + _unknown_code_issues(index, outcomes)}}
    # 201 when the entry made a record that was not there; 200 for an update or a resend
    created = any(o.status == "stored" and not o.replaced for o in outcomes)
    response: dict[str, Any] = {"status": "201 Created" if created else "200 OK"}
    if len(outcomes) == 1 and outcomes[0].key is not None:
        response["location"] = _location(outcomes[0].key)
    if warnings := _unknown_code_issues(index, outcomes):
        response["outcome"] = {"resourceType": "OperationOutcome", "issue": warnings}
    return response


def _unknown_code_issues(index: int, outcomes: list[ItemOutcome]) -> list[dict[str, Any]]:
    """A warning per ICD-10 code that is none (the record is stored as sent all the same)."""
    return [{"severity": "warning", "code": "code-invalid",
             "expression": [_expression(index, o.location)],
             "diagnostics": f"код «{code}» отсутствует в МКБ-10: запись сохранена, "
                            "в паспорте код помечен как неизвестный; исправьте код"}
            for o in outcomes if o.status != "quarantined" for code in o.unknown_icd10]


def _expression(index: int, location: str) -> str:
    """The FHIRPath of a request entry's resource, as the transaction path writes it: the
    reader's location `request entry[0] entry[3]` (a resource of a document inside entry
    0) is `Bundle.entry[0].resource.entry[3]`."""
    nested = _ENTRY_INDEX.findall(location)[1:]
    return "".join([f"Bundle.entry[{index}]"] + [f".resource.entry[{n}]" for n in nested])


def _location(key: str) -> str:
    """`source|Type|id` → `Type/id`."""
    _, resource_type, resource_id = key.rsplit("|", 2)
    return f"{resource_type}/{resource_id}"

