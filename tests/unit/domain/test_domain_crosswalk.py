"""SNOMED CT → ICD-10 / ICD-O-3 crosswalk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.codes import is_in_situ, is_malignant, is_oncology_sign, is_secondary
from domain.crosswalk import (
    SNOMED_SYSTEM,
    crosswalk_entry,
    map_snomed,
    map_snomed_morphology,
    map_snomed_staging,
    mapped_snomed_codes,
    stage_from_text,
)

MCODE_EXAMPLES = Path(__file__).parents[2] / "data" / "mcode" / "examples"
PRIMARY_PROFILE = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-primary-cancer-condition"
MORPHOLOGY_EXT = (
    "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-histology-morphology-behavior"
)


@pytest.mark.parametrize(
    ("snomed", "icd10"),
    [
        ("254637007", "C34.9"),
        ("254632001", "C34.9"),
        ("424132000", "C34.9"),
        ("126906006", "C61"),
        ("254837009", "C50.9"),
        ("363406005", "C18.9"),
        ("109838007", "C18.8"),
        ("93761005", "C18.9"),
        ("94260004", "C18.9"),
        ("363346000", "C80"),
        ("372087000", "C80"),
        ("353431000119107", "C50.9"),
        ("408643008", "C50.9"),
        ("92691004", "D07.5"),
        ("277571004", "C91.0"),
    ],
)
def test_known_concepts(snomed: str, icd10: str) -> None:
    assert map_snomed(snomed) == icd10


def test_strict_map_differs_where_sources_misuse_a_concept() -> None:
    assert map_snomed("94260004", strict=True) == "C78.5"
    assert map_snomed("126906006", strict=True) == "D40.0"
    assert map_snomed("254637007", strict=True) == "C34.9"


def test_unmapped_codes_are_reported_as_none() -> None:
    assert map_snomed("38341003") is None  # hypertension: not a cancer concept
    assert map_snomed(None) is None
    assert map_snomed("") is None


def test_stage_implied_by_concept() -> None:
    assert crosswalk_entry("423121009").stage == "IV"  # type: ignore[union-attr]
    assert crosswalk_entry("254637007").stage is None  # type: ignore[union-attr]


def test_every_target_is_an_oncology_code() -> None:
    for snomed in mapped_snomed_codes():
        entry = crosswalk_entry(snomed)
        assert entry is not None
        for code in (entry.icd10, entry.strict):
            assert is_oncology_sign(code), (snomed, code)


def test_secondary_concepts_map_to_secondary_codes() -> None:
    assert is_secondary(map_snomed("128462008"))
    assert is_secondary(map_snomed("94225005"))
    assert is_malignant(map_snomed("314994000"))
    assert is_in_situ(map_snomed("92691004"))


@pytest.mark.parametrize(
    ("snomed", "icdo3"),
    [
        ("82711006", "8500/3"),
        ("77284006", "8520/2"),
        ("1187332001", "8140/3"),
        ("413448000", "8140/3"),
        ("35917007", "8140/3"),
    ],
)
def test_morphology(snomed: str, icdo3: str) -> None:
    assert map_snomed_morphology(snomed) == icdo3


def test_unknown_morphology() -> None:
    assert map_snomed_morphology("123") is None


def _conditions() -> list[dict]:
    found = []
    for path in sorted(MCODE_EXAMPLES.glob("*.json")):
        resource = json.loads(path.read_text(encoding="utf-8"))
        if resource["resourceType"] == "Bundle":
            found += [e["resource"] for e in resource.get("entry", [])]
        else:
            found.append(resource)
    return [r for r in found if r["resourceType"] == "Condition"]


def test_every_mcode_primary_cancer_example_is_mapped() -> None:
    primaries = [
        c for c in _conditions() if PRIMARY_PROFILE in c.get("meta", {}).get("profile", [])
    ]
    assert len(primaries) >= 6
    for condition in primaries:
        codes = [c["code"] for c in condition["code"]["coding"] if c.get("system") == SNOMED_SYSTEM]
        assert any(map_snomed(code) for code in codes), condition["id"]
        for ext in condition.get("extension", []):
            if ext["url"] == MORPHOLOGY_EXT:
                morph = ext["valueCodeableConcept"]["coding"][0]["code"]
                assert map_snomed_morphology(morph), (condition["id"], morph)


@pytest.mark.parametrize(
    ("snomed", "category", "value"),
    [
        ("1222806003", "stage", "IIIC"),
        ("1222769001", "stage", "IIB"),
        ("1228938002", "T", "cT3"),
        ("1229967007", "N", "cN0"),
        ("55440008", "M", "M1"),
    ],
)
def test_staging_values(snomed: str, category: str, value: str) -> None:
    entry = map_snomed_staging(snomed)
    assert entry is not None and (entry.category, entry.value) == (category, value)


def test_unknown_staging_value() -> None:
    assert map_snomed_staging("C80135") is None  # Binet B is an NCI code, not SNOMED


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("American Joint Committee on Cancer stage IIIC (qualifier value)", "IIIC"),
        ("AJCC stage IIB", "IIB"),
        ("stage 0", "0"),
        ("Stage IV", "IV"),
        ("FIGO Stage IIIA", "IIIA"),
        ("no stage here", None),
        (None, None),
    ],
)
def test_stage_from_text(text: str | None, stage: str | None) -> None:
    assert stage_from_text(text) == stage


def test_every_mcode_stage_group_value_is_known() -> None:
    for path in sorted(MCODE_EXAMPLES.glob("Observation-tnm-*-stage-group-*.json")):
        resource = json.loads(path.read_text(encoding="utf-8"))
        code = resource["valueCodeableConcept"]["coding"][0]["code"]
        assert map_snomed_staging(code) is not None, path.name


def test_synthea_suspicion_situations_map_to_z03_1() -> None:
    assert map_snomed("162573006") == "Z03.1"
    assert map_snomed("315268008") == "Z03.1"


def test_synthea_metastatic_codes_keep_their_primary_site() -> None:
    assert map_snomed("94503003") == "C61"
    assert crosswalk_entry("94503003").stage == "IV"  # type: ignore[union-attr]
    assert crosswalk_entry("94260004").stage == "IV"  # type: ignore[union-attr]
