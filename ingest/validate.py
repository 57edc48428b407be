"""Is a resource usable FHIR R4? Two paths that must agree on what they accept.

* `validate_strict` runs the `fhir.resources.R4B` models (pydantic): complete, but about a
  thousand resources a second here, too slow for a regional stream.
* `validate_fast` checks what the passport relies on, straight on the JSON: a known R4
  resource type, an id, no unknown top-level element, every date a real calendar date,
  every reference well formed. A test compares both paths on the generated region, the
  mCODE examples and the broken records (tests/integration/ingest/test_validation_paths.py):
  whatever the fast path accepts, the R4B models accept too.

`POST /fhir` and `onkopassport ingest --strict` use the strict path.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache, lru_cache
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.resource import Resource
from pydantic import ValidationError

_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
# FHIR date / dateTime / instant (year, year-month, date, or date with time and zone).
_DATE_TIME = re.compile(
    r"^(?P<y>[0-9]{4})(-(?P<m>[0-9]{2})(-(?P<d>[0-9]{2})"
    r"(T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})?)?)?)?$"
)
# Elements whose values are FHIR dates or dateTimes, wherever they occur.
_DATE_KEYS = frozenset({
    "birthDate", "deceasedDateTime", "recordedDate", "onsetDateTime", "abatementDateTime",
    "authoredOn", "effectiveDateTime", "issued", "performedDateTime", "occurrenceDateTime",
    "receivedTime", "lastUpdated", "start", "end", "date", "collectedDateTime",
})


@cache
def model_class(resource_type: str) -> Any:
    """The R4B model of a resource type, or None for a type R4 does not have (datatypes
    such as Coding or Reference have models too, but are not resources)."""
    try:
        cls = get_fhir_model_class(resource_type)
    except (KeyError, ValueError, AttributeError, ImportError):
        return None
    return cls if issubclass(cls, Resource) else None


@cache
def allowed_elements(resource_type: str) -> frozenset[str]:
    cls = model_class(resource_type)
    names: set[str] = {"resourceType", "fhir_comments"}
    for name, info in cls.model_fields.items():
        names.add(info.alias or name)
        names.add("_" + (info.alias or name))  # primitive extensions
    return frozenset(names)


def validate_fast(resource: dict[str, Any]) -> str | None:
    """None when usable, else what is wrong (a sentence for the quarantine)."""
    resource_type = resource.get("resourceType")
    if not isinstance(resource_type, str) or model_class(resource_type) is None:
        return f"'{resource_type}' is not a FHIR R4 resource type"
    resource_id = resource.get("id")
    if not isinstance(resource_id, str) or not _ID.match(resource_id):
        return (f"{resource_type} has no usable id ('{resource_id}'): ids of 1–64 letters, "
                "digits, '-' or '.' are needed to keep versions apart")
    unknown = sorted(k for k in resource if k not in allowed_elements(resource_type))
    if unknown:
        return f"{resource_type}/{resource_id}: unknown element(s) {', '.join(unknown)}"
    if _values_look_right(resource):
        return None
    return _check_values(resource, f"{resource_type}/{resource_id}")


def _values_look_right(resource: dict[str, Any]) -> bool:
    """The same checks as _check_values without building element paths: nearly every
    resource passes, and only a failing one needs its path named (_check_values)."""
    stack: list[Any] = [resource]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "reference" and not isinstance(value, str):
                    return False
                if isinstance(value, (dict, list)):
                    stack.append(value)
                elif key in _DATE_KEYS and not (isinstance(value, str)
                                                and _is_calendar_date(value)):
                    return False
        elif isinstance(node, list):
            stack.extend(node)
    return True


@lru_cache(maxsize=1 << 16)
def _is_calendar_date(value: str) -> bool:
    return _check_date(value, "") is None


def _check_values(node: Any, path: str) -> str | None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _DATE_KEYS and not isinstance(value, (dict, list)):
                problem = _check_date(value, f"{path}.{key}")
                if problem:
                    return problem
            elif key == "reference" and not isinstance(value, str):
                return f"{path}.reference must be a string"
            else:
                problem = _check_values(value, f"{path}.{key}")
                if problem:
                    return problem
    elif isinstance(node, list):
        for index, item in enumerate(node):
            problem = _check_values(item, f"{path}[{index}]")
            if problem:
                return problem
    return None


def _check_date(value: Any, path: str) -> str | None:
    match = _DATE_TIME.match(value) if isinstance(value, str) else None
    if match is None:
        return f"{path} = '{value}' is not a FHIR date/dateTime (YYYY-MM-DD[Thh:mm:ss+zz:zz])"
    try:
        date(int(match["y"]), int(match["m"] or 1), int(match["d"] or 1))
    except ValueError:
        return f"{path} = '{value}' is an impossible date"
    return None


def validate_strict(resource: dict[str, Any]) -> str | None:
    """The R4B models' verdict: None when valid, else the first errors, readable."""
    problem = validate_fast(resource)
    if problem:
        return problem
    try:
        model_class(resource["resourceType"]).model_validate(resource)
    except ValidationError as error:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()[:3]
        )
        return f"{resource['resourceType']}/{resource.get('id')} rejected by FHIR R4: {details}"
    except (ValueError, TypeError) as error:
        return f"{resource['resourceType']}/{resource.get('id')} rejected by FHIR R4: {error}"
    return None
