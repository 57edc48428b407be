"""The API on the real Neo4j, a small region where each role sees a known set of patients."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth.tokens import issue_token
from api.security import Principal
from graph.database import Graph
from onkopassport.settings import Settings
from tests.factories import OrganizationSpec, add_organization, add_patient, add_record, add_tumor

FHIR_SAMPLES = Path(__file__).parents[2] / "data" / "fhir_api"

ORG_POLYCLINIC = "1.2.643.5.1.13.13.12.1.1"  # Северный district
ORG_DISPENSARY = "1.2.643.5.1.13.13.12.1.2"  # Центральный district
ORG_SOUTH = "1.2.643.5.1.13.13.12.1.3"  # Южный district
ORG_NMIC = "1.2.643.5.1.13.13.12.1.4"  # federal centre: only a referral to it


@pytest.fixture(scope="session")
def client(settings: Settings, session_graph: Graph) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def bearer(settings: Settings, principal: Principal) -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(principal, settings)}"}


def sample(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FHIR_SAMPLES / name).read_text(encoding="utf-8"))
    return loaded


@dataclass(frozen=True)
class Region:
    north_patient: str  # record at the polyclinic, referral to the dispensary
    south_patient: str  # records at the southern polyclinic only


def build_region(graph: Graph) -> Region:
    add_organization(graph, OrganizationSpec(ORG_POLYCLINIC, "Поликлиника № 1", "polyclinic",
                                             "Северный"))
    add_organization(graph, OrganizationSpec(ORG_DISPENSARY, "Онкодиспансер",
                                             "oncology-dispensary", "Центральный"))
    add_organization(graph, OrganizationSpec(ORG_NMIC, "НМИЦ онкологии", "nmic", "Москва"))
    add_organization(graph, OrganizationSpec(ORG_SOUTH, "Поликлиника Южная", "polyclinic",
                                             "Южный"))
    north = add_patient(graph, "north-1", family="Петрова", given="Анна",
                        patronymic="Сергеевна", sex="female", birth_date=date(1968, 3, 2),
                        district="Северный", snils="11223344595",
                        passport_since=date(2026, 3, 2), source="polyclinic-mis")
    referral = add_record(graph, north, "referral", date(2026, 3, 2), at=ORG_POLYCLINIC,
                          referred_to=ORG_DISPENSARY, source="polyclinic-mis",
                          resource_type="ServiceRequest", record_id="ref-1",
                          facts={"icd10": "Z03.1", "careStage": "suspicion"},
                          resource=sample("referral.json"))
    consultation = add_record(graph, north, "consultation", date(2026, 3, 4),
                              at=ORG_DISPENSARY, source="polyclinic-mis", record_id="enc-1",
                              resource=sample("consultation.json"))
    pathology = add_record(graph, north, "pathology", date(2026, 3, 16), at=ORG_DISPENSARY,
                           source="polyclinic-mis", resource_type="DiagnosticReport",
                           record_id="path-1",
                           facts={"morphology": "8500/3", "text": "биопсия: карцинома"},
                           resource=sample("pathology.json"))
    diagnosis = add_record(graph, north, "diagnosis", date(2026, 3, 17), at=ORG_DISPENSARY,
                           source="polyclinic-mis", resource_type="Condition",
                           record_id="dx-1", facts={"icd10": "C50.4", "stage": "IIA",
                                                    "verification": "confirmed"},
                           resource=sample("diagnosis.json"))
    add_record(graph, north, "referral", date(2026, 3, 18), at=ORG_DISPENSARY,
               referred_to=ORG_NMIC, source="polyclinic-mis", resource_type="ServiceRequest",
               record_id="ref-2", facts={"icd10": "C50.4"},
               resource={"resourceType": "ServiceRequest", "id": "ref-2", "status": "active",
                         "intent": "order", "subject": {"reference": "Patient/mis-77"}})
    add_tumor(graph, north, "C50.4", date(2026, 3, 17), morphology="8500/3", stage="IIA",
              t="T2", n="N0", m="M0", clinical_group="II",
              record_keys=[referral, consultation, pathology, diagnosis])
    south = add_patient(graph, "south-1", family="Ёлкин", given="Пётр", patronymic="Ильич",
                        birth_date=date(1955, 1, 9), district="Южный", snils="08765432100",
                        source="south-mis")
    add_record(graph, south, "consultation", date(2026, 2, 1), at=ORG_SOUTH,
               source="south-mis", facts={"icd10": "C18.2", "careStage": "diagnostics"})
    return Region(north_patient=north, south_patient=south)


PRINCIPALS: dict[str, Principal] = {
    "clinician-polyclinic": Principal("u-clin-1", "clinician", organization_oid=ORG_POLYCLINIC),
    "clinician-dispensary": Principal("u-clin-2", "clinician", organization_oid=ORG_DISPENSARY),
    "clinician-nmic": Principal("u-clin-5", "clinician", organization_oid=ORG_NMIC),
    "clinician-south": Principal("u-clin-3", "clinician", organization_oid=ORG_SOUTH),
    "clinician-elsewhere": Principal("u-clin-4", "clinician", organization_oid="1.2.3.4"),
    "coordinator-north": Principal("u-coord-1", "coordinator", district="Северный"),
    "coordinator-south": Principal("u-coord-2", "coordinator", district="Южный"),
    "coordinator-region": Principal("u-coord-3", "coordinator"),
    "analyst": Principal("u-analyst", "analyst"),
    "admin": Principal("u-admin", "admin"),
}

# Which of the two patients each principal may read (the row-level rule).
VISIBLE: dict[str, set[str]] = {
    "clinician-polyclinic": {"north-1"},
    "clinician-dispensary": {"north-1"},
    "clinician-nmic": {"north-1"},  # only a referral to it
    "clinician-south": {"south-1"},
    "clinician-elsewhere": set(),
    "coordinator-north": {"north-1"},
    "coordinator-south": {"south-1"},
    "coordinator-region": {"north-1", "south-1"},
    "analyst": {"north-1", "south-1"},  # de-identified
    "admin": {"north-1", "south-1"},
}


def graphql(client: TestClient, query: str, headers: dict[str, str] | None = None,
            **variables: Any) -> Any:
    response = client.post("/graphql", json={"query": query, "variables": variables},
                           headers=headers or {})
    return response
