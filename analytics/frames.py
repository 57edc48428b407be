"""Cypher results as pandas frames: new tumours of a period and the dispensary register.

Dates arrive as ``neo4j.time.Date``; they become ``datetime64`` columns (NaT when absent)
so that the arithmetic below is vectorised. Derived columns (form-7 row, stage group,
neglect, morphological verification) are added here once, from `domain.codes`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from analytics.periods import Period
from domain import codes
from graph.database import Graph

NEW_TUMOR_COLUMNS = [
    "tumorId", "patientId", "icd10", "stage", "morphology", "verification",
    "activeDetection", "diagnosedOn", "clinicalGroup", "sex", "district", "deceasedOn",
    "organizationOid", "organizationName",
]
REGISTER_COLUMNS = [
    "patientId", "sex", "district", "icd10", "takenOn", "clinicalGroup", "deceasedOn",
    "removedOn", "removalReason",
]
STAGE_COLUMNS = ("I", "II", "III", "IV")


def _to_datetime(values: pd.Series) -> pd.Series:
    def convert(value: Any) -> Any:
        if value is None:
            return None
        return value.to_native() if hasattr(value, "to_native") else value

    return pd.to_datetime(values.map(convert), errors="coerce")


def _stage_column(stage: str | None) -> str:
    group = codes.stage_group(stage)
    return group if group in STAGE_COLUMNS else "unknown"


def _is_morphologically_verified(morphology: str | None, verification: str | None) -> bool:
    # A histology/cytology code and a confirmed diagnosis: the case rests on a microscope.
    parsed = codes.try_parse_morphology(morphology)
    return parsed is not None and parsed.behaviour in (3, 6, 9) and verification == "confirmed"


def _form7_row_id(icd10: str | None) -> str | None:
    row = codes.form7_row(icd10)
    return row.id if row else None


def new_tumors_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per new tumour, with the derived columns indicators and forms use."""
    frame = pd.DataFrame(rows, columns=NEW_TUMOR_COLUMNS)
    frame["diagnosedOn"] = _to_datetime(frame["diagnosedOn"])
    frame["deceasedOn"] = _to_datetime(frame["deceasedOn"])
    frame["activeDetection"] = frame["activeDetection"].fillna(False).astype(bool)
    frame["site"] = frame["icd10"].map(codes.site_of)
    frame["siteRow"] = frame["icd10"].map(_form7_row_id)
    frame["inForm7"] = frame["icd10"].map(codes.is_form7_total).astype(bool)
    frame["stageGroup"] = frame["stage"].map(_stage_column)
    frame["neglected"] = [codes.is_neglected(i, s) for i, s in zip(frame["icd10"],
                                                                      frame["stage"],
                                                                      strict=True)]
    frame["morphologicallyVerified"] = [
        _is_morphologically_verified(m, v)
        for m, v in zip(frame["morphology"], frame["verification"], strict=True)
    ]
    frame["month"] = frame["diagnosedOn"].dt.to_period("M").astype(str)
    return frame


def register_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """One row per registered patient: taken on, removed (date and reason)."""
    frame = pd.DataFrame(rows, columns=REGISTER_COLUMNS)
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
    frame["site"] = frame["icd10"].map(codes.site_of)
    frame["siteRow"] = frame["icd10"].map(_form7_row_id)
    return frame


def fetch_new_tumors(graph: Graph, period: Period) -> pd.DataFrame:
    return new_tumors_frame(graph.read("fetch_new_tumors", **period.params))


def fetch_register(graph: Graph, until: date) -> pd.DataFrame:
    return register_frame(graph.read("fetch_register_patients", to=until))


def fetch_deadline_outcomes(graph: Graph, period: Period) -> pd.DataFrame:
    rows = graph.read("fetch_deadline_outcomes", **period.params)
    return pd.DataFrame(rows, columns=["rule", "state", "district", "month", "deadlines"])
