"""Where each deadline clock starts and stops in a patient's events (deadline_rules.yaml).

One function per `condition` tag of the rules file; each returns (start, stop) pairs. A
stop is the first qualifying event on or after the start; the engine in
`pathway.deadlines` turns the dates into a state with `domain.rules.evaluate_deadline`.
A second primary cancer runs the suspicion (D1, D2), treatment (D4), dispensary (D5),
neglected-case (027-2/у) clocks and the tumour-board check again, on its own records
(`pathway.episodes`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from domain.calendar import add_months
from domain.codes import (
    STAGING_MONTHS_AFTER_DIAGNOSIS,
    asserts_diagnosis,
    is_neglected,
    is_oncology_sign,
    is_secondary,
    is_suspicion_code,
)
from domain.rules import DeadlineRule
from domain.vocabulary import TREATMENT_KINDS
from pathway.episodes import (
    Episode,
    Primary,
    cancer_site,
    diagnosed_sites,
    episodes,
    first_diagnosis_on,
    is_follow_up_code,
    is_set_diagnosis,
    named_site,
    patient_primaries,
    sites_known_on,
)
from pathway.facts import EventFact, PatientFacts

ONCOLOGY_KINDS = frozenset({"caop", "pok", "oncology-dispensary", "nmic"})
DIAGNOSTIC_TARGET_KINDS = frozenset({"laboratory", "hospital", "commercial"})
ONCOLOGIST_CODE = "309295000"  # SNOMED CT "oncologist" as a referral performer type
# A referral naming no site (Z03.1, a symptom) in a patient already treated for cancer is
# the work-up of a second primary only when that cancer is diagnosed within this many
# months: the legal path from suspicion to diagnosis (D1–D3) is a few weeks, and the
# follow-up of the first cancer sends such referrals every few months for years.
WORK_UP_MONTHS = 3


@dataclass(frozen=True)
class Clock:
    """One run of a deadline rule: the event that started it and (maybe) the one that
    stopped it. `started_on` can differ from the start event's date (D3 specimen)."""

    rule: DeadlineRule
    start: EventFact
    started_on: date
    stop: EventFact | None
    # the cancer the clock is about, when the clock knows it better than its records (a
    # tumour-board check runs per cancer); None: the start or stop record's code says it
    icd10: str | None = None

    @property
    def stopped_on(self) -> date | None:
        return self.stop.on if self.stop else None


def _anything(_: EventFact) -> bool:
    return True


def _first_after(
    events: Sequence[EventFact], start: EventFact, on: date, kinds: Iterable[str],
    accept: Callable[[EventFact], bool] = _anything,
) -> EventFact | None:
    wanted = set(kinds)
    for event in events:
        if event.key != start.key and event.on >= on and event.kind in wanted and accept(event):
            return event
    return None


def _suspected(event: EventFact) -> bool:
    return event.care_stage == "suspicion" or is_suspicion_code(event.icd10) or (
        is_oncology_sign(event.icd10))


def _to_oncologist(event: EventFact) -> bool:
    return event.target_kind in ONCOLOGY_KINDS or any(ONCOLOGIST_CODE in c for c in event.codes)


def _asks_tests(referral: EventFact) -> bool:
    """D2, not D1: what the referral asks (its code) when it says; else where it sends."""
    if referral.asks is not None:
        return referral.asks == "diagnostics"
    return referral.target_kind in DIAGNOSTIC_TARGET_KINDS and not _to_oncologist(referral)


def _suspects_new_primary(referral: EventFact, primaries: list[Primary],
                          diagnosed: list[tuple[date, str]]) -> bool:
    """After a cancer was diagnosed: a referral naming a site no cancer diagnosed by then
    had (a suspected new primary), or one naming no site (Z03.1, a symptom, a metastasis)
    made after one cancer's diagnosis when the next cancer diagnosed after it, within
    WORK_UP_MONTHS, is at a new site (the referral was its work-up). A referral about a
    known site, or for follow-up (Z08, Z85, Z51), is care of a known cancer."""
    site = named_site(referral.icd10)
    if site is not None:
        return site not in sites_known_on(diagnosed, referral.on)
    if is_follow_up_code(referral.icd10):
        return False
    known = sites_known_on(diagnosed, referral.on)
    following = next((i for i, p in enumerate(primaries) if p.diagnosed_on > referral.on), 0)
    return following > 0 and primaries[following].site not in known and (
        primaries[following - 1].diagnosed_on < referral.on) and (
        primaries[following].diagnosed_on <= add_months(referral.on, WORK_UP_MONTHS))


