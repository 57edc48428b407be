"""Cypher results as pandas frames: new tumours of a period and the dispensary register.

Dates arrive as ``neo4j.time.Date``; they become ``datetime64`` columns (NaT when absent)
so that the arithmetic below is vectorised. Derived columns (form-7 row, stage group,
neglect) are added here once, from `domain.codes`; morphological verification is the
tumour's own (`Tumor.morphologicallyVerified`, the rule of `domain.basis`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from analytics.periods import Period
from domain import codes
from graph.database import Graph

NEW_TUMOR_COLUMNS = [
    "tumorId", "patientId", "icd10", "stage", "morphology", "morphologicallyVerified",
    "activeDetection", "diagnosedOn", "clinicalGroup", "sex", "district", "deceasedOn",
    "organizationOid", "organizationName",
]
REGISTER_COLUMNS = [
    "patientId", "district", "icd10", "takenOn", "clinicalGroup", "deceasedOn", "removedOn",
    "removalReason",
]
REGISTER_TUMOR_COLUMNS = [
    "patientId", "district", "icd10", "diagnosedOn", "deceasedOn", "removedOn",
    "clinicalGroup", "removalReason",
]
Rows = list[dict[str, Any]] | dict[str, Any]  # records, or parallel columns (lists, arrays)
STAGE_COLUMNS = ("I", "II", "III", "IV")
# What survival curves read and filter on (cypher/fetch_survival_cases.cypher); the code
# and stage become siteRow and stageGroup and are not kept.
SURVIVAL_CASE_COLUMNS = [
    "icd10", "stage", "diagnosedOn", "deceasedOn", "district", "organizationOid",
]


def _to_datetime(values: pd.Series) -> pd.Series:
    """Dates from Cypher come as yyyymmdd integers (0 = none); tests may pass `date`s."""
    if pd.api.types.is_integer_dtype(values):
        # A region has a few thousand distinct days: parse each once (10× faster than
        # parsing 100 000 strings, and a shorter hold of the GIL while the API serves).
        distinct = pd.unique(values)
        parsed = pd.to_datetime(pd.Series(distinct).astype("string"), errors="coerce",
                                format="%Y%m%d")
        return values.map(pd.Series(parsed.to_numpy(), index=distinct)).astype("datetime64[ns]")
    text = values.map(lambda value: None if value is None else str(value))
    return pd.to_datetime(text, errors="coerce", format="%Y-%m-%d")


def _frame(rows: Rows, columns: list[str]) -> pd.DataFrame:
    if isinstance(rows, dict):
        length = len(next(iter(rows.values()), []))
        if length == 0:
            # no rows (a new region, a year without cases): typed as text, not float, so
            # that the derived columns below are built as for any other frame
            return pd.DataFrame({column: pd.Series([], dtype=object) for column in columns})
        frame = pd.DataFrame({column: rows.get(column, [None] * length)
                              for column in columns})
        # '' stands for a missing text value in the columnar rows.
        return frame.replace("", None)
    return pd.DataFrame(rows, columns=columns)


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Parallel columns of one row, or of several rows (chunks) joined in row order. A
    chunk's own key (an int, say `chunk`) is not a column, however many chunks came."""
    columns: dict[str, list[Any]] = {}
    for row in rows:
        for name, values in row.items():
            if isinstance(values, list):
                columns.setdefault(name, []).extend(values)
    return columns


def _stage_column(stage: str | None) -> str:
    group = codes.stage_group(stage)
    return group if group in STAGE_COLUMNS else "unknown"


def _form7_row_id(icd10: str | None) -> str | None:
    row = codes.form7_row(icd10)
    return row.id if row else None


def _by_value(values: pd.Series, function: Any) -> pd.Series:
    """`function` of each value, computed once per distinct value: a region has a few
    hundred codes and stages but tens of thousands of rows."""
    distinct = {value: function(value) for value in values.dropna().unique()}
    return values.map(distinct)


