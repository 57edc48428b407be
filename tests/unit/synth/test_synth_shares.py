"""Generated shares fall within the ranges documented in synth/shares.py."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from synth.generator import DEFAULT_AS_OF
from synth.shares import EXPECTED_RANGES


@pytest.fixture(scope="module")
def measured(people: list[dict]) -> dict[str, float]:
    kinds = Counter(p["kind"] for p in people)
    tumours = [(p, t) for p in people for t in p["tumours"]]
    women = [t for p, t in tumours if p["sex"] == "female"]
    men = [t for p, t in tumours if p["sex"] == "male"]
    cohort = died = 0
    for person in people:
        if not person["tumours"]:
            continue
        first = min(date.fromisoformat(t["diagnosed_on"]) for t in person["tumours"])
        if first > DEFAULT_AS_OF - timedelta(days=366):
            continue  # a year of follow-up is not over yet
        cohort += 1
        deceased = person["deceased_on"]
        died += bool(deceased and date.fromisoformat(deceased) <= first + timedelta(days=365))
    d1 = Counter(d["state"] for p in people for d in p["deadlines"] if d["rule"] == "D1")
    return {
        "cancer_person_share": kinds["cancer"] / len(people),
        "non_cancer_person_share": kinds["none"] / len(people),
        "early_detection": sum(t["stage"] in ("I", "II") for _, t in tumours) / len(tumours),
        "one_year_mortality": died / cohort,
        "morphological_verification": sum(t["verification"] != "clinical"
                                          for _, t in tumours) / len(tumours),
        "active_detection": sum(t["active_detection"] for _, t in tumours) / len(tumours),
        "breast_share_of_women": sum(t["site_group"] == "C50" for t in women) / len(women),
        "prostate_share_of_men": sum(t["site_group"] == "C61" for t in men) / len(men),
        "d1_met": d1["met"] / (d1["met"] + d1["missed"]),
    }


@pytest.mark.parametrize("name", sorted(EXPECTED_RANGES))
def test_share_in_documented_range(measured: dict[str, float], name: str) -> None:
    low, high = EXPECTED_RANGES[name]
    assert low <= measured[name] <= high, f"{name} = {measured[name]:.3f}"


def test_the_pathway_has_every_kind_of_trouble(people: list[dict]) -> None:
    gaps = Counter(g["kind"] for p in people for g in p["gaps"])
    for kind in ("stalled-after-referral", "refused-hospitalization",
                 "treatment-without-prior-board", "missing-neglect-protocol",
                 "overdue-dispensary-visit", "no-dispensary-observation"):
        assert gaps[kind] > 0, kind
    outcomes = Counter(s["outcome"] for p in people for s in p["suspicions"])
    assert outcomes["not-confirmed"] > 0 and outcomes["confirmed"] > 0
    assert any(len(p["tumours"]) > 1 for p in people)
    assert any(t["relapses"] for p in people for t in p["tumours"])
    neglected = [t for p in people for t in p["tumours"] if t["neglected"]]
    assert 0 < sum(t["neglect_protocol"] for t in neglected) < len(neglected)
