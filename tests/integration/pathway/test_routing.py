"""Next-organisation routing from the regional routing order, capability, load and budget."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from api.graphql.context import RequestContext
from api.graphql.schema import schema
from api.security import Principal
from graph.database import Graph
from pathway import refresh_patients
from pathway.routing import recommend_next_organization
from pathway.routing_order import load_routing_csv
from tests.factories import OrganizationSpec, add_organization, add_patient, add_record
from tests.integration.pathway.conftest import (
    CAOP,
    DISPENSARY,
    LABORATORY,
    POLYCLINIC,
    TODAY,
    add_region,
)

ROUTING_CSV = Path(__file__).resolve().parents[2] / "data" / "pathway" / "routing.csv"
HOSPITAL = "1.2.643.5.1.13.13.12.1.5"
SUSPICION = {"icd10": "C50.4", "careStage": "suspicion", "verification": "provisional"}


def _setup(graph: Graph) -> None:
    add_region(graph)
    add_organization(graph, OrganizationSpec(HOSPITAL, "ЦРБ", "hospital",
                                             capabilities=["surgery", "ct"]))
    assert load_routing_csv(graph, ROUTING_CSV) == 15
    assert load_routing_csv(graph, ROUTING_CSV) == 15  # idempotent
    count = graph.read_text("MATCH (r:RoutingRule)-[:ROUTES_TO]->() RETURN count(r) AS n")
    assert count == [{"n": 15}]


def test_suspicion_goes_to_the_caop_of_the_routing_order(graph: Graph) -> None:
    _setup(graph)
    patient = add_patient(graph)
    add_record(graph, patient, "referral", date(2026, 2, 27), at=POLYCLINIC, facts=SUSPICION)
    refresh_patients(graph, [patient], TODAY)

    advice = recommend_next_organization(graph, patient, TODAY)

    assert advice.step == "first-oncology" and advice.site == "C50"
    assert advice.recommended is not None and advice.recommended.oid == CAOP
    assert any("порядке маршрутизации" in r for r in advice.recommended.reasons)


def test_treatment_prefers_the_routing_order_then_a_less_loaded_second_choice(
        graph: Graph) -> None:
    _setup(graph)
    patient = add_patient(graph)
    add_record(graph, patient, "pathology", date(2026, 2, 20), at=LABORATORY,
               facts={"morphology": "8500/3", "behaviour": "3", "icd10": "C50.4"})
    add_record(graph, patient, "tumor-board", date(2026, 2, 24), at=DISPENSARY)
    refresh_patients(graph, [patient], TODAY)

    relaxed = recommend_next_organization(graph, patient, date(2026, 2, 25))
    assert relaxed.step == "treatment"
    assert relaxed.recommended is not None and relaxed.recommended.oid == DISPENSARY

    # Many open pathways wait at the dispensary and the D4 budget is almost spent.
    for _ in range(6):
        waiting = add_patient(graph, snils=None)
        add_record(graph, waiting, "pathology", date(2026, 2, 26), at=DISPENSARY,
                   facts={"morphology": "8500/3", "behaviour": "3"})
        refresh_patients(graph, [waiting], TODAY)
    urgent = recommend_next_organization(graph, patient, TODAY)

    assert urgent.budget_working_days is not None and urgent.budget_working_days <= 2
    assert urgent.recommended is not None and urgent.recommended.oid == HOSPITAL
    loads = {c.oid: c.load for c in [urgent.recommended, *urgent.alternatives]}
    assert loads[DISPENSARY] == 7  # the six waiting and this patient itself
    # the deadline by its code and Russian title, not a rule id alone
    assert any(reason.startswith("Срок D4 («") for reason in urgent.reasons), urgent.reasons


NEXT = """query($id: String!) { nextOrganization(patientId: $id, today: "2026-03-02") {
  step recommended { oid } } }"""


def test_routing_advice_follows_the_row_level_rule_and_is_audited(graph: Graph) -> None:
    """Any signed-in user could ask the advice (site, district, deadline) of any patient."""
    _setup(graph)
    patient = add_patient(graph)  # Центральный
    add_record(graph, patient, "referral", date(2026, 2, 27), at=POLYCLINIC, facts=SUSPICION)
    refresh_patients(graph, [patient], TODAY)

    def ask(principal: Principal) -> tuple[Any, list[str]]:
        result = schema.execute_sync(NEXT, variable_values={"id": patient},
                                     context_value=RequestContext(graph, principal))
        return result.data, [e.message for e in result.errors or []]

    data, errors = ask(Principal("coord-c", "coordinator", district="Центральный"))
    assert errors == [] and data["nextOrganization"]["recommended"]["oid"] == CAOP
    for outsider in (Principal("coord-n", "coordinator", district="Северный"),
                     Principal("analyst-1", "analyst")):
        assert ask(outsider)[1] == ["Паспорт не найден или недоступен для вашей роли."]
    audit = graph.read_text("MATCH (a:AuditEntry {action: 'pathway.next_organization'}) "
                            "RETURN a.userId AS user, a.outcome AS outcome ORDER BY user")
    assert audit == [{"user": "analyst-1", "outcome": "refused"},
                     {"user": "coord-c", "outcome": "shown"},
                     {"user": "coord-n", "outcome": "refused"}]


def test_a_treatment_given_without_a_board_is_not_the_routing_deadline(graph: Graph) -> None:
    """The missed board-before-treatment precondition is due on the treatment's day and no
    referral can catch it up: the advice does not cite it as «просрочен на N раб. дн.»."""
    _setup(graph)
    patient = add_patient(graph)
    add_record(graph, patient, "pathology", date(2026, 1, 12), at=LABORATORY,
               facts={"morphology": "8500/3", "behaviour": "3", "icd10": "C50.4"})
    add_record(graph, patient, "surgery", date(2026, 1, 26), at=HOSPITAL,
               facts={"icd10": "C50.4"})
    refresh_patients(graph, [patient], TODAY)
    open_rules = {row["rule"] for row in graph.read("find_patient_open_deadlines",
                                                    patientId=patient)}
    assert "tumor-board-before-treatment" in open_rules  # missed, and still open

    advice = recommend_next_organization(graph, patient, TODAY)

    assert advice.step == "dispensary"
    # nothing else is open: no deadline to cite, no budget, nothing overdue
    assert [r for r in advice.reasons if r.startswith("Срок")] == [], advice.reasons
    assert (advice.budget_working_days, advice.overdue_working_days) == (None, None)
