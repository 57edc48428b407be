"""The quarantine over HTTP (api/routes/quarantine.py): administrators list it, read an
item's text as received, and replay it corrected; a sender lists and reads its own items
only and replays nothing; everyone else is refused in Russian."""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.auth.tokens import issue_token
from api.security import Principal
from graph.database import Graph
from ingest.pipeline import Ingestor
from ingest.quarantine import list_quarantine
from onkopassport.settings import Settings
from tests import fhir_factories as f
from tests.integration.ingest.conftest import scalar

DATA = Path(__file__).resolve().parents[2] / "data" / "ingest"
GOOD_SNILS, BAD_SNILS = "112-233-445 95", "112-233-445 96"
LISTED = {"quarantineId", "source", "location", "locationRu", "reason", "status",
          "receivedAt", "replayedAt", "replayedAs"}


@pytest.fixture
def quarantined(graph: Graph, settings: Settings) -> dict[str, dict]:
    """good_and_bad.ndjson ingested: 11 items in quarantine, by location."""
    Ingestor(graph, settings).ingest_paths([DATA / "good_and_bad.ndjson"])
    return {item["location"]: item for item in list_quarantine(graph)}


def _snils_item(items: dict[str, dict]) -> dict:
    return next(item for item in items.values() if "контрольное число" in item["reason"])


def test_the_list_has_no_raw_text_and_filters_by_status(
        client: TestClient, quarantined: dict[str, dict]) -> None:
    response = client.get("/quarantine")
    assert response.status_code == 200, response.text
    listed = response.json()
    assert {item["location"] for item in listed} == set(quarantined)
    assert all(set(item) == LISTED for item in listed)  # no raw body in the list
    first = listed[0]
    assert first["status"] == "open" and first["source"] == "good_and_bad"
    assert datetime.fromisoformat(first["receivedAt"]).tzinfo is not None
    assert [i["receivedAt"] for i in listed] == sorted((i["receivedAt"] for i in listed),
                                                       reverse=True)
    assert len(client.get("/quarantine?limit=3").json()) == 3
    assert client.get("/quarantine?status=replayed").json() == []

    unknown = client.get("/quarantine?status=closed")
    assert unknown.status_code == 400
    assert "Неизвестный статус 'closed'" in unknown.json()["detail"]
    too_many = client.get("/quarantine?limit=0")
    assert too_many.status_code == 400 and "от 1 до 1000" in too_many.json()["detail"]


def test_one_item_comes_with_its_raw_text_and_is_audited(
        client: TestClient, graph: Graph, quarantined: dict[str, dict]) -> None:
    item = _snils_item(quarantined)
    response = client.get(f"/quarantine/{item['quarantineId'][:10]}")
    assert response.status_code == 200, response.text
    shown = response.json()
    assert shown["quarantineId"] == item["quarantineId"]
    assert shown["raw"] == item["raw"] and BAD_SNILS in shown["raw"]
    assert (shown["rawIsBase64"], shown["rawNote"], shown["rawAsWindows1251"]) == \
        (False, None, None)
    assert shown["reason"] == item["reason"]
    # the stored location stays (it is part of the id); an operator reads it in words
    line = shown["location"].rsplit(":", 1)[1]
    assert shown["locationRu"] == f"файл good_and_bad.ndjson, строка {line}"
    audited = graph.read_text("MATCH (a:AuditEntry) RETURN a.userId AS user, "
                              "a.action AS action, a.detail AS detail")
    assert audited == [{"user": "mis-gateway", "action": "quarantine.view",
                        "detail": item["quarantineId"]}]


def test_a_corrected_item_is_replayed_once(client: TestClient, graph: Graph,
                                           quarantined: dict[str, dict]) -> None:
    item = _snils_item(quarantined)
    url = f"/quarantine/{item['quarantineId'][:12]}/replay"
    response = client.post(url, json={"corrected": item["raw"].replace(BAD_SNILS, GOOD_SNILS)})
    assert response.status_code == 200, response.text
    assert response.json() == {"quarantineId": item["quarantineId"], "status": "replayed",
                               "records": ["good_and_bad|Patient|p-snils"]}
    assert scalar(graph, "MATCH (r:Record {key: 'good_and_bad|Patient|p-snils'}) "
                         "RETURN r.snils") == "11223344595"
    still_open = {i["quarantineId"] for i in client.get("/quarantine").json()}
    assert item["quarantineId"] not in still_open
    [replayed] = client.get("/quarantine?status=replayed").json()
    assert replayed["replayedAs"] == ["good_and_bad|Patient|p-snils"]
    assert datetime.fromisoformat(replayed["replayedAt"]).tzinfo is not None

    again = client.post(url)
    assert again.status_code == 409 and "уже загружена повторно" in again.json()["detail"]