def _stage_groups(stage: pd.Series) -> pd.Series:
    return stage.fillna("").map({s: _stage_column(s or None) for s in stage.fillna("").unique()})


def new_tumors_frame(rows: Rows) -> pd.DataFrame:
    """One row per new tumour, with the derived columns indicators and forms use."""
    frame = _frame(rows, NEW_TUMOR_COLUMNS)
    frame["diagnosedOn"] = _to_datetime(frame["diagnosedOn"])
    frame["deceasedOn"] = _to_datetime(frame["deceasedOn"])
    frame["activeDetection"] = frame["activeDetection"].eq(True)
    frame["site"] = _by_value(frame["icd10"], codes.site_of)
    frame["siteRow"] = _by_value(frame["icd10"], _form7_row_id)
    frame["inForm7"] = _by_value(frame["icd10"], codes.is_form7_total).eq(True)
    frame["stageGroup"] = _stage_groups(frame["stage"])
    code_and_stage = frame["icd10"].fillna("") + "|" + frame["stage"].fillna("")
    frame["neglected"] = code_and_stage.map({
        key: codes.is_neglected(*(part or None for part in key.split("|", 1)))
        for key in code_and_stage.unique()}).astype(bool)
    # the tumour's own fact (domain/basis.py), as the registry's basis of diagnosis says
    frame["morphologicallyVerified"] = frame["morphologicallyVerified"].eq(True)
    # YYYY-MM per distinct month: strftime of every row holds the GIL for ~0.1 s.
    year_month = frame["diagnosedOn"].dt.year * 100 + frame["diagnosedOn"].dt.month
    frame["month"] = _by_value(year_month, lambda ym: f"{int(ym) // 100:04d}-{int(ym) % 100:02d}")
    return frame


def survival_cases_frame(rows: Rows) -> pd.DataFrame:
    """One row per new tumour with what survival reads: dates, stage group, site row and the
    filter columns (district, organisation); derived exactly as in `new_tumors_frame`."""
    frame = _frame(rows, SURVIVAL_CASE_COLUMNS)
    frame["diagnosedOn"] = _to_datetime(frame["diagnosedOn"])
    frame["deceasedOn"] = _to_datetime(frame["deceasedOn"])
    frame["siteRow"] = _by_value(frame["icd10"], _form7_row_id)
    frame["stageGroup"] = _stage_groups(frame["stage"])
    return frame.drop(columns=["icd10", "stage"])


def register_frame(rows: Rows) -> pd.DataFrame:
    """One row per registered patient: taken on, removed (date and reason)."""
    frame = _frame(rows, REGISTER_COLUMNS)
    for column in ("takenOn", "deceasedOn", "removedOn"):
        frame[column] = _to_datetime(frame[column])
    died = frame["deceasedOn"].notna() & (
        frame["removedOn"].isna() | (frame["deceasedOn"] <= frame["removedOn"])
    )
    left_on = frame["removedOn"].where(~died, frame["deceasedOn"])
    # A removal dated before the registration (a late or mistyped record) counts on the
    # registration day, so that start + taken on − removed = end always balances.
    frame["leftOn"] = left_on.where(left_on.isna() | (left_on >= frame["takenOn"]),
                                    frame["takenOn"])
    frame["leftReason"] = frame["removalReason"].where(~died, "died")
    frame["site"] = _by_value(frame["icd10"], codes.site_of)
    frame["siteRow"] = _by_value(frame["icd10"], _form7_row_id)
    return frame


def fetch_new_tumors(graph: Graph, period: Period) -> pd.DataFrame:
    return new_tumors_frame(_columns(graph.read("fetch_new_tumors", **period.params)))


def fetch_survival_cases(graph: Graph, period: Period) -> pd.DataFrame:
    """New tumours of `period` with only the columns survival curves read (a lighter query)."""
    return survival_cases_frame(_columns(graph.read("fetch_survival_cases", **period.params)))