def _suspicion_referrals(facts: PatientFacts, to_oncologist: bool) -> list[EventFact]:
    """Referrals made on suspicion before the first cancer was diagnosed, or on suspicion
    of a new primary after it (`_suspects_new_primary`)."""
    first = first_diagnosis_on(facts)
    primaries = patient_primaries(facts) if first else []
    diagnosed = diagnosed_sites(facts, primaries) if first else []
    return [
        e for e in facts.events
        if e.kind == "referral" and _suspected(e) and e.asks != "hospitalization"
        and ((_to_oncologist(e) and not _asks_tests(e)) if to_oncologist else _asks_tests(e))
        and (first is None or e.on < first or _suspects_new_primary(e, primaries, diagnosed))
    ]


def _simple(rule: DeadlineRule, facts: PatientFacts, starts: Iterable[EventFact],
            stops: Callable[[EventFact], Callable[[EventFact], bool]] | None = None,
            ) -> list[Clock]:
    """A clock per start, stopped by the first later event of the rule's stop kinds (that
    `stops(start)` accepts, when given)."""
    return [Clock(rule, s, s.on, _first_after(facts.events, s, s.on, rule.stops_on,
                                              stops(s) if stops else _anything))
            for s in starts]


def suspicion_referral(rule: DeadlineRule, facts: PatientFacts) -> list[Clock]:
    """D1 stops at the oncologist's consultation (ЦАОП/ПОК): a consultation in an oncology
    organisation or in the one the referral named, not any doctor's visit."""
    def by_oncologist(referral: EventFact) -> Callable[[EventFact], bool]:
        return lambda visit: visit.at_kind in ONCOLOGY_KINDS or (
            visit.at_oid is not None and visit.at_oid == referral.target_oid)
    return _simple(rule, facts, _suspicion_referrals(facts, to_oncologist=True), by_oncologist)


def suspicion_diagnostics(rule: DeadlineRule, facts: PatientFacts) -> list[Clock]:
    """D2 stops at the tests the order asked for: a result that names the order
    (basedOn) or comes from the organisation it was sent to — not any test done anywhere
    (a routine blood count at the polyclinic). An order naming no organisation is
    answered by any test."""
    def answers(order: EventFact) -> Callable[[EventFact], bool]:
        return lambda result: order.key in result.based_on or order.target_oid is None or (
            result.at_oid is not None and result.at_oid == order.target_oid)
    return _simple(rule, facts, _suspicion_referrals(facts, to_oncologist=False), answers)


def specimen_received(rule: DeadlineRule, facts: PatientFacts) -> list[Clock]:
    # The report itself stops the clock that its specimen's arrival started.
    return [Clock(rule, e, e.specimen_received_on, e) for e in facts.events
            if e.kind in rule.starts_on and e.specimen_received_on is not None]


def verified_diagnosis(rule: DeadlineRule, facts: PatientFacts) -> list[Clock]:
    """D4 runs from the histological verification to the start of treatment — or from a
    diagnosis set without histology. Treatment begun before the report came back (the
    usual surgical pathway: the report describes the removed tumour) was begun on a
    diagnosis set without it: that diagnosis starts the clock and the treatment stops it,
    and treatment with no set diagnosis before it leaves nothing to time.

    One clock per primary cancer, on that cancer's reports and diagnoses
    (`pathway.episodes`); the first treatment on or after its start stops it, unless the
    treatment names another cancer's site, and a later cancer's clock ignores treatment
    given before it was diagnosed (the earlier cancer's)."""
    return [clock for episode in episodes(facts)
            for clock in _verified_diagnosis_of(rule, facts, episode)]


