"""Next-organisation routing: where the patient's next step should happen, and why.

Candidates come from the regional routing order (district × site × step), plus any
organisation able to do the step; they are ranked by routing order, then by load (open
pathways), and load weighs more when the deadline budget is nearly spent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.calendar import default_calendar
from domain.codes import asserts_diagnosis
from domain.rules import DeadlineRule, load_rules
from domain.vocabulary import TREATMENT_KINDS
from graph.database import Graph
from onkopassport.errors import NotFoundError
from pathway.facts import PatientFacts, _native, fetch_facts

# step → (capability needed, organisation kinds that can take it without a capability,
#         deadline rule whose budget applies, Russian name)
STEPS: dict[str, tuple[str | None, tuple[str, ...], str | None, str]] = {
    "first-oncology": (None, ("caop", "pok"), "D1", "консультация онколога (ЦАОП/ПОК)"),
    "diagnostics": ("ct", (), "D2", "диагностика (КТ, стадирование)"),
    "pathology": ("pathology", (), "D3", "патоморфологическое исследование"),
    "tumor-board": ("tumor-board", (), "D4", "онкологический консилиум"),
    "treatment": ("surgery", (), "D4", "специализированное лечение"),
    "dispensary": (None, ("caop", "pok"), "D5", "диспансерное наблюдение"),
}
URGENT_BUDGET = 2  # working days: below this, a shorter queue beats the routing order


@dataclass(frozen=True)
class Candidate:
    oid: str
    name: str | None
    kind: str | None
    district: str | None
    priority: int | None
    capable: bool
    load: int
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RoutingAdvice:
    patient_id: str
    step: str
    step_ru: str
    site: str | None
    district: str | None
    budget_working_days: int | None  # what remains of the deadline, 0 once it is missed
    due_on: date | None
    recommended: Candidate | None
    alternatives: list[Candidate]
    reasons: list[str]
    overdue_working_days: int | None = None  # how far past the due date, when it is


def next_step(facts: PatientFacts) -> str:
    """The step the patient waits for, read from what already happened."""
    kinds = {e.kind for e in facts.events}
    diagnosed = any(t.diagnosed_on is not None for t in facts.tumors) or any(
        e.kind == "diagnosis" and e.malignant_diagnosis and asserts_diagnosis(e.verification)
        for e in facts.events)
    if kinds & set(TREATMENT_KINDS):
        return "dispensary"
    if "tumor-board" in kinds:
        return "treatment"
    if diagnosed or any(e.malignant_morphology for e in facts.events):
        return "tumor-board"
    if kinds & {"instrumental", "laboratory"}:
        return "pathology"
    if "consultation" in kinds:
        return "diagnostics"
    return "first-oncology"


def _budget(graph: Graph, patient_id: str, rule: str | None,
            today: date) -> tuple[int | None, date | None, str | None]:
    """Working days from today to the due date of the step's open deadline (else of the
    first open one: negative when missed), that date and how the summary names the
    deadline (`_deadline_name`). A precondition (a tumour board before a treatment already
    given) is left out: routing cannot catch it up, and its due day is the treatment's; so
    is a rule no longer in the rules file, whose stale deadline counts for nothing."""
    clocks = {r.id: r for r in load_rules().rules if r.kind == "deadline"}
    open_deadlines = [row for row in graph.read("find_patient_open_deadlines",
                                                patientId=patient_id)
                      if row["rule"] in clocks]
    rows = [r for r in open_deadlines if rule is None or r["rule"] == rule] or open_deadlines
    if not rows:
        return None, None, None
    due = _native(rows[0]["dueOn"])
    return (default_calendar().working_days_between(today, due), due,
            _deadline_name(clocks[rows[0]["rule"]]))


def _deadline_name(rule: DeadlineRule) -> str:
    """«D4 («…»)», «090/у («…»)»: the rule's Russian code and title, as the passport's table
    names them."""
    return f"{rule.code_ru or rule.id} («{rule.title_ru}»)"


def _score(row: dict[str, object], max_load: int, urgent: bool) -> tuple[float, list[str]]:
    reasons = []
    priority = row["priority"]
    if priority is not None:
        reasons.append(f"Указана в порядке маршрутизации региона (приоритет {priority})")
        order = float(priority)  # type: ignore[arg-type]
    else:
        order = 5.0
        reasons.append("Не указана в порядке маршрутизации для района и локализации")
    load = int(row["load"])  # type: ignore[call-overload]
    reasons.append(f"Открытых маршрутов: {load}")
    weight = 8.0 if urgent else 1.0
    return order + weight * load / max(max_load, 1), reasons


def recommend_next_organization(graph: Graph, patient_id: str, today: date,
                                step: str | None = None) -> RoutingAdvice:
    """Recommend the organisation for the patient's next step; reasons in Russian."""
    found = fetch_facts(graph, [patient_id])
    if not found:
        raise NotFoundError(f"Пациент {patient_id} не найден среди паспортов.")
    facts = found[0]
    step = step or next_step(facts)
    capability, kinds, rule, step_ru = STEPS[step]
    budget, due_on, deadline_rule = _budget(graph, patient_id, rule, today)
    urgent = budget is not None and budget <= URGENT_BUDGET
    rows = graph.read("find_routing_candidates", district=facts.district, step=step,
                      site=facts.site, capability=capability, kinds=list(kinds))
    capable = [r for r in rows if r["capable"] or r["priority"] is not None]
    max_load = max((int(r["load"]) for r in capable), default=0)
    candidates = []
    for row in capable:
        score, reasons = _score(row, max_load, urgent)
        if not row["capable"]:
            score += 10
            reasons.append("Нет подтверждённой возможности для этого этапа")
        if row["district"] == facts.district:
            score -= 0.5
            reasons.append("В районе проживания пациента")
        candidates.append(Candidate(row["oid"], row["name"], row["kind"], row["district"],
                                    row["priority"], bool(row["capable"]), int(row["load"]),
                                    round(score, 3), reasons))
    candidates.sort(key=lambda c: (c.score, c.oid))
    summary = [f"Следующий этап: {step_ru}"]
    overdue = -budget if budget is not None and budget < 0 else None
    if budget is not None and due_on is not None:
        left = f"просрочен на {overdue} раб. дн." if overdue else f"осталось {budget} раб. дн."
        summary.append(f"Срок {deadline_rule}: до {due_on:%d.%m.%Y}, {left}"
                       + (" — приоритет у менее загруженной организации" if urgent else ""))
    # a missed deadline has nothing left: 0, and how late it is said apart
    remaining = 0 if overdue else budget
    return RoutingAdvice(patient_id, step, step_ru, facts.site, facts.district, remaining,
                         due_on, candidates[0] if candidates else None, candidates[1:6],
                         summary, overdue_working_days=overdue)
