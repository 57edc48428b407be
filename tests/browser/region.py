"""The small region the browser tests look at: a route across three organisations, new
cases of last year, a stalled suspicion for the worklist, and one user per role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from graph.database import Graph
from tests.factories import OrganizationSpec, add_organization, add_patient, add_record, add_tumor

POLYCLINIC = "1.2.643.5.1.13.13.12.7.1"
CAOP = "1.2.643.5.1.13.13.12.7.2"
DISPENSARY = "1.2.643.5.1.13.13.12.7.3"
PASSWORD = "browser-test-password"
ROUTE_PATIENT = "browser-route"
STALLED_CENTRAL = "browser-stalled-central"
STALLED_NORTH = "browser-stalled-north"


@dataclass(frozen=True)
class Region:
    today: date
    report_year: int


def _organizations(graph: Graph) -> None:
    add_organization(graph, OrganizationSpec(POLYCLINIC, "Поликлиника № 3", "polyclinic",
                                             "Центральный"))
    add_organization(graph, OrganizationSpec(CAOP, "ЦАОП Центральный", "caop", "Центральный",
                                             ["ct", "biopsy"]))
    add_organization(graph, OrganizationSpec(
        DISPENSARY, "Областной онкодиспансер", "oncology-dispensary", "Северный",
        ["ct", "pathology", "tumor-board", "surgery", "chemotherapy", "radiotherapy"]))


def _route_patient(graph: Graph, year: int) -> None:
    add_patient(graph, ROUTE_PATIENT, family="Маршрутова", given="Анна",
                patronymic="Петровна", sex="female", birth_date=date(1968, 3, 14),
                passport_since=date(year, 2, 3))
    suspicion = {"icd10": "Z03.1", "careStage": "suspicion"}
    keys = [
        add_record(graph, ROUTE_PATIENT, "referral", date(year, 2, 3), at=POLYCLINIC,
                   referred_to=CAOP, resource_type="ServiceRequest", facts=suspicion),
        add_record(graph, ROUTE_PATIENT, "consultation", date(year, 2, 5), at=CAOP,
                   facts={"icd10": "C50.4", "verification": "provisional"}),
        add_record(graph, ROUTE_PATIENT, "pathology", date(year, 2, 12), at=DISPENSARY,
                   resource_type="DiagnosticReport",
                   facts={"icd10": "C50.4", "morphology": "8500/3"}),
        add_record(graph, ROUTE_PATIENT, "tumor-board", date(year, 2, 16), at=DISPENSARY,
                   facts={"icd10": "C50.4"}),
        add_record(graph, ROUTE_PATIENT, "surgery", date(year, 2, 20), at=DISPENSARY,
                   resource_type="Procedure", facts={"icd10": "C50.4"}),
    ]
    add_tumor(graph, ROUTE_PATIENT, "C50.4", date(year, 2, 12), stage="IIA", t="T2", n="1",
              m="M0", morphology="8500/3", active_detection=True, record_keys=keys[1:])


def _new_cases(graph: Graph, year: int) -> None:
    stages = ["I", "II", "III", "IV", "II", "I", None, "IV"]
    sites = ["C34.1", "C18.7", "C16.2", "C34.9", "C61", "C44.3", "C25.0", "C53.9"]
    for number, (stage, site) in enumerate(zip(stages, sites, strict=True)):
        patient = add_patient(graph, f"browser-case-{number}", family=f"Случаев{number}",
                              sex="male" if number % 2 else "female", snils=None,
                              district="Северный" if number % 3 else "Центральный",
                              deceased_on=date(year, 11, 1) if stage == "IV" else None)
        diagnosed = date(year, 1 + number, 10)
        key = add_record(graph, patient, "diagnosis", diagnosed, at=DISPENSARY,
                         resource_type="Condition", facts={"icd10": site})
        add_tumor(graph, patient, site, diagnosed, stage=stage, record_keys=[key])


def _stalled_suspicions(graph: Graph, today: date) -> None:
    for patient, district, family in ((STALLED_CENTRAL, "Центральный", "Ожидаев"),
                                      (STALLED_NORTH, "Северный", "Северов")):
        add_patient(graph, patient, family=family, district=district, snils=None,
                    passport_since=today - timedelta(days=40))
        add_record(graph, patient, "referral", today - timedelta(days=40), at=POLYCLINIC,
                   referred_to=CAOP, resource_type="ServiceRequest",
                   facts={"icd10": "Z03.1", "careStage": "suspicion"})


def _users(graph: Graph) -> None:
    from api.auth.users import NewUser, save_user

    for user in (NewUser("browser-admin", "admin", PASSWORD),
                 NewUser("browser-coordinator", "coordinator", PASSWORD),
                 NewUser("browser-clinician", "clinician", PASSWORD, organization_oid=DISPENSARY),
                 NewUser("browser-analyst", "analyst", PASSWORD)):
        save_user(graph, user)


def build_browser_region(graph: Graph, today: date) -> Region:
    year = today.year - 1
    _organizations(graph)
    _route_patient(graph, year)
    _new_cases(graph, year)
    _stalled_suspicions(graph, today)
    _users(graph)
    from pathway.refresh import refresh_all  # the colleague's derived layer (issue 5)

    refresh_all(graph, today)
    return Region(today, year)
