"""The operators' pages: «Карантин» (administrators correct and replay what could not be
ingested) and «Сверка личности» (pairs of records that may be one person, and unlinking)."""

from __future__ import annotations

import re

import httpx
import orjson
import pytest

from graph.database import Graph
from ingest.pipeline import Ingestor
from ingest.reader import expand, parse_document
from onkopassport.settings import Settings
from tests import fhir_factories as f
from tests.browser.conftest import log_in
from tests.browser.region import Region

pytestmark = pytest.mark.browser

GOOD_SNILS, BAD_SNILS, OTHER_SNILS = "112-233-445 95", "112-233-445 96", "00375659347"
JOINED_SNILS, HOSPITAL_CARD = "14623471553", "urn:mis:browser-h:patient"
QUARANTINE_ROWS = "[data-testid=quarantine-row]"
REVIEW_ROWS = "[data-testid=review-row]"


def _ingest(graph: Graph, settings: Settings, source: str, resources: list[dict]) -> None:
    Ingestor(graph, settings).ingest_items(
        [item for index, resource in enumerate(resources)
         for item in expand(resource, source, f"{source}.ndjson:{index + 1}",
                            orjson.dumps(resource).decode())])


@pytest.fixture(scope="module", autouse=True)
def operator_work(region: Region, session_graph: Graph, settings: Settings) -> None:
    """Two items in quarantine (a wrong СНИЛС check number, a line that is not JSON), one
    pair of records too alike to be told apart automatically, two records linked by
    their СНИЛС, and two people joined by a record carrying the СНИЛС of one and the
    hospital card number (and birth date) of the other."""
    _ingest(session_graph, settings, "browser-mis",
            [f.patient("q1", family="Карантинова", snils=BAD_SNILS)])
    Ingestor(session_graph, settings).ingest_items(list(parse_document(
        '{"resourceType": "Patient", "id": "cut-off", ', "browser-lab", "lab.ndjson:7")))
    _ingest(session_graph, settings, "browser-a",
            [f.patient("1", family="Двойникова", given="Мария", patronymic="Петровна",
                       snils=GOOD_SNILS)])
    _ingest(session_graph, settings, "browser-b",
            [f.patient("2", family="Двойникова", given="Мария", patronymic="Петровна",
                       district="Южный")])
    for source in ("browser-c", "browser-d"):  # one СНИЛС: linked at once, to be unlinked
        _ingest(session_graph, settings, source,
                [f.patient("3", family="Связанова", birth="1970-05-06", snils=OTHER_SNILS)])
    _ingest(session_graph, settings, "browser-h",
            [f.patient("7", family="Объединёнова", birth="1955-01-02", local_system=HOSPITAL_CARD)])
    by_snils = f.condition("c1", "Patient/x", "C50.4")
    by_snils["subject"] = {"identifier": {"system": "urn:oid:1.2.643.100.3",
                                          "value": JOINED_SNILS}}
    _ingest(session_graph, settings, "browser-r", [by_snils])
    carrier = f.patient("8", family="Объединёнова", birth="1955-01-02", snils=JOINED_SNILS,
                        local_system="urn:mis:browser-o:patient")
    carrier["identifier"].append({"system": HOSPITAL_CARD, "value": "7"})
    _ingest(session_graph, settings, "browser-o", [carrier])


def _row(page, text: str):  # type: ignore[no-untyped-def]
    return page.locator(QUARANTINE_ROWS).filter(has_text=text)


