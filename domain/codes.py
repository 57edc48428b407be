"""ICD-10 and ICD-O-3 helpers for oncology (domain.md §2, §4, §8).

Codes are compared at the three-character level (``C50.4`` → site ``C50``). Input may
come with a Cyrillic ``С``/``Д`` typed instead of the Latin letter, without the dot
(``C504``), in lower case, or as an ICD-10-CM code with three digits after the category
(``C50.911``, ``C50911``: a US refinement ICD-10 does not have);
:func:`normalise_icd10` fixes those.
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from domain._data import load_csv, load_yaml
from domain.errors import DomainDataError

_ICD10 = re.compile(r"^([A-Z])(\d{2})(?:\.?(\d{1,3}))?$")
_MORPHOLOGY = re.compile(r"^M?(\d{4})(\d)?\s*/?\s*(\d)?$")
_CYRILLIC_TO_LATIN = str.maketrans({"С": "C", "Д": "D", "Т": "T", "А": "A", "Е": "E", "З": "Z"})
_ONCOLOGY_Z_CODES = ("Z03.1", "Z51.0", "Z51.1")
_ONCOLOGY_Z_SITES = ("Z08", "Z85")

BEHAVIOUR_NAMES = {
    0: "доброкачественное",
    1: "неопределенное (пограничное)",
    2: "in situ",
    3: "злокачественное, первичный очаг",
    6: "злокачественное, метастаз",
    9: "злокачественное, не уточнено первичный или метастаз",
}


class Morphology(NamedTuple):
    """An ICD-O-3 morphology: four-digit histology code and the behaviour digit."""

    code: str
    behaviour: int

    def __str__(self) -> str:
        return f"{self.code}/{self.behaviour}"

    @property
    def is_oncology_sign(self) -> bool:
        """In situ (/2) or malignant (/3, /6, /9): a pathology trigger (domain.md §5)."""
        return self.behaviour in (2, 3, 6, 9)

    @property
    def is_basal_cell(self) -> bool:
        """Basal-cell carcinoma family 809x (removal from observation after 5 years, §3)."""
        return self.code.startswith("809")


class Form7Row(NamedTuple):
    """A row group of statistical form No. 7."""

    id: str
    label: str


def normalise_icd10(code: str | None) -> str | None:
    """Return the code as ``C50`` or ``C50.4`` (upper case, Latin letter), else ``None``.
    An ICD-10-CM code with three digits after the category gives its ICD-10 four-character
    code (``C50.911`` → ``C50.9``): ICD-10 has no such codes, and the CM digits past the
    first only refine it (for C50: sex and side), which the passport reads elsewhere."""
    if not code:
        return None
    text = code.strip().upper().translate(_CYRILLIC_TO_LATIN).rstrip(".+*")
    match = _ICD10.match(text)
    if not match:
        return None
    letter, number, sub = match.groups()
    if sub and len(sub) == 3:
        sub = sub[0]
    return f"{letter}{number}.{sub}" if sub else f"{letter}{number}"


def site_of(code: str | None) -> str | None:
    """The three-character category of an ICD-10 code (``C50.4`` → ``C50``)."""
    norm = normalise_icd10(code)
    return norm[:3] if norm else None


def _site_in(code: str | None, first: str, last: str) -> bool:
    site = site_of(code)
    return site is not None and site[0] == first[0] and first <= site <= last


def is_malignant(code: str | None) -> bool:
    """ICD-10 C00–C97: malignant neoplasm (primary, secondary or unspecified)."""
    return _site_in(code, "C00", "C97")


def is_in_situ(code: str | None) -> bool:
    """ICD-10 D00–D09: in-situ neoplasm."""
    return _site_in(code, "D00", "D09")


def is_uncertain_behaviour(code: str | None) -> bool:
    """ICD-10 D37–D48: neoplasm of uncertain or unknown behaviour."""
    return _site_in(code, "D37", "D48")


def is_secondary(code: str | None) -> bool:
    """ICD-10 C77–C79: secondary malignant neoplasm (metastasis), not a primary tumour."""
    return _site_in(code, "C77", "C79")


def is_oncology_sign(code: str | None) -> bool:
    """True for codes that mark a record as oncology (domain.md §4).

    C00–C97, D00–D09, D37–D48, Z03.1 (suspected malignancy), Z08 and Z85 (follow-up,
    history of cancer), Z51.0 and Z51.1 (radiotherapy, chemotherapy session).
    """
    norm = normalise_icd10(code)
    if norm is None:
        return False
    if is_malignant(norm) or is_in_situ(norm) or is_uncertain_behaviour(norm):
        return True
    return norm in _ONCOLOGY_Z_CODES or norm[:3] in _ONCOLOGY_Z_SITES


# FHIR condition-ver-status: only `confirmed` (or no status) asserts a diagnosis. The
# region's contract names `provisional` for a suspicion; `unconfirmed` and `differential`
# are its synonyms and are read as `provisional`; `refuted` withdraws the diagnosis.
PROVISIONAL_VERIFICATIONS = frozenset({"provisional", "unconfirmed", "differential"})
REFUTED_VERIFICATION = "refuted"
WITHDRAWN_VERIFICATIONS = frozenset({REFUTED_VERIFICATION, "entered-in-error"})
_NO_DIAGNOSIS = PROVISIONAL_VERIFICATIONS | WITHDRAWN_VERIFICATIONS


# The stage of a tumour is its stage at diagnosis (form 7, the neglected-case rule, early
# detection): the last staging recorded within this many months of the diagnosis, as
# cancer registries count it (ENCR: the staging work-up, before progression). A staging
# first recorded later still counts up to the second limit; after that the stage is unknown.
STAGING_MONTHS_AFTER_DIAGNOSIS = 4
LATE_STAGING_MONTHS_AFTER_DIAGNOSIS = 12


def normalise_verification(status: str | None) -> str:
    """The Condition's verification as the graph keeps it: confirmed, provisional or refuted."""
    if status in PROVISIONAL_VERIFICATIONS:
        return "provisional"
    if status in WITHDRAWN_VERIFICATIONS:
        return REFUTED_VERIFICATION
    return "confirmed"


