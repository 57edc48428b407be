"""The tumour marker ordered on suspicion is the one the suspected site's clinical guideline
asks for (synth/labs.py), so that the passport's guideline check finds it done."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.guidelines import RecordFact, evaluate_guidelines, site_group_for
from ingest.classify import classify
from synth.labs import CEA, MARKERS, LabResults, Marker, marker_for, marker_for_icd10, results_rng
from synth.shares import SITES
from tests.unit.synth.helpers import Located

BLOOD_COUNT = "58410-2"
# (site group of synth/shares.py, ICD-10 code, the guideline item its marker must satisfy,
# a word of the marker's Russian name)
GUIDELINE_MARKERS = [
    ("C54", "C54.1", "corpus-uteri:ca125", "СА-125"),
    ("C61", "C61", "prostate:psa", "ПСА"),
    ("C25", "C25.0", "pancreas:ca19-9", "СА 19-9"),
    ("C53", "C53.9", "cervix:scc-marker", "плоскоклеточной"),
    ("C18", "C18.2", "colon:cea", "РЭА"),
    ("C19-C21", "C20", "rectum:cea", "РЭА"),
]
# Sites whose guideline names no blood tumour marker (or that have no guideline) keep CEA.
CEA_SITES = ["C50", "C33-C34", "C64", "C16", "C44", "C56", "C71"]


def _state(icd10: str, item_id: str, fact: RecordFact) -> str:
    report = evaluate_guidelines(icd10, None, [fact], date(2026, 11, 1))
    return next(item.state for item in report.items if item.recommendation.id == item_id)


def _fact(report: dict[str, Any]) -> RecordFact:
    """The record as the passport's guideline check sees it (api/graphql/passport_build)."""
    props = classify(report, "lab-mis", {}).props
    assert props["kind"] == "laboratory"
    return RecordFact(kind=props["kind"], on=props["date"], codes=frozenset({props["code"]}),
                      text=props["text"])


@pytest.mark.parametrize(("site_group", "icd10", "item_id", "name"), GUIDELINE_MARKERS)
def test_the_marker_satisfies_the_sites_guideline_item(
        site_group: str, icd10: str, item_id: str, name: str) -> None:
    marker = marker_for(site_group)
    coding = marker.test["coding"][0]
    assert name in coding["display"] and name in marker.analyte.name
    fact = RecordFact(kind="laboratory", on=date(2026, 3, 2), codes=frozenset({coding["code"]}))
    assert _state(icd10, item_id, fact) == "done"  # by its LOINC code, as the yaml lists it
    assert _state(icd10, item_id, fact.model_copy(update={"codes": frozenset({"0000-0"})})) \
        == "missing"


@pytest.mark.parametrize("site_group", CEA_SITES)
def test_a_site_whose_guideline_names_no_marker_keeps_cea(site_group: str) -> None:
    assert marker_for(site_group) is CEA


def test_every_code_of_a_site_asks_for_the_same_marker() -> None:
    """The marker is chosen by site group: each of its ICD-10 codes must agree."""
    for site in SITES:
        expected = marker_for(site.group).analyte.loinc
        assert {marker_for_icd10(code).analyte.loinc for code in site.codes} == {expected}


@pytest.mark.parametrize("marker", MARKERS.values(), ids=lambda m: m.analyte.loinc)
def test_values_are_in_ucum_units_and_raised_in_a_share_of_tumours(marker: Marker) -> None:
    own_site = max(marker.raised_share, key=lambda group: marker.raised_share[group])
    highest_normal = marker.normal[3]
    values = [LabResults(results_rng(3, index), "female").tumour_marker(marker, own_site)[0]
              for index in range(400)]
    numbers = [value["valueQuantity"]["value"] for value in values]
    raised = sum(number > highest_normal for number in numbers)
    assert 0 < raised < len(numbers)
    assert abs(raised / len(numbers) - marker.raised_share[own_site]) < 0.1
    quantity = values[0]["valueQuantity"]
    assert quantity["system"] == "http://unitsofmeasure.org" and "/" in quantity["code"]
    assert quantity["unit"].endswith("/мл")


def _marker_reports_by_person(resources: list[Located], people: list[dict]
                              ) -> dict[str, list[dict[str, Any]]]:
    """Lab-mis marker reports of the people with exactly one suspicion; a resource id is the
    local patient number × 1000 + a sequence (synth/README.md)."""
    person_of = {p["patients"]["lab-mis"]: p for p in people
                 if "lab-mis" in p["patients"] and len(p["suspicions"]) == 1}
    reports: dict[str, list[dict[str, Any]]] = {}
    for source, _, resource in resources:
        if (source == "lab-mis" and resource is not None
                and resource["resourceType"] == "DiagnosticReport" and "contained" in resource
                and resource["code"]["coding"][0]["code"] != BLOOD_COUNT):
            person = person_of.get(str(int(resource["id"]) // 1000))
            if person is not None:
                reports.setdefault(person["suspicions"][0]["icd10"], []).append(resource)
    return reports


def test_generated_reports_satisfy_the_guideline_of_the_suspected_site(
        resources: list[Located], people: list[dict]) -> None:
    by_icd10 = _marker_reports_by_person(resources, people)
    for site_group, _, item_id, _ in GUIDELINE_MARKERS:
        guideline = item_id.split(":")[0]
        reports = [(icd10, report) for icd10, found in by_icd10.items()
                   if site_group_for(icd10) == guideline for report in found]
        assert reports, site_group
        for icd10, report in reports:
            assert _state(icd10, item_id, _fact(report)) == "done", (icd10, report["code"])
    breast = [report for icd10, found in by_icd10.items() if icd10.startswith("C50")
              for report in found]
    assert breast and {r["code"]["coding"][0]["code"] for r in breast} == {"2039-6"}