def test_quarantine_lists_items_and_replays_a_corrected_one(
        page, screenshot, session_graph: Graph) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-admin")
    page.goto("/ui/quarantine.html")
    page.wait_for_selector(QUARANTINE_ROWS)
    snils_row = _row(page, "browser-mis")
    assert snils_row.count() == 1
    cells = snils_row.locator("td").all_inner_texts()
    assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", cells[0]), cells[0]
    assert cells[1:3] == ["browser-mis", "файл browser-mis.ndjson, строка 1"]
    assert "неверное контрольное число" in cells[3] and "Patient.identifier[" in cells[3]
    assert _row(page, "файл lab.ndjson, строка 7").count() == 1
    assert page.get_by_role("link", name="Карантин").get_attribute("class") == "active"

    snils_row.click()
    text = page.get_by_label("Исходный текст (можно исправить)")
    page.wait_for_function("() => document.querySelector('#raw').value.includes('q1')")
    assert BAD_SNILS in text.input_value()
    assert "Карантинова" in text.input_value()
    screenshot(page, "quarantine-item")
    text.fill(text.input_value().replace(BAD_SNILS, GOOD_SNILS))
    page.get_by_role("button", name="Загрузить повторно").click()
    outcome = page.get_by_test_id("replay-result").get_by_role("status")
    outcome.wait_for()
    assert outcome.inner_text() == "Загружено повторно. Стало записями: browser-mis|Patient|q1."
    page.wait_for_function("() => !document.querySelector('#quarantine').textContent"
                           ".includes('browser-mis')")
    assert _row(page, "файл lab.ndjson, строка 7").count() == 1
    assert page.get_by_role("button", name="Загрузить повторно").is_hidden()
    stored = session_graph.read_text("MATCH (r:Record {key: 'browser-mis|Patient|q1'}) "
                                     "RETURN r.snils AS snils")
    assert stored == [{"snils": "11223344595"}]
    screenshot(page, "quarantine-replayed")

    page.get_by_label("Показать").select_option(label="повторно загруженные")
    page.wait_for_function("() => document.querySelector('#quarantine-total').textContent"
                           ".startsWith('Повторно загруженных записей')")
    replayed = _row(page, "browser-mis").locator("td").all_inner_texts()
    assert replayed[-1] == "browser-mis|Patient|q1"


def test_a_replay_that_still_fails_says_why(page) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-admin")
    page.goto("/ui/quarantine.html")
    page.wait_for_selector(QUARANTINE_ROWS)
    # The keyboard opens an item as a click does.
    _row(page, "файл lab.ndjson, строка 7").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#raw').value.includes('cut-off')")
    page.get_by_role("button", name="Загрузить повторно").click()
    alert = page.get_by_test_id("replay-result").get_by_role("alert")
    alert.wait_for()
    assert alert.inner_text().startswith("Запись по-прежнему не принимается.")
    assert "Текст не является корректным JSON (в конце текста)" in alert.inner_text()
    assert _row(page, "файл lab.ndjson, строка 7").count() == 1  # still open, and listed once


@pytest.mark.parametrize("username", ["browser-coordinator", "browser-clinician"])
def test_the_quarantine_is_explained_to_everyone_but_an_administrator(
        page, username: str) -> None:  # type: ignore[no-untyped-def]
    log_in(page, username)
    page.goto("/ui/quarantine.html")
    alert = page.get_by_role("alert")
    assert "доступен только администратору" in alert.inner_text()
    assert page.locator(QUARANTINE_ROWS).count() == 0
    navigation = page.locator("header nav").inner_text()
    assert "Карантин" not in navigation
    assert ("Сверка личности" in navigation) == (username == "browser-coordinator")


def test_identity_review_shows_the_pair_and_accepting_it_changes_the_row(
        page, screenshot, session_graph: Graph) -> None:  # type: ignore[no-untyped-def]
    log_in(page, "browser-coordinator")
    page.goto("/ui/identity.html")
    page.wait_for_selector(REVIEW_ROWS)
    row = page.locator(REVIEW_ROWS).filter(has_text="Двойникова")
    text = row.inner_text()
    assert text.count("Двойникова Мария Петровна") == 2
    assert "Дата рождения: 04.03.1961" in text and "Пол: жен." in text
    assert "Район: Северный" in text and "Район: Южный" in text
    assert "СНИЛС: ***-***-445 95" in text and "СНИЛС: нет" in text  # masked for a coordinator
    assert "browser-a|Patient|1" in text and "browser-b|Patient|2" in text
    assert "районы различаются; СНИЛС есть только в одной записи." in text
    assert row.get_by_test_id("not-joined").inner_text() == (
        "Не объединены автоматически: сходство 85 % ниже порога автоматического "
        "связывания (90 %).")
    screenshot(page, "identity-reviews")

    row.get_by_role("button", name="Это один человек").click()
    row.get_by_text("Решено: это один человек — записи объединены.").wait_for()
    assert row.get_by_role("status").inner_text() == \
        "Решено: это один человек — записи объединены."
    assert row.get_by_role("button").count() == 0
    people = session_graph.read_text(
        "MATCH (pr:PatientRecord)-[:BELONGS_TO]->(p:Patient) "
        "WHERE pr.key IN ['browser-a|Patient|1', 'browser-b|Patient|2'] "
        "RETURN count(DISTINCT p) AS people")
    assert people == [{"people": 1}]
    screenshot(page, "identity-decided")

    page.reload()
    page.get_by_test_id("no-reviews").wait_for()
    assert page.get_by_test_id("no-reviews").inner_text().startswith("Пар на проверку нет")