def asserts_diagnosis(verification: str | None) -> bool:
    """True when a diagnosis record states the disease (not a suspicion, not refuted).
    Raw FHIR statuses are read too (records stored before they were normalised)."""
    return verification not in _NO_DIAGNOSIS


def is_suspicion_code(code: str | None) -> bool:
    """Z03.1: observation for suspected malignant neoplasm (a suspicion trigger)."""
    return normalise_icd10(code) == "Z03.1"


@cache
def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for row in load_csv("icd10_ru.csv"):
        norm = normalise_icd10(row.get("code"))
        if norm is None or not row.get("name_ru"):
            raise DomainDataError(f"icd10_ru.csv: bad row {row!r}")
        names[norm] = row["name_ru"]
    return names


def russian_name(code: str | None) -> str | None:
    """Official Russian name (МКБ-10) of a code, falling back to its three-character site."""
    norm = normalise_icd10(code)
    if norm is None:
        return None
    names = _names()
    return names.get(norm) or names.get(norm[:3])


# The shipped table lists every three-character category of chapter II (neoplasms, C00–D48)
# but only a selection of the other chapters (its header): a category it lacks is no ICD-10
# code in C00–D48 (C99.9, C42.1), whereas Q85.9, missing from it, is ICD-10 all the same.
# Four-character codes are not judged: the table holds only some of each category's.
_COMPLETE_RANGE = ("C00", "D48")
UNKNOWN_ICD10_NOTE = "код отсутствует в МКБ-10"


def is_unknown_icd10(code: str | None) -> bool:
    """True for a code written as ICD-10 that is none: unreadable (``C5O``), or of a
    category of C00–D48 the ICD-10 table does not hold (``C99.9``). Another spelling of a
    valid code (``C509``, ``с50.9``, ``C50``) is known."""
    if not code:
        return False
    norm = normalise_icd10(code)
    if norm is None:
        return True
    site = norm[:3]
    first, last = _COMPLETE_RANGE
    return first <= site <= last and site not in _names()