def test_a_replay_that_still_fails_says_why_and_stays_open(
        client: TestClient, graph: Graph, quarantined: dict[str, dict]) -> None:
    item = _snils_item(quarantined)
    url = f"/quarantine/{item['quarantineId']}/replay"
    as_stored = client.post(url)
    assert as_stored.status_code == 200, as_stored.text
    assert as_stored.json()["status"] == "still-failing"
    assert "СНИЛС '112-233-445 96' — неверное контрольное число" in \
        as_stored.json()["reasons"][0]
    broken = client.post(url, json={"corrected": item["raw"][:-5]})
    assert broken.json()["status"] == "still-failing"
    assert broken.json()["reasons"][0].startswith("Текст не является корректным JSON (")
    blank = client.post(url, json={"corrected": "  \n"})
    assert blank.status_code == 400 and "Исправленный текст пуст" in blank.json()["detail"]
    assert client.get(f"/quarantine/{item['quarantineId']}").json()["status"] == "open"
    # Each failed attempt was quarantined again: kept, but not as more open items.
    assert {i["location"] for i in client.get("/quarantine").json()} == set(quarantined)
    attempts = graph.read_text("MATCH (q:Quarantine {status: 'replay-attempt'}) "
                               "RETURN q.location AS location, q.attemptOf AS attemptOf")
    assert attempts == [{"location": f"replay of {item['location']}",
                         "attemptOf": item["quarantineId"]}] * 2


def test_bytes_not_in_utf8_are_shown_as_base64_and_read_as_windows_1251(
        client: TestClient, graph: Graph, settings: Settings, tmp_path: Path) -> None:
    patient = json.dumps(f.patient("1", family="Петрова"), ensure_ascii=False)
    path = tmp_path / "poly.ndjson"
    path.write_bytes(patient.encode("cp1251") + b"\n")
    Ingestor(graph, settings).ingest_paths([path])
    [item] = client.get("/quarantine").json()

    shown = client.get(f"/quarantine/{item['quarantineId']}").json()
    assert shown["raw"].startswith("data:application/octet-stream;base64,")
    assert shown["rawIsBase64"] is True and "base64" in shown["rawNote"]
    assert shown["rawAsWindows1251"] == patient + "\n"
    replayed = client.post(f"/quarantine/{item['quarantineId']}/replay",
                           json={"corrected": shown["rawAsWindows1251"]})
    assert replayed.json()["records"] == ["poly|Patient|1"]


def test_only_an_administrator_may_use_it(client: TestClient, settings: Settings,
                                          quarantined: dict[str, dict]) -> None:
    item_id = _snils_item(quarantined)["quarantineId"]
    for role in ("coordinator", "clinician", "analyst"):
        token = issue_token(Principal(f"{role}-1", role), settings)  # type: ignore[arg-type]
        headers = {"Authorization": f"Bearer {token}"}
        for response in (client.get("/quarantine", headers=headers),
                         client.get(f"/quarantine/{item_id}", headers=headers),
                         client.post(f"/quarantine/{item_id}/replay", headers=headers)):
            assert response.status_code == 403, (role, response.text)
            assert "только администратору" in response.json()["detail"]
    assert client.get("/quarantine", headers={"Authorization": ""}).status_code == 401
    assert client.get(f"/quarantine/{item_id}").json()["status"] == "open"


def test_a_missing_id_is_404_and_an_ambiguous_prefix_400(
        client: TestClient, quarantined: dict[str, dict]) -> None:
    missing = client.get("/quarantine/no-such-item")
    assert missing.status_code == 404
    assert missing.json()["detail"] == ("В карантине нет записи с идентификатором "
                                        "'no-such-item'.")
    assert client.post("/quarantine/no-such-item/replay").status_code == 404
    first_characters = Counter(item["quarantineId"][0] for item in quarantined.values())
    shared = next(c for c, count in first_characters.most_common(1) if count > 1)
    for response in (client.get(f"/quarantine/{shared}"),
                     client.post(f"/quarantine/{shared}/replay")):
        assert response.status_code == 400
        assert "соответствует несколько записей" in response.json()["detail"]


