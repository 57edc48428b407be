"""Same seed and size give byte-identical files, whatever the number of workers."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import orjson
import pytest

from ingest.prepare import iterate_items
from synth import generate_region

PEOPLE = 600  # two shards of 500: enough to test the order of shards across workers


def _digests(out: Path) -> dict[str, str]:
    return {str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(out.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def regions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same region (seed 11) with 1 and 2 workers, plain and gzip."""
    root = tmp_path_factory.mktemp("determinism")
    progress: list[int] = []
    generate_region(PEOPLE, 11, root / "plain-1", workers=1, progress=progress.append)
    assert sum(progress) == PEOPLE
    generate_region(PEOPLE, 11, root / "plain-2", workers=2)
    generate_region(PEOPLE, 11, root / "gzip-1", gzip=True, workers=1)
    generate_region(PEOPLE, 11, root / "gzip-2", gzip=True, workers=2)
    return {path.name: path for path in root.iterdir()}


def test_same_seed_gives_identical_files(regions: dict[str, Path]) -> None:
    assert _digests(regions["plain-1"]) == _digests(regions["plain-2"])


def test_gzip_output_is_deterministic_too(regions: dict[str, Path]) -> None:
    digests = _digests(regions["gzip-1"])
    assert any(name.endswith(".ndjson.gz") for name in digests)
    assert digests == _digests(regions["gzip-2"])


def test_gzip_files_hold_the_same_lines_as_plain_ones(regions: dict[str, Path]) -> None:
    for plain in regions["plain-1"].glob("*-mis*.ndjson"):
        packed = regions["gzip-1"] / f"{plain.name}.gz"
        assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()


def test_another_seed_gives_another_region(regions: dict[str, Path], tmp_path: Path) -> None:
    generate_region(PEOPLE, 12, tmp_path, workers=1)
    a, b = _digests(regions["plain-1"]), _digests(tmp_path)
    assert a["organizations.ndjson"] == b["organizations.ndjson"]  # the region is the same
    assert a["poly-mis-1.ndjson"] != b["poly-mis-1.ndjson"]  # its people are not


def test_the_manifest_counts_what_an_ingest_receives(regions: dict[str, Path]) -> None:
    """The demo's progress bar ends at the manifest's count: a transaction Bundle line
    counts its entries (it went past 100 % when lines were counted)."""
    manifest = orjson.loads((regions["plain-1"] / "manifest.json").read_bytes())
    received = sum(1 for _ in iterate_items([regions["plain-1"]]))
    assert manifest["resources"] == received > manifest["lines"]
