"""The mCODE export of a tumour: pathologic staging is not presented as clinical."""

from __future__ import annotations

from datetime import date

from api.fhir.everything import point_references_at_entries
from api.fhir.mcode import primary_cancer_condition, stage_observations

TUMOUR = {"tumorId": "p|C50|1", "icd10": "C50.4", "stage": "IIA", "t": "T2", "n": "N0",
          "m": "M0", "diagnosedOn": date(2025, 2, 10), "verification": "confirmed"}


def _codes(tumour: dict[str, object]) -> dict[str, str]:
    return {o["valueCodeableConcept"]["text"]: o["code"]["coding"][0]["code"]
            for o in stage_observations(tumour, "urn:uuid:p", "urn:uuid:c")}


def test_each_stage_part_keeps_its_clinical_or_pathologic_loinc() -> None:
    assert _codes(TUMOUR) == {"IIA": "21908-9", "T2": "21905-5", "N0": "21906-3",
                              "M0": "21907-1"}
    after_surgery = {**TUMOUR, "pathologicParts": ["stage", "t", "n"]}
    assert _codes(after_surgery) == {"IIA": "21902-2", "T2": "21899-0", "N0": "21900-6",
                                     "M0": "21907-1"}


def test_a_refuted_tumour_is_exported_as_refuted() -> None:
    for verification, status in (("confirmed", "confirmed"), ("refuted", "refuted"),
                                 ("provisional", "provisional")):
        condition = primary_cancer_condition({**TUMOUR, "verification": verification},
                                             "urn:uuid:p")
        assert condition["verificationStatus"]["coding"][0]["code"] == status


def test_references_point_at_entries_and_never_at_a_wrong_one() -> None:
    report = {"resourceType": "DiagnosticReport", "id": "r",
              "subject": {"reference": "urn:uuid:p"},
              "basedOn": [{"reference": "urn:uuid:order"}],
              "performer": [{"reference": "Organization/lab"},
                            {"reference": "urn:uuid:somebody"}]}
    row = {"key": "mis|DiagnosticReport|r", "subjectKey": "mis|Patient|7",
           "refs": [["basedOn", "mis|ServiceRequest|s1"], ["performer", "mis|Organization|lab"]]}
    urls = {"mis|Patient|7": "urn:uuid:P", "mis|ServiceRequest|s1": "urn:uuid:S",
            "mis|Organization|lab": "urn:uuid:O"}
    point_references_at_entries(report, row, urls)
    assert report["subject"]["reference"] == "urn:uuid:P"
    assert report["basedOn"][0]["reference"] == "urn:uuid:S"  # the element's one edge
    # the resolvable one is rewritten; the unknown performer is not given the lab's entry
    assert [p["reference"] for p in report["performer"]] == ["urn:uuid:O", "urn:uuid:somebody"]
