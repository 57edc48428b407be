"""A patient's primary cancers and the records of each, for the clocks a second primary
cancer runs again: suspicion (D1, D2), verified diagnosis to treatment (D4), diagnosis to
dispensary observation (D5), the neglected-case protocol (027-2/у) and the tumour board
before its first treatment. A lung cancer found in 2024 in a woman treated for
breast cancer in 2019 is timed as if it were her first.

Primaries: the patient's confirmed malignant tumours (`facts.tumors`, dated), which ingest
has already split by the IARC 2004 rules (`domain.primaries`: another organ or another
histological group is another primary). Without any (records not derived yet, a test's
facts) they come from the diagnosis records: each confirmed C00–C97 diagnosis, not a
metastasis (C77–C79), at a site that no earlier confirmed diagnosis had.

A site is the organ as the tumours count primaries (`cancer_site`: the IARC 2004 site
groups, so C33 and C34, C19 and C20 are one site; the three-character category of a code
the table does not place, such as an in-situ D code), so that 090/у, the second-primary
clocks and the tumours agree on how many cancers a patient has.

Which cancer a record belongs to (one each): among the cancers at the site its ICD-10 code
names — or among all of them when it names none of theirs (no code, a Z or R code, a
metastasis) — the one diagnosed most recently on or before the record; a record older than
all of them belongs to the first. A coded record (a referral or report coded C34) therefore
belongs to its cancer even before that cancer is diagnosed, and an uncoded one (a biopsy
report, a staging) to the cancer being cared for when it was made. (Nearest in time, before
or after, would hand the first cancer's recurrence biopsy or restaging to a second cancer
diagnosed a few months later.) Treatments are not divided up: they rarely name a site, so
each clock takes the first treatment on or after its own start — except one that names
the site of another of the patient's cancers (the same holds for the dispensary record
that stops D5 and the tumour board before treatment).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from domain.calendar import add_months
from domain.codes import (
    asserts_diagnosis,
    is_in_situ,
    is_malignant,
    is_secondary,
    is_uncertain_behaviour,
    site_of,
)
from domain.primaries import site_group
from pathway.facts import EventFact, PatientFacts

# Malignant codes that name no site of a tumour: ill-defined sites, unknown primary,
# independent multiple primaries (a metastasis, C77–C79, names none either).
SITELESS_MALIGNANT = frozenset({"C76", "C80", "C97"})
# Follow-up and history of cancer, radiotherapy/chemotherapy sessions: care of a known cancer.
FOLLOW_UP_SITES = frozenset({"Z08", "Z85", "Z51"})


@cache
def cancer_site(code: str | None) -> str | None:
    """The organ a code names, as the tumours count primaries: the IARC 2004 site group
    (C34.1 → ``C33-C34``, C20 → ``C19-C20``, C50.4 → ``C50``), or the three-character
    category of a code the table does not place (D05.1 → ``D05``, Z08 → ``Z08``)."""
    return site_group(code) or site_of(code)


@dataclass(frozen=True)
class Primary:
    """One primary cancer: its ICD-10 code and site, and the day it was first diagnosed."""

    icd10: str | None
    site: str | None
    diagnosed_on: date


@dataclass(frozen=True)
class Episode:
    """The records of one primary cancer as the clocks read them.

    A patient with one cancer (or none yet) has one episode holding all the records, timed
    from the first diagnosis ever, exactly as before there were episodes. `anchor`: the day
    the stage at diagnosis is counted from; `code`: the ICD-10 code to judge the cancer by
    when its records give none; `since`: treatment before this day was given for an earlier
    cancer (None: any counts); `other_sites`: the sites of the patient's other cancers.
    """

    events: tuple[EventFact, ...]
    anchor: date | None
    code: str | None
    since: date | None = None
    other_sites: frozenset[str] = frozenset()

    def may_concern(self, event: EventFact) -> bool:
        """A record naming the site of another of the patient's cancers is not this one's
        (a treatment, a dispensary registration, a tumour board)."""
        site = cancer_site(event.icd10)
        return site is None or site not in self.other_sites

    def may_be_treated_by(self, event: EventFact) -> bool:
        """A treatment naming the site of another of the patient's cancers is not this one's."""
        return self.may_concern(event)

    def work_up_began_on(self, months: int) -> date | None:
        """A later cancer's work-up began on its diagnosis, or on its first record (one
        naming its site: a suspicion referral, a test) in the `months` before it; None for
        the first cancer (any earlier record is its work-up)."""
        if self.since is None:
            return None
        earliest = add_months(self.since, -months)
        return min([self.since] + [e.on for e in self.events if e.on >= earliest])


def is_set_diagnosis(event: EventFact) -> bool:
    """A diagnosis record stating a malignant neoplasm (not a suspicion, not refuted)."""
    return event.kind == "diagnosis" and event.malignant_diagnosis and asserts_diagnosis(
        event.verification)


def first_diagnosis_on(facts: PatientFacts) -> date | None:
    """The day the patient's first cancer (a set diagnosis or a dated tumour) was diagnosed."""
    dates = [e.on for e in facts.events if is_set_diagnosis(e)]
    dates += [t.diagnosed_on for t in facts.tumors if t.diagnosed_on]
    return min(dates) if dates else None


