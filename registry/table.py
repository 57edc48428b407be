"""The registry as a pandas frame: one row per :RegistryEntry, dates as Python dates."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from graph.database import Graph

DATE_COLUMNS = ("birthDate", "firstVisitOn", "diagnosedOn", "deathOn", "lastContactOn",
                "registeredOn", "removedOn", "reportedOn")
COLUMNS = ("tumorId", "patientId", "sex", "birthDate", "district", "firstVisitOn",
           "diagnosedOn", "sequence", "icd10", "topography", "morphology", "behaviour",
           "grade", "t", "n", "m", "stage", "basis", "dco", "activeDetection",
           "clinicalGroup", "treatment", "vitalStatus", "deathOn", "lastContactOn",
           "registeredOn", "removedOn", "removalReason", "onRegister", "organizationOid",
           "organizationName", "organizationDistrict", "reportedOn", "reportingDelayDays")


@dataclass(frozen=True)
class RegistryFilter:
    """Which entries to read; every field is optional."""

    district: str | None = None
    organization_oid: str | None = None
    diagnosed_from: date | None = None
    diagnosed_to: date | None = None
    on_register_at: date | None = None
    tumor_ids: Sequence[str] | None = None

    def parameters(self) -> dict[str, Any]:
        return {"district": self.district, "organizationOid": self.organization_oid,
                "diagnosedFrom": self.diagnosed_from, "diagnosedTo": self.diagnosed_to,
                "onRegisterAt": self.on_register_at,
                "tumorIds": list(self.tumor_ids) if self.tumor_ids is not None else None}


NUMBER_COLUMNS = ("sequence", "behaviour", "basis", "reportingDelayDays")
FLAG_COLUMNS = ("dco", "activeDetection", "onRegister")


def read_registry(graph: Graph, where: RegistryFilter | None = None) -> pd.DataFrame:
    """Registry entries as a frame with the columns of :data:`COLUMNS`."""
    chunks = graph.read("get_registry_table", **(where or RegistryFilter()).parameters())
    lines = [line for row in chunks for line in row["chunk"]]
    return parse_lines(lines)


def parse_lines(lines: list[str]) -> pd.DataFrame:
    """The tab-separated lines of get_registry_table.cypher as a typed frame."""
    if not lines:
        return pd.DataFrame(columns=list(COLUMNS))
    frame = pd.read_csv(io.StringIO("\n".join(lines)), sep="\t", header=None,
                        names=list(COLUMNS), dtype=str, keep_default_na=False,
                        quoting=csv.QUOTE_NONE)
    frame = frame.astype(object).where(frame != "", None)
    for column in NUMBER_COLUMNS:
        numbers = pd.to_numeric(frame[column], errors="coerce")
        frame[column] = numbers.astype(object).where(numbers.notna(), None)
    for column in FLAG_COLUMNS:
        frame[column] = frame[column] == "true"
    frame["treatment"] = frame["treatment"].map(lambda v: v.split(",") if v else [])
    for column in DATE_COLUMNS:
        days = pd.to_datetime(frame[column], errors="coerce", format="%Y-%m-%d")
        frame[column] = days.dt.date.astype(object).where(days.notna(), None)
    for column in NUMBER_COLUMNS:
        frame[column] = frame[column].map(lambda v: int(v) if v is not None else None)
    return frame.sort_values("tumorId", ignore_index=True)
