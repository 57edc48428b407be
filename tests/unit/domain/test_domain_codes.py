"""ICD-10 / ICD-O-3 helpers."""

from __future__ import annotations

import pytest

from domain._data import load_csv
from domain.codes import (
    Morphology,
    form7_row,
    form7_rows,
    is_form7_total,
    is_in_situ,
    is_malignant,
    is_neglected,
    is_oncology_sign,
    is_secondary,
    is_uncertain_behaviour,
    is_visually_accessible,
    known_codes,
    normalise_icd10,
    parse_morphology,
    russian_name,
    site_of,
    stage_group,
    try_parse_morphology,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("C50.4", "C50.4"), ("c504", "C50.4"), ("С18.7", "C18.7"), ("C34", "C34"), ("x", None)],
)
def test_normalise(raw: str, expected: str | None) -> None:
    assert normalise_icd10(raw) == expected


def test_site_of() -> None:
    assert site_of("C50.4") == "C50"
    assert site_of(None) is None


def test_behaviour_classes() -> None:
    assert is_malignant("C97") and is_malignant("C00.1")
    assert not is_malignant("D05.1")
    assert is_in_situ("D05.1") and not is_in_situ("D10")
    assert is_uncertain_behaviour("D37.5") and is_uncertain_behaviour("D48")
    assert not is_uncertain_behaviour("D36")
    assert is_secondary("C78.7") and not is_secondary("C50")


@pytest.mark.parametrize(
    "code", ["C50.4", "D05", "D48.9", "Z03.1", "Z08", "Z08.0", "Z85.3", "Z51.0", "Z51.1"]
)
def test_oncology_signs(code: str) -> None:
    assert is_oncology_sign(code)


@pytest.mark.parametrize("code", ["Z03.0", "Z51.2", "D10", "D36", "I10", "", None])
def test_not_oncology_signs(code: str | None) -> None:
    assert not is_oncology_sign(code)


def test_russian_names() -> None:
    assert russian_name("C50.4") == (
        "Злокачественное новообразование верхненаружного квадранта молочной железы"
    )
    assert russian_name("C34.1") is not None and "верхней доли" in russian_name("C34.1")
    assert russian_name("C18.7") == "Злокачественное новообразование сигмовидной кишки"
    # an unlisted four-character code falls back to its site
    assert russian_name("C61.0") == "Злокачественное новообразование предстательной железы"
    assert russian_name("Q85.9") is None  # a code the table does not hold has no name


@pytest.mark.parametrize(("code", "name"), [
    ("I10", "Эссенциальная [первичная] гипертензия"),
    ("I25.1", "Атеросклеротическая болезнь сердца"),
    ("E11.9", "Инсулиннезависимый сахарный диабет без осложнений"),
    ("Z08", "Последующее обследование после лечения злокачественной опухоли"),
    ("Z51.1", "Химиотерапия по поводу новообразования"),
    ("Z85.3", "В личном анамнезе злокачественное новообразование молочной железы"),
    ("R59.0", "Локализованное увеличение лимфатических узлов"),
    ("D24", "Доброкачественное новообразование молочной железы"),
    ("D05.1", "Внутрипротоковая карцинома in situ молочной железы"),
    ("i25.9", "Хроническая ишемическая болезнь сердца"),  # an unlisted subcode: its category
])
def test_comorbidity_and_follow_up_codes_have_russian_names(code: str, name: str) -> None:
    assert russian_name(code) == name


def test_every_name_is_russian_and_every_code_listed_once() -> None:
    listed = [normalise_icd10(row["code"]) for row in load_csv("icd10_ru.csv")]
    assert len(listed) == len(set(listed))  # a second row would silently win
    codes = known_codes()
    assert {"I10", "Z85.1", "R63.4", "D36", "K35.8", "S72.0"} <= codes
    assert all(any("а" <= ch <= "я" for ch in russian_name(code) or "") for code in codes)


def test_table_covers_every_oncology_site() -> None:
    codes = known_codes()
    missing_c = {f"C{n:02d}" for n in range(0, 98)} - codes
    # categories that do not exist in ICD-10
    assert missing_c == {"C27", "C28", "C29", "C35", "C36", "C42", "C59", "C87", "C89"}
    assert {f"D{n:02d}" for n in range(0, 10)} - codes == {"D08"}
    assert {f"D{n:02d}" for n in range(37, 49)} <= codes


def test_parse_morphology() -> None:
    assert parse_morphology("8500/3") == Morphology("8500", 3)
    assert parse_morphology("M8140/2") == Morphology("8140", 2)
    assert str(parse_morphology("81403")) == "8140/3"
    with pytest.raises(ValueError):
        parse_morphology("85/3")
    assert try_parse_morphology("garbage") is None
    assert try_parse_morphology(None) is None


@pytest.mark.parametrize("code", ["C00.1", "C05", "C20", "C21.1", "C44.3", "C50.4", "C53", "C73"])
def test_visually_accessible(code: str) -> None:
    assert is_visually_accessible(code)


@pytest.mark.parametrize("code", ["C34.1", "C18.7", "C16", "C61", "C14"])
def test_not_visually_accessible(code: str) -> None:
    assert not is_visually_accessible(code)


def test_neglected_cases() -> None:
    assert is_neglected("C34.1", "IV")
    assert is_neglected("C50.4", "IIIA")
    assert not is_neglected("C34.1", "IIIB")
    assert not is_neglected("C50.4", "IIB")
    assert not is_neglected("C50.4", None)


@pytest.mark.parametrize(
    ("stage", "group"),
    [
        ("IIB", "II"),
        ("IIIC", "III"),
        ("IV", "IV"),
        ("I", "I"),
        ("4", "IV"),
        ("0", "0"),
        ("stage IIA", "II"),
        ("", None),
        ("X", None),
    ],
)
def test_stage_group(stage: str, group: str | None) -> None:
    assert stage_group(stage) == group


def test_form7_rows() -> None:
    assert form7_row("C19").id == "rectum"  # type: ignore[union-attr]
    assert form7_row("C21.1").id == "rectum"  # type: ignore[union-attr]
    assert form7_row("C34.1").id == "lung"  # type: ignore[union-attr]
    assert form7_row("C49").id == "soft-tissue"  # type: ignore[union-attr]
    assert form7_row("C92.0").id == "leukaemia"  # type: ignore[union-attr]
    assert form7_row("C90.0").id == "lymphoma"  # type: ignore[union-attr]
    assert form7_row("C48") is None
    assert len(form7_rows()) == 28
    assert is_form7_total("C96") and not is_form7_total("C97")


@pytest.mark.parametrize(
    ("value", "sign"),
    [
        ("8500/3", True),
        ("8140/2", True),
        ("8140/6", True),
        ("8000/9", True),
        ("8000/1", False),
        ("8000/0", False),
    ],
)
def test_morphology_oncology_sign(value: str, sign: bool) -> None:
    assert parse_morphology(value).is_oncology_sign is sign


def test_basal_cell_family() -> None:
    assert parse_morphology("8090/3").is_basal_cell
    assert parse_morphology("8097/3").is_basal_cell
    assert not parse_morphology("8070/3").is_basal_cell