def _verified_diagnosis_of(rule: DeadlineRule, facts: PatientFacts,
                           episode: Episode) -> list[Clock]:
    verified = [e for e in episode.events if e.kind in ("pathology", "cytology")
                and e.malignant_morphology]
    # "or diagnosis set without histology": a set diagnosis, never a suspicion
    diagnoses = [e for e in episode.events if is_set_diagnosis(e)]
    if not verified:
        return _simple(rule, facts, diagnoses[:1], _concerning(episode))
    report = verified[0]
    treated_before = next((e for e in facts.events
                           if e.kind in rule.stops_on and e.on < report.on
                           and (episode.since is None or e.on >= episode.since)
                           and episode.may_be_treated_by(e)), None)
    if treated_before is None:
        return _simple(rule, facts, [report], _concerning(episode))
    set_before = next((d for d in diagnoses if d.on <= treated_before.on), None)
    return [Clock(rule, set_before, set_before.on, treated_before)] if set_before else []


def confirmed_diagnosis(rule: DeadlineRule, facts: PatientFacts) -> list[Clock]:
    """D5 runs from a cancer's first confirmed C00–C97 diagnosis to the first dispensary
    observation record on or after it. One clock per primary cancer (`pathway.episodes`):
    a later cancer's starts at its own diagnosis, so the observation established for an
    earlier one years before does not stop it, nor does a record naming another cancer's
    site."""
    return [clock for episode in episodes(facts)
            for clock in _simple(rule, facts, [e for e in episode.events
                                               if is_set_diagnosis(e)][:1],
                                 _concerning(episode))]


def _concerning(episode: Episode) -> Callable[[EventFact], Callable[[EventFact], bool]]:
    """A stop filter for `_simple`: records not naming another of the patient's cancers."""
    return lambda _: episode.may_concern


def neglected(rule: DeadlineRule, facts: PatientFacts) -> list[Clock]:
    """027-2/у: a cancer *newly found* at stage IV (III for visual sites), staged with
    its diagnosis — not a suspicion, a metastasis code or a progression years later.
    Each primary cancer is judged on its own records, staged within
    STAGING_MONTHS_AFTER_DIAGNOSIS of its own first diagnosis (`pathway.episodes`): a
    second cancer found advanced needs its own protocol, and each protocol answers one."""
    starts = [start for episode in episodes(facts)
              if (start := _found_advanced(rule, episode)) is not None]
    return _each_stopped_once(rule, facts, starts)


def _found_advanced(rule: DeadlineRule, episode: Episode) -> EventFact | None:
    """The record that stages the episode's cancer as neglected at its diagnosis, if any."""
    if episode.anchor is None:
        return None
    until = add_months(episode.anchor, STAGING_MONTHS_AFTER_DIAGNOSIS)
    icd10 = None
    for event in episode.events:
        if event.on > until:
            break
        if event.kind == "diagnosis" and not asserts_diagnosis(event.verification):
            continue
        if event.malignant_diagnosis and not is_secondary(event.icd10):
            icd10 = event.icd10
        code = icd10 or episode.code
        if event.kind in rule.starts_on and not is_secondary(event.icd10) and \
                is_neglected(code, event.stage):
            return event
    return None


def new_diagnosis(rule: DeadlineRule, facts: PatientFacts) -> list[Clock]:
    """One clock per new primary site (`cancer_site`: C33 then C34 is one lung cancer, as
    the tumours count it); each 090/у notification stops one clock."""
    seen: set[str] = set()
    starts = []
    for event in facts.events:
        site = cancer_site(event.icd10)
        # C77–C79 are metastases of a primary, not a new primary needing its own 090/у
        if (event.kind in rule.starts_on and event.malignant_diagnosis
                and not is_secondary(event.icd10) and site not in seen):
            if not asserts_diagnosis(event.verification):
                continue
            seen.add(site or "")
            starts.append(event)
    return _each_stopped_once(rule, facts, starts)


