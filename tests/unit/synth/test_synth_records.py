"""Records are valid FHIR R4, broken ones are listed, references resolve, dates are sane."""

from __future__ import annotations

import random
from datetime import date

import orjson
import pytest
from fhir.resources.R4B import get_fhir_model_class

from synth.generator import DEFAULT_AS_OF

SAMPLE = 1_500


def _validate(resource: dict) -> None:
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def test_a_sample_of_clean_records_validates_with_r4(source_lines, broken_entries) -> None:
    broken = {(b["source"], b["line"]) for b in broken_entries}
    clean = [(source, line) for source, lines in source_lines.items()
             for number, line in enumerate(lines, start=1) if (source, number) not in broken]
    sample = random.Random(0).sample(clean, SAMPLE)
    types = set()
    for _, line in sample:
        resource = orjson.loads(line)
        _validate(resource)
        types.add(resource["resourceType"])
    assert {"Patient", "Encounter", "Condition", "DiagnosticReport"} <= types


def test_organisation_registry_validates(region_dir) -> None:
    for line in (region_dir / "organizations.ndjson").read_bytes().splitlines():
        _validate(orjson.loads(line))


def test_every_broken_entry_points_at_a_broken_line(source_lines, broken_entries) -> None:
    assert {b["kind"] for b in broken_entries} == {
        "broken-json", "r4-invalid", "impossible-date", "wrong-snils-check",
        "unresolved-reference"}
    for entry in broken_entries:
        line = source_lines[entry["source"]][entry["line"] - 1]
        if entry["kind"] == "broken-json":
            with pytest.raises(orjson.JSONDecodeError):
                orjson.loads(line)
            continue
        resource = orjson.loads(line)
        assert f"{entry['source']}|{resource['resourceType']}|{resource['id']}" == entry["key"]
        if entry["kind"] in ("r4-invalid", "impossible-date"):
            with pytest.raises(ValueError):
                _validate(resource)


def test_unparsable_lines_are_all_listed(source_lines, broken_entries) -> None:
    listed = {(b["source"], b["line"]) for b in broken_entries if b["kind"] == "broken-json"}
    unparsable = set()
    for source, lines in source_lines.items():
        for number, line in enumerate(lines, start=1):
            try:
                orjson.loads(line)
            except orjson.JSONDecodeError:
                unparsable.add((source, number))
    assert unparsable == listed


def test_relative_patient_references_resolve_within_their_source(resources,
                                                                 record_rows) -> None:
    unresolved = set()
    for source, _, resource in resources:
        if resource is None:
            continue
        for field in ("subject", "patient"):
            reference = resource.get(field, {}).get("reference", "")
            if reference.startswith("urn:uuid:"):
                continue  # checked inside its Bundle below
            if reference and f"{source}|{reference.replace('/', '|')}" not in record_rows:
                unresolved.add(f"{source}|{resource['resourceType']}|{resource['id']}")
    assert all(record_rows[key]["broken"] == "unresolved-reference" for key in unresolved)


def test_bundles_are_transactions_whose_uuid_references_resolve(source_lines) -> None:
    bundles = [orjson.loads(line) for line in source_lines["nmic-mis"]]
    assert bundles and all(b["type"] == "transaction" for b in bundles)
    uuid_references = 0
    for bundle in bundles:
        _validate(bundle)
        full_urls = {entry["fullUrl"] for entry in bundle["entry"]}
        for entry in bundle["entry"]:
            reference = entry["resource"].get("subject", {}).get("reference", "")
            if reference.startswith("urn:uuid:"):
                assert reference in full_urls
                uuid_references += 1
    assert uuid_references > 0


def test_nothing_is_dated_after_as_of(resources) -> None:
    latest = max(resource["meta"]["lastUpdated"][:10]
                 for _, _, resource in resources if resource is not None)
    assert date.fromisoformat(latest) <= DEFAULT_AS_OF


def test_out_of_order_records_exist(resources) -> None:
    """Some records arrive before their source's Patient."""
    early = 0
    seen_patients: set[tuple[str, str]] = set()
    for source, _, resource in resources:
        if resource is None:
            continue
        if resource["resourceType"] == "Patient":
            seen_patients.add((source, resource["id"]))
        reference = resource.get("subject", {}).get("reference", "")
        early += reference.startswith("Patient/") and (source, reference[8:]) not in seen_patients
    assert early > 50
