"""Parsing the legacy export: each kind of bad row is quarantined with a reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from registry.errors import LegacyImportError
from registry.legacy.columns import PATIENT_COLUMNS, SOURCE_COLUMNS, TUMOUR_COLUMNS
from registry.legacy.parse import parse_export, parse_texts

TODAY = date(2025, 6, 30)
SAMPLE = Path(__file__).parents[2] / "data" / "registry" / "legacy"


def csv_text(columns: tuple[str, ...], *rows: dict[str, str]) -> str:
    lines = [",".join(columns)]
    lines += [",".join(row.get(c, "") for c in columns) for row in rows]
    return "\n".join(lines)


PATIENT = {"patient_id": "P1", "sex": "2", "birth_date": "1960-01-01"}
TUMOUR = {"tumour_id": "T1", "patient_id": "P1", "incidence_date": "2024-01-01",
          "icd10": "C50.4", "morphology": "8500/3", "basis": "7"}
SOURCE = {"source_id": "S1", "tumour_id": "T1", "kind": "pathology", "date": "2024-01-01"}


def parse(patients: list[dict[str, str]], tumours: list[dict[str, str]],
          sources: list[dict[str, str]] | None = None):  # type: ignore[no-untyped-def]
    return parse_texts({"patients": csv_text(PATIENT_COLUMNS, *patients),
                        "tumours": csv_text(TUMOUR_COLUMNS, *tumours),
                        "sources": csv_text(SOURCE_COLUMNS, *(sources or []))}, TODAY)


def test_good_rows_are_kept_with_normalised_values() -> None:
    export = parse([{**PATIENT, "snils": "112-233-445 95", "birth_date": "01.01.1960"}],
                   [{**TUMOUR, "icd10": "с504", "morphology": "85003"}], [SOURCE])
    assert export.quarantined == []
    assert export.patients[0]["snils"] == "11223344595"
    assert export.patients[0]["birthDate"] == date(1960, 1, 1)
    assert (export.tumours[0]["icd10"], export.tumours[0]["morphology"]) == ("C50.4", "8500/3")
    assert export.sources[0]["resourceType"] == "DiagnosticReport"


@pytest.mark.parametrize(("patient", "tumour", "source", "reason"), [
    ({**PATIENT, "sex": "X"}, TUMOUR, SOURCE, "пол"),
    ({**PATIENT, "snils": "112-233-445 96"}, TUMOUR, SOURCE, "СНИЛС"),
    ({**PATIENT, "birth_date": "2030-01-01"}, TUMOUR, SOURCE, "в будущем"),
    ({**PATIENT, "death_date": "1950-01-01"}, TUMOUR, SOURCE, "смерти раньше"),
    (PATIENT, {**TUMOUR, "icd10": "K50.1"}, SOURCE, "не относится"),
    (PATIENT, {**TUMOUR, "icd10": "??"}, SOURCE, "не распознан"),
    (PATIENT, {**TUMOUR, "icd10": "C42.1"}, SOURCE, "C42.1 — код отсутствует в МКБ-10"),
    (PATIENT, {**TUMOUR, "morphology": "85-3"}, SOURCE, "морфология"),
    (PATIENT, {**TUMOUR, "incidence_date": ""}, SOURCE, "не заполнена дата"),
    (PATIENT, {**TUMOUR, "basis": "3"}, SOURCE, "метод подтверждения"),
    (PATIENT, {**TUMOUR, "removal_reason": "lost", "removal_date": "2025-01-01"}, SOURCE,
     "причина снятия"),
    (PATIENT, {**TUMOUR, "patient_id": "P9"}, SOURCE, "не найден"),
    (PATIENT, TUMOUR, {**SOURCE, "kind": "xray"}, "вид источника"),
    (PATIENT, TUMOUR, {**SOURCE, "date": "2024-13-01"}, "не распознана"),
    (PATIENT, TUMOUR, {**SOURCE, "tumour_id": "T9"}, "не найдена"),
])
def test_bad_rows_are_quarantined_with_a_reason(
        patient: dict[str, str], tumour: dict[str, str], source: dict[str, str],
        reason: str) -> None:
    export = parse([patient], [tumour], [source])
    assert len(export.quarantined) >= 1
    assert reason in export.quarantined[0].reason
    counts = export.counts()
    assert all(c["received"] == c["stored"] + c["quarantined"] for c in counts.values())


def test_second_report_of_the_same_primary_is_quarantined() -> None:
    export = parse([PATIENT], [TUMOUR, {**TUMOUR, "tumour_id": "T2", "icd10": "C50.1",
                                        "morphology": "8520/3"},
                               {**TUMOUR, "tumour_id": "T3", "icd10": "C18.7",
                                "morphology": "8140/3"}])
    assert [t["tumourId"] for t in export.tumours] == ["T1", "T3"]
    assert "IARC 2004" in export.quarantined[0].reason


def test_the_same_bad_row_keeps_its_quarantine_id() -> None:
    first = parse([PATIENT, PATIENT], [TUMOUR]).quarantined[0]
    again = parse([PATIENT, PATIENT], [TUMOUR]).quarantined[0]
    assert first.quarantine_id == again.quarantine_id
    assert (first.file, first.line) == ("patients.csv", 3)


def test_a_file_without_a_required_column_fails_as_a_whole(tmp_path: Path) -> None:
    (tmp_path / "patients.csv").write_text("patient_id,sex\nP1,2\n", encoding="utf-8")
    (tmp_path / "tumours.csv").write_text(csv_text(TUMOUR_COLUMNS), encoding="utf-8")
    (tmp_path / "sources.csv").write_text(csv_text(SOURCE_COLUMNS), encoding="utf-8")
    with pytest.raises(LegacyImportError, match="birth_date"):
        parse_export(tmp_path, TODAY)
    with pytest.raises(LegacyImportError, match="нет файла"):
        parse_export(tmp_path / "missing", TODAY)


def test_the_shipped_sample_reconciles() -> None:
    counts = parse_export(SAMPLE, TODAY).counts()
    assert sum(c["received"] for c in counts.values()) == 55
    assert sum(c["quarantined"] for c in counts.values()) == 15


def test_a_row_with_a_line_break_in_a_quoted_field_is_quarantined_whole() -> None:
    """Only the row's last physical line used to be kept as its raw text."""
    columns = ",".join(PATIENT_COLUMNS)
    fields = {**PATIENT, "sex": "X"}
    values = ['"Северный,\nсельский"' if c == "district" else fields.get(c, "")
              for c in PATIENT_COLUMNS]
    text = columns + "\n" + ",".join(values)
    export = parse_texts({"patients": text, "tumours": csv_text(TUMOUR_COLUMNS),
                          "sources": csv_text(SOURCE_COLUMNS)}, TODAY)
    (bad,) = export.quarantined
    assert (bad.file, bad.line) == ("patients.csv", 2)
    assert bad.raw == ",".join(values)  # both lines, as sent


def test_a_windows_1251_export_is_refused_with_the_fix(tmp_path: Path) -> None:
    (tmp_path / "patients.csv").write_bytes(
        (",".join(PATIENT_COLUMNS) + "\nP1,2,1960-01-01,Иванова\n").encode("cp1251"))
    (tmp_path / "tumours.csv").write_text(csv_text(TUMOUR_COLUMNS), encoding="utf-8")
    (tmp_path / "sources.csv").write_text(csv_text(SOURCE_COLUMNS), encoding="utf-8")
    with pytest.raises(LegacyImportError, match=r"не UTF-8.*iconv -f cp1251"):
        parse_export(tmp_path, TODAY)