def fetch_form7_cases(graph: Graph, period: Period) -> pd.DataFrame:
    """New tumours with only the columns form No. 7 counts (a lighter query)."""
    return new_tumors_frame(_columns(graph.read("fetch_form7_cases", **period.params)))


def register_from_tumors(columns: dict[str, list[Any]]) -> dict[str, Any]:
    """Per-patient register rows (REGISTER_COLUMNS) from the tumour rows of
    cypher/fetch_register_tumors.cypher: taken on at the first diagnosis, whose code gives
    the site; the clinical group of the latest tumour (else the first's); removed only when
    every tumour was removed, then at the latest removal and for its reason.

    Tumours of a patient are ordered by diagnosis date, ties by code, so that first and
    latest do not depend on the order the server returned them in."""
    length = len(columns.get("patientId", []))
    if length == 0:
        return {column: [] for column in REGISTER_COLUMNS}

    def column(name: str, empty: Any) -> np.ndarray:
        values = columns.get(name) or []
        # Without $details the server sends those columns empty.
        return np.asarray(values if len(values) == length else [empty] * length, dtype=object)

    patient_codes, _ = pd.factorize(np.asarray(columns["patientId"], dtype=object))
    diagnosed = np.asarray(columns["diagnosedOn"], dtype=np.int64)
    icd10 = np.asarray(columns["icd10"], dtype=object)
    order = np.lexsort((icd10.astype(str), diagnosed, patient_codes))
    codes_in_order = patient_codes[order]
    starts = np.flatnonzero(np.r_[True, codes_in_order[1:] != codes_in_order[:-1]])
    ends = np.r_[starts[1:], length] - 1
    first, latest = order[starts], order[ends]

    removed = np.asarray(columns["removedOn"], dtype=np.int64)[order]
    every_removed = np.minimum.reduceat((removed > 0).astype(np.int8), starts) == 1
    latest_on = np.maximum.reduceat(removed, starts)
    # The row of the latest removal; of equal dates the earliest tumour's (rows are in
    # diagnosis order within a patient, and the minimum position wins).
    patient_of_row = np.repeat(np.arange(len(starts)), ends - starts + 1)
    position = np.where(removed == latest_on[patient_of_row], np.arange(length), length)
    latest_removal = order[np.minimum.reduceat(position, starts)]
    removed_on = np.where(every_removed, latest_on, 0)
    reasons = np.where(every_removed, column("removalReason", "")[latest_removal], "")

    group = column("clinicalGroup", "")
    latest_group = group[latest]
    return {
        "patientId": np.asarray(columns["patientId"], dtype=object)[first],
        "district": column("district", "")[first],
        "icd10": icd10[first],
        "takenOn": diagnosed[first],
        "clinicalGroup": np.where(latest_group != "", latest_group, group[first]),
        "deceasedOn": np.asarray(columns["deceasedOn"], dtype=np.int64)[first],
        "removedOn": removed_on,
        "removalReason": reasons,
    }


def fetch_register(graph: Graph, until: date, details: bool = True) -> pd.DataFrame:
    """The register as of `until`. Without `details` the clinical group and the reason of a
    removal other than death are not read (the indicators use neither; form No. 35 does)."""
    rows = _columns(graph.read("fetch_register_tumors", to=until, details=details))
    return register_frame(register_from_tumors(rows))


def fetch_indicator_cases(graph: Graph, period: Period) -> pd.DataFrame:
    """New tumours with only the columns the indicators use (a lighter query)."""
    return new_tumors_frame(_columns(graph.read("fetch_indicator_cases", **period.params)))


def fetch_deadline_outcomes(graph: Graph, period: Period) -> pd.DataFrame:
    rows = graph.read("fetch_deadline_outcomes", **period.params)
    return pd.DataFrame(rows, columns=["rule", "state", "district", "month", "deadlines"])
