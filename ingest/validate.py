"""Is a resource usable FHIR R4? Two paths that must agree on what they accept.

* `validate_strict` runs the `fhir.resources.R4B` models (pydantic): complete, but about a
  thousand resources a second here, too slow for a regional stream.
* `validate_fast` checks what the passport relies on, straight on the JSON: a known R4
  resource type, an id, no unknown top-level element, every date a real calendar date,
  every reference well formed (a `reference` is a string, but for the few elements R4
  names so that are Reference objects themselves, e.g. Consent.provision.data.reference).
  A test compares both paths on the generated region, the mCODE examples and the broken
  records (tests/integration/ingest/test_validation_paths.py): whatever the fast path
  accepts, the R4B models accept too.

`POST /fhir` and `onkopassport ingest --strict` use the strict path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

import orjson
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
# The few R4 elements named like dates that are not: MolecularSequence counts positions
# on a sequence in integer `start`/`end`, GraphDefinition's `start` is a resource type.
_INTEGER_POSITIONS_IN = frozenset({"MolecularSequence"})
_NOT_DATES_IN = {"GraphDefinition": frozenset({"start"})}
_POSITION_KEYS = frozenset({"start", "end"})
# Everywhere else an element named `reference` is a Reference's string; these resources
# also have one of type Reference, Identifier or a list of References (Consent.provision
# .data/.actor, ImplementationGuide.definition.resource, CarePlan.activity, Contract.term
# .asset.context/.action.subject/.offer.party, Claim/ExplanationOfBenefit.related,
# MedicationKnowledge.relatedMedicationKnowledge: the R4B models, searched by name).
_REFERENCE_ELEMENTS_IN = frozenset({
    "Consent", "ImplementationGuide", "CarePlan", "Contract", "Claim",
    "ExplanationOfBenefit", "MedicationKnowledge",
})


@dataclass(frozen=True)
class _ValueRules:
    """What the value checks expect in one resource type."""

    date_keys: frozenset[str]
    integer_positions: bool  # integers may stand under `start`/`end`
    reference_elements: bool  # an object or list may stand under `reference`

    def reference_ok(self, value: Any) -> bool:
        return isinstance(value, str) or (self.reference_elements
                                          and isinstance(value, (dict, list)))

    def date_ok(self, key: str, value: Any) -> bool:
        if self.integer_positions and key in _POSITION_KEYS and type(value) is int:
            return True
        return isinstance(value, str) and _is_calendar_date(value)


@cache
def _value_rules(resource_type: str) -> _ValueRules:
    return _ValueRules(_DATE_KEYS - _NOT_DATES_IN.get(resource_type, frozenset()),
                       resource_type in _INTEGER_POSITIONS_IN,
                       resource_type in _REFERENCE_ELEMENTS_IN)


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
        return (f"resourceType '{resource_type}' — не тип ресурса FHIR R4: укажите тип "
                "ресурса (Patient, Observation, Condition…); типы данных (Coding, "
                "Reference…) отдельной записью не бывают")
    resource_id = resource.get("id")
    if not isinstance(resource_id, str) or not _ID.match(resource_id):
        return (f"{resource_type}: непригодный id ('{resource_id}'): нужен id из 1–64 "
                "латинских букв, цифр, '-' или '.', иначе версии записи не различить; "
                f"исправьте {resource_type}.id")
    unknown = sorted(k for k in resource if k not in allowed_elements(resource_type))
    if unknown:
        return (f"{resource_type}/{resource_id}: элемент(ы) {', '.join(unknown)} не "
                f"существуют в ресурсе {resource_type} FHIR R4; исправьте имя элемента или "
                "перенесите данные в extension")
    if _values_look_right(resource):
        return None
    problem = _check_values(resource, resource_type)
    return f"{resource_type}/{resource_id}: элемент {problem}" if problem else None


def _values_look_right(resource: dict[str, Any]) -> bool:
    """The same checks as _check_values without building element paths: nearly every
    resource passes, and only a failing one needs its path named (_check_values)."""
    rules = _value_rules(str(resource.get("resourceType")))
    stack: list[Any] = [resource]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "reference" and not rules.reference_ok(value):
                    return False
                if isinstance(value, (dict, list)):
                    stack.append(value)
                elif key in rules.date_keys and not rules.date_ok(key, value):
                    return False
        elif isinstance(node, list):
            stack.extend(node)
    return True


@lru_cache(maxsize=1 << 16)
def _is_calendar_date(value: str) -> bool:
    return _check_date(value, "") is None


def _check_values(node: Any, path: str, rules: _ValueRules | None = None) -> str | None:
    if rules is None:
        rules = _value_rules(str(node.get("resourceType")) if isinstance(node, dict) else "")
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and not rules.reference_ok(value):
                return (f"{path}.reference = {_shown(value)}: ссылка должна быть строкой "
                        "(Type/id, URL или urn:uuid); исправьте её")
            if key in rules.date_keys and not isinstance(value, (dict, list)):
                if not rules.date_ok(key, value):
                    return _check_date(value, f"{path}.{key}")
            else:
                problem = _check_values(value, f"{path}.{key}", rules)
                if problem:
                    return problem
    elif isinstance(node, list):
        for index, item in enumerate(node):
            problem = _check_values(item, f"{path}[{index}]", rules)
            if problem:
                return problem
    return None


def _check_date(value: Any, path: str) -> str | None:
    match = _DATE_TIME.match(value) if isinstance(value, str) else None
    if match is None:
        return (f"{path} = {_shown(value)}: не дата FHIR (date/dateTime: ГГГГ, ГГГГ-ММ, "
                "ГГГГ-ММ-ДД или ГГГГ-ММ-ДДTчч:мм:сс+зз:зз); исправьте значение")
    try:
        date(int(match["y"]), int(match["m"] or 1), int(match["d"] or 1))
    except ValueError:
        return (f"{path} = '{value}': такой даты нет в календаре (месяц или день вне "
                "диапазона); исправьте дату")
    return None


def validate_strict(resource: dict[str, Any]) -> str | None:
    """The R4B models' verdict: None when valid, else the first errors, readable."""
    problem = validate_fast(resource)
    if problem:
        return problem
    detail = r4_detail(resource)
    return _not_r4(resource, detail) if detail else None


