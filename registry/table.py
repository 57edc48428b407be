"""The registry as a pandas frame: one row per :RegistryEntry, dates as Python dates."""

from __future__ import annotations

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


def read_registry(graph: Graph, where: RegistryFilter | None = None) -> pd.DataFrame:
    """Registry entries as a frame with the columns of :data:`COLUMNS`."""
    rows = graph.read("get_registry_table", **(where or RegistryFilter()).parameters())
    frame = pd.DataFrame.from_records(rows, columns=list(COLUMNS))
    for column in DATE_COLUMNS:
        frame[column] = pd.to_datetime(frame[column], errors="coerce").dt.date
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame
