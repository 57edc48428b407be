"""``POST /fhir``: a `transaction` or `batch` Bundle in, a response Bundle with a status per entry.

A batch stores every usable entry and quarantines the others. A transaction is all or
nothing: one unusable entry refuses the whole Bundle (400, an OperationOutcome naming
each bad entry) — the bad entries are still kept in quarantine, so nothing sent is lost.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Depends, Request

from api.auth.dependencies import require_roles
from api.dependencies import GraphDep, SettingsDep
from api.fhir.outcome import FhirResponse, operation_outcome
from api.security import Principal
from ingest.load import QuarantineItem, write_batch
from ingest.pipeline import ItemOutcome
from ingest.reader import expand
from onkopassport.orchestration import full_ingestor

router = APIRouter()
_STATUS = {"stored": "201 Created", "unchanged": "200 OK", "quarantined": "400 Bad Request"}


@router.post("/fhir", summary="Ingest a FHIR R4 transaction or batch Bundle")
async def post_bundle(request: Request, graph: GraphDep, settings: SettingsDep,
                      principal: Principal = Depends(require_roles("admin"))) -> FhirResponse:
    body = await request.body()
    source = request.headers.get("x-source-system") or f"api:{principal.user_id}"
    try:
        bundle = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        _quarantine(graph, source, body.decode("utf-8", "replace"), f"not valid JSON: {error}")
        return FhirResponse(operation_outcome("structure", f"The body is not JSON: {error}"),
                            status_code=400)
    bundle_type = bundle.get("type") if isinstance(bundle, dict) else None
    if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle" or \
            bundle_type not in ("transaction", "batch"):
        _quarantine(graph, source, body.decode("utf-8", "replace"),
                    "POST /fhir takes a Bundle of type transaction or batch")
        return FhirResponse(operation_outcome(
            "invalid", "POST /fhir takes a Bundle of type 'transaction' or 'batch'."),
            status_code=400)
    items = list(expand(bundle, source, "request", body.decode("utf-8", "replace")))
    ingestor = full_ingestor(graph, settings, strict=True)
    if bundle_type == "transaction":
        problems = [(index, item, ingestor.check(item)) for index, item in enumerate(items)]
        bad = [(index, item, reason) for index, item, reason in problems if reason]
        if bad:
            write_batch(graph, [], [QuarantineItem(item.source, item.location, reason, item.raw)
                                    for _, item, reason in bad])
            return FhirResponse({"resourceType": "OperationOutcome", "issue": [
                {"severity": "error", "code": "invalid", "expression": [f"Bundle.entry[{i}]"],
                 "diagnostics": reason} for i, _, reason in bad]}, status_code=400)
    outcomes = ingestor.ingest_batch(items)
    return FhirResponse(_response_bundle(f"{bundle_type}-response", outcomes))


def _response_bundle(bundle_type: str, outcomes: list[ItemOutcome]) -> dict[str, Any]:
    entries = []
    for outcome in outcomes:
        response: dict[str, Any] = {"status": _STATUS[outcome.status]}
        if outcome.key is not None:
            _, resource_type, resource_id = outcome.key.rsplit("|", 2)
            response["location"] = f"{resource_type}/{resource_id}"
        if outcome.reason:
            response["outcome"] = operation_outcome("invalid", outcome.reason)
        entries.append({"response": response})
    return {"resourceType": "Bundle", "type": bundle_type, "entry": entries}


def _quarantine(graph: Any, source: str, raw: str, reason: str) -> None:
    write_batch(graph, [], [QuarantineItem(source, "request", reason, raw)])



