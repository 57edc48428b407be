"""The contingent over time: when a tumour went on the register and why it left it.

Removal (domain.md §3, form No. 35): death, moving away, diagnosis not confirmed, and
basal-cell skin cancer (C44 with morphology 809x) after five years without relapse. The
history is kept as dated :RegistryStatus periods, so "on the register at date X" is
``since <= X < until`` of an ``on-register`` period.

A region's MIS end a dispensary EpisodeOfCare (`period.end`, status finished) without
saying why (fhir-input.md). When the tumour's last episode has ended, none is open, nothing
about the tumour happened after it, and no other reason of the four explains it, the
patient has left the region's care: moving away is the reason that remains.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.calendar import add_months
from domain.codes import WITHDRAWN_VERIFICATIONS, Morphology, site_of
from domain.vocabulary import TREATMENT_KINDS

BASAL_CELL_OBSERVATION_YEARS = 5  # 548н: removal after five years without relapse (verify)
# a withdrawn diagnosis, or the registrar's own "not confirmed"
NOT_CONFIRMED_VERIFICATIONS = WITHDRAWN_VERIFICATIONS | {"not-confirmed"}
# Episodes that never held the patient under observation
UNHELD_EPISODE_STATUSES = frozenset({"planned", "waitlist", "cancelled", "entered-in-error"})


@dataclass(frozen=True)
class Removal:
    reason: str  # registry/data/removal_reasons.csv
    on: date


@dataclass(frozen=True)
class RegistryStatus:
    """A period of one status: ``on-register`` or ``removed`` (with the reason)."""

    statusId: str
    status: str
    reason: str | None
    since: date
    until: date | None


def removal(*, icd10: str | None, morphology: Morphology | None, tumor: dict[str, Any],
            records: list[dict[str, Any]], diagnosed_on: date | None, death_on: date | None,
            dco: bool, today: date) -> Removal | None:
    """The first removal event on or before `today`, or None while on the register."""
    events: list[Removal] = []
    if death_on is not None:
        events.append(Removal("died", death_on))
    if dco:
        return events[0] if events else None
    if (tumor.get("verification") or "") in NOT_CONFIRMED_VERIFICATIONS:
        events.append(Removal("not-confirmed", _last_date(records) or diagnosed_on or today))
    for record in records:
        # the dispensary episode ends with the registrar's reason (legacy import, 030/у)
        reason, ended = record.get("removalReason"), record.get("endDate")
        if reason and ended and record.get("kind") == "dispensary-observation":
            events.append(Removal(str(reason), ended))
    if (diagnosed_on is not None and site_of(icd10) == "C44" and morphology is not None
            and morphology.is_basal_cell):
        # five years free of disease: counted from the last treatment or relapse
        treated = [r["date"] for r in records if r.get("date") is not None
                   and (r.get("kind") in TREATMENT_KINDS or r.get("relapse"))]
        free_since = max([diagnosed_on, *treated])
        events.append(Removal("basal-cell-5-years",
                              add_months(free_since, 12 * BASAL_CELL_OBSERVATION_YEARS)))
    due = [event for event in events if event.on <= today]
    if not due:
        due = [event for event in [_episodes_ended(records)] if event and event.on <= today]
    return min(due, key=lambda event: event.on) if due else None


def _episodes_ended(records: list[dict[str, Any]]) -> Removal | None:
    """Moving away, on the day the tumour's last dispensary episode ended, when every
    episode has ended and no record of the tumour is dated after it (module docstring)."""
    # The visits of an observation share its kind; the episode is the EpisodeOfCare.
    episodes = [r for r in records if r.get("kind") == "dispensary-observation"
                and r.get("resourceType") == "EpisodeOfCare"
                and r.get("status") not in UNHELD_EPISODE_STATUSES]
    if not episodes or any(r.get("endDate") is None for r in episodes):
        return None
    if any(r.get("status") not in (None, "finished") for r in episodes):
        return None  # still active or on hold despite an end date: not ended yet
    ended = max(r["endDate"] for r in episodes)
    later = [r for r in records if r.get("date") is not None and r["date"] > ended]
    return None if later else Removal("moved", ended)


def statuses_of(tumor_id: str, registered_on: date | None, removed: Removal | None,
                dco: bool) -> list[RegistryStatus]:
    """Dated periods of the tumour's status. A DCO case is counted as incidence but was
    never on the register (it became known only from the death certificate)."""
    statuses: list[RegistryStatus] = []
    if registered_on is not None and not dco:
        statuses.append(RegistryStatus(f"{tumor_id}|on-register", "on-register", None,
                                       registered_on, removed.on if removed else None))
    if removed is not None:
        statuses.append(RegistryStatus(f"{tumor_id}|removed", "removed", removed.reason,
                                       removed.on, None))
    return statuses


def on_register_at(statuses: list[RegistryStatus], at: date) -> bool:
    """Whether these status periods put the tumour on the register at `at`."""
    return any(s.status == "on-register" and s.since <= at and (s.until is None or at < s.until)
               for s in statuses)


def _last_date(records: list[dict[str, Any]]) -> date | None:
    return max((r["date"] for r in records if r.get("date") is not None), default=None)
