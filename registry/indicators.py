"""Data-quality indicators per organisation or district (pandas over registry rows).

MV % (microscopically verified), DCO %, unknown stage % (malignant, not DCO), missing
items (Missing check results, and the share of entries with any), reporting delay (days
from diagnosis to the 090/у notice: median, and the share of entries never notified).
"""

from __future__ import annotations

from functools import cache
from typing import Literal

import numpy as np
import pandas as pd

from domain.basis import MICROSCOPIC
from domain.codes import stage_group
from registry.checks import MISSING

GroupBy = Literal["organization", "district"]
_KEYS = {"organization": ("organizationOid", "organizationName"),
         "district": ("district", "district")}
UNKNOWN_GROUP = "(не указано)"


def quality_indicators(rows: pd.DataFrame, results: pd.DataFrame, by: GroupBy,
                       ) -> pd.DataFrame:
    """One row per organisation/district plus the region total (key ``""``)."""
    columns = ["key", "label", "tumours", "mvPercent", "dcoPercent", "unknownStagePercent",
               "missingItems", "entriesWithMissingPercent", "medianReportingDelayDays",
               "notReportedPercent"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    key_column, label_column = _KEYS[by]
    frame = pd.DataFrame({
        "key": rows[key_column].fillna(UNKNOWN_GROUP),
        "label": rows[label_column].fillna(UNKNOWN_GROUP),
        "tumorId": rows["tumorId"],
        "mv": rows["basis"].isin(MICROSCOPIC),
        "dco": rows["basis"] == 0,
        "delay": pd.to_numeric(rows["reportingDelayDays"], errors="coerce"),
    })
    malignant = rows["icd10"].fillna("").str.startswith("C") & (rows["basis"] != 0)
    unknown_stage = rows["stage"].map(_stage_unknown)
    frame["stageCounted"] = malignant
    frame["stageUnknown"] = malignant & unknown_stage
    missing = results[results["grade"] == MISSING].groupby("tumorId").size()
    frame["missing"] = frame["tumorId"].map(missing).fillna(0).astype(int)

    def summarise(part: pd.DataFrame) -> dict[str, object]:
        counted = int(part["stageCounted"].sum())
        delays = part["delay"].dropna()
        return {
            "tumours": len(part),
            "mvPercent": _percent(part["mv"].sum(), len(part)),
            "dcoPercent": _percent(part["dco"].sum(), len(part)),
            "unknownStagePercent": _percent(part["stageUnknown"].sum(), counted),
            "missingItems": int(part["missing"].sum()),
            "entriesWithMissingPercent": _percent((part["missing"] > 0).sum(), len(part)),
            "medianReportingDelayDays": float(delays.median()) if len(delays) else None,
            "notReportedPercent": _percent(part["delay"].isna().sum(), len(part)),
        }

    out = [{"key": key, "label": part["label"].iloc[0], **summarise(part)}
           for key, part in frame.groupby("key", sort=True)]
    out.append({"key": "", "label": "Всего по региону", **summarise(frame)})
    return pd.DataFrame(out, columns=columns)


@cache
def _stage_unknown(stage: object) -> bool:
    return stage_group(stage if isinstance(stage, str) else None) is None


def _percent(part: float | np.integer, whole: int) -> float | None:
    return round(100.0 * float(part) / whole, 1) if whole else None
