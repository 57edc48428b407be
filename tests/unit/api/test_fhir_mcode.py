"""The mCODE export of a tumour: pathologic staging is not presented as clinical."""

from __future__ import annotations

from datetime import date

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
