"""`GET /fhir/Patient/{id}/$everything`: the passport as an R4 searchset Bundle.

Entries: a Patient built from the passport's best-known demographics, the stored raw
resources of its records (as received, `meta.source` added when missing so that ids from
different systems stay apart), and per tumour an mCODE-style PrimaryCancerCondition with
its stage Observations. Every call is audited; analysts are refused (identifiable data);
a coordinator gets every СНИЛС identifier masked as the GraphQL passport masks it.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from neo4j import ManagedTransaction

from api.auth.dependencies import principal_from_request
from api.auth.tokens import InvalidTokenError
from api.dependencies import GraphDep
from api.fhir.mcode import primary_cancer_condition, resource_id, stage_observations
from api.fhir.outcome import FhirError, FhirResponse
from api.graphql.passport_data import native
from api.graphql.passport_masking import mask_snils_identifiers
from api.security import LOGIN_REQUIRED, SENDER_ONLY, Principal, Role
from domain.identifiers import SNILS_SYSTEM
from graph.database import Graph
from graph.queries import load_query
from ingest.references import UnresolvableReference, resolve

log = logging.getLogger(__name__)
router = APIRouter()
FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


def reading_principal(request: Request) -> Principal:
    """The caller of a FHIR read: 401 without a valid token, 403 for a sender."""
    try:
        principal = principal_from_request(request)
    except InvalidTokenError as error:
        raise FhirError(401, "login", str(error)) from error
    if principal is None:
        raise FhirError(401, "login", LOGIN_REQUIRED)
    if not principal.reads:
        raise FhirError(403, "forbidden", SENDER_ONLY)
    return principal


def refuse_analyst(graph: Graph, principal: Principal, action: str, patient_id: str | None,
                   client: str | None) -> None:
    """403 (audited as refused) for a role that sees no identities: the analyst."""
    if principal.sees_identities:
        return
    graph.write("create_audit_entry", userId=principal.user_id, action=action,
                patientId=patient_id, clientAddress=client, detail=None, outcome="refused")
    raise FhirError(403, "forbidden", "Аналитику доступны только обезличенные "
                                      "данные: используйте запросы /analyst.")


def audited_cores(graph: Graph, principal: Principal, patient_ids: list[str],
                  client: str | None, action: str) -> list[dict[str, Any]]:
    """The passport cores of the patients the principal may see, in the order asked; one
    AuditEntry per requested patient (`shown` or `refused`), in the same transaction."""
    text = load_query("get_passport_cores")
    params = {**principal.query_scope(), "userId": principal.user_id, "clientAddress": client,
              "patientIds": patient_ids, "action": action}

    def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
        return [record.data() for record in tx.run(text, params)]

    rows: list[dict[str, Any]] = native(graph.execute_write(work))
    return rows


def _audited_core(graph: Graph, principal: Principal, patient_id: str,
                  client: str | None) -> dict[str, Any] | None:
    rows = audited_cores(graph, principal, [patient_id], client, "fhir.everything")
    return rows[0] if rows else None


def patient_fhir_id(patient_id: str) -> str:
    """The Patient.id of a passport: its patientId when that is a valid FHIR id."""
    return patient_id if FHIR_ID.match(patient_id) else resource_id("patient", patient_id)


def patient_resource(patient: dict[str, Any], fhir_id: str, role: Role) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Patient", "id": fhir_id,
        "identifier": [{"system": "urn:onkopassport:patient-id", "value": patient["patientId"]}],
    }
    if patient.get("snils"):
        resource["identifier"].append({"system": SNILS_SYSTEM, "value": patient["snils"]})
        # the same rule as the GraphQL passport: a coordinator sees the last digits only
        mask_snils_identifiers(resource, role)
    given = [part for part in (patient.get("given"), patient.get("patronymic")) if part]
    if patient.get("family") or given:
        resource["name"] = [{"family": patient.get("family"), "given": given or None}]
        resource["name"] = [{k: v for k, v in resource["name"][0].items() if v}]
    if patient.get("sex") in ("male", "female", "other", "unknown"):
        resource["gender"] = patient["sex"]
    if isinstance(patient.get("birthDate"), date):
        resource["birthDate"] = patient["birthDate"].isoformat()
    if isinstance(patient.get("deceasedOn"), date):
        # as precisely as known: a year or a month stays one (FHIR's partial dateTime)
        length = {"year": 4, "month": 7}.get(patient.get("deceasedPrecision") or "", 10)
        resource["deceasedDateTime"] = patient["deceasedOn"].isoformat()[:length]
    if patient.get("district"):
        resource["address"] = [{"district": patient["district"]}]
    return resource


def _stored_resource(row: dict[str, Any], role: Role) -> dict[str, Any] | None:
    try:
        resource = json.loads(row["resource"])
    except (TypeError, ValueError):
        log.warning("Record %s holds no readable JSON; left out of $everything", row["key"])
        return None
    if not isinstance(resource, dict) or "resourceType" not in resource:
        return None
    meta = resource.setdefault("meta", {})
    if isinstance(meta, dict) and row.get("source"):
        meta.setdefault("source", row["source"])
    # as received, a record repeats the СНИЛС the Patient entry masks for this role
    mask_snils_identifiers(resource, role)
    return resource


def point_references_at_entries(resource: dict[str, Any], row: dict[str, Any],
                                url_of_key: dict[str, str]) -> None:
    """Rewrite the resource's references to the fullUrl of the entry they lead to.

    As received they are relative to the sender (`Patient/7` of one MIS, where another
    has its own Patient/7) or `urn:uuid:` names of the sender's Bundle, which mean nothing
    here. A relative or absolute reference is resolved with the record's source, a
    urn:uuid by the edge ingest drew for it (the element's only target, or the record's
    subject). A reference that leads to no entry of this Bundle is left as sent.
    """
    scope = row["key"].split("|", 1)[0]
    subject = row.get("subjectKey")
    # First pass: per element, the keys its resolvable references name and how many
    # urn:uuid references it holds; an edge can stand for a urn:uuid only when it is the
    # element's one urn and the edge leads where no resolvable reference of it leads.
    named: dict[str, set[str]] = {}
    urns: dict[str, int] = {}

    def resolved(reference: dict[str, Any]) -> str | None:
        """The key a reference names; '' for a urn:uuid (resolvable only by edge)."""
        try:
            ref = resolve(reference, scope, {})
        except UnresolvableReference:
            return ""
        return ref.key if ref is not None else None

    def references(node: Any, element: str) -> Iterator[tuple[dict[str, Any], str]]:
        if isinstance(node, list):
            for item in node:
                yield from references(item, element)
        elif isinstance(node, dict):
            text = node.get("reference")
            if isinstance(text, str) and text and not text.startswith("#"):
                yield node, element
            for value in node.values():
                yield from references(value, element)

    found = [(node, element, resolved(node)) for top, value in resource.items()
             if top not in ("resourceType", "id", "meta", "text", "contained")
             for node, element in references(value, top)]
    for _, element, key in found:
        if key == "":
            urns[element] = urns.get(element, 0) + 1
        elif key:
            named.setdefault(element, set()).add(key)

    def by_edge(reference: dict[str, Any], element: str) -> str | None:
        if element in ("subject", "patient") and subject in url_of_key:
            return url_of_key[subject]
        declared = reference.get("type")
        candidates = [key for edge, key in row.get("refs") or []
                      if edge == element and key in url_of_key
                      and key not in named.get(element, set())
                      and (not isinstance(declared, str) or key.split("|")[-2] == declared)]
        return url_of_key[candidates[0]] if len(candidates) == 1 and urns[element] == 1 \
            else None

    for node, element, key in found:
        url = by_edge(node, element) if key == "" else url_of_key.get(key) if key else None
        if url is not None:
            node["reference"] = url


def _entry(resource: dict[str, Any], key: str, mode: str = "match") -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{_uuid(key)}", "resource": resource, "search": {"mode": mode}}


def _uuid(key: str) -> str:
    hexed = resource_id("entry", key)
    return f"{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"


def everything_bundle(core: dict[str, Any], stored: list[dict[str, Any]], role: Role,
                      self_url: str | None = None) -> dict[str, Any]:
    patient = core["patient"]
    pid = patient["patientId"]
    entries = [_entry(patient_resource(patient, patient_fhir_id(pid), role), f"patient|{pid}")]
    patient_ref = entries[0]["fullUrl"]
    for tumor in core["tumors"]:
        condition = primary_cancer_condition(tumor, patient_ref)
        entries.append(_entry(condition, f"condition|{tumor['tumorId']}"))
        condition_ref = entries[-1]["fullUrl"]
        for observation in stage_observations(tumor, patient_ref, condition_ref):
            entries.append(_entry(observation, f"observation|{observation['id']}"))
    readable = [(row, resource) for row in stored
                if (resource := _stored_resource(row, role)) is not None]
    url_of_key = {row["key"]: f"urn:uuid:{_uuid(row['key'])}" for row, _ in readable}
    for row, resource in readable:
        point_references_at_entries(resource, row, url_of_key)
        entries.append(_entry(resource, row["key"], mode="include"))
    # `total` counts the matches (the passport's patient, tumours and their stages), not
    # the stored records they include
    bundle: dict[str, Any] = {
        "resourceType": "Bundle", "type": "searchset",
        "total": sum(1 for entry in entries if entry["search"]["mode"] == "match"),
        "entry": entries}
    if self_url:
        bundle["link"] = [{"relation": "self", "url": self_url}]
    return bundle


# An operation may be invoked by GET or by POST (with an empty or Parameters body). One
# route per method: a route of two methods gives both the same OpenAPI operation id.
@router.get("/Patient/{patient_id}/$everything", response_class=FhirResponse,
            operation_id="patient_everything_get",
            summary="The passport as an R4 Bundle (mCODE primary cancer + stage)")
@router.post("/Patient/{patient_id}/$everything", response_class=FhirResponse,
             operation_id="patient_everything_post",
             summary="The passport as an R4 Bundle (mCODE primary cancer + stage), by POST")
def patient_everything(patient_id: str, request: Request, graph: GraphDep) -> FhirResponse:
    try:
        principal = reading_principal(request)
        client = request.client.host if request.client else None
        refuse_analyst(graph, principal, "fhir.everything", patient_id, client)
        core = _audited_core(graph, principal, patient_id, client)
        if core is None:
            raise FhirError(404, "not-found", f"Patient/{patient_id} не найден или вне "
                                              "вашей области доступа: проверьте id.")
        stored = native(graph.read("get_patient_resources", patientId=patient_id,
                                   **principal.query_scope()))
    except FhirError as error:
        return error.response()
    return FhirResponse(everything_bundle(core, stored, principal.role, str(request.url)))
