"""Lab reports carry their results (synth/labs.py), the classifier reads them, and drawing
them changes nothing else in the region."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson
import pytest

from api.graphql.passport_summary import route_summary
from ingest.classify import classify
from synth import generate_region
from synth.labs import LabResults
from tests.unit.synth.helpers import Located

UCUM = "http://unitsofmeasure.org"
BLOOD_COUNT = {"718-7": ("g/L", 65, 185), "789-8": ("10*12/L", 1.5, 8.0),
               "6690-2": ("10*9/L", 2.1, 24), "777-3": ("10*9/L", 70, 620),
               "30341-2": ("mm/h", 2, 75)}
# The tumour markers the sites' guidelines ask for (synth/labs.py): UCUM unit, lowest and
# highest value, highest normal value.
MARKERS = {"2039-6": ("ng/mL", 0.3, 480, 4.9), "10334-1": ("U/mL", 2, 5000, 34),
           "24108-3": ("U/mL", 1, 20000, 36), "2857-1": ("ng/mL", 0.1, 2000, 3.9),
           "9679-2": ("ng/mL", 0.1, 70, 1.4)}


def _lab_reports(resources: list[Located], broken: set[str]) -> list[dict[str, Any]]:
    """Every clean LAB DiagnosticReport (a broken extra is a bare one, by design)."""
    return [resource for source, _, resource in resources if resource is not None
            and resource["resourceType"] == "DiagnosticReport"
            and resource["category"][0]["coding"][0]["code"] == "LAB"
            and f"{source}|DiagnosticReport|{resource['id']}" not in broken]


@pytest.fixture(scope="module")
def lab_reports(resources: list[Located], broken_entries: list[dict]) -> list[dict[str, Any]]:
    return _lab_reports(resources, {b["key"] for b in broken_entries if b["key"]})


def _results(report: dict[str, Any]) -> dict[str, Any]:
    """LOINC code → valueQuantity of the contained Observations the report's `result` names."""
    contained = {item["id"]: item for item in report.get("contained", [])}
    named = [contained[ref["reference"].removeprefix("#")] for ref in report.get("result", [])]
    assert len(named) == len(contained)  # every contained result is named (R4 dom-3)
    return {item["code"]["coding"][0]["code"]: item["valueQuantity"] for item in named}


def test_every_lab_report_carries_results_in_ucum_units(lab_reports: list[dict]) -> None:
    by_test: dict[str, list[dict[str, Any]]] = {}
    for report in lab_reports:
        by_test.setdefault(report["code"]["coding"][0]["code"], []).append(_results(report))
    assert set(by_test) == {"58410-2", *MARKERS}  # the blood count and the tumour markers
    expected_results = {"58410-2": BLOOD_COUNT} | {
        code: {code: (ucum, low, high)} for code, (ucum, low, high, _) in MARKERS.items()}
    for test, expected in expected_results.items():
        for results in by_test[test]:
            assert set(results) == set(expected)
            for code, quantity in results.items():
                ucum, low, high = expected[code]
                assert (quantity["system"], quantity["code"]) == (UCUM, ucum)
                assert low <= quantity["value"] <= high, (code, quantity)
                assert re.search("[а-я]", quantity["unit"])  # as a Russian lab form prints it
    haemoglobin = [results["718-7"]["value"] for results in by_test["58410-2"]]
    assert len(set(haemoglobin)) > 30  # values vary from person to person
    for marker, (_, _, _, highest_normal) in MARKERS.items():
        values = [results[marker]["value"] for results in by_test[marker]]
        raised = sum(value > highest_normal for value in values)
        assert 0 < raised < len(values), marker  # some markers are normal, some raised
    cea = [results["2039-6"]["value"] for results in by_test["2039-6"]]
    assert sum(value > 5 for value in cea) < len(cea) / 2  # most CEA values are normal


def test_the_classifier_reads_a_generated_reports_result(lab_reports: list[dict]) -> None:
    for test, pattern in (("58410-2", r"Гемоглобин \d+ г/л; Эритроциты [\d.]+ ×10¹²/л; "
                                      r"Лейкоциты [\d.]+ ×10⁹/л; Тромбоциты \d+ ×10⁹/л; "
                                      r"СОЭ \d+ мм/ч"),
                          ("2039-6", r"[\d.]+ нг/мл"), ("10334-1", r"[\d.]+ Ед/мл")):
        report = next(r for r in lab_reports if r["code"]["coding"][0]["code"] == test)
        record = classify(report, "lab-mis", {}).props
        assert record["kind"] == "laboratory"
        assert re.fullmatch(pattern, record["value"]), record["value"]
        shown = record["value"].replace(".", ",")  # a decimal comma in the passport
        assert route_summary(record) == f"{record['text']}: {shown}"


def test_results_are_drawn_from_their_own_generator(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without results the region is the same region: the same records, dates and ground
    truth, so counts and benchmarks do not move (one worker: the patch stays in-process)."""
    generate_region(300, 5, tmp_path / "with", workers=1)
    monkeypatch.setattr(LabResults, "blood_count", lambda self, cancer: [])
    monkeypatch.setattr(LabResults, "tumour_marker", lambda self, marker, site_group: [])
    generate_region(300, 5, tmp_path / "without", workers=1)
    with_results, without = tmp_path / "with", tmp_path / "without"
    for name in ("manifest.json", "ground_truth/records.csv", "ground_truth/patients.jsonl"):
        assert (with_results / name).read_bytes() == (without / name).read_bytes(), name
    added = 0
    for path in sorted(with_results.glob("*-mis*.ndjson")):
        lines = path.read_bytes().splitlines()
        bare = (without / path.name).read_bytes().splitlines()
        assert len(lines) == len(bare)
        for line, plain in zip(lines, bare, strict=True):
            if line != plain:
                resource = orjson.loads(line)
                assert resource.pop("contained") and resource.pop("result")
                assert resource == orjson.loads(plain)
                added += 1
    assert added > 0