def unknown_icd10_label(code: str) -> str:
    """How the passport names an unknown code: «C99.9 — код отсутствует в МКБ-10»."""
    return f"{code} — {UNKNOWN_ICD10_NOTE}"


def known_codes() -> frozenset[str]:
    """All codes held by the shipped ICD-10 table."""
    return frozenset(_names())


def parse_morphology(value: str) -> Morphology:
    """Parse an ICD-O-3 morphology: ``"8500/3"``, ``"M8500/3"``, ``"85003"`` or ``"85003/3"``.

    Raises ``ValueError`` when the text is not a morphology code.
    """
    match = _MORPHOLOGY.match(value.strip().upper()) if value else None
    if not match or (match.group(2) is None and match.group(3) is None):
        raise ValueError(f"not an ICD-O-3 morphology code: {value!r}")
    code, fifth, behaviour = match.groups()
    if fifth is not None and behaviour is not None and fifth != behaviour:
        raise ValueError(f"not an ICD-O-3 morphology code: {value!r}")
    # "80463/3" (behaviour digit written twice, as in an mCODE example) reads as 8046/3
    return Morphology(code, int(behaviour if behaviour is not None else fifth))


def try_parse_morphology(value: str | None) -> Morphology | None:
    """Like :func:`parse_morphology` but ``None`` for empty or malformed input."""
    try:
        return parse_morphology(value) if value else None
    except ValueError:
        return None


@cache
def _visual_ranges() -> tuple[tuple[str, str], ...]:
    data = load_yaml("visually_accessible_sites.yaml")
    try:
        return tuple((str(s["from"]), str(s["to"])) for s in data["sites"])
    except (KeyError, TypeError) as exc:
        raise DomainDataError(f"visually_accessible_sites.yaml is malformed: {exc}") from exc


def is_visually_accessible(code: str | None) -> bool:
    """Site of visual localisation (domain.md §2): stage III there is a neglected case."""
    return any(_site_in(code, first, last) for first, last in _visual_ranges())


def is_neglected(code: str | None, stage: str | None) -> bool:
    """Neglected case: stage IV of any site, or stage III of a visually accessible site."""
    group = stage_group(stage)
    if group == "IV":
        return is_malignant(code)
    return group == "III" and is_malignant(code) and is_visually_accessible(code)


def stage_group(stage: str | None) -> str | None:
    """Roman stage group of a stage text: ``"IIB"`` → ``"II"``, ``"4"`` → ``"IV"``, ``"0"``."""
    if not stage:
        return None
    text = stage.strip().upper().replace("STAGE", "").replace("СТАДИЯ", "").strip()
    text = text.translate(str.maketrans("ІУХ", "IVX"))
    arabic = {"0": "0", "1": "I", "2": "II", "3": "III", "4": "IV"}
    if text[:1] in arabic:
        return arabic[text[:1]]
    match = re.match(r"^(IV|III|II|I)", text)
    return match.group(1) if match else None


@cache
def _form7() -> tuple[tuple[Form7Row, tuple[tuple[str, str], ...]], ...]:
    data = load_yaml("form7_rows.yaml")
    try:
        return tuple(
            (Form7Row(r["id"], r["label"]), tuple((a, b) for a, b in r["ranges"]))
            for r in data["rows"]
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DomainDataError(f"form7_rows.yaml is malformed: {exc}") from exc


def form7_row(code: str | None) -> Form7Row | None:
    """The form-7 row group of a malignant code (``None`` outside the listed groups)."""
    for row, ranges in _form7():
        if any(_site_in(code, first, last) for first, last in ranges):
            return row
    return None


def form7_rows() -> list[Form7Row]:
    """All form-7 row groups in form order."""
    return [row for row, _ in _form7()]


def is_form7_total(code: str | None) -> bool:
    """Counted in the form-7 total line (C00–C96)."""
    return _site_in(code, "C00", "C96")
