"""Organisations of the region and the routing order."""

from __future__ import annotations

import csv
from collections import Counter

import orjson

from synth.identifiers import FRMO_SYSTEM
from synth.region import KIND_SYSTEM, ROUTING_COLUMNS, build_region, district_count


def test_region_has_every_kind_of_organisation(region_dir) -> None:
    kinds: Counter[str] = Counter()
    capabilities: Counter[str] = Counter()
    for line in (region_dir / "organizations.ndjson").read_bytes().splitlines():
        resource = orjson.loads(line)
        assert resource["meta"]["source"] == "frmo"
        coding = resource["type"][0]["coding"][0]
        if resource["resourceType"] == "Organization":
            assert coding["system"] == KIND_SYSTEM
            assert resource["identifier"][0]["system"] == FRMO_SYSTEM
            kinds[coding["code"]] += 1
        else:
            capabilities[coding["code"]] += 1
    assert {"polyclinic", "caop", "pok", "hospital", "oncology-dispensary", "nmic",
            "laboratory", "commercial"} <= set(kinds)
    assert capabilities["tumor-board"] >= 1 and capabilities["radiotherapy"] >= 1


def test_registry_records_are_in_the_ground_truth(region_dir, record_rows) -> None:
    keys = set()
    for line in (region_dir / "organizations.ndjson").read_bytes().splitlines():
        resource = orjson.loads(line)
        keys.add(f"frmo|{resource['resourceType']}|{resource['id']}")
    assert keys == {key for key, row in record_rows.items() if row["source"] == "frmo"}


def test_routing_covers_every_district_and_names_known_organisations(region_dir) -> None:
    oids = {org.oid for org in build_region(5_000).organisations}
    with (region_dir / "routing.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == ROUTING_COLUMNS
    assert len({row["district"] for row in rows}) == district_count(5_000)
    for row in rows:
        assert {row[c] for c in ROUTING_COLUMNS[2:]} <= oids


def test_district_count_scales_with_the_population() -> None:
    assert district_count(1_000) == 10
    assert district_count(100_000) == 15
    assert district_count(10_000_000) == 20
