"""The imaging study ordered on suspicion is the one the suspected site's clinical guideline
asks for (synth/imaging.py), so that the passport's guideline check finds it done; chest CT
stays where the guideline is content with it or asks for none of the studies."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.guidelines import RecordFact, evaluate_guidelines, site_group_for
from ingest.classify import classify
from synth import fhir
from synth.identifiers import FRMO_SYSTEM
from synth.imaging import CHEST_CT, STUDIES, Study, study_for, study_for_icd10
from synth.shares import SITES
from tests.unit.synth.helpers import Located

DAY = date(2026, 3, 2)
# (site group of synth/shares.py, ICD-10 code, the guideline items its study must satisfy and
# chest CT alone leaves missing)
GUIDELINE_STUDIES = [
    ("C54", "C54.1", ["corpus-uteri:pelvic-imaging"]),
    ("C53", "C53.9", ["cervix:pelvic-mri"]),
    ("C61", "C61", ["prostate:pelvic-mri"]),
    ("C25", "C25.0", ["pancreas:contrast-ct"]),
    ("C67", "C67.9", ["bladder:ct-urography"]),
    ("C64", "C64", ["kidney:abdominal-ct"]),
    ("C50", "C50.4", ["breast:breast-imaging"]),
    # the abdomen too, not chest CT alone
    ("C18", "C18.2", ["colon:ct-staging"]),
    ("C19-C21", "C20", ["rectum:ct-staging"]),
    ("C16", "C16.2", ["stomach:ct-staging"]),
]
# (site group, ICD-10 code, the guideline item chest CT already satisfies)
CHEST_CT_SITES = [
    ("C33-C34", "C34.1", "lung:chest-ct"),
]
# Sites with no guideline (C56, C71) or whose guideline asks for none of `STUDIES` (C43, C44).
NO_STUDY_SITES = ["C56", "C71", "C43", "C44"]


def _states(icd10: str, fact: RecordFact) -> dict[str, str]:
    report = evaluate_guidelines(icd10, None, [fact], DAY)
    return {item.recommendation.id: item.state for item in report.items}


def _fact(report: dict[str, Any], source: str = "poly-mis-1") -> RecordFact:
    """The record as the passport's guideline check sees it (api/graphql/passport_build)."""
    props = classify(report, source, {}).props
    assert props["kind"] == "instrumental"
    return RecordFact(kind=props["kind"], on=props["date"], codes=frozenset({props["code"]}),
                      text=props["text"])


def _report_of(study: Study) -> dict[str, Any]:
    performer = {"type": "Organization", "identifier": {"system": FRMO_SYSTEM, "value": "1.2.3"}}
    return {"resourceType": "DiagnosticReport", "id": "1", "subject": {"reference": "Patient/1"},
            **fhir.report("RAD", study.code, DAY, DAY, performer)}


@pytest.mark.parametrize(("site_group", "icd10", "item_ids"), GUIDELINE_STUDIES)
def test_the_study_satisfies_the_sites_guideline_items(
        site_group: str, icd10: str, item_ids: list[str]) -> None:
    study = study_for(site_group)
    states = _states(icd10, _fact(_report_of(study)))
    chest_ct_states = _states(icd10, _fact(_report_of(CHEST_CT)))
    for item_id in item_ids:
        assert states[item_id] == "done", (study.name, item_id)
        assert chest_ct_states[item_id] == "missing", item_id  # what the change is for


def test_a_kidney_study_satisfies_the_chest_ct_item_too() -> None:
    """Kidney's guideline asks for abdominal and chest CT: one study meets both."""
    states = _states("C64", _fact(_report_of(study_for("C64"))))
    assert states["kidney:abdominal-ct"] == states["kidney:chest-ct"] == "done"


@pytest.mark.parametrize(("site_group", "icd10", "item_id"), CHEST_CT_SITES)
def test_a_site_whose_guideline_chest_ct_satisfies_keeps_it(
        site_group: str, icd10: str, item_id: str) -> None:
    assert study_for(site_group) is CHEST_CT
    assert _states(icd10, _fact(_report_of(CHEST_CT)))[item_id] == "done"


@pytest.mark.parametrize("site_group", NO_STUDY_SITES)
def test_a_site_whose_guideline_asks_for_no_study_keeps_chest_ct(site_group: str) -> None:
    assert study_for(site_group) is CHEST_CT
    assert study_for(None) is CHEST_CT and study_for("C99") is CHEST_CT


def _done_over_stages(icd10: str, study: Study) -> int:
    """Guideline items `study` gets done, summed over stages I–IV (an item of advanced
    disease only counts in its stages)."""
    fact = _fact(_report_of(study))
    return sum(item.state == "done" for stage in ("I", "II", "III", "IV")
               for item in evaluate_guidelines(icd10, stage, [fact], DAY).items)


def test_a_site_changes_from_chest_ct_only_for_a_study_that_gets_more_done() -> None:
    for site in SITES:
        study, icd10 = study_for(site.group), site.codes[0]
        by_chest_ct = _done_over_stages(icd10, CHEST_CT)
        assert study is CHEST_CT or _done_over_stages(icd10, study) > by_chest_ct, site.group
        assert all(_done_over_stages(icd10, other) <= _done_over_stages(icd10, study)
                   for other in STUDIES), site.group


def test_every_code_of_a_site_asks_for_the_same_study() -> None:
    """The study is chosen by site group: each of its ICD-10 codes must agree."""
    for site in SITES:
        assert {study_for_icd10(code) for code in site.codes} == {study_for(site.group)}


def _study_reports_by_icd10(resources: list[Located], people: list[dict]
                            ) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    """Imaging reports of the people with exactly one suspicion, by its ICD-10 code; a
    resource id is the local patient number × 1000 + a sequence (synth/README.md)."""
    person_of = {(source, local): person for person in people
                 if len(person["suspicions"]) == 1
                 for source, local in person["patients"].items()}
    codes = {study.loinc for study in STUDIES}
    reports: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for source, _, resource in resources:
        if (resource is not None and resource["resourceType"] == "DiagnosticReport"
                and resource["code"]["coding"][0]["code"] in codes):
            person = person_of.get((source, str(int(resource["id"]) // 1000)))
            if person is not None:
                reports.setdefault(person["suspicions"][0]["icd10"], []).append(
                    (source, resource))
    return reports


def test_generated_reports_satisfy_the_guideline_of_the_suspected_site(
        resources: list[Located], people: list[dict]) -> None:
    by_icd10 = _study_reports_by_icd10(resources, people)
    for site_group, _, item_ids in GUIDELINE_STUDIES:
        guideline = item_ids[0].split(":")[0]
        reports = [(icd10, source, report) for icd10, found in by_icd10.items()
                   if site_group_for(icd10) == guideline for source, report in found]
        assert reports, site_group
        for icd10, source, report in reports:
            states = _states(icd10, _fact(report, source))
            assert all(states[item_id] == "done" for item_id in item_ids), (icd10, report["code"])
    lung = [report for icd10, found in by_icd10.items() if icd10.startswith("C34")
            for _, report in found]
    assert lung and {r["code"]["coding"][0]["code"] for r in lung} == {CHEST_CT.loinc}
