"""Controlled vocabularies shared by the domain layer (docs/graph-model.md)."""

from __future__ import annotations

from typing import Literal, get_args

EventKind = Literal[
    "referral",
    "consultation",
    "outpatient",
    "laboratory",
    "instrumental",
    "pathology",
    "cytology",
    "tumor-board",
    "hospitalization",
    "hospitalization-refusal",
    "rehabilitation",
    "dispensary-observation",
    "surgery",
    "radiotherapy",
    "drug-therapy",
    "neglected-case-protocol",
    "notification-090",
    "death",
    "vmp-coupon",
    "diagnosis",
    "stage-observation",
    "other",
]
"""Record ``kind`` values of clinical records (the graph also has patient/organization)."""

EVENT_KINDS: tuple[str, ...] = get_args(EventKind)

CareStage = Literal[
    "suspicion", "diagnostics", "diagnosis", "treatment", "dispensary", "palliative", "death"
]
CARE_STAGES: tuple[str, ...] = get_args(CareStage)

TREATMENT_KINDS: tuple[str, ...] = ("surgery", "radiotherapy", "drug-therapy")
"""Record kinds that count as the start of specialised (anticancer) treatment."""
