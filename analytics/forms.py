"""State statistical forms No. 7 (new cases) and No. 35 (the contingent) for a year.

Rows are the form-7 site groups of `domain.codes.form7_rows()`, preceded by the total
line (C00–C96) and followed by «прочие» (every site outside the listed groups), so that
the site lines add up to the total — the check the tests make.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analytics.frames import fetch_form7_cases, fetch_register
from analytics.periods import Period, years_before
from domain import codes
from graph.database import Graph

TOTAL_ROW = "all"
OTHER_ROW = "other"

FORM7_COLUMNS = [
    ("total", "Всего"), ("male", "Мужчины"), ("female", "Женщины"),
    ("stage_I", "I стадия"), ("stage_II", "II стадия"), ("stage_III", "III стадия"),
    ("stage_IV", "IV стадия"), ("stage_unknown", "Стадия не установлена"),
    ("verified", "Морфологически верифицировано"), ("active", "Выявлено активно"),
]
FORM35_COLUMNS = [
    ("start", "Состояло на учёте на начало года"), ("taken", "Взято на учёт"),
    ("removed", "Снято с учёта — всего"), ("died", "из них умерло"),
    ("moved", "выбыло"), ("not_confirmed", "диагноз не подтвердился"),
    ("end", "Состоит на учёте на конец года"), ("five_years", "из них 5 лет и более"),
    ("group_II", "клин. группа II"), ("group_III", "клин. группа III"),
    ("group_IV", "клин. группа IV"), ("group_other", "клин. группа не указана"),
]


@dataclass(frozen=True)
class FormRow:
    row_id: str
    label: str
    values: dict[str, int]


@dataclass(frozen=True)
class FormTable:
    title: str
    year: int
    columns: list[tuple[str, str]]
    rows: list[FormRow] = field(default_factory=list)

    def row(self, row_id: str) -> FormRow:
        return next(r for r in self.rows if r.row_id == row_id)


def _row_groups(frame: pd.DataFrame) -> list[tuple[str, str, pd.Series]]:
    """(row id, label, mask) in form order: total, the site groups, the rest."""
    in_total = frame["icd10"].map(codes.is_form7_total).astype(bool)
    groups = [(TOTAL_ROW, "Злокачественные новообразования — всего", in_total)]
    for row in codes.form7_rows():
        groups.append((row.id, row.label, in_total & (frame["siteRow"] == row.id)))
    groups.append((OTHER_ROW, "прочие локализации", in_total & frame["siteRow"].isna()))
    return groups


def form7_table(new_tumors: pd.DataFrame, year: int) -> FormTable:
    frame = new_tumors[new_tumors["diagnosedOn"].dt.year == year]
    table = FormTable("Форма № 7. Сведения о заболеваниях злокачественными новообразованиями",
                      year, FORM7_COLUMNS)
    for row_id, label, mask in _row_groups(frame):
        cases = frame[mask]
        stages = cases["stageGroup"].value_counts()
        values = {
            "total": len(cases),
            "male": int((cases["sex"] == "male").sum()),
            "female": int((cases["sex"] == "female").sum()),
            **{f"stage_{s}": int(stages.get(s, 0))
               for s in ("I", "II", "III", "IV", "unknown")},
            "verified": int(cases["morphologicallyVerified"].sum()),
            "active": int(cases["activeDetection"].sum()),
        }
        table.rows.append(FormRow(row_id, label, values))
    return table


def form35_table(register: pd.DataFrame, year: int) -> FormTable:
    period = Period.year(year)
    start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
    previous_end = start - pd.Timedelta(days=1)
    five_years_ago = pd.Timestamp(years_before(period.end, 5))
    frame = register[register["takenOn"] <= end]

    def on_register(day: pd.Timestamp) -> pd.Series:
        return (frame["takenOn"] <= day) & (frame["leftOn"].isna() | (frame["leftOn"] > day))

    at_start, at_end = on_register(previous_end), on_register(end)
    taken = (frame["takenOn"] >= start) & (frame["takenOn"] <= end)
    removed = frame["leftOn"].notna() & (frame["leftOn"] >= start) & (frame["leftOn"] <= end)
    groups = frame["clinicalGroup"].fillna("")
    table = FormTable("Форма № 35. Сведения о больных злокачественными новообразованиями",
                      year, FORM35_COLUMNS)
    for row_id, label, mask in _row_groups(frame):
        def count(condition: pd.Series, mask: pd.Series = mask) -> int:
            return int((mask & condition).sum())

        values = {
            "start": count(at_start), "taken": count(taken), "removed": count(removed),
            "died": count(removed & (frame["leftReason"] == "died")),
            "moved": count(removed & (frame["leftReason"] == "moved")),
            "not_confirmed": count(removed & (frame["leftReason"] == "not-confirmed")),
            "end": count(at_end),
            "five_years": count(at_end & (frame["takenOn"] <= five_years_ago)),
            "group_II": count(at_end & groups.isin(["II", "IIa"])),
            "group_III": count(at_end & (groups == "III")),
            "group_IV": count(at_end & (groups == "IV")),
        }
        values["group_other"] = values["end"] - values["group_II"] - values["group_III"] \
            - values["group_IV"]
        table.rows.append(FormRow(row_id, label, values))
    return table


def build_form7(graph: Graph, year: int) -> FormTable:
    return form7_table(fetch_form7_cases(graph, Period.year(year)), year)


def build_form35(graph: Graph, year: int) -> FormTable:
    return form35_table(fetch_register(graph, Period.year(year).end), year)
