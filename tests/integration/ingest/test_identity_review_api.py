"""The review list as the «Сверка личности» page reads it: both records with what an
operator compares, and why the pair is there; a wrong key to unlink is explained."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests import fhir_factories as f
from tests.integration.ingest.conftest import IngestFn

POLYCLINIC = "1.2.643.5.1.13.13.12.7.1"


def test_a_pair_shows_both_people_side_by_side_with_its_reason(
        client: TestClient, ingest: IngestFn) -> None:
    ingest([f.organization(POLYCLINIC, "Поликлиника № 3", "polyclinic"),
            f.patient("1", family="Иванова", given="Мария", patronymic="Петровна",
                      snils="112-233-445 95", generalPractitioner=[f.org_ref(POLYCLINIC)])], "a")
    ingest([f.patient("2", family="Иванова", given="Мария", patronymic="Петровна",
                      district="Южный")], "b")

    [pair] = client.get("/identity/reviews").json()

    records = {r["key"]: r for r in pair["records"]}
    assert set(records) == {"a|Patient|1", "b|Patient|2"}
    first, second = records["a|Patient|1"], records["b|Patient|2"]
    assert (first["family"], first["given"], first["patronymic"], first["birthDate"],
            first["sex"], first["district"], first["snils"], first["organization"],
            first["source"]) == ("Иванова", "Мария", "Петровна", "1961-03-04", "female",
                                 "Северный", "112-233-445 95", "Поликлиника № 3", "a")
    assert (second["district"], second["snils"], second["organization"]) == \
        ("Южный", None, None)
    assert "ownDistrict" not in first
    assert 0.78 <= pair["score"] < 0.90
    assert pair["reasonRu"] == ("Дата рождения совпадает; ФИО похожи на 100 %; пол совпадает; "
                                "районы различаются; СНИЛС есть только в одной записи.")
    assert pair["notJoinedRu"] == ("Не объединены автоматически: сходство 85 % ниже порога "
                                   "автоматического связывания (90 %).")


def test_unlinking_an_unknown_record_says_so_in_russian(client: TestClient) -> None:
    response = client.post("/identity/unlink", json={"record_key": "a|Patient|нет",
                                                     "why": "другой человек"})
    assert response.status_code == 404
    assert response.json()["detail"].startswith(
        "Запись пациента с ключом 'a|Patient|нет' не найдена")
