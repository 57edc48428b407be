"""Basis of diagnosis (IARC/ENCR codes) and microscopic verification — one rule for all.

The tumour (ingest/tumors.py), the registry entry (registry/entry.py) and the region's
indicators and form No. 7 (analytics/) all ask whether a cancer is morphologically
verified. They used to answer three ways (a coded morphology, any pathology report, a
malignant pathology report) and so disagreed on the same tumour; this module is the one
answer: a diagnosis rests on a microscope when a pathology or cytology report concerning
the tumour names a cancer (ICD-O-3 behaviour /2, /3, /6 or /9), or a registrar recorded a
microscopic basis (5, 6, 7). A report without such a code (uncoded text, a benign
finding) is no evidence of the diagnosis: the registry's checks then show the basis as
missing to a registrar, who can read the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from domain.codes import try_parse_morphology

DCO = 0
CLINICAL = 1
CLINICAL_INVESTIGATION = 2
TUMOUR_MARKERS = 4
CYTOLOGY = 5
HISTOLOGY_OF_METASTASIS = 6
HISTOLOGY = 7
UNKNOWN = 9
MICROSCOPIC = frozenset({CYTOLOGY, HISTOLOGY_OF_METASTASIS, HISTOLOGY})
CODES = frozenset({DCO, CLINICAL, CLINICAL_INVESTIGATION, TUMOUR_MARKERS, CYTOLOGY,
                   HISTOLOGY_OF_METASTASIS, HISTOLOGY, UNKNOWN})

# "The most valid basis" wins: unknown is the weakest, histology of the primary the strongest.
_RANK = {UNKNOWN: 0, DCO: 1, CLINICAL: 2, CLINICAL_INVESTIGATION: 3, TUMOUR_MARKERS: 4,
         CYTOLOGY: 5, HISTOLOGY_OF_METASTASIS: 6, HISTOLOGY: 7}
# A pathology report names no metastasis in our input, so its histology is the primary's.
_MICROSCOPIC_KINDS = {"pathology": HISTOLOGY, "cytology": CYTOLOGY}
_BASIS_OF_KIND = {"laboratory": TUMOUR_MARKERS, "instrumental": CLINICAL_INVESTIGATION,
                  "death": DCO}
# Record kinds that are no evidence of the diagnosis itself.
_NOT_EVIDENCE = frozenset({"notification-090", "dispensary-observation", "rehabilitation",
                           "hospitalization-refusal", "other", "patient", "organization",
                           "capability", "specimen"})


def is_microscopic(basis: int | None) -> bool:
    """Whether a basis of diagnosis is a microscopic (morphological) verification."""
    return basis in MICROSCOPIC


def is_evidence(kind: str | None) -> bool:
    """Whether a record of this kind is evidence of the diagnosis (see record_basis)."""
    return (kind or "") not in _NOT_EVIDENCE


def names_cancer(morphology: str | None) -> bool:
    """A morphology code a microscope gives for a cancer: in situ, malignant, metastatic or
    malignant of uncertain primary."""
    parsed = try_parse_morphology(morphology)
    return parsed is not None and parsed.is_oncology_sign


def record_basis(record: Mapping[str, Any]) -> int | None:
    """The basis one record of a tumour gives, or None when it is no evidence of it.

    `record` has the record's `kind`, its `morphology` and, for a registrar's diagnosis,
    its explicit `basis` (a code)."""
    kind = record.get("kind") or ""
    if not is_evidence(kind):
        return None
    explicit = record.get("basis")
    if explicit is not None and str(explicit).isdigit() and int(explicit) in CODES:
        return int(explicit)
    if kind in _MICROSCOPIC_KINDS:
        return _MICROSCOPIC_KINDS[kind] if names_cancer(record.get("morphology")) else None
    return _BASIS_OF_KIND.get(kind, CLINICAL)


def most_valid(bases: Iterable[int | None]) -> int:
    """The most valid of the bases records give; a death certificate beside any other
    evidence is not a death-certificate-only case; unknown when there is no evidence."""
    candidates = [basis for basis in bases if basis is not None]
    if len(candidates) > 1:
        candidates = [basis for basis in candidates if basis != DCO] or candidates
    return max(candidates, key=_RANK.__getitem__, default=UNKNOWN)


def basis_of_records(records: Iterable[Mapping[str, Any]]) -> int:
    """The basis of diagnosis of a tumour from the records concerning it."""
    return most_valid(record_basis(record) for record in records)
