"""Shared fixtures: one small region generated once per test session."""

from __future__ import annotations

import csv
from pathlib import Path

import orjson
import pytest

from synth import generate_region
from tests.unit.synth.helpers import Located, iter_resources

SHARE_PEOPLE = 5_000


@pytest.fixture(scope="session")
def region_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 5 000-person region (seed 7) used by most tests."""
    out = tmp_path_factory.mktemp("region")
    generate_region(SHARE_PEOPLE, 7, out, workers=2)
    return out


@pytest.fixture(scope="session")
def broken_entries(region_dir: Path) -> list[dict]:
    """ground_truth/broken.jsonl."""
    text = (region_dir / "ground_truth" / "broken.jsonl").read_bytes()
    return [orjson.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="session")
def people(region_dir: Path) -> list[dict]:
    """ground_truth/patients.jsonl."""
    text = (region_dir / "ground_truth" / "patients.jsonl").read_bytes()
    return [orjson.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="session")
def record_rows(region_dir: Path) -> dict[str, dict[str, str]]:
    """ground_truth/records.csv by key."""
    with (region_dir / "ground_truth" / "records.csv").open(encoding="utf-8") as handle:
        return {row["key"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="session")
def source_lines(region_dir: Path) -> dict[str, list[bytes]]:
    """Raw lines of every MIS file, by source name."""
    return {path.name.removesuffix(".ndjson"): path.read_bytes().splitlines()
            for path in sorted(region_dir.glob("*-mis*.ndjson"))}



@pytest.fixture(scope="session")
def resources(source_lines: dict[str, list[bytes]]) -> list[Located]:
    """Every record parsed once: (source, line number, resource or None if unparsable)."""
    return list(iter_resources(source_lines))
