"""Same seed and size give byte-identical files, whatever the number of workers."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

from synth import generate_region


def _digests(out: Path) -> dict[str, str]:
    return {str(path.relative_to(out)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(out.rglob("*")) if path.is_file()}


def test_same_seed_gives_identical_files(tmp_path: Path) -> None:
    one_worker = generate_region(700, 11, tmp_path / "a", workers=1)
    two_workers = generate_region(700, 11, tmp_path / "b", workers=2)
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert one_worker.resources == two_workers.resources > 5_000


def test_gzip_output_is_deterministic_too(tmp_path: Path) -> None:
    generate_region(300, 5, tmp_path / "a", gzip=True, workers=1)
    generate_region(300, 5, tmp_path / "b", gzip=True, workers=2)
    digests = _digests(tmp_path / "a")
    assert any(name.endswith(".ndjson.gz") for name in digests)
    assert digests == _digests(tmp_path / "b")


def test_gzip_files_hold_the_same_lines_as_plain_ones(tmp_path: Path) -> None:
    generate_region(700, 5, tmp_path / "plain", workers=2)
    generate_region(700, 5, tmp_path / "packed", gzip=True, workers=2)
    for plain in (tmp_path / "plain").glob("*-mis*.ndjson"):
        packed = tmp_path / "packed" / f"{plain.name}.gz"
        assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()


def test_another_seed_gives_another_region(tmp_path: Path) -> None:
    generate_region(300, 5, tmp_path / "a", workers=1)
    generate_region(300, 6, tmp_path / "b", workers=1)
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert a["organizations.ndjson"] == b["organizations.ndjson"]  # the region is the same
    assert a["poly-mis-1.ndjson"] != b["poly-mis-1.ndjson"]  # its people are not


def test_progress_reports_every_person(tmp_path: Path) -> None:
    seen: list[int] = []
    generate_region(700, 1, tmp_path, progress=seen.append, workers=1)
    assert sum(seen) == 700