def _linked_people(graph: Graph) -> list[dict]:
    return graph.read_text(
        "MATCH (pr:PatientRecord)-[:BELONGS_TO]->(p:Patient) WHERE pr.family = 'Связанова' "
        "RETURN pr.key AS key, p.patientId AS person, "
        "[(pr)-[n:NOT_SAME_AS]->() | n.why] AS refusals ORDER BY key")


def test_unlinking_a_record_confirms_what_happened(
        page, session_graph: Graph) -> None:  # type: ignore[no-untyped-def]
    before = _linked_people(session_graph)
    assert before[0]["person"] == before[1]["person"]  # linked by their СНИЛС
    log_in(page, "browser-admin")
    page.goto("/ui/identity.html")
    form = page.locator("#unlink-form")
    form.get_by_label("Ключ записи пациента").fill("browser-d|Patient|3")
    form.get_by_label("Причина").fill("да")
    form.get_by_role("button", name="Разъединить запись").click()
    result = page.get_by_test_id("unlink-result")
    assert "не короче 3 символов" in result.get_by_role("alert").inner_text()

    form.get_by_label("Ключ записи пациента").fill("browser-b|Patient|нет")
    form.get_by_label("Причина").fill("другой человек")
    form.get_by_role("button", name="Разъединить запись").click()
    page.wait_for_function("() => document.querySelector('#unlink-result').textContent"
                           ".includes('не найдена')")

    form.get_by_label("Ключ записи пациента").fill("browser-d|Patient|3")
    form.get_by_role("button", name="Разъединить запись").click()
    confirmed = result.get_by_role("status")
    confirmed.wait_for()
    assert re.match(r"Запись browser-d\|Patient\|3 отделена: она была у человека P\w+, "
                    r"теперь это отдельный человек P\w+\. Причина сохранена\.",
                    " ".join(confirmed.inner_text().split()))
    people = _linked_people(session_graph)
    assert people[0]["person"] != people[1]["person"]
    assert [p["refusals"] for p in people] == [[], ["другой человек"]]


def _joined_people(graph: Graph) -> int:
    return int(graph.read_text(
        "MATCH (pr:PatientRecord)-[:BELONGS_TO]->(p:Patient) "
        "WHERE pr.key IN ['browser-h|Patient|7', 'browser-o|Patient|8'] "
        "RETURN count(DISTINCT p) AS people")[0]["people"])


def test_people_the_linker_joined_are_parted_in_one_step(
        page, screenshot, session_graph: Graph) -> None:  # type: ignore[no-untyped-def]
    assert _joined_people(session_graph) == 1
    log_in(page, "browser-coordinator")
    page.goto("/ui/identity.html")
    row = page.locator("[data-testid=merge-row]").filter(has_text="Объединёнова")
    row.wait_for()
    text = " ".join(row.inner_text().split())
    assert "общий номер карты организации и дата рождения" in text
    assert "browser-h|Patient|7" in text and "browser-o|Patient|8" in text
    assert "02.01.1955 г. р." in text and "СНИЛС ***-***-715 53" in text  # masked
    assert re.search(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}", text)
    screenshot(page, "identity-merges")

    row.get_by_role("button", name="Разъединить людей").click()
    assert "не короче 3 символов" in row.get_by_role("alert").inner_text()
    assert _joined_people(session_graph) == 1

    row.get_by_label("Причина").fill("разные люди, карта перепутана")
    row.get_by_role("button", name="Разъединить людей").click()
    row.get_by_text("Разъединены:").wait_for()
    assert re.fullmatch(r"Разъединены: человеку P\w+ возвращены записи \(1\)\. "
                        r"Автоматически их больше не объединят\.",
                        row.locator(".outcome").inner_text())
    assert _joined_people(session_graph) == 2
    page.reload()
    page.wait_for_function("() => !document.querySelector('#merges').textContent"
                           ".includes('Загрузка')")
    # the join is gone from the list (an accepted review pair above may remain there)
    assert page.locator("[data-testid=merge-row]").filter(has_text="Объединёнова").count() == 0


def test_both_pages_link_the_icon(base_url: str) -> None:
    for name in ("identity.html", "quarantine.html"):
        html = httpx.get(f"{base_url}/ui/{name}").text
        assert '<link rel="icon" href="favicon.svg" type="image/svg+xml">' in html, name