SENDER_SOURCE, OTHER_SOURCE = "mis-sender", "mis-other"
BROKEN_BUNDLE = b'{"resourceType": "Bundle", "type": "transaction", "entry": ['


def _sender_headers(settings: Settings) -> dict[str, str]:
    token = issue_token(Principal("mis-sender-account", "sender", source=SENDER_SOURCE),
                        settings)
    # the client's own X-Source-System names another system: a sender may name only its own
    return {"Authorization": f"Bearer {token}", "X-Source-System": SENDER_SOURCE}


def _kept_id(response: Any) -> str:
    """The quarantine id a refused POST /fhir names in its OperationOutcome."""
    assert response.status_code == 400, response.text
    [kept] = [issue["diagnostics"] for issue in response.json()["issue"]
              if issue["diagnostics"].startswith("id в карантине: ")]
    return kept.removeprefix("id в карантине: ")


@pytest.fixture
def two_senders(client: TestClient, settings: Settings,
                quarantined: dict[str, dict]) -> dict[str, str]:
    """A broken Bundle from the sender itself, one relayed by the admin for another system,
    and good_and_bad.ndjson's 11 items (source good_and_bad): the quarantine id by source."""
    own = client.post("/fhir", content=BROKEN_BUNDLE, headers=_sender_headers(settings))
    other = client.post("/fhir", content=BROKEN_BUNDLE + b" ",
                        headers={"X-Source-System": OTHER_SOURCE})
    return {SENDER_SOURCE: _kept_id(own), OTHER_SOURCE: _kept_id(other),
            "good_and_bad": _snils_item(quarantined)["quarantineId"]}


def test_a_sender_lists_and_reads_only_its_own_quarantined_input(
        client: TestClient, graph: Graph, settings: Settings, two_senders: dict[str, str]
) -> None:
    sender = _sender_headers(settings)
    listed = client.get("/quarantine", headers=sender)
    assert listed.status_code == 200, listed.text
    assert [(i["quarantineId"], i["source"]) for i in listed.json()] == \
        [(two_senders[SENDER_SOURCE], SENDER_SOURCE)]
    assert all(set(item) == LISTED for item in listed.json())
    assert client.get("/quarantine?status=replayed", headers=sender).json() == []

    own_id = two_senders[SENDER_SOURCE]
    # one character is enough: other sources' items sharing it are not the sender's
    shown = client.get(f"/quarantine/{own_id[:1]}", headers=sender)
    assert shown.status_code == 200, shown.text
    assert shown.json()["quarantineId"] == own_id
    assert shown.json()["raw"] == BROKEN_BUNDLE.decode()
    for source in (OTHER_SOURCE, "good_and_bad"):
        other = client.get(f"/quarantine/{two_senders[source]}", headers=sender)
        assert other.status_code == 404, other.text
        assert other.json()["detail"] == ("В карантине нет записи системы 'mis-sender' с "
                                          f"идентификатором '{two_senders[source]}'.")
    audited = graph.read_text("MATCH (a:AuditEntry) RETURN a.userId AS user, "
                              "a.action AS action, a.detail AS detail")
    assert audited == [{"user": "mis-sender-account", "action": "quarantine.view",
                        "detail": own_id}]
    # the administrator still sees every source
    everything = {i["source"] for i in client.get("/quarantine").json()}
    assert everything == {SENDER_SOURCE, OTHER_SOURCE, "good_and_bad"}


def test_a_sender_cannot_replay_even_its_own_items(
        client: TestClient, settings: Settings, two_senders: dict[str, str]) -> None:
    sender = _sender_headers(settings)
    for source in (SENDER_SOURCE, OTHER_SOURCE):
        for body in (None, {"corrected": "{}"}):
            refused = client.post(f"/quarantine/{two_senders[source]}/replay", json=body,
                                  headers=sender)
            assert refused.status_code == 403, refused.text
            assert refused.json()["detail"].startswith(
                "Повторно загрузить запись карантина может только администратор.")
            assert "отправьте её снова в POST /fhir" in refused.json()["detail"]
    for source in (SENDER_SOURCE, OTHER_SOURCE):
        assert client.get(f"/quarantine/{two_senders[source]}").json()["status"] == "open"
