"""Analytics arithmetic without a database: frames built from rows like Cypher returns."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

import pandas as pd
import pytest

from analytics import compute
from analytics.export import render, to_csv
from analytics.filters import Filters
from analytics.forms import OTHER_ROW, TOTAL_ROW, form7_table, form35_table
from analytics.frames import new_tumors_frame, register_frame, register_from_tumors
from analytics.indicators import Frames
from analytics.survival import survival_curves
from onkopassport.errors import InputError


def tumor(icd10: str, stage: str | None, on: date, **extra: Any) -> dict[str, Any]:
    row = {"tumorId": f"t-{icd10}-{on}", "patientId": f"p-{icd10}-{on}", "icd10": icd10,
           "stage": stage, "morphology": "8140/3", "morphologicallyVerified": True,
           "activeDetection": False, "diagnosedOn": on, "clinicalGroup": "II", "sex": "male",
           "district": "Центральный", "deceasedOn": None, "organizationOid": "org-1",
           "organizationName": "Диспансер"}
    return {**row, **extra}


NEW = new_tumors_frame([
    tumor("C34.1", "IIIB", date(2025, 1, 5)),
    tumor("C50.4", "3", date(2025, 2, 5), sex="female"),  # visual site, stage III: neglected
    tumor("C18.7", None, date(2025, 3, 5), morphology=None, morphologicallyVerified=False),
    tumor("C16.2", "IV", date(2025, 3, 9), activeDetection=True, district="Северный"),
    tumor("C77.0", "I", date(2025, 4, 1)),
    tumor("C61", "II", date(2024, 6, 1)),  # the year before
])


def test_derived_columns() -> None:
    first = NEW.iloc[0]
    assert (first["siteRow"], first["stageGroup"], bool(first["neglected"])) == ("lung", "III",
                                                                                False)
    assert bool(NEW.iloc[1]["neglected"]) and NEW.iloc[1]["stageGroup"] == "III"
    assert NEW.iloc[2]["stageGroup"] == "unknown"
    assert not NEW.iloc[2]["morphologicallyVerified"]
    assert pd.isna(NEW.iloc[4]["siteRow"]) and NEW.iloc[4]["inForm7"]
    assert NEW.iloc[0]["month"] == "2025-01"


def test_form7_from_frame_adds_up() -> None:
    table = form7_table(NEW, 2025)
    total = table.row(TOTAL_ROW).values
    assert total["total"] == 5 and total["female"] == 1 and total["active"] == 1
    assert (total["stage_I"], total["stage_III"], total["stage_IV"],
            total["stage_unknown"]) == (1, 2, 1, 1)
    assert table.row(OTHER_ROW).values["total"] == 1
    for key, _ in table.columns:
        assert sum(r.values[key] for r in table.rows[1:]) == total[key]


def test_register_balance_and_reasons() -> None:
    register = register_frame([
        {"patientId": "a", "sex": "male", "district": "Ц", "icd10": "C34", "takenOn":
         date(2018, 1, 1), "clinicalGroup": "III", "deceasedOn": None, "removedOn": None,
         "removalReason": None},
        {"patientId": "b", "sex": "male", "district": "Ц", "icd10": "C34", "takenOn":
         date(2024, 1, 1), "clinicalGroup": "II", "deceasedOn": date(2025, 5, 1),
         "removedOn": None, "removalReason": None},
        {"patientId": "c", "sex": "female", "district": "Ц", "icd10": "C53", "takenOn":
         date(2025, 2, 1), "clinicalGroup": "II", "deceasedOn": None,
         "removedOn": date(2025, 6, 1), "removalReason": "not-confirmed"},
        # Removal dated before the registration: counted on the registration day.
        {"patientId": "d", "sex": "female", "district": "Ц", "icd10": "C50", "takenOn":
         date(2025, 3, 1), "clinicalGroup": "II", "deceasedOn": date(2025, 1, 1),
         "removedOn": None, "removalReason": None},
    ])
    values = form35_table(register, 2025).row(TOTAL_ROW).values
    assert (values["start"], values["taken"], values["removed"], values["end"]) == (2, 2, 3, 1)
    assert (values["died"], values["not_confirmed"], values["five_years"]) == (2, 1, 1)
    assert values["group_III"] == 1


def _tumor_rows(*rows: tuple[str, str, int, int, str, str]) -> dict[str, list[object]]:
    """Columns as cypher/fetch_register_tumors.cypher returns them, from (patient, code,
    diagnosed, removed, clinical group, removal reason) tuples; district 'Ц', alive."""
    return {"patientId": [r[0] for r in rows], "district": ["Ц"] * len(rows),
            "icd10": [r[1] for r in rows], "diagnosedOn": [r[2] for r in rows],
            "deceasedOn": [0] * len(rows), "removedOn": [r[3] for r in rows],
            "clinicalGroup": [r[4] for r in rows], "removalReason": [r[5] for r in rows]}


def test_register_groups_tumours_per_patient() -> None:
    register = register_frame(register_from_tumors(_tumor_rows(
        # Two primaries, the server sending the later first: taken on at the first, its
        # site; the latest one's clinical group; one of two removed: still registered.
        ("a", "C61", 20210501, 0, "III", ""),
        ("a", "C44.3", 20180501, 20230501, "II", "basal-cell-5-years"),
        # Both removed: removed at the latest removal, for its reason.
        ("b", "C50.1", 20190101, 20240301, "III", "moved"),
        ("b", "C53.9", 20200101, 20220101, "", "not-confirmed"),
        # Equal removal dates: the earliest tumour's reason.
        ("c", "C18.7", 20200101, 20240101, "II", "moved"),
        ("c", "C16.2", 20190101, 20240101, "II", "not-confirmed"),
    ))).set_index("patientId")
    a, b, c = register.loc["a"], register.loc["b"], register.loc["c"]
    assert (a["icd10"], a["takenOn"], a["clinicalGroup"]) == ("C44.3", pd.Timestamp(2018, 5, 1),
                                                            "III")
    assert pd.isna(a["leftOn"]) and a["siteRow"] == "skin-other"
    assert (b["leftOn"], b["leftReason"]) == (pd.Timestamp(2024, 3, 1), "moved")
    assert b["clinicalGroup"] == "III"  # the latest tumour has none: the first's
    assert (c["leftOn"], c["leftReason"]) == (pd.Timestamp(2024, 1, 1), "not-confirmed")


def test_register_without_details_keeps_dates_and_deaths() -> None:
    rows = _tumor_rows(("a", "C34", 20200101, 20240101, "", ""))
    rows["clinicalGroup"], rows["removalReason"] = [], []  # $details false: empty columns
    rows["deceasedOn"] = [20230101]
    register = register_frame(register_from_tumors(rows))
    assert register.loc[0, "leftOn"] == pd.Timestamp(2023, 1, 1)
    assert register.loc[0, "leftReason"] == "died"
    assert register.loc[0, "clinicalGroup"] is None
    assert register_frame(register_from_tumors({})).empty


def test_indicator_value_breakdown_and_filters() -> None:
    frames = Frames(NEW, register_frame([]), pd.DataFrame(
        columns=["rule", "state", "district", "month", "deadlines"]))
    value = compute.year_values(frames, 2025, ["early_detection"])[0]
    assert (value.numerator, value.denominator) == (1, 5)
    assert value.value == pytest.approx(0.2)
    north = frames.filtered(Filters(district="Северный"))
    assert compute.year_values(north, 2025, ["active_detection"])[0].value == 1.0
    items = compute.breakdown(frames, "neglect_rate", 2025, "district")
    assert [(i.key, i.numerator, i.denominator) for i in items] == [
        ("Центральный", 1, 4), ("Северный", 1, 1)]
    assert compute.breakdown(frames, "five_year_contingent", 2025, "organization") == []
    timeliness = compute.year_values(frames, 2025, ["timeliness"])[0]
    assert timeliness.value is None and timeliness.denominator == 0


def test_csv_is_semicolon_separated_utf8_with_bom() -> None:
    data = to_csv(form7_table(NEW, 2025))
    assert data.startswith("\ufeff".encode())
    header = next(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert header[:4] == ["№ строки", "Локализация", "Всего", "Мужчины"]
    with pytest.raises(InputError, match="формат"):
        render(form7_table(NEW, 2025), "pdf")


def test_survival_curve_steps_down_at_deaths() -> None:
    frame = new_tumors_frame([
        tumor("C34.1", "IV", date(2020, 1, 1), deceasedOn=date(2020, 7, 1)),
        tumor("C34.2", "IV", date(2020, 1, 1), deceasedOn=date(2021, 7, 1), patientId="x"),
        tumor("C50.1", "I", date(2020, 1, 1), patientId="y"),
        tumor("C50.2", "I", date(2020, 1, 1), patientId="z"),
    ])
    curves = {c.group: c for c in survival_curves(frame, date(2026, 1, 1))}
    assert curves["всего"].one_year == pytest.approx(0.75)
    assert curves["IV"].one_year == pytest.approx(0.5)
    assert curves["IV"].five_year == pytest.approx(0.0)
    assert curves["I"].five_year == pytest.approx(1.0)
    assert [p.month for p in curves["всего"].points][:3] == [0, 3, 6]


def test_survival_png_is_an_image() -> None:
    from analytics.plots import survival_png

    frame = new_tumors_frame([tumor("C34.1", "IV", date(2020, 1, 1),
                                    deceasedOn=date(2020, 7, 1))])
    png = survival_png(survival_curves(frame, date(2021, 1, 1)), "Выживаемость")
    assert png.startswith(b"\x89PNG")


def test_a_region_without_cases_gives_empty_figures_not_an_error() -> None:
    """Cypher's collect() over no tumours returns one row of empty columns: the frame of
    those came out as floats and every derived column failed (a new region's dashboard)."""
    empty = new_tumors_frame({"tumorId": [], "icd10": [], "stage": [], "diagnosedOn": []})
    assert len(empty) == 0
    assert form7_table(empty, 2025).row(TOTAL_ROW).values["total"] == 0
    frames = Frames(empty, register_frame([]), pd.DataFrame(
        columns=["rule", "state", "district", "month", "deadlines"]))
    [early] = compute.year_values(frames, 2025, ["early_detection"])
    assert (early.numerator, early.denominator, early.value) == (0, 0, None)


def test_one_year_mortality_counts_a_year_to_the_date_across_a_leap_day() -> None:
    def registered(pid: str, taken: date, died: date | None) -> dict[str, Any]:
        return {"patientId": pid, "sex": "male", "district": "Ц", "icd10": "C34",
                "takenOn": taken, "clinicalGroup": "II", "deceasedOn": died,
                "removedOn": None, "removalReason": None}
    register = register_frame([
        registered("a", date(2023, 3, 1), date(2024, 3, 1)),  # 366 days: a year to the date
        registered("b", date(2023, 3, 1), date(2024, 3, 2)),  # a day later: not within
        registered("c", date(2023, 5, 1), None)])
    frames = Frames(new_tumors_frame([]), register, pd.DataFrame(
        columns=["rule", "state", "district", "month", "deadlines"]))
    [mortality] = compute.year_values(frames, 2024, ["one_year_mortality"])
    assert (mortality.numerator, mortality.denominator) == (1, 3)


def test_timeliness_counts_the_legal_deadlines_only() -> None:
    """The 090/у notice and the tumour board before treatment are clocks too, but not one of
    D1–D8 (domain.md §7): a missed one must not pull the overall timeliness down."""
    deadlines = pd.DataFrame([
        {"rule": "D1", "state": "met", "district": "Северный", "month": 202503, "deadlines": 3},
        {"rule": "D4", "state": "missed", "district": "Северный", "month": 202504,
         "deadlines": 1},
        {"rule": "notification-090", "state": "missed", "district": "Северный",
         "month": 202503, "deadlines": 5},
        {"rule": "tumor-board-before-treatment", "state": "missed", "district": "Северный",
         "month": 202505, "deadlines": 2},
    ])
    frames = Frames(NEW, register_frame([]), deadlines)
    overall, d1 = compute.year_values(frames, 2025, ["timeliness", "timeliness_D1"])
    assert (overall.numerator, overall.denominator) == (3, 4)
    assert (d1.numerator, d1.denominator) == (3, 3)
