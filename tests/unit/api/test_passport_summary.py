"""The line under a route step's title says what the record found (api/graphql/passport_summary)."""

from __future__ import annotations

import pytest

from api.graphql.passport_summary import icd10_name, morphology, route_summary, staging
from ingest.classify import classify
from tests import fhir_factories as f


@pytest.mark.parametrize(("facts", "shown"), [
    ({"stage": "IIIA", "t": "T2", "n": "N1", "m": "M0"}, "Стадия IIIA, T2N1M0"),
    ({"stage": "IIB"}, "Стадия IIB"),
    ({"t": "cT3"}, "cT3"),
    ({"n": "1"}, "N1"),  # a category written as its digit gets its letter
    ({"m": "M1"}, "M1"),
    ({"stage": "III стадия"}, "III стадия"),  # a text that names itself stays as it came
])
def test_a_stage_observation_shows_its_values(facts: dict[str, str], shown: str) -> None:
    assert route_summary({"kind": "stage-observation", **facts}) == shown


def test_a_stage_observation_without_values_says_nothing() -> None:
    assert route_summary({"kind": "stage-observation"}) is None
    assert staging(None, " ", None, None) is None


def test_a_diagnosis_names_its_code_stage_morphology_and_doubt() -> None:
    summary = route_summary({"kind": "diagnosis", "icd10": "C50.4", "stage": "IIA",
                             "t": "T2", "n": "N0", "m": "M0", "morphology": "8500/3",
                             "verification": "confirmed", "text": "Рак левой молочной железы"})
    assert summary is not None
    assert summary.startswith("Злокачественное новообразование")
    assert "молочной железы" in summary
    assert "; стадия IIA, T2N0M0; морфология 8500/3 (злокачественное, первичный очаг)" in summary
    assert "предварительный" not in summary
    suspicion = route_summary({"kind": "diagnosis", "icd10": "C34.1",
                               "verification": "provisional"})
    assert suspicion is not None and suspicion.endswith("; предварительный")


def test_a_diagnosis_without_a_known_code_falls_back_to_its_text() -> None:
    assert route_summary({"kind": "diagnosis", "text": "Non-small cell lung cancer"}) == \
        "Non-small cell lung cancer"


@pytest.mark.parametrize(("code", "name"), [
    ("I25.1", "Атеросклеротическая болезнь сердца"),
    ("E11.9", "Инсулиннезависимый сахарный диабет без осложнений"),
    ("Z08", "Последующее обследование после лечения злокачественной опухоли"),
    ("R59.0", "Локализованное увеличение лимфатических узлов"),
])
def test_a_diagnosis_beyond_oncology_is_named_too(code: str, name: str) -> None:
    record = {"kind": "diagnosis", "icd10": code, "verification": "confirmed"}
    assert route_summary(record) == name
    assert icd10_name(record) == name


def test_a_code_without_a_russian_name_shows_the_records_own_display() -> None:
    condition = {"resourceType": "Condition", "id": "dx-9", "subject": {"reference": "Patient/1"},
                 "recordedDate": "2025-03-01",
                 "code": {"coding": [{"system": f.ICD10, "code": "Q85.9",
                                      "display": "Факоматоз неуточненный"}]}}
    record = classify(condition, "poly", {}).props
    assert record["icd10"] == "Q85.9"
    assert route_summary(record) == "Факоматоз неуточненный"
    assert icd10_name(record) == "Факоматоз неуточненный"
    # a referral's text names the service, not its reason code: no name rather than a wrong one
    assert icd10_name({"kind": "referral", "icd10": "Q85.9",
                       "text": "Консультация врача-онколога"}) is None
    assert icd10_name({"kind": "diagnosis", "icd10": "Q85.9"}) is None


def test_a_laboratory_result_shows_its_value_beside_the_test() -> None:
    assert route_summary({"kind": "laboratory", "text": "Гемоглобин", "value": "118 г/л"}) == \
        "Гемоглобин: 118 г/л"
    assert route_summary({"kind": "laboratory", "value": "положительный"}) == \
        "Результат: положительный"
    # without a result, the record's own text (shown anyway) is all there is
    assert route_summary({"kind": "laboratory", "text": "Общий анализ крови"}) is None


def test_a_result_is_written_with_a_decimal_comma_and_dates_are_left_alone() -> None:
    report = {"kind": "laboratory", "text": "Общий анализ крови",
              "value": "Эритроциты 3.98 ×10¹²/л; Лейкоциты 6.5 ×10⁹/л; СОЭ 18 мм/ч"}
    assert route_summary(report) == \
        "Общий анализ крови: Эритроциты 3,98 ×10¹²/л; Лейкоциты 6,5 ×10⁹/л; СОЭ 18 мм/ч"
    dated = {"kind": "laboratory", "value": "повтор 12.03.2025, метод v1.2.3, 0.5 мг"}
    assert route_summary(dated) == "Результат: повтор 12.03.2025, метод v1.2.3, 0,5 мг"


def test_a_pathology_report_shows_its_morphology() -> None:
    assert route_summary({"kind": "pathology", "morphology": "8140/3",
                          "text": "Злокачественная опухоль"}) == \
        "Морфология 8140/3 (злокачественное, первичный очаг)"
    assert route_summary({"kind": "cytology", "morphology": "8010/0"}) == \
        "Морфология 8010/0 (доброкачественное)"
    assert morphology("не указана") == "морфология не указана"


def test_a_drug_therapy_names_its_drug() -> None:
    assert route_summary({"kind": "drug-therapy", "text": "Цисплатин"}) == "Препарат: Цисплатин"
    assert route_summary({"kind": "drug-therapy"}) is None


def test_kinds_whose_title_says_enough_get_no_summary() -> None:
    assert route_summary({"kind": "consultation", "text": "Профилактический осмотр",
                          "icd10": "C50.4"}) is None
