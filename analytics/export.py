"""Forms as files: XLSX (openpyxl, Russian headers) and CSV (`;`, UTF-8 with BOM, the
dialect Russian Excel opens without asking)."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from analytics.forms import FormTable
from onkopassport.errors import InputError

ROW_HEADER = ("№ строки", "Локализация")


def _header(table: FormTable) -> list[str]:
    return [*ROW_HEADER, *(label for _, label in table.columns)]


def _lines(table: FormTable) -> list[list[object]]:
    return [[number, row.label, *(row.values[key] for key, _ in table.columns)]
            for number, row in enumerate(table.rows, start=1)]


def to_csv(table: FormTable) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(_header(table))
    writer.writerows(_lines(table))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: FormTable) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"{table.year}"
    sheet.append([f"{table.title} за {table.year} год"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(_header(table))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for line in _lines(table):
        sheet.append(line)
    sheet.column_dimensions["B"].width = 48
    sheet.freeze_panes = "C3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(table: FormTable, file_format: str) -> bytes:
    if file_format == "xlsx":
        return to_xlsx(table)
    if file_format == "csv":
        return to_csv(table)
    raise InputError(f"Неизвестный формат файла: {file_format} (ожидается xlsx или csv)")
