"""The coordinators' worklist: open gaps, filtered, most urgent first, one page at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from api.security import Principal
from graph.database import Graph
from onkopassport.errors import InputError
from pathway.facts import _native
from pathway.scope import scope_for
from pathway.worklist_sort import DEFAULT_SORT, WorklistSort, sort_cursor, sort_position

MAX_PAGE = 200


@dataclass(frozen=True)
class WorklistFilter:
    organization_oid: str | None = None
    district: str | None = None
    site: str | None = None  # "C50", or a group "C33-C34"
    gap_kinds: list[str] | None = None
    min_overdue_days: int | None = None
    # Gaps found from this day on: a coordinator's list of what is stalled now, without
    # the years-old findings of an audit that urgency (growing with overdue days) puts first.
    since_from: date | None = None


@dataclass(frozen=True)
class WorklistItem:
    gap_id: str
    kind: str
    label_ru: str
    patient_id: str
    patient_name: str
    birth_date: date | None
    since: date
    due_on: date | None  # None on a gap written before gaps kept their due day
    last_event_on: date | None  # the patient's latest step of care; None without a route
    overdue_days: int
    urgency: int
    detail: str | None
    rule: str | None
    organization_oid: str | None
    organization_name: str | None
    district: str | None
    site: str | None
    cursor: str


@dataclass
class WorklistPage:
    items: list[WorklistItem] = field(default_factory=list)
    has_next_page: bool = False
    end_cursor: str | None = None
    total: int | None = None


# What people type for a site: a Cyrillic С or Д for the Latin letter (same key on the
# Russian layout), spaces around the dash, an en or em dash, a minus sign, lower case.
_LOOKALIKES = str.maketrans({"С": "C", "с": "C", "Д": "D", "д": "D",
                             "–": "-", "—": "-", "−": "-", "‒": "-"})
_SITE = re.compile(r"([CD]\d\d)(?:\.\d{1,2})?")
SITE_HINT = "укажите код МКБ-10 вида C50 или диапазон вида C33-C34"


def site_range(site: str | None) -> tuple[str | None, str | None]:
    """"C33-C34" → ("C33", "C34"); "C50" → ("C50", "C50"); the 3-character categories.

    Forgiving about how the code is typed (see `_LOOKALIKES`, spaces anywhere); anything
    else is an `InputError` with a message for the person who typed it, not an empty list.
    """
    if site is None or not site.strip():
        return None, None
    text = "".join(site.translate(_LOOKALIKES).upper().split())
    first, dash, last = text.partition("-")
    start, end = _SITE.fullmatch(first), _SITE.fullmatch(last) if dash else None
    if start is None or (dash and end is None):
        raise InputError(f"Локализация «{site.strip()}» не распознана: {SITE_HINT}.")
    low = start.group(1)
    high = end.group(1) if end else low
    if low > high:
        raise InputError(f"Локализация «{site.strip()}»: начало диапазона позже конца, "
                         f"укажите {high}-{low}.")
    return low, high


def _params(flt: WorklistFilter) -> dict[str, Any]:
    site_from, site_to = site_range(flt.site)
    return {"filterOrganization": flt.organization_oid, "filterDistrict": flt.district,
            "siteFrom": site_from, "siteTo": site_to, "kinds": flt.gap_kinds or None,
            "minOverdueDays": flt.min_overdue_days, "sinceFrom": flt.since_from}


def _item(row: dict[str, Any], sort: WorklistSort) -> WorklistItem:
    gap, person = row["gap"], row["patient"] or {}
    key = gap["urgency"] if sort.is_default else _native(row["sortKey"])
    name = " ".join(filter(None, (person.get("family"), person.get("given"),
                                  person.get("patronymic"))))
    return WorklistItem(
        gap_id=gap["gapId"], kind=gap["kind"], label_ru=gap["labelRu"],
        patient_id=gap["patientId"], patient_name=name,
        birth_date=_native(person.get("birthDate")), since=_native(gap["since"]),
        due_on=_native(gap.get("dueOn")), last_event_on=_native(person.get("lastEventOn")),
        overdue_days=gap["overdueDays"], urgency=gap["urgency"], detail=gap.get("detail"),
        rule=gap.get("rule"), organization_oid=gap.get("organizationOid"),
        organization_name=row.get("organizationName"), district=gap.get("district"),
        site=gap.get("site"), cursor=sort_cursor(sort, key, gap["gapId"]),
    )


def worklist_page(graph: Graph, principal: Principal | None, flt: WorklistFilter | None = None,
                  *, sort: WorklistSort | None = None, first: int = 50, after: str | None = None,
                  with_total: bool = False) -> WorklistPage:
    """One page of the worklist the principal may see, in `sort`'s order (the most urgent
    first by default); `after` is the cursor of an item of the same sort."""
    flt = flt or WorklistFilter()
    sort = sort or DEFAULT_SORT
    scope = scope_for(principal)
    if scope["role"] == "analyst":
        return WorklistPage(total=0 if with_total else None)
    position = sort_position(after, sort)
    size = max(1, min(first, MAX_PAGE))
    params = {**scope, **_params(flt), "limit": size + 1,
              "afterGapId": position.gap_id if position else None}
    if sort.is_default:  # walks the urgency index and stops at the page's end
        rows = graph.read("find_worklist_gaps", **params,
                          afterUrgency=position.key if position else None)
    else:
        rows = graph.read("find_worklist_gaps_sorted", **params, sortBy=sort.by,
                          descending=sort.descending,
                          afterKey=position.key if position else None,
                          afterMissing=int(position.key is None) if position else None)
    items = [_item(r, sort) for r in rows[:size]]
    total = None
    if with_total:
        total = graph.read("count_worklist_gaps", **{**scope, **_params(flt)})[0]["total"]
    return WorklistPage(items=items, has_next_page=len(rows) > size,
                        end_cursor=items[-1].cursor if items else None, total=total)
