"""A small region with known answers: new cases of 2024 and 2025 in two districts."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from analytics.store import FrameStore
from api.app import create_app
from api.auth.tokens import issue_token
from api.security import Principal
from graph.database import Graph
from onkopassport.settings import Settings
from tests.factories import OrganizationSpec, add_organization, add_patient, add_record, add_tumor

DISPENSARY = "1.2.643.5.1.13.13.12.9.1"
POLYCLINIC = "1.2.643.5.1.13.13.12.9.2"


@dataclass(frozen=True)
class Case:
    icd10: str
    stage: str | None
    diagnosed_on: date
    sex: str = "male"
    district: str = "Центральный"
    deceased_on: date | None = None
    morphology: str | None = "8140/3"
    active: bool = False
    clinical_group: str = "II"
    at: str = DISPENSARY


CASES_2025 = [
    Case("C34.1", "IV", date(2025, 2, 10), deceased_on=date(2025, 8, 1), clinical_group="IV"),
    Case("C34.9", "II", date(2025, 3, 5), active=True),
    Case("C50.4", "I", date(2025, 3, 20), sex="female", active=True, at=POLYCLINIC),
    Case("C50.1", "III", date(2025, 5, 2), sex="female", district="Северный"),  # neglected
    Case("C18.7", None, date(2025, 6, 15), morphology=None),  # stage and morphology unknown
    Case("C61", "II", date(2025, 7, 1), district="Северный", clinical_group="III"),
    Case("C77.0", "IV", date(2025, 9, 9)),  # secondary: in the total, in no listed row
    Case("D05.1", "0", date(2025, 4, 4), sex="female"),  # in situ: not a new cancer
]
CASES_2024 = [
    Case("C16.2", "IV", date(2024, 4, 1), deceased_on=date(2024, 10, 1)),  # died < 1 year
    Case("C18.2", "II", date(2024, 6, 1), deceased_on=date(2025, 12, 1)),  # died > 1 year
    Case("C73", "I", date(2024, 8, 1), sex="female", clinical_group="III"),
    Case("C44.3", "I", date(2024, 9, 1), district="Северный"),
]
CASES_2019 = [Case("C50.9", "II", date(2019, 3, 1), sex="female", clinical_group="III")]


def build_region(graph: Graph) -> list[str]:
    """Writes the organisations and every case; returns the patient ids in case order."""
    add_organization(graph, OrganizationSpec(DISPENSARY, "Областной онкологический диспансер",
                                             "oncology-dispensary", "Центральный"))
    add_organization(graph, OrganizationSpec(POLYCLINIC, "Городская поликлиника № 1",
                                             "polyclinic", "Северный"))
    return [add_case(graph, number, case)
            for number, case in enumerate(CASES_2019 + CASES_2024 + CASES_2025)]


def add_case(graph: Graph, number: int, case: Case) -> str:
    """A passport patient with the case's diagnosis record and tumour; the patient id."""
    patient_id = add_patient(graph, f"analytics-{number}", sex=case.sex,
                             family=f"Пациентов{number}", district=case.district,
                             deceased_on=case.deceased_on, snils=None,
                             passport_since=case.diagnosed_on)
    record = add_record(graph, patient_id, "diagnosis", case.diagnosed_on, at=case.at,
                        resource_type="Condition", facts={"icd10": case.icd10})
    add_tumor(graph, patient_id, case.icd10, case.diagnosed_on, stage=case.stage,
              morphology=case.morphology, active_detection=case.active,
              clinical_group=case.clinical_group, record_keys=[record])
    return patient_id


def eventually(condition: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Whether `condition` holds within `seconds` (background work of the frame store)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@dataclass
class AnalyticsApi:
    """The API of a test, asked as an analyst, and the frame store it answers from."""

    client: TestClient
    store: FrameStore
    headers: dict[str, str]

    def ask(self, query: str) -> dict[str, Any]:
        response = self.client.post("/graphql", json={"query": query}, headers=self.headers)
        data: dict[str, Any] = response.json()["data"]
        return data


@contextmanager
def running_store(graph: Graph, years: list[int],
                  survival_ranges: list[tuple[int, int]] | None = None,
                  **options: Any) -> Iterator[FrameStore]:
    """A FrameStore keeping `years` (and survival ranges) fresh in the background for the
    length of the block, stopped afterwards."""
    store = FrameStore(graph, **options)
    store.start(years, survival_ranges or ())
    try:
        yield store
    finally:
        store.stop()


@contextmanager
def analytics_api(settings: Settings) -> Iterator[AnalyticsApi]:
    # No change check during the test unless woken: what the API answers is the store's.
    api_settings = settings.model_copy(update={"analytics_check_interval_s": 3600.0})
    token = issue_token(Principal("analyst-1", "analyst"), api_settings)
    with TestClient(create_app(api_settings)) as client:
        yield AnalyticsApi(client, client.app.state.analytics_frames,  # type: ignore[attr-defined]
                           {"Authorization": f"Bearer {token}"})
