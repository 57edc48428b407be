"""A small region for the VIMIS tests, written with tests/factories.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from graph.database import Graph
from tests.factories import OrganizationSpec, add_organization, add_patient, add_record, add_tumor

DISPENSARY = "1.2.643.5.1.13.13.12.2.77.7701"
POLYCLINIC = "1.2.643.5.1.13.13.12.2.77.7702"
CAOP = "1.2.643.5.1.13.13.12.2.77.7703"

# (kind, docType, extra facts) of one patient's path; docType None = VIMIS takes nothing.
PATH: list[tuple[str, int | None, dict[str, object]]] = [
    ("referral", 1, {"icd10": "Z03.1", "verification": "provisional"}),
    ("instrumental", 2, {"code": "urn:oid:1.2.643.5.1.13.13.11.1070|A06.20.004",
                         "text": "Маммография: образование 2 см"}),
    ("laboratory", 3, {"code": "urn:oid:1.2.643.5.1.13.13.11.1070|B03.016.003"}),
    ("pathology", 4, {"icd10": "C50.4", "morphology": "8500/3", "behaviour": "3"}),
    ("tumor-board", 6, {"icd10": "C50.4", "stage": "IIA", "t": "2", "n": "0", "m": "0",
                        "text": "Рекомендовано хирургическое лечение"}),
    ("hospitalization", 8, {"icd10": "C50.4", "endDate": date(2025, 4, 20)}),
    ("surgery", 10, {"icd10": "C50.4", "code": "urn:oid:1.2.643.5.1.13.13.11.1070|A16.20.032",
                     "text": "Радикальная мастэктомия"}),
    ("radiotherapy", None, {"icd10": "C50.4"}),
]


@dataclass
class Region:
    patients: list[str] = field(default_factory=list)
    expected_keys: set[str] = field(default_factory=set)  # records VIMIS must get
    other_keys: set[str] = field(default_factory=set)  # records it must not get


def build_region(graph: Graph, patients: int = 3, *, with_noise: bool = True) -> Region:
    for oid, name, kind in ((DISPENSARY, "ГБУЗ Онкодиспансер", "oncology-dispensary"),
                            (POLYCLINIC, "Поликлиника № 1", "polyclinic"),
                            (CAOP, "ЦАОП Центральный", "caop")):
        add_organization(graph, OrganizationSpec(oid=oid, name=name, kind=kind))
    region = Region()
    for number in range(patients):
        patient = add_patient(graph, family=f"Петрова{number}", given="Анна",
                              patronymic="Сергеевна", sex="female", snils="11223344595")
        region.patients.append(patient)
        keys = []
        for step, (kind, doc_type, facts) in enumerate(PATH):
            at = POLYCLINIC if kind == "referral" else DISPENSARY
            key = add_record(graph, patient, kind, date(2025, 3, 1 + step * 3), at=at,
                             referred_to=CAOP if kind == "referral" else None,
                             facts={**facts, "vimisDocType": doc_type})
            keys.append(key)
            (region.expected_keys if doc_type else region.other_keys).add(key)
        add_tumor(graph, patient, "C50.4", date(2025, 3, 10), stage="IIA", t="2", n="0",
                  m="0", morphology="8500/3", record_keys=keys[3:])
    if with_noise:
        # Not a passport patient, and a retracted record: VIMIS gets neither.
        outsider = add_patient(graph, passport=False, family="Сидоров")
        region.other_keys.add(add_record(graph, outsider, "referral", date(2025, 3, 1),
                                         at=POLYCLINIC, facts={"vimisDocType": 1}))
        region.other_keys.add(add_record(graph, region.patients[0], "consultation",
                                         date(2025, 3, 2), at=DISPENSARY,
                                         facts={"vimisDocType": 5, "retracted": True}))
    return region
