"""Default-deny row scopes of the registry and the VIMIS organisation counts, without a
server: a role the scope does not list — a sender, a reading role added later — is refused,
never given the whole region."""

from __future__ import annotations

import asyncio
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest

import api.security
from api.graphql.context import RequestContext
from api.graphql.registry import _scope
from api.graphql.schema import schema
from api.security import Principal
from onkopassport.errors import AccessDeniedError
from registry.table import RegistryFilter

ASKED = RegistryFilter(district="Южный", organization_oid="oid-south",
                       diagnosed_from=date(2024, 1, 1))
SENDER = Principal("mis-a-account", "sender", source="mis-a")
AUDITOR = Principal("auditor-1", "auditor")  # type: ignore[arg-type]  # a role added later


@pytest.mark.parametrize(("principal", "district", "organization"), [
    (Principal("a", "admin"), "Южный", "oid-south"),
    (Principal("b", "analyst"), "Южный", "oid-south"),
    (Principal("c", "coordinator"), "Южный", "oid-south"),
    (Principal("d", "coordinator", district="Северный"), "Северный", "oid-south"),
    (Principal("e", "clinician", organization_oid="oid-north"), "Южный", "oid-north"),
], ids=["admin", "analyst", "regional-coordinator", "district-coordinator", "clinician"])
def test_the_registry_scope_of_each_reading_role(principal: Principal, district: str,
                                                 organization: str) -> None:
    scoped = _scope(principal, ASKED)
    assert (scoped.district, scoped.organization_oid, scoped.diagnosed_from) == \
        (district, organization, date(2024, 1, 1))


def test_the_registry_scope_refuses_a_sender_and_an_unknown_role() -> None:
    with pytest.raises(AccessDeniedError, match="только отправляет записи FHIR в POST /fhir"):
        _scope(SENDER, ASKED)
    with pytest.raises(AccessDeniedError, match="Нет доступа для роли auditor: это доступно "
                                                "ролям admin, analyst, clinician, coordinator"):
        _scope(AUDITOR, RegistryFilter())


def test_a_clinician_without_an_organisation_is_refused_not_given_the_region() -> None:
    with pytest.raises(AccessDeniedError, match="не привязана к организации"):
        _scope(Principal("dr", "clinician"), RegistryFilter())


ORGANIZATIONS = "{ vimisOrganizations { oid accepted } }"
COUNTS = [{"oid": "oid-north", "name": "Северная ЦРБ",
           "states": [{"state": "accepted", "messages": 3}]},
          {"oid": "oid-south", "name": "Южная ЦРБ",
           "states": [{"state": "accepted", "messages": 5}]}]


class _CountingGraph:
    """Answers count_vimis_messages_by_organization like the server would."""

    def __init__(self) -> None:
        self.asked: list[dict[str, Any]] = []

    def read(self, name: str, **parameters: Any) -> list[dict[str, Any]]:
        assert name == "count_vimis_messages_by_organization"
        self.asked.append(parameters)
        oid = parameters["organizationOid"]
        return [row for row in COUNTS if oid is None or row["oid"] == oid]


def _organizations(principal: Principal) -> tuple[Any, _CountingGraph]:
    graph = _CountingGraph()
    context = RequestContext(graph=graph, principal=principal)  # type: ignore[arg-type]
    return asyncio.run(schema.execute(ORGANIZATIONS, context_value=context)), graph


def test_vimis_counts_per_organisation_by_role() -> None:
    for role in ("admin", "analyst", "coordinator"):
        result, _ = _organizations(Principal("u", role))  # type: ignore[arg-type]
        assert result.errors is None, result.errors
        assert {o["oid"] for o in result.data["vimisOrganizations"]} == \
            {"oid-north", "oid-south"}
    result, _ = _organizations(Principal("dr", "clinician", organization_oid="oid-north"))
    assert result.data["vimisOrganizations"] == [{"oid": "oid-north", "accepted": 3}]
    result, graph = _organizations(Principal("dr", "clinician"))
    assert result.data["vimisOrganizations"] == [] and graph.asked == []


def test_vimis_counts_refuse_a_reading_role_they_do_not_list(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A reading role added later (here: READING_ROLES gains "auditor") is not given the
    region's counts because the resolver special-cased only the clinician."""
    monkeypatch.setattr(api.security, "READING_ROLES", api.security.READING_ROLES | {"auditor"})
    assert AUDITOR.reads
    for principal, refusal in ((AUDITOR, "Нет доступа для роли auditor"),
                               (SENDER, "только отправляет записи FHIR в POST /fhir")):
        result, graph = _organizations(principal)
        assert result.data is None and graph.asked == []
        assert result.errors and refusal in result.errors[0].message


def test_the_registry_refuses_a_reading_role_it_does_not_list(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api.security, "READING_ROLES", api.security.READING_ROLES | {"auditor"})
    context = RequestContext(graph=SimpleNamespace(), principal=AUDITOR)  # type: ignore[arg-type]
    result = asyncio.run(schema.execute("{ registryEntries { totalCount } }",
                                        context_value=context))
    assert result.data is None
    assert result.errors and "Нет доступа для роли auditor" in result.errors[0].message
