"""How `GET /fhir/Patient?identifier=…` reads its parameter, without a server."""

from __future__ import annotations

import pytest

from api.fhir.outcome import FhirError
from api.fhir.patient import identifier_criteria, search_page

ENP = "urn:region:enp"


def test_values_are_normalised_as_ingest_keeps_them() -> None:
    assert identifier_criteria(
        [("identifier", "urn:oid:1.2.643.100.3|112-233-445 95,urn:region:enp|7755 0000 1111 2222"),
         ("_format", "json")], ENP) == {
        "snils": ["11223344595"], "enp": ["7755000011112222"], "patientIds": []}
    # a value without system is looked for as every kind it may be
    assert identifier_criteria([("identifier", "112 233 445 95")], ENP) == {
        "snils": ["11223344595"], "enp": ["112 233 445 95"], "patientIds": ["112 233 445 95"]}
    # an escaped comma or bar is part of the value
    assert identifier_criteria([("identifier", r"urn:onkopassport:patient-id|a\,b\|c")],
                               ENP)["patientIds"] == ["a,b|c"]


@pytest.mark.parametrize(("parameters", "message"), [
    ([("identifier", "|11223344595")], "идентификаторов без системы сервер не хранит"),
    ([("identifier", "a"), ("identifier", "b")], "указан несколько раз"),
    ([("identifier", "a,")], "пустое значение"),
    ([("identifier:of-type", "x")], "Параметры поиска не поддерживаются: identifier:of-type"),
    ([("identifier", "urn:onkopassport:enp|7755000011112222")],
     "система urn:onkopassport:enp не поддерживается"),  # not this region's ЕНП system
])
def test_what_the_search_cannot_answer_is_a_400(parameters: list[tuple[str, str]],
                                                message: str) -> None:
    with pytest.raises(FhirError) as refused:
        identifier_criteria(parameters, ENP)
    assert refused.value.status_code == 400 and message in refused.value.message


def test_paging_reads_count_and_offset_with_the_settings_default_and_cap() -> None:
    assert search_page([("identifier", "a")], 50, 500) == (50, 0)
    assert search_page([("_count", "20"), ("_offset", "40")], 50, 500) == (20, 40)
    assert search_page([("_count", "1000")], 50, 500) == (500, 0)  # fewer than asked
    assert search_page([("_offset", "0")], 7, 500) == (7, 0)
    assert search_page([("_count", "9" * 5000), ("_offset", "1000000000")], 50, 500) == (
        500, 1_000_000_000)  # a huge _count is the cap, not a server error
    # _count and _offset are search parameters, not refused as unsupported
    assert identifier_criteria([("identifier", "a"), ("_count", "5"), ("_offset", "5")],
                               ENP)["patientIds"] == ["a"]


@pytest.mark.parametrize(("parameters", "message"), [
    ([("_count", "0")], "_count=0: ожидается целое число больше нуля"),
    ([("_count", "-5")], "_count=-5: ожидается целое число больше нуля"),
    ([("_count", "abc")], "_count=abc: ожидается целое число больше нуля"),
    ([("_count", "2.5")], "_count=2.5"),
    ([("_count", "")], "_count=: ожидается"),
    ([("_count", "٣")], "_count=٣"),  # a digit, but not one a URL of FHIR means
    ([("_count", "5"), ("_count", "6")], "Параметр _count указан несколько раз"),
    ([("_offset", "-1")], "_offset=-1: ожидается целое число от 0 до 1000000000"),
    ([("_offset", "9" * 30)], "ожидается целое число от 0 до 1000000000"),  # no 500
    ([("_offset", "9" * 5000)], "ожидается целое число от 0 до 1000000000"),
    ([("_offset", "")], "_offset=: ожидается"),
])
def test_a_count_or_offset_that_is_no_such_integer_is_a_400(
        parameters: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(FhirError) as refused:
        search_page(parameters, 50, 500)
    assert refused.value.status_code == 400 and refused.value.code == "invalid"
    assert message in refused.value.message
