"""Version ranks compare as strings (upsert_records.cypher): string order must be time order."""

from __future__ import annotations

import json

import pytest

from ingest.classify import version_rank
from ingest.prepare import prepare_batch
from ingest.reader import parse_document
from ingest.validate import validate_fast
from tests import fhir_factories as f


def _rank(version: str | None, updated: str | None) -> str:
    meta = {key: value for key, value in (("versionId", version), ("lastUpdated", updated))
            if value is not None}
    return version_rank({"meta": meta})


@pytest.mark.parametrize(("older", "newer"), [
    ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00.500Z"),  # a fraction after a whole second
    ("2024-05-01T10:00:00+03:00", "2024-05-01T08:00:00Z"),  # 07:00 UTC before 08:00 UTC
    ("2024-05-01T10:00:00.5Z", "2024-05-01T10:00:00.51Z"),  # fractions of other widths
    ("2024-05-01T23:30:00-05:00", "2024-05-02T04:31:00+00:00"),  # across midnight in UTC
])
def test_a_later_last_updated_ranks_above_an_earlier_one(older: str, newer: str) -> None:
    assert _rank(None, newer) > _rank(None, older)
    assert _rank("3", newer) > _rank("3", older)


def test_the_same_instant_written_two_ways_ranks_the_same() -> None:
    assert _rank("1", "2024-05-01T10:00:00+03:00") == _rank("1", "2024-05-01T07:00:00.000Z")


def test_the_version_id_still_comes_first() -> None:
    assert _rank("2", "2024-01-01T00:00:00Z") > _rank("1", "2024-06-01T00:00:00Z")
    assert _rank("10", None) > _rank("9", "2024-06-01T00:00:00Z")


def test_the_newer_of_two_versions_in_one_batch_is_the_one_kept() -> None:
    first = {**f.condition("c1", "Patient/1", "C50.4"),
             "meta": {"lastUpdated": "2024-05-01T10:00:00Z"}}
    second = {**f.condition("c1", "Patient/1", "C50.4", status="entered-in-error"),
              "meta": {"lastUpdated": "2024-05-01T10:00:00.500Z"}}
    items = [item for index, resource in enumerate((first, second))
             for item in parse_document(json.dumps(resource), "mis-a", f"x:{index}")]
    [(kept, _)] = prepare_batch(items, validate_fast).records
    assert kept.props["retracted"] is True
