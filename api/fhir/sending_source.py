"""Which source the records of a request are stored under, and who may name it.

Ids are unique only within a source (`source|Type|id`), so the source decides whose
records a request creates or replaces. An administrator names it (`X-Source-System`,
`meta.source`), as a gateway relaying many systems does. A sender — one medical
information system's account — writes under its own source only: its records are stored
there whatever the request leaves out, and a request that names another source is refused
whole (403) before anything of it is stored, quarantine included, because a sender that
could name another system's source could replace that system's records.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from api.fhir.outcome import FhirError
from api.security import Principal
from ingest.reader import resource_source

SOURCE_HEADER = "x-source-system"


def request_source(principal: Principal, named: str | None) -> str:
    """The source of a request by `principal` whose `X-Source-System` header is `named`."""
    if principal.role != "sender":
        return named or f"api:{principal.user_id}"
    own = str(principal.source)
    if named and named.split("#", 1)[0] != own:
        raise FhirError(403, "forbidden", _refusal(own, "заголовок X-Source-System", named))
    return own


def check_named_sources(document: Any, own: str) -> None:
    """Refuse (403) a body any resource of which names a source other than `own` in
    `meta.source` (the Bundle itself, its entries, the entries of a Bundle inside one)."""
    for where, resource in _resources(document, "Bundle"):
        named = resource_source(resource, own)
        if named != own:
            raise FhirError(403, "forbidden", _refusal(own, f"{where}.meta.source", named))


def _resources(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if not isinstance(node, dict):
        return
    yield where, node
    entries = node.get("entry") if node.get("resourceType") == "Bundle" else None
    if not isinstance(entries, list):
        return
    for index, entry in enumerate(entries):
        if isinstance(entry, dict):
            yield from _resources(entry.get("resource"), f"{where}.entry[{index}].resource")


def _refusal(own: str, where: str, named: str) -> str:
    return (f"Эта учётная запись передаёт только записи системы '{own}', а {where} указывает "
            f"источник '{named}': ничего не сохранено. Пришлите записи без него (они "
            f"сохраняются под '{own}') или укажите '{own}'.")
