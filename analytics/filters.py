"""Filters every analytics view takes: district, organisation and form-7 site row."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Filters:
    district: str | None = None
    organization_oid: str | None = None
    site_row: str | None = None  # a form-7 row id ("lung", "breast" …)

    def apply(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows that pass the filters; a filter on a column the frame lacks is ignored
        (the register has no organisation, deadline counts have no site)."""
        if not (self.district or self.organization_oid or self.site_row):
            return frame  # no copy of a 100 000-row frame for the unfiltered view
        mask = pd.Series(True, index=frame.index)
        for column, value in (("district", self.district),
                              ("organizationOid", self.organization_oid),
                              ("siteRow", self.site_row)):
            if value and column in frame.columns:
                mask &= frame[column] == value
        return frame[mask]
