"""Unit tests of the free-text screener: negation, uncertainty, inflection, family history."""

from __future__ import annotations

import pytest

from ingest.casefinding import Assertion, decision, screen_text, suspicion_trigger


def assertions(text: str) -> list[Assertion]:
    return [finding.assertion for finding in screen_text(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Данных за злокачественный процесс не выявлено.",
        "Без признаков малигнизации.",
        "Опухолевых клеток не обнаружено.",
        "Атипичных клеток не найдено.",
        "ЗНО исключено.",
        "Исключен рак предстательной железы по результатам биопсии.",
        "Диагноз лимфомы не подтвердился.",
        "Данных за mts нет.",
        "Нет данных за вторичное поражение печени.",
        "Лимфоузлы без метастазов (0/15).",
        "Рецидива и метастазов не выявлено.",
    ],
)
def test_negated_statements_raise_no_trigger(text: str) -> None:
    findings = screen_text(text)
    assert findings, "the cue itself must still be found"
    assert {f.assertion for f in findings} == {Assertion.NEGATED}
    assert not suspicion_trigger(findings)


@pytest.mark.parametrize(
    "text",
    [
        "Нельзя исключить рак почки.",
        "Не исключается метастатический характер поражения.",
        "Подозрение на рак желудка.",
        "С подозрением на cr легкого направлен к онкологу.",
        "Образование правого яичника, не исключено злокачественное.",
        "КТ: образование S6 правого легкого, вероятно, cr.",
        "Лимфома, вероятно.",
        "Рак желудка?",
        "Опухоль ободочной кишки (c-r?), взята биопсия.",
        "Узел, подозрительный на малигнизацию.",
        "Атипичные клетки в мазке.",
        "Образование левой молочной железы, BI-RADS 5.",
        "ТАБ узла: Bethesda V.",
        "Ds: Z03.1",
    ],
)
def test_uncertain_statements_are_suspicions(text: str) -> None:
    findings = screen_text(text)
    assert decision(findings) == "suspected", findings
    assert suspicion_trigger(findings)


def test_uncertainty_is_not_read_as_negation() -> None:
    # «не исключен» holds a «не» but states a doubt, not a denial.
    assert assertions("Рак не исключен.") == [Assertion.SUSPECTED]


def test_negated_suspicion_is_negated() -> None:
    assert assertions("Подозрение на рак не подтвердилось.") == [Assertion.NEGATED]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Больной раком желудка IV стадии.", "раком"),
        ("В биоптате рост низкодифференцированной карциномы.", "карциномы"),
        ("Лимфатические узлы с метастазами аденокарциномы.", "метастазами аденокарциномы"),
        ("Картина соответствует умеренно дифференцированной аденокарциноме.", "аденокарциноме"),
        ("Рабдомиосаркома мягких тканей бедра.", "Рабдомиосаркома"),
        ("Продолженный рост глиобластомы.", "глиобластомы"),
        ("ЗНО тела матки, кл.гр. II.", "ЗНО"),
        ("МСКТ: mts в легкие, печень, кости.", "mts"),
        ("Cr in situ шейки матки.", "Cr"),
    ],
)
def test_inflected_and_abbreviated_cues_are_found(text: str, cue: str) -> None:
    findings = screen_text(text)
    assert cue in [f.cue for f in findings]
    assert suspicion_trigger(findings)


@pytest.mark.parametrize(
    "text",
    [
        "Рак в анамнезе у отца (желудок).",
        "Наследственность: мать умерла от рака яичников.",
        "Отягощенная наследственность: у бабушки рак яичников.",
        "Сестра - рак шейки матки, пролечена.",
    ],
)
def test_family_history_is_not_the_patients_malignancy(text: str) -> None:
    findings = screen_text(text)
    assert {f.assertion for f in findings} == {Assertion.FAMILY}
    assert not suspicion_trigger(findings)


def test_family_history_stops_at_semicolon() -> None:
    findings = screen_text("Рак молочной железы у матери; у пациентки рак желудка T3N0M0.")
    assert findings[0].assertion is Assertion.FAMILY
    assert {f.assertion for f in findings[1:]} == {Assertion.MALIGNANT}  # рак, T3N0M0


@pytest.mark.parametrize(
    "text",
    [
        "Фиброаденома левой молочной железы.",
        "Тубулярная аденома с дисплазией низкой степени.",
        "Киста левой почки, Bosniak II.",
        "Гиперплазия эндометрия без атипии.",
        "Полип сигмовидной кишки без дисплазии.",
        "Доброкачественная опухоль мягких тканей (липома).",
        "Саркоидоз легких II ст.",
        "Меланоз толстой кишки.",
        "Креатинин (Cr) 92 мкмоль/л.",
        "Грыжа диска C5-C6.",
        "Аллергия на морепродукты (раки, креветки).",
        "Карциноэмбриональный антиген 2,1 нг/мл (норма).",
        "BI-RADS 2.",
    ],
)
def test_benign_look_alikes_raise_no_trigger(text: str) -> None:
    assert not suspicion_trigger(screen_text(text))