def _each_stopped_once(rule: DeadlineRule, facts: PatientFacts,
                       starts: list[EventFact]) -> list[Clock]:
    """A clock per start, each stopped by the first later event of the rule's stop kinds
    that no earlier clock took: one 090/у notice or 027-2/у protocol answers one cancer."""
    used: set[str] = set()
    clocks = []
    for start in starts:
        stop = _first_after(facts.events, start, start.on, rule.stops_on,
                            lambda e: e.key not in used)
        if stop:
            used.add(stop.key)
        clocks.append(Clock(rule, start, start.on, stop))
    return clocks


def dispensary_year(year: int | None) -> Callable[[DeadlineRule, PatientFacts], list[Clock]]:
    """D6/D7/D8: each visit (or the registration) starts a clock that the next visit stops;
    the year of observation of the start picks the rule (None = year 3 and later)."""

    def clocks(rule: DeadlineRule, facts: PatientFacts) -> list[Clock]:
        points = dispensary_points(facts)
        if not points:
            return []
        registered_on = points[0].on
        result = []
        for index, point in enumerate(points):
            observed = observation_year(registered_on, point.on)
            if (year is None and observed >= 3) or observed == year:
                stop = points[index + 1] if index + 1 < len(points) else None
                result.append(Clock(rule, point, point.on, stop))
        return result

    return clocks


def dispensary_points(facts: PatientFacts) -> list[EventFact]:
    """The registration and every later dispensary visit (consultations count as visits)."""
    registration = next((e for e in facts.events if e.kind == "dispensary-observation"), None)
    if registration is None:
        return []
    visit_kinds = ("dispensary-observation", "consultation", "outpatient")
    return [registration] + [e for e in facts.events if e.on > registration.on
                             and e.kind in visit_kinds]


def observation_year(registered_on: date, on: date) -> int:
    """1 for the first twelve months after registration, 2 for the next twelve, …"""
    year = 1
    while add_months(registered_on, 12 * year) <= on:
        year += 1
    return year


def tumor_board_checks(rule: DeadlineRule, facts: PatientFacts) -> list[Clock]:
    """The tumour-board precondition: per primary cancer (`pathway.episodes`), its first
    treatment (`start`) and the board that preceded it, if any (`stop`; on the same day
    counts). A later cancer's first treatment is the first on or after its diagnosis, and
    its board must be held no earlier than its work-up began (`Episode.work_up_began_on`):
    the board of an earlier cancer years before does not count. A treatment or board
    naming another cancer's site is not this cancer's. A treatment that is the first of
    two cancers (found together) is checked once, for the earlier one."""
    checked: set[str] = set()
    clocks = []
    for episode in episodes(facts):
        treatment = next((e for e in facts.events if e.kind in TREATMENT_KINDS
                          and (episode.since is None or e.on >= episode.since)
                          and episode.may_be_treated_by(e)), None)
        if treatment is None or treatment.key in checked:
            continue
        checked.add(treatment.key)
        began = episode.work_up_began_on(WORK_UP_MONTHS)
        board = next((e for e in facts.events if e.kind in rule.starts_on
                      and e.on <= treatment.on and (began is None or e.on >= began)
                      and episode.may_concern(e)), None)
        clocks.append(Clock(rule, treatment, treatment.on, board,
                            episode.code or treatment.icd10))
    return clocks


CONDITIONS: dict[str | None, Callable[[DeadlineRule, PatientFacts], list[Clock]]] = {
    "suspicion-referral": suspicion_referral,
    "suspicion-diagnostics-ordered": suspicion_diagnostics,
    "specimen-received": specimen_received,
    "verified-diagnosis": verified_diagnosis,
    "confirmed-diagnosis": confirmed_diagnosis,
    "neglected": neglected,
    "new-diagnosis": new_diagnosis,
    "dispensary-year-1": dispensary_year(1),
    "dispensary-year-2": dispensary_year(2),
    "dispensary-year-3-on": dispensary_year(None),
}
