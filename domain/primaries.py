"""Multiple primary tumours by the IARC/IACR 2004 rules (domain.md §10).

Two tumours of one person are the same primary when they arise in the same organ (the
ICD-O-3 topography site group of table 1) and belong to the same histological group
(table 2). Systemic cancers (haematopoietic groups 8–14, Kaposi sarcoma) count once per
person whatever the site. An unspecific histology (groups 5, 14, 17) beside a specific
one of the same organ is the same tumour. Recognition does not depend on time.

One rule for the whole project: the tumours derived from a person's records
(ingest/tumors.py) and the registry's checks and DCO cases (registry/) both ask it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from domain._data import load_csv
from domain.codes import normalise_icd10, try_parse_morphology

HAEMATOPOIETIC_GROUPS = frozenset({8, 9, 10, 11, 12, 13, 14})
KAPOSI_GROUP = 15
SYSTEMIC_GROUPS = HAEMATOPOIETIC_GROUPS | {KAPOSI_GROUP}
UNSPECIFIC_CARCINOMA_GROUPS = frozenset({5})
UNSPECIFIC_HAEMATOPOIETIC_GROUP = 14
CARCINOMA_GROUPS = frozenset({1, 2, 3, 4, 5})


@dataclass(frozen=True)
class PrimaryCandidate:
    """What the rules look at: an id, the ICD-10 code, the morphology, the date."""

    key: str
    icd10: str | None
    morphology: str | None
    diagnosed_on: date | None = None


def icdo3_topography(icd10: str | None) -> str | None:
    """ICD-O-3 topography (three characters) for an ICD-10 code of a primary tumour.

    ICD-10 C00–C80 share the ICD-O-3 numbers except melanoma of skin (C43 → C44); the
    haematological and systemic chapters have no site of their own in ICD-10.
    """
    code = normalise_icd10(icd10)
    if code is None or code[0] not in "CD":
        return None
    site = code[:3]
    if site == "C43":
        return "C44"
    if site == "C45":
        return "C38" if code.startswith("C45.0") else "C48"
    if site == "C46":
        return "C49"
    if "C81" <= site <= "C90" and site[0] == "C":
        return "C77"
    if "C91" <= site <= "C95" and site[0] == "C":
        return "C42"
    if site[0] == "D":
        return None
    return site


@cache
def _site_groups() -> tuple[tuple[str, str, str], ...]:
    return tuple((r["group"], r["first"], r["last"]) for r in load_csv("iarc_site_groups.csv"))


@cache
def _morphology_groups() -> tuple[tuple[int, int, int], ...]:
    return tuple((int(r["group"]), int(r["first"]), int(r["last"]))
                 for r in load_csv("iarc_morphology_groups.csv"))


@cache
def site_group(icd10: str | None) -> str | None:
    """The organ of the IARC 2004 table 1 (``C33-C34``), else the topography (``C50``)."""
    code = normalise_icd10(icd10)
    topography = icdo3_topography(code)
    if topography is None:
        return None
    # four-character entries (C57.7) compare on the ICD-10 subcode when there is one
    detail = code if code and code[:3] == topography and len(code) > 3 else topography
    for group, first, last in _site_groups():
        if len(first) > 3:
            if first <= detail <= last + "9":
                return group
        elif first <= topography <= last:
            return group
    return topography


@cache
def morphology_group(morphology: str | None) -> int | None:
    """Histological group 1–17 of table 2; None when the code is missing or unknown."""
    parsed = try_parse_morphology(morphology)
    if parsed is None:
        return None
    number = int(parsed.code)
    for group, first, last in _morphology_groups():
        if first <= number <= last:
            return group
    return None


def _groups_compatible(first: int | None, second: int | None) -> bool:
    if first is None or second is None or first == second:
        return True  # an unknown histology cannot prove a second primary
    pair = {first, second}
    if 17 in pair:
        return True  # "cancer NOS" beside anything specific is that same tumour
    if pair & UNSPECIFIC_CARCINOMA_GROUPS:
        return pair <= CARCINOMA_GROUPS
    if UNSPECIFIC_HAEMATOPOIETIC_GROUP in pair:
        return pair <= HAEMATOPOIETIC_GROUPS
    return False


def same_morphology_group(first: str | None, second: str | None) -> bool:
    """Whether two morphologies can be one tumour's (an unknown one always can)."""
    return _groups_compatible(morphology_group(first), morphology_group(second))


def same_primary(a: PrimaryCandidate, b: PrimaryCandidate) -> bool:
    """True when the IARC 2004 rules count `a` and `b` as one tumour."""
    group_a, group_b = morphology_group(a.morphology), morphology_group(b.morphology)
    systemic = {group_a, group_b} & SYSTEMIC_GROUPS
    if group_a in SYSTEMIC_GROUPS and group_b in SYSTEMIC_GROUPS:
        return _groups_compatible(group_a, group_b)
    if systemic and None not in (group_a, group_b):
        return False  # a systemic cancer and a solid tumour are always two primaries
    site_a, site_b = site_group(a.icd10), site_group(b.icd10)
    if site_a is None or site_b is None or site_a != site_b:
        return False
    return _groups_compatible(group_a, group_b)


def group_primaries(candidates: Sequence[PrimaryCandidate]) -> list[list[PrimaryCandidate]]:
    """Partition one person's tumours into primaries, earliest first in each group.

    The earliest diagnosis of a group is the primary the registry keeps; the others are
    the same tumour reported again (or its extension/recurrence).
    """
    ordered = sorted(candidates, key=lambda c: (c.diagnosed_on or date.max, c.key))
    groups: list[list[PrimaryCandidate]] = []
    for candidate in ordered:
        for group in groups:
            if same_primary(group[0], candidate):
                group.append(candidate)
                break
        else:
            groups.append([candidate])
    return groups
