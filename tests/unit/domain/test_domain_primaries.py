"""IARC/IACR 2004 multiple-primary rules as a pure function."""

from __future__ import annotations

from datetime import date

import pytest

from domain.primaries import (
    PrimaryCandidate,
    group_primaries,
    icdo3_topography,
    morphology_group,
    same_primary,
    site_group,
)


def tumour(key: str, icd10: str, morphology: str | None, on: date | None = None,
           ) -> PrimaryCandidate:
    return PrimaryCandidate(key, icd10, morphology, on)


@pytest.mark.parametrize(("icd10", "group"), [
    ("C34.1", "C33-C34"), ("C33", "C33-C34"), ("C19", "C19-C20"), ("C20", "C19-C20"),
    ("C18.2", "C18"), ("C50.4", "C50"), ("C43.5", "C44"), ("C57.8", "C51-C52+C57.7-C57.9"),
    ("C57.0", "C56+C57.0-C57.4"), ("C65", "C64-C66+C68"), ("C03.1", "C00+C03-C06"),
    ("D05.1", None), ("I10", None),
])
def test_site_groups_of_table_1(icd10: str, group: str | None) -> None:
    assert site_group(icd10) == group


@pytest.mark.parametrize(("morphology", "group"), [
    ("8070/3", 1), ("8090/3", 2), ("8140/3", 3), ("8500/3", 3), ("8041/3", 4),
    ("8010/3", 5), ("8890/3", 6), ("9050/3", 7), ("9861/3", 8), ("9680/3", 9),
    ("9702/3", 10), ("9650/3", 11), ("9800/3", 14), ("9140/3", 15), ("8720/3", 16),
    ("8000/3", 17), (None, None), ("abc", None),
])
def test_morphology_groups_of_table_2(morphology: str | None, group: int | None) -> None:
    assert morphology_group(morphology) == group


def test_topography_of_icd10_codes() -> None:
    assert icdo3_topography("C43.5") == "C44"
    assert icdo3_topography("C83.3") == "C77"
    assert icdo3_topography("C92.0") == "C42"
    assert icdo3_topography("C50.4") == "C50"


@pytest.mark.parametrize(("a", "b", "same"), [
    # same organ, same histological group: one tumour, however far apart in time
    (("C34.1", "8140/3"), ("C34.3", "8480/3"), True),
    (("C33", "8070/3"), ("C34.9", "8071/3"), True),
    # same organ, different histological groups: two tumours
    (("C34.1", "8140/3"), ("C34.1", "8070/3"), False),
    # unspecific histology beside a specific one of the same organ: one tumour
    (("C16.0", "8010/3"), ("C16.2", "8140/3"), True),
    (("C16.0", "8000/3"), ("C16.2", "8890/3"), True),
    (("C16.0", "8010/3"), ("C16.2", "8890/3"), False),
    # different organs: two tumours
    (("C50.4", "8500/3"), ("C18.7", "8140/3"), False),
    (("C18.7", "8140/3"), ("C20", "8140/3"), False),
    (("C19", "8140/3"), ("C20", "8140/3"), True),
    # systemic cancers count once per person, whatever the site
    (("C83.3", "9680/3"), ("C85.9", "9680/3"), True),
    (("C83.3", "9680/3"), ("C91.1", "9823/3"), True),
    (("C83.3", "9680/3"), ("C81.1", "9663/3"), False),
    (("C92.0", "9861/3"), ("C95.9", "9800/3"), True),
    (("C46.0", "9140/3"), ("C46.1", "9140/3"), True),
    (("C83.3", "9680/3"), ("C50.4", "8500/3"), False),
    # an unknown morphology cannot prove a second primary
    (("C50.4", None), ("C50.1", "8500/3"), True),
])
def test_same_primary(a: tuple[str, str | None], b: tuple[str, str | None],
                      same: bool) -> None:
    first, second = tumour("a", *a), tumour("b", *b)
    assert same_primary(first, second) is same
    assert same_primary(second, first) is same


def test_group_primaries_keeps_the_earliest_first() -> None:
    later_lung = tumour("lung-2", "C34.3", "8140/3", date(2024, 1, 1))
    lung = tumour("lung-1", "C34.1", "8480/3", date(2019, 5, 1))
    squamous_lung = tumour("lung-sq", "C34.1", "8070/3", date(2021, 1, 1))
    breast = tumour("breast", "C50.4", "8500/3", date(2020, 3, 3))

    groups = group_primaries([later_lung, breast, squamous_lung, lung])

    assert [[c.key for c in group] for group in groups] == [
        ["lung-1", "lung-2"], ["breast"], ["lung-sq"]]