def r4_detail(resource: dict[str, Any]) -> str | None:
    """What the R4B models find wrong with a resource of a known type (the first three
    errors, «элемент Patient.name[0].given: должен быть массивом»); None when they accept
    it."""
    try:
        model_class(resource["resourceType"]).model_validate(resource)
    except ValidationError as error:
        return "; ".join(_r4_error_ru(str(resource["resourceType"]), e)
                         for e in error.errors()[:3])
    except (ValueError, TypeError) as error:
        return str(error)
    return None


# pydantic's error types, as an operator reads them.
_R4_ERRORS_RU = {
    "missing": "обязательный элемент отсутствует",
    "extra_forbidden": "такого элемента в этом ресурсе FHIR R4 нет",
    "list_type": "должен быть массивом […]",
    "string_type": "должен быть строкой",
    "int_type": "должен быть целым числом", "int_parsing": "должен быть целым числом",
    "int_from_float": "должен быть целым числом",
    "bool_type": "должен быть true или false", "bool_parsing": "должен быть true или false",
    "float_type": "должен быть числом", "float_parsing": "должен быть числом",
    "decimal_type": "должен быть числом", "decimal_parsing": "должен быть числом",
    "dict_type": "должен быть объектом {…}", "model_type": "должен быть объектом {…}",
    "model_attributes_type": "должен быть объектом {…}",
    "string_pattern_mismatch": "значение не соответствует формату этого типа данных FHIR",
    "date_parsing": "не дата FHIR", "date_type": "не дата FHIR",
    "datetime_parsing": "не дата и время FHIR", "datetime_type": "не дата и время FHIR",
}


def _r4_error_ru(resource_type: str, error: Any) -> str:
    """One pydantic error: the element's FHIR path and what is wrong with it, in Russian;
    a message of the models' own (a value error) kept, framed."""
    path = resource_type
    for part in error["loc"]:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part != "root":  # pydantic's name for the value itself
            path += f".{part}"
    kind, context = error["type"], error.get("ctx") or {}
    if kind == "model_validation_format" and context.get("model_class"):
        said = f"должен быть объектом типа {context['model_class']}"
    elif kind in ("literal_error", "enum") and context.get("expected"):
        said = f"недопустимое значение (допустимы: {context['expected']})"
    elif kind in _R4_ERRORS_RU:
        said = _R4_ERRORS_RU[kind]
    elif "spec regex" in str(error["msg"]):  # fhir.resources' check of a primitive type
        said = _R4_ERRORS_RU["string_pattern_mismatch"]
    else:
        said = f"значение не принято ({str(error['msg']).removeprefix('Value error, ')})"
    return f"элемент {path}: {said}"


def _not_r4(resource: dict[str, Any], detail: str) -> str:
    """The R4B models' own words (element path: message), framed for an operator."""
    return (f"{resource['resourceType']}/{resource.get('id')}: запись не соответствует "
            f"FHIR R4: {detail}; исправьте названные элементы и загрузите запись снова")


def _shown(value: Any) -> str:
    """A value as a reason quotes it: a string in quotes, anything else as JSON would."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, dict):
        return "объект"
    if isinstance(value, list):
        return "массив"
    return orjson.dumps(value).decode()
