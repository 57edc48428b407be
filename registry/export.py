"""Export the registry as CSV or XLSX with Russian column headers.

CSV: UTF-8 with BOM and ``;`` as separator, which Excel in a Russian locale opens as
columns directly; XLSX through openpyxl with dates as dates, a frozen header row and
an autofilter.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from domain.catalogue import event_label
from registry.tables import basis_labels, removal_reason_labels

ExportFormat = Literal["csv", "xlsx"]
SEX_RU = {"male": "мужской", "female": "женский", "unknown": "не указан"}
VITAL_RU = {"alive": "жив", "dead": "умер"}


def _yes_no(value: Any) -> str:
    return "да" if bool(value) and not pd.isna(value) else "нет"


def _label(table: Callable[[], dict[Any, str]]) -> Callable[[Any], Any]:
    def convert(value: Any) -> Any:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return None
        key = int(value) if isinstance(value, (int, float)) else value
        return table().get(key, value)
    return convert


# (column of the registry frame, Russian header, conversion)
EXPORT_COLUMNS: tuple[tuple[str, str, Callable[[Any], Any] | None], ...] = (
    ("tumorId", "Идентификатор опухоли", None),
    ("patientId", "Идентификатор пациента", None),
    ("sex", "Пол", lambda v: SEX_RU.get(v, v)),
    ("birthDate", "Дата рождения", None),
    ("district", "Район проживания", None),
    ("firstVisitOn", "Дата первого обращения", None),
    ("diagnosedOn", "Дата установления диагноза", None),
    ("sequence", "Порядковый номер опухоли", None),
    ("icd10", "Код МКБ-10", None),
    ("topography", "Топография МКБ-О-3", None),
    ("morphology", "Морфология МКБ-О-3", None),
    ("behaviour", "Характер опухоли", None),
    ("grade", "Степень дифференцировки", None),
    ("t", "T", None), ("n", "N", None), ("m", "M", None),
    ("stage", "Стадия", None),
    ("basis", "Метод подтверждения диагноза", _label(basis_labels)),
    ("dco", "Только по свидетельству о смерти", _yes_no),
    ("activeDetection", "Выявлен активно (при профосмотре)", _yes_no),
    ("clinicalGroup", "Клиническая группа", None),
    ("treatment", "Проведённое лечение",
     lambda v: ", ".join(event_label(k) for k in (v or [])) or None),
    ("vitalStatus", "Жизненный статус", lambda v: VITAL_RU.get(v, v)),
    ("deathOn", "Дата смерти", None),
    ("lastContactOn", "Дата последнего контакта", None),
    ("registeredOn", "Дата взятия на учёт", None),
    ("onRegister", "Состоит на учёте", _yes_no),
    ("removedOn", "Дата снятия с учёта", None),
    ("removalReason", "Причина снятия с учёта", _label(removal_reason_labels)),
    ("organizationName", "Организация, направившая извещение", None),
    ("reportedOn", "Дата извещения 090/у", None),
    ("reportingDelayDays", "Задержка извещения, дней", None),
)


def export_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """The registry frame with Russian headers and labels instead of codes."""
    out = pd.DataFrame(index=rows.index)
    for column, header, convert in EXPORT_COLUMNS:
        values = rows[column] if column in rows else pd.Series(None, index=rows.index)
        out[header] = values.map(convert) if convert else values
    return out.astype(object).where(out.notna(), None)


def write_export(rows: pd.DataFrame, path: Path, fmt: ExportFormat) -> int:
    """Write the registry to `path`; returns the number of rows written."""
    frame = export_frame(rows)
    if fmt == "csv":
        frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
    else:
        _write_xlsx(frame, path)
    return len(frame)


def _write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Регистр"
    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in frame.itertuples(index=False):
        sheet.append(list(values))
    for index, header in enumerate(frame.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = min(max(len(header), 10) + 2, 40)
        for cell in sheet[letter][1:]:
            if isinstance(cell.value, date):
                cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    book.save(path)
