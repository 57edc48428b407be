"""`patients(...)`: search by СНИЛС, by name and birth date, or by organisation."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any

from strawberry.relay import PageInfo

from api.graphql import passport_build as build
from api.graphql.passport_data import PassportData
from api.graphql.passport_types import (
    PatientConnection,
    PatientEdge,
    PatientSearchInvalid,
    PatientSearchRefused,
    PatientSearchResult,
)
from domain.identifiers import normalise_name, normalise_snils

MAX_PAGE = 100
_CURSOR_PREFIX = "patient:"


def encode_cursor(patient_id: str) -> str:
    return base64.urlsafe_b64encode(f"{_CURSOR_PREFIX}{patient_id}".encode()).decode()


def decode_cursor(cursor: str) -> str | None:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return text.removeprefix(_CURSOR_PREFIX) if text.startswith(_CURSOR_PREFIX) else None


async def search_patients(
    data: PassportData, *, snils: str | None, family: str | None, given: str | None,
    birth_date: date | None, organization_oid: str | None, first: int, after: str | None,
) -> PatientSearchResult:
    if not 1 <= first <= MAX_PAGE:
        return PatientSearchInvalid(message=f"first: от 1 до {MAX_PAGE} пациентов на странице.")
    cursor = decode_cursor(after) if after else None
    if after and cursor is None:
        return PatientSearchInvalid(
            message="after: курсор не выдан этим API (возьмите endCursor прошлой страницы).")
    modes = [m for m, given_ in (("snils", snils), ("name", family or birth_date),
                                  ("organization", organization_oid)) if given_]
    if len(modes) != 1:
        return PatientSearchInvalid(
            message="Укажите ровно один способ поиска: snils; family и birthDate (given "
            "по желанию); organizationOid."
        )
    mode = modes[0]
    role = data.principal.role
    if role == "analyst" and mode != "organization":
        # Looking people up by identity is re-identification: analysts get de-identified
        # lists by organisation only. The refusal is audited too.
        await data.audit("patients.search", detail=f"by={mode}", outcome="refused")
        return PatientSearchRefused(
            message="Аналитик не может искать пациентов по СНИЛС или ФИО."
        )
    params: dict[str, Any] = {"after": cursor, "limit": first + 1, **data.principal.query_scope()}
    if mode == "snils":
        digits = normalise_snils(snils)
        if digits is None:
            return PatientSearchInvalid(message="snils: в СНИЛС должно быть 11 цифр.")
        query, params["snils"] = "search_patients_by_snils", digits
    elif mode == "name":
        if not family or birth_date is None:
            return PatientSearchInvalid(
                message="Для поиска по ФИО нужны фамилия (family) и дата рождения (birthDate).")
        query = "search_patients_by_name"
        params.update(familyKey=normalise_name(family), birthDate=birth_date,
                      givenKey=normalise_name(given) if given else None)
    else:
        query, params["searchOid"] = "search_patients_by_organization", organization_oid
    # Audit first: a search that fails halfway is still on the record.
    await data.audit("patients.search", detail=f"by={mode}")
    rows = await data.read(query, **params)
    page = rows[:first]
    edges = [PatientEdge(cursor=encode_cursor(row["patient"]["patientId"]),
                         node=build.summary(row["patient"], role)) for row in page]
    return PatientConnection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > first, has_previous_page=cursor is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
