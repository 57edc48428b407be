"""Quarantine reasons are for the region's Russian-speaking operators: each says in Russian
what is wrong, where (the line or Bundle entry, the resource, the element) and what to do,
and keeps FHIR names and the values as sent (what the operator searches the record for)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import orjson
import pytest

from ingest.load import QuarantineItem
from ingest.prepare import prepare_item, validator
from ingest.quarantine import location_ru
from ingest.reader import InputItem, parse_document, read_file
from ingest.validate import validate_strict

GOOD_AND_BAD = Path(__file__).resolve().parents[2] / "data" / "ingest" / "good_and_bad.ndjson"
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
# What to do: every reason ends in an instruction («исправьте», «укажите», «удалите» …).
PYTHON_EXCEPTION = re.compile(r"\b[A-Z]\w*(?:Error|Exception)\b|object is not|Traceback")
ACTION = re.compile(r"исправьте|укажите|удалите|добавьте|включите|сохраните|пришлите",
                    re.IGNORECASE)

# Per bad line of the fixture: what its reason must name, on either validation path.
EXPECTED = {
    4: ["не является корректным JSON", "в конце текста", "текст оборвался"],
    5: ["Не ресурс FHIR", "'resourceType'"],
    6: ["resourceType 'Patent'", "не тип ресурса FHIR R4"],
    7: ["Patient/p-bad", "nickname", "не существуют в ресурсе Patient"],
    8: ["Patient/p-date", "Patient.birthDate = '1961-02-30'", "такой даты нет в календаре"],
    9: ["Patient/p-snils", "Patient.identifier[1].value", "'112-233-445 96'",
        "неверное контрольное число"],
    10: ["Condition/c-ref", "Condition.subject.reference", "'urn:uuid:0000-missing'",
         "не указывает ни на одну запись своего Bundle"],
    11: ["Observation", "id ('no id!')", "Observation.id"],
    13: ["DocumentReference/d-shape", "content"],
    14: ["resourceType 'Coding'", "не тип ресурса FHIR R4"],
    15: ["Observation/o-deep", "extension"],
}


def _quarantined(items: list[InputItem], strict: bool) -> list[QuarantineItem]:
    prepared = [prepare_item(item, validator(strict)) for item in items]
    return [item for item in prepared if isinstance(item, QuarantineItem)]


@pytest.mark.parametrize("strict", [False, True], ids=["fast", "strict"])
def test_every_reason_for_the_bad_input_file_is_russian_and_names_where(strict: bool) -> None:
    quarantined = _quarantined(list(read_file(GOOD_AND_BAD)), strict)

    by_line = {int(item.location.removeprefix("good_and_bad.ndjson:")): item.reason
               for item in quarantined}
    assert set(by_line) == set(EXPECTED)
    for line, reason in by_line.items():
        assert CYRILLIC.search(reason), (line, reason)
        assert ACTION.search(reason), (line, reason)
        # An operator has no project documents: a reason explains itself.
        assert ".md" not in reason, (line, reason)
        # Nor Python's words: a reader's exception goes to the log, not to the reason.
        assert not PYTHON_EXCEPTION.search(reason), (line, reason)
        for fragment in EXPECTED[line]:
            assert fragment in reason, (line, fragment, reason)


def test_the_same_bad_records_in_a_bundle_name_their_entries() -> None:
    """In a Bundle the location names the entry; the reason still names the resource."""
    lines = GOOD_AND_BAD.read_text(encoding="utf-8").splitlines()
    # Not broken JSON and a non-resource (no entry of a Bundle). The 600-deep record is
    # one too: deeper than orjson writes, its entry's text comes from the standard library.
    parsed = {number: orjson.loads(lines[number - 1]) for number in EXPECTED
              if number not in (4, 5)}
    bundle = {"resourceType": "Bundle", "type": "collection",
              "entry": [{"resource": resource} for resource in parsed.values()]
              + [{"fullUrl": "urn:uuid:empty"}]}

    quarantined = _quarantined(list(parse_document(json.dumps(bundle), "mis", "batch.json")),
                               strict=False)

    assert [item.location for item in quarantined] == [
        f"batch.json entry[{index}]" for index in range(len(parsed) + 1)]
    for item, line in zip(quarantined, [*parsed, None], strict=True):
        assert CYRILLIC.search(item.reason) and ACTION.search(item.reason), item.reason
        if line is not None:
            assert EXPECTED[line][0] in item.reason, (line, item.reason)
    assert quarantined[-1].reason.startswith(
        f"Bundle.entry[{len(parsed)}] не содержит ресурса (entry.resource)")


def test_json_errors_say_in_russian_what_is_wrong_and_where_in_the_text() -> None:
    [item] = parse_document('{"resourceType": "Patient",\n  "id": "p1",,\n}', "mis", "p.json")
    assert item.error is not None
    assert item.error.startswith("Текст не является корректным JSON (строка 2, столбец ")
    assert "неожиданный символ, ожидалось ключ в двойных кавычках" in item.error


@pytest.mark.parametrize(("text", "said"), [
    ('{"a": 1,}', "лишняя запятая перед закрывающей скобкой"),
    ('{"a": "x\ny"}', "управляющий символ (перевод строки, табуляция) внутри строки"),
    ('{"a" 1}', "неожиданный символ, ожидалось «:» после ключа"),
    ('{"a": [1, 2}', "неожиданный символ, ожидалось «,» или «]»"),
    ('{"a": tru}', "неверное слово, ожидалось true"),
    ('{"a": "\\q"}', "неверная escape-последовательность в строке"),
    ('{"a": 1} x', "после конца документа JSON есть ещё текст"),
    ('{"a": 01}', "число с ведущим нулём"),
    ('{"a": "\\ud800"}', "неполная суррогатная пара"),
])
def test_the_parsers_own_words_are_put_in_russian(text: str, said: str) -> None:
    [item] = parse_document(text, "mis", "p.json")
    assert item.error is not None and said in item.error
    # none of orjson's English left (JSON, true, escape and \\uXXXX are the syntax's own)
    assert not re.search(r"unexpected|expected|invalid|allowed|string|document|surrogate|"
                         r"literal|character", item.error), item.error


@pytest.mark.parametrize(("resource", "said"), [
    ({"resourceType": "Observation", "id": "o"},
     "элемент Observation.code: обязательный элемент отсутствует"),
    ({"resourceType": "Patient", "id": "p", "name": [{"given": "Анна"}]},
     "элемент Patient.name[0].given: должен быть массивом […]"),
    ({"resourceType": "Patient", "id": "p", "gender": 5},
     "элемент Patient.gender: должен быть строкой"),
    ({"resourceType": "Patient", "id": "p", "contact": [{"name": 5}]},
     "элемент Patient.contact[0].name: должен быть объектом типа HumanName"),
    ({"resourceType": "Observation", "id": "o", "status": "final", "code": {},
      "valueQuantity": {"value": "abc"}},
     "элемент Observation.valueQuantity.value: значение не соответствует формату"),
])
def test_the_r4_models_verdict_is_put_in_russian_with_the_elements_path(
        resource: dict, said: str) -> None:
    reason = validate_strict(resource)
    assert reason is not None and said in reason, reason
    assert not re.search(r"Input should|Field required|spec regex", reason)


@pytest.mark.parametrize(("location", "in_words"), [
    ("region.ndjson:12", "файл region.ndjson, строка 12"),
    ("bundle.json entry[3]", "файл bundle.json, Bundle.entry[3]"),
    ("request entry[1]", "запрос POST /fhir, Bundle.entry[1]"),
    ("request entry[0] entry[3]", "запрос POST /fhir, Bundle.entry[0], Bundle.entry[3]"),
    ("request", "запрос POST /fhir"),
    ("POST /fhir/Patient", "запрос POST /fhir/Patient"),
    ("replay of request entry[1]", "повторная загрузка: запрос POST /fhir, Bundle.entry[1]"),
    ("replay of replay of a.ndjson.gz:7",
     "повторная загрузка: повторная загрузка: файл a.ndjson.gz, строка 7"),
    ("C:/data/x.json", "файл C:/data/x.json"),
])
def test_a_location_reads_in_russian(location: str, in_words: str) -> None:
    assert location_ru(location) == in_words