def named_site(code: str | None) -> str | None:
    """The site a code places a (suspected) tumour at: C00–C97, D00–D09 or D37–D48 — not a
    metastasis (C77–C79), an ill-defined site or an unknown primary (C76, C80, C97)."""
    if not (is_malignant(code) or is_in_situ(code) or is_uncertain_behaviour(code)):
        return None
    if is_secondary(code) or site_of(code) in SITELESS_MALIGNANT:
        return None
    return cancer_site(code)


def is_follow_up_code(code: str | None) -> bool:
    """Z08, Z85, Z51: follow-up of a known cancer, its history, a treatment session."""
    return site_of(code) in FOLLOW_UP_SITES


def patient_primaries(facts: PatientFacts) -> list[Primary]:
    """The patient's primary cancers, first diagnosed first (see the module docstring)."""
    tumours = sorted(
        (t for t in facts.tumors if t.diagnosed_on is not None and is_malignant(t.icd10)
         and not is_secondary(t.icd10) and asserts_diagnosis(t.verification)),
        key=lambda t: (t.diagnosed_on, t.tumor_id))
    if tumours:
        return [Primary(t.icd10, cancer_site(t.icd10) or t.site, t.diagnosed_on)
                for t in tumours if t.diagnosed_on is not None]
    found: list[Primary] = []
    seen: set[str | None] = set()
    for event in facts.events:
        site = cancer_site(event.icd10)
        if is_set_diagnosis(event) and not is_secondary(event.icd10) and site not in seen:
            seen.add(site)
            found.append(Primary(event.icd10, site, event.on))
    return found


def owner(event: EventFact, primaries: list[Primary]) -> int:
    """Index of the cancer a record belongs to (see the module docstring)."""
    site = cancer_site(event.icd10)
    candidates = [i for i, p in enumerate(primaries) if site is not None and p.site == site]
    candidates = candidates or list(range(len(primaries)))
    before = [i for i in candidates if primaries[i].diagnosed_on <= event.on]
    return before[-1] if before else candidates[0]


def episodes(facts: PatientFacts) -> list[Episode]:
    """One episode per primary cancer; a single one (all the records) for a patient with
    at most one, so that such a patient's clocks are what they always were."""
    primaries = patient_primaries(facts)
    if len(primaries) <= 1:
        return [Episode(facts.events, first_diagnosis_on(facts),
                        facts.tumors[0].icd10 if facts.tumors else None)]
    owners = [owner(event, primaries) for event in facts.events]
    sites = {p.site for p in primaries if p.site}
    return [
        Episode(tuple(e for e, o in zip(facts.events, owners, strict=True) if o == index),
                primary.diagnosed_on, primary.icd10,
                since=primary.diagnosed_on if index else None,
                other_sites=frozenset(sites - {primary.site}))
        for index, primary in enumerate(primaries)
    ]


def diagnosed_sites(facts: PatientFacts, primaries: list[Primary]) -> list[tuple[date, str]]:
    """(day, site) of each cancer diagnosis: the set diagnoses and the primaries."""
    found = [(e.on, cancer_site(e.icd10)) for e in facts.events
             if is_set_diagnosis(e) and not is_secondary(e.icd10)]
    found += [(p.diagnosed_on, p.site) for p in primaries]
    return [(on, site) for on, site in found if site]


def sites_known_on(diagnosed: list[tuple[date, str]], day: date) -> set[str]:
    """Sites of the cancers diagnosed on or before `day` (from `diagnosed_sites`)."""
    return {site for on, site in diagnosed if on <= day}
