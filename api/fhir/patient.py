"""`GET /fhir/Patient/{id}` (read) and `GET /fhir/Patient?identifier=…` (search).

Another system knows a person by СНИЛС or ЕНП, not by the passport's patientId: the search
finds the passports of the people who carry the identifier, the read returns one of them —
each person as the Patient entry of `$everything` (same access rules, same masking, same
audit: `fhir.read`, and `fhir.search` once per search and once per patient shown).
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request

from api.dependencies import GraphDep, SettingsDep
from api.fhir.everything import (
    FHIR_ID,
    audited_cores,
    patient_fhir_id,
    patient_resource,
    reading_principal,
    refuse_analyst,
)
from api.fhir.outcome import FhirError, FhirResponse
from api.fhir.unsupported import not_supported
from domain.identifiers import SNILS_SYSTEM, normalise_enp, normalise_identifier, normalise_snils

router = APIRouter()

PATIENT_ID_SYSTEM = "urn:onkopassport:patient-id"
# _format: answered by the router's check; _count, _offset: paging (search_page)
SEARCH_PARAMETERS = ("identifier", "_format", "_count", "_offset")
_UNESCAPED_COMMA = re.compile(r"(?<!\\),")
_UNESCAPED_BAR = re.compile(r"(?<!\\)\|")


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


@router.get("/Patient/{patient_id}", response_class=FhirResponse, operation_id="patient_read",
            name="fhir_patient_read", summary="The passport's person as an R4 Patient")
def read_patient(patient_id: str, request: Request, graph: GraphDep) -> FhirResponse:
    if not FHIR_ID.match(patient_id):  # `_history`, `_search`: interactions, not ids
        return not_supported(request)
    try:
        principal = reading_principal(request)
        client = _client(request)
        refuse_analyst(graph, principal, "fhir.read", patient_id, client)
        cores = audited_cores(graph, principal, [patient_id], client, "fhir.read")
        if not cores:
            raise FhirError(404, "not-found", f"Patient/{patient_id} не найден или вне "
                                              "вашей области доступа: проверьте id.")
    except FhirError as error:
        return error.response()
    patient = cores[0]["patient"]
    return FhirResponse(patient_resource(patient, patient_fhir_id(patient["patientId"]),
                                         principal.role))


@router.get("/Patient", response_class=FhirResponse, operation_id="patient_search",
            summary="Passports by identifier (СНИЛС, ЕНП) as an R4 searchset Bundle")
def search_patients(request: Request, graph: GraphDep, settings: SettingsDep) -> FhirResponse:
    try:
        principal = reading_principal(request)
        client = _client(request)
        refuse_analyst(graph, principal, "fhir.search", None, client)
        parameters = list(request.query_params.multi_items())
        wanted = identifier_criteria(parameters, settings.enp_system)
        count, offset = search_page(parameters, settings.fhir_search_default_count,
                                    settings.fhir_search_max_count)
        kinds = ",".join(kind for kind, values in wanted.items() if values)
        # audited first: a search that fails halfway is still on the record
        graph.write("create_audit_entry", userId=principal.user_id, action="fhir.search",
                    patientId=None, clientAddress=client, detail=f"by={kinds}",
                    outcome="shown")
        [found] = graph.read("find_passports_by_identifier", enpSystem=settings.enp_system,
                             offset=offset, count=count, **wanted, **principal.query_scope())
        page: list[str] = found["patientIds"]
        cores = audited_cores(graph, principal, page, client, "fhir.search") if page else []
    except FhirError as error:
        return error.response()
    entries = []
    for core in cores:
        fhir_id = patient_fhir_id(core["patient"]["patientId"])
        entries.append({
            "fullUrl": str(request.url_for("fhir_patient_read", patient_id=fhir_id)),
            "resource": patient_resource(core["patient"], fhir_id, principal.role),
            "search": {"mode": "match"}})
    bundle: dict[str, Any] = {"resourceType": "Bundle", "type": "searchset",
                              "total": found["total"],
                              "link": page_links(request, count, offset, found["total"])}
    if entries:  # FHIR JSON has no empty arrays
        bundle["entry"] = entries
    return FhirResponse(bundle)


def page_links(request: Request, count: int, offset: int, total: int) -> list[dict[str, str]]:
    """Bundle.link of a page (FHIR R4 search §3.1.1.5): `self` as the server read the search
    (with the _count it applied), `previous` and `next` the neighbouring pages, when any."""
    def url(at: int) -> str:
        return str(request.url.include_query_params(_count=count, _offset=at))

    links = [{"relation": "self", "url": url(offset)}]
    if offset > 0:
        links.append({"relation": "previous", "url": url(max(offset - count, 0))})
    if offset + count < total:
        links.append({"relation": "next", "url": url(offset + count)})
    return links


def search_page(parameters: list[tuple[str, str]], default_count: int,
                max_count: int) -> tuple[int, int]:
    """(_count, _offset) of the query: _count a positive integer, `default_count` when
    absent, at most `max_count` (FHIR lets a server return fewer than asked; `self` says
    how many it did); _offset a non-negative integer, 0 when absent. FhirError 400 else."""
    count = _integer(parameters, "_count", default_count, minimum=1,
                     rule="целое число больше нуля")
    offset = _integer(parameters, "_offset", 0, minimum=0, maximum=MAX_SEARCH_OFFSET,
                      rule=f"целое число от 0 до {MAX_SEARCH_OFFSET}")
    return min(count, max_count), offset


# Beyond any region's people; a larger _offset would overflow Cypher's 64-bit integers
# (and $offset + $count with them) into a server error instead of an empty page.
MAX_SEARCH_OFFSET = 1_000_000_000


def _integer(parameters: list[tuple[str, str]], name: str, default: int, *, minimum: int,
             rule: str, maximum: int | None = None) -> int:
    values = [value for key, value in parameters if key == name]
    if not values:
        return default
    if len(values) > 1:
        raise FhirError(400, "invalid", f"Параметр {name} указан несколько раз: укажите его "
                                        "один раз.")
    text = values[0].strip()
    value = None
    if text.isascii() and text.isdigit():
        # a _count of 40 digits is as good as the cap; only int() must not read 5 000
        digits = text.lstrip("0") or "0"
        value = int(digits) if len(digits) <= 19 else 10**19
    if value is None or value < minimum or (maximum is not None and value > maximum):
        raise FhirError(400, "invalid", f"{name}={values[0]}: ожидается {rule} "
                                        f"(например, {name}=50).")
    return value


def identifier_criteria(parameters: list[tuple[str, str]],
                        enp_system: str) -> dict[str, list[str]]:
    """The values to look for, per kind (`snils`, `enp`, `patientIds`), from the query's
    parameters; FhirError 400 for anything this search cannot answer as asked."""
    unsupported = sorted({name for name, _ in parameters if name not in SEARCH_PARAMETERS})
    if unsupported:
        raise FhirError(400, "not-supported",
                        f"Параметры поиска не поддерживаются: {', '.join(unsupported)}. "
                        "Пациента ищут только по identifier=система|значение "
                        f"(СНИЛС {SNILS_SYSTEM}, ЕНП {enp_system}) или identifier=значение.")
    values = [value for name, value in parameters if name == "identifier"]
    if not values or not values[0].strip():
        raise FhirError(400, "required",
                        "Укажите параметр identifier: identifier=система|значение (СНИЛС "
                        f"{SNILS_SYSTEM}, ЕНП {enp_system}) или identifier=значение.")
    if len(values) > 1:
        raise FhirError(400, "invalid",
                        "Параметр identifier указан несколько раз: укажите его один раз, "
                        "несколько значений — через запятую.")
    wanted: dict[str, list[str]] = {"snils": [], "enp": [], "patientIds": []}
    for token in _UNESCAPED_COMMA.split(values[0]):
        _add_criterion(wanted, token.strip(), enp_system)
    return wanted


def _unescape(text: str) -> str:
    return text.replace("\\|", "|").replace("\\,", ",").replace("\\$", "$").replace("\\\\", "\\")


def _add_criterion(wanted: dict[str, list[str]], token: str, enp_system: str) -> None:
    parts = _UNESCAPED_BAR.split(token, maxsplit=1)
    if len(parts) == 1:  # a value of any system: a СНИЛС, an ЕНП or a patientId
        value = _unescape(parts[0])
        if not value:
            raise FhirError(400, "invalid", "identifier: пустое значение между запятыми.")
        if (snils := normalise_snils(value)) is not None:
            wanted["snils"].append(snils)
        wanted["enp"].append(normalise_enp(value) or value)
        wanted["patientIds"].append(value)
        return
    system, value = _unescape(parts[0]), _unescape(parts[1])
    if not system:
        raise FhirError(400, "invalid",
                        f"identifier=|{value}: идентификаторов без системы сервер не хранит — "
                        "укажите систему (система|значение) или только значение.")
    if not value:
        raise FhirError(400, "invalid",
                        f"identifier={system}|: укажите значение после «|» (поиск по всем "
                        "идентификаторам системы не поддерживается).")
    if system == SNILS_SYSTEM:
        wanted["snils"].append(normalise_identifier(system, value, enp_system))
    elif system == enp_system:
        wanted["enp"].append(normalise_identifier(system, value, enp_system))
    elif system == PATIENT_ID_SYSTEM:
        wanted["patientIds"].append(value)
    else:
        raise FhirError(400, "not-supported",
                        f"identifier: система {system} не поддерживается. Пациента ищут по "
                        f"СНИЛС ({SNILS_SYSTEM}), ЕНП ({enp_system}) или id паспорта "
                        f"({PATIENT_ID_SYSTEM}); identifier=значение ищет по всем трём.")