def test_affirmed_malignancy_survives_a_negated_clause() -> None:
    findings = screen_text("Рак легкого, метастазов не выявлено.")
    assert [f.assertion for f in findings] == [Assertion.MALIGNANT, Assertion.NEGATED]
    assert decision(findings) == "malignant"


def test_in_situ_is_its_own_assertion_and_triggers() -> None:
    findings = screen_text("Протоковая карцинома in situ молочной железы (DCIS).")
    assert findings[0].assertion is Assertion.IN_SITU
    assert findings[0].morphology_hint == "8500/2"
    assert suspicion_trigger(findings)


def test_patient_history_is_malignant_and_marked_historical() -> None:
    findings = screen_text("Состояние после гемиколэктомии по поводу рака ободочной кишки.")
    assert findings[0].assertion is Assertion.MALIGNANT
    assert findings[0].historical


@pytest.mark.parametrize(
    ("text", "icd10", "morphology"),
    [
        ("Инфильтрирующий протоковый рак молочной железы, G2.", "C50", "8500/3"),
        ("Меланома кожи спины.", "C43", "8720/3"),
        ("Аденокарцинома толстой кишки.", "C18", "8140/3"),
        ("Плоскоклеточный рак шейки матки.", "C53", "8070/3"),
        ("Лимфома Ходжкина, нодулярный склероз.", "C81", "9650/3"),
        ("Ds: C34.1 Периферический рак верхней доли правого легкого.", "C34.1", None),
        ("Множественные метастазы в печени.", "C78.7", None),
    ],
)
def test_coding_hints(text: str, icd10: str, morphology: str | None) -> None:
    first = screen_text(text)[0]
    assert first.icd10_hint == icd10
    assert first.morphology_hint == morphology


def test_spans_point_into_the_text_and_sentence_is_the_evidence() -> None:
    text = (
        "Макроскопически: 3 фрагмента ткани.\n"
        "Заключение: аденокарцинома желудка. Данных за mts нет."
    )
    findings = screen_text(text)
    assert [f.assertion for f in findings] == [Assertion.MALIGNANT, Assertion.NEGATED]
    for finding in findings:
        assert text[finding.span[0] : finding.span[1]] == finding.cue
        start, end = finding.sentence_span
        assert text[start:end] == finding.sentence
    assert findings[0].sentence == "Заключение: аденокарцинома желудка."


def test_negation_in_another_sentence_does_not_reach() -> None:
    findings = screen_text("Рак желудка. Метастазов не выявлено.")
    assert decision(findings) == "malignant"


def test_text_without_cues_has_no_findings() -> None:
    assert (
        screen_text("Трахея и главные бронхи проходимы. Жидкости в плевральных полостях нет.") == []
    )
    assert screen_text("") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Метастазов, рецидива, очаговых изменений не выявлено.", "negative"),
        ("Атипичных клеток, опухолевого роста не обнаружено.", "negative"),
        ("Признаков рака, по данным КТ, не выявлено.", "negative"),
        ("Метастазы в печень, асцита нет.", "malignant"),
        ("Состояние после операции по поводу рака желудка, рецидива нет.", "malignant"),
    ],
)
def test_one_negation_closes_a_genitive_list(text: str, expected: str) -> None:
    assert decision(screen_text(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected", "icd10"),
    [
        ("Ca молочной железы pT2N0M0.", "malignant", "C50"),
        ("Ca 19-9 12 Ед/мл, в пределах референса.", "negative", None),
        ("Carcinoma planocellulare keratodes.", "malignant", None),
        ("Susp. cr pulmonis dextri.", "suspected", None),
        ("РМЖ T2N1M0, состояние после НАПХТ.", "malignant", "C50"),
        ("Подозрение на РПЖ, ПСА 12 нг/мл.", "suspected", "C61"),
        ("Размер узла 12 мм, ММ не увеличены.", "negative", None),
        ("Стадия по TNM: pT2N0M0, G2.", "malignant", None),
        ("Аденокарценома желудка.", "malignant", "C16"),
    ],
)
def test_latin_abbreviations_stages_and_typos(text: str, expected: str, icd10: str | None) -> None:
    findings = screen_text(text)
    assert decision(findings) == expected
    if icd10:
        assert findings[0].icd10_hint == icd10


def test_tis_is_in_situ() -> None:
    assert assertions("pTisN0M0.") == [Assertion.IN_SITU]


def test_hint_tables_agree_with_a_plain_loop_over_their_patterns() -> None:
    # The tables skip patterns by a required literal; that must never change the answer.
    from pathlib import Path

    from ingest.casefinding import lexicon
    from ingest.casefinding.evaluate import load_labelled
    from ingest.casefinding.screen import _normalise, _PriorityTable

    labelled = Path(__file__).resolve().parents[2] / "data" / "casefinding" / "labelled.tsv"
    texts = [_normalise(s.text) for s in load_labelled(labelled)]
    for pairs in (
        lexicon.MORPHOLOGY_HINTS,
        lexicon.MORPHOLOGY_ICD10,
        lexicon.SITE_ICD10,
        lexicon.SECONDARY_SITE_ICD10,
    ):
        table = _PriorityTable(pairs)
        for text in texts:
            plain = next((code for pattern, code in pairs if pattern.search(text)), None)
            assert table.first(text) == plain, text
