"""Export frame: Russian headers and labels; CSV and XLSX files."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from registry.export import EXPORT_COLUMNS, export_frame, write_export

ROW = {"tumorId": "t-1", "patientId": "p-1", "sex": "female", "birthDate": date(1960, 1, 2),
       "diagnosedOn": date(2024, 3, 4), "icd10": "C50.4", "basis": 5, "dco": False,
       "activeDetection": True, "treatment": ["surgery", "radiotherapy"],
       "vitalStatus": "dead", "removalReason": "died", "onRegister": False}


def test_headers_and_labels_are_russian() -> None:
    frame = export_frame(pd.DataFrame([ROW]))
    assert list(frame.columns) == [header for _, header, _ in EXPORT_COLUMNS]
    row = frame.iloc[0]
    assert row["Пол"] == "женский" and row["Метод подтверждения диагноза"] == "Цитологически"
    assert row["Проведённое лечение"] == "Хирургическое лечение, Лучевая терапия"
    assert row["Причина снятия с учёта"] == "Умер" and row["Жизненный статус"] == "умер"
    assert row["Выявлен активно (при профосмотре)"] == "да" and row["Стадия"] is None


def test_csv_and_xlsx_files(tmp_path: Path) -> None:
    rows = pd.DataFrame([ROW, {**ROW, "tumorId": "t-2", "treatment": []}])
    assert write_export(rows, tmp_path / "r.csv", "csv") == 2
    with (tmp_path / "r.csv").open(encoding="utf-8-sig") as handle:
        read = list(csv.DictReader(handle, delimiter=";"))
    assert read[0]["Дата установления диагноза"] == "2024-03-04"
    assert write_export(rows, tmp_path / "r.xlsx", "xlsx") == 2
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert sheet.title == "Регистр" and sheet.max_row == 3
    assert sheet["G2"].value.date() == date(2024, 3, 4)
