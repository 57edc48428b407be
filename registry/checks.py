"""IARC/IACR quality checks of registry rows (domain.md §10, as in CanReg5).

Pure and vectorised: every check takes the prepared frame of all rows at once and returns
a grade and a message per row, so a region's registry is checked in seconds. The tables
behind the checks live in ``registry/data/``. Grades: OK, Rare (unusual but possible:
confirm), Query (probably an error: verify), Invalid (impossible), Missing (item absent).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache

import numpy as np
import pandas as pd

from domain.codes import normalise_icd10, try_parse_morphology
from domain.primaries import PrimaryCandidate, same_primary
from registry.tables import load_table

OK, RARE, QUERY, MISSING, INVALID = "OK", "Rare", "Query", "Missing", "Invalid"
GRADES = (OK, RARE, QUERY, INVALID, MISSING)
_SEVERITY = {OK: 0, RARE: 1, QUERY: 2, MISSING: 3, INVALID: 4}
CONFIRMABLE = frozenset({RARE, QUERY})
UNSPECIFIED_MORPHOLOGY = (8000, 8005)
VALID_BEHAVIOURS = (0, 1, 2, 3, 6, 9)
MARKER_MORPHOLOGIES = (8170, 9732, 9761)  # diagnosed by a specific tumour marker (basis 4)
OLDEST_PLAUSIBLE_AGE = 110
EARLIEST_PLAUSIBLE_YEAR = 1950


class Grading:
    """Grades and messages of one check over all rows; the most severe finding wins."""

    def __init__(self, size: int) -> None:
        self.severity = np.zeros(size, dtype=np.int8)
        self.message = np.full(size, "", dtype=object)

    def flag(self, mask: np.ndarray, grade: str, message: str) -> None:
        hit = np.asarray(mask, dtype=bool) & (self.severity < _SEVERITY[grade])
        self.severity[hit] = _SEVERITY[grade]
        self.message[hit] = message

    def grades(self) -> np.ndarray:
        names = np.array([OK, RARE, QUERY, MISSING, INVALID], dtype=object)
        return names[self.severity]


class Prepared(dict[str, np.ndarray]):
    """Columns as numpy arrays (pandas' per-operation cost would dominate small batches).

    Sites are integers (``C50`` → 250) and dates day numbers (NaN when missing), so every
    range test is a numeric comparison; NaN compares false, so a missing item never
    triggers a content check (the Missing grades are given explicitly).
    """

    today: float = 0.0

    def __len__(self) -> int:
        return len(self["tumorId"])


def prepare(rows: pd.DataFrame, today: date) -> Prepared:
    """Normalised columns the checks read: site, morphology number, behaviour, age."""
    def column(name: str, default: object = None) -> pd.Series:
        return rows[name] if name in rows else pd.Series(default, index=rows.index)

    frame = Prepared()
    frame["tumorId"] = rows["tumorId"].to_numpy()
    frame["patientId"] = column("patientId").to_numpy(dtype=object)
    frame["icd10Text"] = column("icd10").to_numpy(dtype=object)
    frame["morphologyText"] = column("morphology").to_numpy(dtype=object)
    icd10 = column("icd10")
    frame["icd10Given"] = (icd10.notna() & (icd10.astype("string").str.strip() != "")
                           ).to_numpy(dtype=bool, na_value=False)
    frame["site"] = icd10.map(_site_code).to_numpy(dtype=float)
    morphology = column("morphology")
    parsed = morphology.map(_parse_morphology)
    frame["morphologyGiven"] = (morphology.notna()
                                & (morphology.astype("string").str.strip() != "")
                                ).to_numpy(dtype=bool, na_value=False)
    frame["morph"] = parsed.map(lambda p: p[0] if p else np.nan).to_numpy(dtype=float)
    frame["behaviour"] = parsed.map(lambda p: p[1] if p else np.nan).to_numpy(dtype=float)
    frame["sex"] = column("sex").fillna("unknown").to_numpy(dtype=object)
    frame["basis"] = pd.to_numeric(column("basis"), errors="coerce").to_numpy(dtype=float)
    frame["dco"] = column("dco", False).fillna(False).to_numpy(dtype=bool)
    grade = column("grade").astype("string")
    frame["gradeInvalid"] = (grade.notna() & ~grade.isin([str(n) for n in range(1, 10)])
                             ).to_numpy(dtype=bool, na_value=False)
    stamps = {name: pd.to_datetime(column(name), errors="coerce")
              for name in ("birthDate", "diagnosedOn", "lastContactOn", "deathOn", "reportedOn")}
    for name, values in stamps.items():
        frame[name] = _day_numbers(values)
    frame["age"] = _full_years(stamps["birthDate"], stamps["diagnosedOn"])
    frame["diagnosedYear"] = stamps["diagnosedOn"].dt.year.to_numpy(dtype=float,
                                                                     na_value=np.nan)
    frame.today = float((pd.Timestamp(today) - _EPOCH).days)
    return frame


_EPOCH = pd.Timestamp("1970-01-01")


def _day_numbers(stamps: pd.Series) -> np.ndarray:
    return ((stamps - _EPOCH).dt.days).to_numpy(dtype=float, na_value=np.nan)


def _full_years(born: pd.Series, on: pd.Series) -> np.ndarray:
    """Age in completed years, as a birthday counts (365.25-day years were a day off
    around some birthdays: an 18-year-old on the day could still be 17)."""
    before_birthday = (on.dt.month * 100 + on.dt.day) < (born.dt.month * 100 + born.dt.day)
    years = on.dt.year - born.dt.year - before_birthday.astype(int)
    return years.to_numpy(dtype=float, na_value=np.nan)


def site_code(site: str) -> float:
    """``C50`` → 250.0: letter index × 100 + category number."""
    return float((ord(site[0]) - ord("A")) * 100 + int(site[1:3]))


def _in(values: np.ndarray, first: str | float, last: str | float) -> np.ndarray:
    low = site_code(first) if isinstance(first, str) else first
    high = site_code(last) if isinstance(last, str) else last
    return (values >= low) & (values <= high)


def check_code_validity(f: Prepared) -> Grading:
    g = Grading(len(f))
    g.flag(~f["icd10Given"], MISSING, "Не указан код МКБ-10")
    site = f["site"]
    registrable = (_in(site, "C00", "C97") | _in(site, "D00", "D09") | _in(site, "D37", "D48"))
    g.flag(f["icd10Given"] & np.isnan(site), INVALID, "Код МКБ-10 не распознан")
    g.flag(~np.isnan(site) & ~registrable, INVALID, "Код МКБ-10 вне рубрик новообразований")
    g.flag(_in(site, "C77", "C79"), INVALID,
           "Вторичная опухоль (C77–C79): укажите первичную локализацию")
    g.flag(~f["morphologyGiven"] & ~f["dco"], MISSING, "Не указана морфология (МКБ-О-3)")
    g.flag(f["morphologyGiven"] & np.isnan(f["morph"]), INVALID, "Код морфологии не распознан")
    g.flag(~np.isnan(f["morph"]) & ~_in(f["morph"], 8000, 9993), INVALID,
           "Код морфологии вне диапазона 8000–9993")
    g.flag(~np.isnan(f["behaviour"]) & ~np.isin(f["behaviour"], VALID_BEHAVIOURS),
           INVALID,
           "Недопустимый код характера (поведения) опухоли")
    g.flag(f["gradeInvalid"], INVALID,
           "Недопустимый код степени дифференцировки")
    return g


def check_sex_site(f: Prepared) -> Grading:
    g = Grading(len(f))
    g.flag(~np.isin(f["sex"], ["male", "female"]), MISSING, "Не указан пол")
    for row in load_table("sex_site"):
        g.flag((f["sex"] == row["sex"]) & _in(f["site"], row["first"], row["last"]),
               row["grade"], row["message_ru"])
    return g


def check_age_site(f: Prepared) -> Grading:
    g = _age_grading(f)
    for row in load_table("age_site"):
        g.flag(_in(f["site"], row["first"], row["last"]) & _age_in(f, row), row["grade"],
               row["message_ru"])
    return g


def check_age_morphology(f: Prepared) -> Grading:
    g = _age_grading(f)
    for row in load_table("age_morphology"):
        g.flag(_in(f["morph"], int(row["first"]), int(row["last"])) & _age_in(f, row),
               row["grade"], row["message_ru"])
    return g


def check_age_site_morphology(f: Prepared) -> Grading:
    g = _age_grading(f)
    for row in load_table("age_site_morphology"):
        mask = (_in(f["site"], row["site_first"], row["site_last"])
                & _in(f["morph"], int(row["morph_first"]), int(row["morph_last"]))
                & _age_in(f, row))
        g.flag(mask, row["grade"], row["message_ru"])
    return g


def check_site_behaviour(f: Prepared) -> Grading:
    g = Grading(len(f))
    behaviour, site = f["behaviour"], f["site"]
    for row in load_table("site_behaviour"):
        g.flag((behaviour == 2) & _in(site, row["first"], row["last"]), row["grade"],
               row["message_ru"])
    g.flag((behaviour == 2) & _in(site, "C00", "C99"), QUERY,
           "Код МКБ-10 злокачественной опухоли при морфологии in situ (/2)")
    g.flag(_in(behaviour, 3, 9) & _in(site, "D00", "D09"), QUERY,
           "Код in situ (D00–D09) при злокачественной морфологии")
    g.flag(~np.isnan(behaviour) & (behaviour != 1) & _in(site, "D37", "D48"), QUERY,
           "Код неопределённого характера (D37–D48) при морфологии не /1")
    g.flag(behaviour == 6, QUERY, "Морфология метастаза (/6): укажите первичную опухоль")
    g.flag(behaviour == 0, INVALID, "Доброкачественная опухоль (/0) не регистрируется")
    return g


def check_basis_morphology(f: Prepared) -> Grading:
    g = Grading(len(f))
    basis, morph = f["basis"], f["morph"]
    g.flag(np.isnan(basis) | (basis == 9), MISSING, "Не указан метод подтверждения диагноза")
    specific = ~np.isnan(morph) & ~_in(morph, *UNSPECIFIED_MORPHOLOGY)
    by_marker = (basis == 4) & np.isin(morph, MARKER_MORPHOLOGIES)
    g.flag(specific & np.isin(basis, [0, 1, 2, 4]) & ~by_marker, QUERY,
           "Уточнённая морфология без микроскопической верификации")
    g.flag(np.isin(basis, [6, 7]) & (morph == 8000), QUERY,
           "Гистологическая верификация, но морфология не уточнена (8000)")
    return g


def check_site_morphology(f: Prepared) -> Grading:
    g = Grading(len(f))
    site, morph = f["site"], f["morph"]
    known = ~np.isnan(site) & ~np.isnan(morph) & ~_in(morph, *UNSPECIFIED_MORPHOLOGY)
    for row in load_table("site_morphology"):
        at_site = _in(site, row["site_first"], row["site_last"])
        of_morph = _in(morph, int(row["morph_first"]), int(row["morph_last"]))
        mask = {"morphology-only-at": of_morph & ~at_site,
                "site-only-with": at_site & ~of_morph,
                "never": at_site & of_morph}[row["rule"]]
        g.flag(known & mask, row["grade"], row["message_ru"])
    return g


def check_dates(f: Prepared) -> Grading:
    g = Grading(len(f))
    diagnosed, today = f["diagnosedOn"], f.today
    g.flag(np.isnan(diagnosed), MISSING, "Не указана дата установления диагноза")
    g.flag(f["diagnosedYear"] < EARLIEST_PLAUSIBLE_YEAR, QUERY,
           f"Дата диагноза ранее {EARLIEST_PLAUSIBLE_YEAR} года")
    g.flag(f["age"] > OLDEST_PLAUSIBLE_AGE, QUERY,
           f"Возраст на дату диагноза более {OLDEST_PLAUSIBLE_AGE} лет")
    g.flag(f["reportedOn"] < diagnosed, QUERY, "Извещение (090/у) раньше даты диагноза")
    g.flag(diagnosed > today, INVALID, "Дата диагноза в будущем")
    g.flag(diagnosed < f["birthDate"], INVALID, "Дата диагноза раньше даты рождения")
    g.flag(f["lastContactOn"] < diagnosed, INVALID,
           "Дата последнего контакта раньше даты диагноза")
    g.flag(f["deathOn"] < diagnosed, INVALID, "Дата смерти раньше даты диагноза")
    return g


def check_multiple_primaries(f: Prepared) -> Grading:
    """Two entries of one person that the IARC 2004 rules count as one primary: the later
    one is probably the same tumour reported again (or its recurrence)."""
    g = Grading(len(f))
    by_patient: dict[object, list[int]] = {}
    for index, patient in enumerate(f["patientId"]):
        if patient is not None and patient == patient:  # NaN is not a patient
            by_patient.setdefault(patient, []).append(index)
    duplicate = np.zeros(len(f), dtype=bool)
    messages: dict[int, str] = {}
    for indices in by_patient.values():
        if len(indices) < 2:
            continue
        order = sorted(indices, key=lambda i: (np.nan_to_num(f["diagnosedOn"][i], nan=1e9),
                                               f["tumorId"][i]))
        candidates = [PrimaryCandidate(str(f["tumorId"][i]), _text(f["icd10Text"][i]),
                                       _text(f["morphologyText"][i])) for i in order]
        for position in range(1, len(order)):
            earlier = next((c for c in candidates[:position]
                            if same_primary(c, candidates[position])), None)
            if earlier is not None:
                duplicate[order[position]] = True
                messages[order[position]] = (f"Та же первичная опухоль, что и {earlier.key} "
                                             "(правила IARC 2004)")
    g.flag(duplicate, QUERY, "")
    for index, message in messages.items():
        g.message[index] = message
    return g


CHECKS: dict[str, Callable[[Prepared], Grading]] = {
    "code-validity": check_code_validity,
    "sex-site": check_sex_site,
    "age-site": check_age_site,
    "age-morphology": check_age_morphology,
    "age-site-morphology": check_age_site_morphology,
    "site-behaviour": check_site_behaviour,
    "basis-morphology": check_basis_morphology,
    "site-morphology": check_site_morphology,
    "dates": check_dates,
    "multiple-primaries": check_multiple_primaries,
}
CHECK_LABELS = {
    "code-validity": "Допустимость кодов", "sex-site": "Пол / локализация",
    "age-site": "Возраст / локализация", "age-morphology": "Возраст / морфология",
    "age-site-morphology": "Возраст / локализация / морфология",
    "site-behaviour": "Локализация / характер", "basis-morphology": "Метод / морфология",
    "site-morphology": "Локализация / морфология", "dates": "Даты",
    "multiple-primaries": "Множественные первичные опухоли",
}


def run_quality_checks(rows: pd.DataFrame, today: date) -> pd.DataFrame:
    """Every check on every row: a long frame of (tumorId, check, grade, message)."""
    if rows.empty:
        return pd.DataFrame(columns=["tumorId", "check", "grade", "message"])
    frame = prepare(rows.reset_index(drop=True), today)
    parts = []
    for name, check in CHECKS.items():
        grading = check(frame)
        parts.append(pd.DataFrame({"tumorId": frame["tumorId"], "check": name,
                                   "grade": grading.grades(), "message": grading.message}))
    return pd.concat(parts, ignore_index=True)


def worst_grade(results: pd.DataFrame) -> pd.Series:
    """The most severe grade per tumour."""
    severity = results["grade"].map(_SEVERITY)
    worst = severity.groupby(results["tumorId"]).max()
    names = {value: name for name, value in _SEVERITY.items()}
    return worst.map(names)


def _age_grading(f: Prepared) -> Grading:
    g = Grading(len(f))
    g.flag(np.isnan(f["age"]), MISSING, "Не известен возраст на дату диагноза")
    return g


def _age_in(f: Prepared, row: dict[str, str]) -> np.ndarray:
    return _in(f["age"], float(row["age_from"]), float(row["age_to"]))


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


@cache
def _site_code(value: object) -> float:
    code = normalise_icd10(value) if isinstance(value, str) else None
    return site_code(code[:3]) if code else np.nan


@cache
def _parse_morphology(value: object) -> tuple[int, int] | None:
    parsed = try_parse_morphology(value) if isinstance(value, str) else None
    return (int(parsed.code), parsed.behaviour) if parsed else None
