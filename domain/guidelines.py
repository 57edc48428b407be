"""Clinical-guideline recommendations per tumour site group, and their evaluation.

Data: ``domain/data/guidelines/<site-group>.yaml`` (one per group, citing the Минздрав
clinical guideline id and year) plus ``_common.yaml`` (tumour board, dispensary schedule
of order 548н, morphological verification). :func:`recommendations_for` picks what
applies to a tumour; :func:`evaluate_guidelines` compares them with simple record facts
and says what is done, what is missing, and what comes next by when.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from domain._data import data_names, load_yaml
from domain.basis import is_microscopic, record_basis
from domain.calendar import add_months, add_working_days, full_years_between
from domain.codes import normalise_icd10, stage_group
from domain.errors import DomainDataError
from domain.vocabulary import TREATMENT_KINDS, EventKind

_FOLDER = "guidelines"
_COMMON = f"{_FOLDER}/_common.yaml"
D2_WORKING_DAYS = 7  # diagnostics on suspicion (deadline_rules.yaml D2)
D4_WORKING_DAYS = 7  # treatment after verification (deadline_rules.yaml D4)
# A tumour's episode starts at its first record (suspicion, referral); the study that raised
# the suspicion (a GP's CT, a marker) is often done a few weeks before the referral, so it
# still counts. Older records belong to another episode (an earlier cancer's staging): a
# month covers D1 + D2 (3 + 7 working days) with room for the referral to be written.
EPISODE_LOOKBACK_DAYS = 30

Group = Literal["diagnostics", "verification", "tumor-board", "dispensary"]
ItemState = Literal["done", "missing", "late"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Recognition(_Frozen):
    """How a recommendation shows up in records: record kind plus codes or keywords."""

    kinds: tuple[EventKind, ...] = Field(min_length=1)
    loinc: tuple[str, ...] = ()
    snomed: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    any_record_of_kind: bool = False
    # Met by a record that morphologically verifies the diagnosis by the rule of the
    # tumour's basis (domain/basis.py), whatever its kind: a benign or uncoded pathology
    # report is no verification, so the item and the tumour table cannot disagree.
    microscopic: bool = False
    # Body regions an item names together («грудной клетки и брюшной полости»): each needs a
    # matching record whose text (or the name of its imaging code, see `imaging_codes` in
    # _common.yaml) names it, in one study or several. A chest-only CT matches the keywords
    # but leaves the abdomen unimaged.
    regions: tuple[tuple[str, ...], ...] = ()

    def met_on(self, facts: Iterable[RecordFact]) -> list[date]:
        """Days (in the facts' order) on which the item is met: every matching record's
        day, or with ``regions`` each one's from the day the last region is covered."""
        matching = [f for f in facts if self.matches(f)]
        if not self.regions:
            return [f.on for f in matching]
        covered: set[int] = set()
        days = []
        for fact in matching:
            text = _readable(fact)
            covered |= {i for i, stems in enumerate(self.regions)
                        if any(stem in text for stem in stems)}
            if len(covered) == len(self.regions):
                days.append(fact.on)
        return days

    def matches(self, fact: RecordFact) -> bool:
        """True when the fact is of a listed kind and (if required) carries a code/keyword;
        with ``microscopic`` when it morphologically verifies the diagnosis, whatever its kind."""
        if self.microscopic:
            return is_microscopic(record_basis(
                {"kind": fact.kind, "morphology": fact.morphology, "basis": fact.basis}))
        if fact.kind not in self.kinds:
            return False
        if self.any_record_of_kind:
            return True
        if fact.codes & (set(self.loinc) | set(self.snomed)):
            return True
        text = _readable(fact)
        return any(word in text for word in self.keywords)


def _readable(fact: RecordFact) -> str:
    """The fact's text with the names of its imaging codes, lower-case: a study sent with
    only its LOINC code (no text) is then recognised and covers its regions."""
    names = sorted(name for code in fact.codes if (name := _common().imaging_codes.get(code)))
    return " ".join([fact.text, *names]).lower()


class GuidelineRef(_Frozen):
    """The clinical guideline a recommendation comes from."""

    id: str
    title_ru: str
    year: int = Field(ge=2000)
    source: str
    verify: bool = False


class Recommendation(_Frozen):
    """One thing the guideline (or order) expects for this tumour."""

    id: str
    group: Group
    title_ru: str
    recognise: Recognition
    source: str
    guideline_id: str | None = None
    guideline_year: int | None = None
    verify: bool = False


class RecordFact(_Frozen):
    """A record reduced to what the evaluator needs: kind, clinical date, codes, text, and
    for the morphological verification its ICD-O-3 morphology and a registrar's basis."""

    kind: str
    on: date
    codes: frozenset[str] = frozenset()
    text: str = ""
    morphology: str | None = None
    basis: int | str | None = None


class ItemStatus(_Frozen):
    """Whether one recommendation is met (``late`` = done only after treatment started)."""

    recommendation: Recommendation
    state: ItemState
    done_on: date | None = None


class NextStep(_Frozen):
    """What should happen next, by when (``None`` when no deadline applies yet)."""

    title_ru: str
    due_on: date | None
    because: str


class GuidelineReport(_Frozen):
    """The passport's view of guideline adherence for one tumour."""

    site_group: str | None
    guideline: GuidelineRef | None
    items: tuple[ItemStatus, ...]
    next_steps: tuple[NextStep, ...]

    @property
    def done(self) -> list[Recommendation]:
        return [i.recommendation for i in self.items if i.state == "done"]

    @property
    def missing(self) -> list[Recommendation]:
        return [i.recommendation for i in self.items if i.state != "done"]


class _Item(_Frozen):
    id: str
    title_ru: str
    recognise: Recognition
    stages: tuple[str, ...] | None = None


class _SiteGroup(_Frozen):
    id: str
    title_ru: str
    icd10: tuple[str, ...] = Field(min_length=1)
    guideline: GuidelineRef
    diagnostics: tuple[_Item, ...] = Field(min_length=1)
    dispensary_note_ru: str | None = None


class _ScheduleStep(_Frozen):
    from_year: int = Field(ge=1)
    to_year: int | None = None
    every_months: int = Field(ge=1)


class _Dispensary(_Item):
    source: str
    establish_within_working_days: int = Field(ge=1)
    schedule: tuple[_ScheduleStep, ...] = Field(min_length=1)


class _Common(_Frozen):
    tumor_board: _CommonItem
    dispensary: _Dispensary
    histology: _Item
    # LOINC imaging code → its LOINC name (English, as the region stems expect)
    imaging_codes: dict[str, str] = {}


class _CommonItem(_Item):
    source: str


_Common.model_rebuild()


def _validated(model: type[BaseModel], name: str) -> BaseModel:
    try:
        return model.model_validate(load_yaml(name))
    except ValidationError as exc:
        raise DomainDataError(f"{name} is invalid: {exc}") from exc


@cache
def _common() -> _Common:
    return _validated(_Common, _COMMON)  # type: ignore[return-value]


@cache
def _site_groups() -> tuple[_SiteGroup, ...]:
    names = [n for n in data_names(_FOLDER, ".yaml") if not n.endswith("/_common.yaml")]
    groups = tuple(_validated(_SiteGroup, n) for n in names)
    if not groups:
        raise DomainDataError("no guideline files found")
    return groups  # type: ignore[return-value]


def _in_range(code: str, spec: str) -> bool:
    first, _, last = spec.partition("-")
    if "." in first:  # a four-character entry matches that code only
        return code == first or code.startswith(first)
    site = code[:3]
    return first <= site <= (last or first) and site[0] == first[0]


def site_group_for(icd10: str | None) -> str | None:
    """Id of the guideline site group covering an ICD-10 code (``C50.4`` → ``breast``)."""
    group = _group_for(icd10)
    return group.id if group else None


def site_groups() -> list[tuple[str, str, GuidelineRef]]:
    """All site groups as ``(id, Russian title, guideline)``."""
    return [(g.id, g.title_ru, g.guideline) for g in _site_groups()]


@lru_cache(maxsize=4096)
def _group_for(icd10: str | None) -> _SiteGroup | None:
    code = normalise_icd10(icd10)
    if code is None:
        return None
    return next((g for g in _site_groups() if any(_in_range(code, s) for s in g.icd10)), None)


@lru_cache(maxsize=4096)
def recommendations_for(icd10: str | None, stage: str | None) -> tuple[Recommendation, ...]:
    """Recommendations for a tumour: site diagnostics for the stage, verification, board,
    dispensary. Unknown stage keeps stage-specific items; an uncovered site gets only the
    common ones (verification, tumour board, dispensary).

    A pure function of the code and the stage over data read once, asked for every
    tumour of every passport shown: remembered (the items are frozen models).
    """
    common, group, roman = _common(), _group_for(icd10), stage_group(stage)
    items: list[Recommendation] = []
    if group is not None:
        ref = group.guideline
        for item in group.diagnostics:
            if item.stages is not None and roman is not None and roman not in item.stages:
                continue
            items.append(
                Recommendation(
                    id=f"{group.id}:{item.id}",
                    group="diagnostics",
                    title_ru=item.title_ru,
                    recognise=item.recognise,
                    source=ref.source,
                    guideline_id=ref.id,
                    guideline_year=ref.year,
                    verify=ref.verify,
                )
            )
    ref_id = group.guideline.id if group else None
    ref_year = group.guideline.year if group else None
    histology_source = group.guideline.source if group else common.tumor_board.source
    items.append(
        Recommendation(
            id=common.histology.id,
            group="verification",
            title_ru=common.histology.title_ru,
            recognise=common.histology.recognise,
            source=histology_source,
            guideline_id=ref_id,
            guideline_year=ref_year,
        )
    )
    items.append(
        Recommendation(
            id=common.tumor_board.id,
            group="tumor-board",
            title_ru=common.tumor_board.title_ru,
            recognise=common.tumor_board.recognise,
            source=common.tumor_board.source,
        )
    )
    items.append(
        Recommendation(
            id=common.dispensary.id,
            group="dispensary",
            title_ru=common.dispensary.title_ru,
            recognise=common.dispensary.recognise,
            source=common.dispensary.source,
        )
    )
    return tuple(items)


def dispensary_interval_months(years_observed: int) -> int:
    """Months between dispensary visits in the given year of observation (1-based, 548н)."""
    for step in _common().dispensary.schedule:
        if step.from_year <= years_observed and (
            step.to_year is None or years_observed <= step.to_year
        ):
            return step.every_months
    raise DomainDataError(f"no dispensary interval for year {years_observed}")


def _first(facts: Iterable[RecordFact], kinds: Iterable[str]) -> date | None:
    wanted = set(kinds)
    return min((f.on for f in facts if f.kind in wanted), default=None)


def evaluate_guidelines(
    icd10: str | None,
    stage: str | None,
    facts: Iterable[RecordFact],
    today: date,
    *,
    episode_start: date | None = None,
    deceased: bool = False,
    morphologically_verified: bool | None = None,
) -> GuidelineReport:
    """What is done, what is missing, and what comes next by when, for one tumour.

    ``episode_start`` (the tumour's first record): records more than
    :data:`EPISODE_LOOKBACK_DAYS` before it are another episode's and credit nothing.
    ``deceased``: a dead patient has no next step.
    ``morphologically_verified``: the tumour's own answer (domain/basis.py over the records
    concerning it), which the verification item then shows: a report of no tumour cannot
    tick it for an unverified tumour, and a verified tumour whose report the facts lack
    (a registrar's basis) has it done, on the day of a verifying fact if there is one.
    """
    earliest = episode_start - timedelta(days=EPISODE_LOOKBACK_DAYS) if episode_start else None
    facts = sorted((f for f in facts if earliest is None or f.on >= earliest), key=lambda f: f.on)
    recs = recommendations_for(icd10, stage)
    treatment_on = _first(facts, TREATMENT_KINDS)
    statuses = tuple(_verified(status, morphologically_verified)
                     for status in (_status(rec, facts, treatment_on) for rec in recs))
    group = _group_for(icd10)
    return GuidelineReport(
        site_group=group.id if group else None,
        guideline=group.guideline if group else None,
        items=statuses,
        next_steps=() if deceased else tuple(_next_steps(statuses, facts, treatment_on, today)),
    )


def _status(rec: Recommendation, facts: list[RecordFact], treatment_on: date | None) -> ItemStatus:
    matches = rec.recognise.met_on(facts)
    if rec.group == "dispensary" or treatment_on is None:
        return ItemStatus(
            recommendation=rec,
            state="done" if matches else "missing",
            done_on=matches[0] if matches else None,
        )
    before = [d for d in matches if d <= treatment_on]
    if before:
        return ItemStatus(recommendation=rec, state="done", done_on=before[0])
    if matches:
        return ItemStatus(recommendation=rec, state="late", done_on=matches[0])
    return ItemStatus(recommendation=rec, state="missing")


def _verified(status: ItemStatus, verified: bool | None) -> ItemStatus:
    if verified is None or status.recommendation.group != "verification":
        return status
    if not verified:
        return ItemStatus(recommendation=status.recommendation, state="missing")
    if status.state == "missing":
        return ItemStatus(recommendation=status.recommendation, state="done")
    return status


def _next_steps(
    statuses: tuple[ItemStatus, ...],
    facts: list[RecordFact],
    treatment_on: date | None,
    today: date,
) -> list[NextStep]:
    common = _common()
    by_group = {
        s.recommendation.group: s for s in statuses if s.recommendation.group != "diagnostics"
    }
    verified_on = by_group["verification"].done_on
    diagnosis_on = _first(facts, ["diagnosis"]) or verified_on
    started_on = facts[0].on if facts else today
    steps: list[NextStep] = []
    if treatment_on is None:
        due = add_working_days(verified_on, D4_WORKING_DAYS) if verified_on else None
        diag_due = due or add_working_days(started_on, D2_WORKING_DAYS)
        for s in statuses:
            if s.state == "missing" and s.recommendation.group in ("diagnostics", "verification"):
                steps.append(
                    NextStep(
                        title_ru=s.recommendation.title_ru,
                        due_on=diag_due,
                        because=s.recommendation.source,
                    )
                )
        if by_group["tumor-board"].state == "missing":
            steps.append(
                NextStep(
                    title_ru=common.tumor_board.title_ru,
                    due_on=due,
                    because=common.tumor_board.source,
                )
            )
        steps.append(
            NextStep(
                title_ru="Начало специализированного лечения",
                due_on=due,
                because="D4: 7 рабочих дней после гистологической верификации",
            )
        )
    dispensary = by_group["dispensary"]
    if dispensary.state == "missing" and diagnosis_on is not None:
        due = add_working_days(diagnosis_on, common.dispensary.establish_within_working_days)
        steps.append(
            NextStep(
                title_ru="Постановка на диспансерное наблюдение",
                due_on=due,
                because=common.dispensary.source,
            )
        )
    elif dispensary.done_on is not None:
        steps.append(_next_visit(dispensary.done_on, facts, today))
    return steps


def _next_visit(registered_on: date, facts: list[RecordFact], today: date) -> NextStep:
    visit_kinds = {"dispensary-observation", "consultation", "outpatient"}
    last = max(
        (f.on for f in facts if f.kind in visit_kinds and f.on >= registered_on),
        default=registered_on,
    )
    year = 1 + full_years_between(registered_on, last)
    due = add_months(last, dispensary_interval_months(year))
    return NextStep(
        title_ru="Диспансерный прием онколога",
        due_on=due,
        because=f"{_common().dispensary.source}: год наблюдения {year}",
    )
