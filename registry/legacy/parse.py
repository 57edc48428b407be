"""Reading and validating the three legacy files: every row is stored or quarantined.

Pure functions over CSV text; the graph is not touched here. A row is quarantined when it
cannot be placed in the graph faithfully (unparsable value, broken link to a patient or
tumour, invalid identifier, a second report of the same primary); plausibility problems
of valid rows (a rare age for a site…) are left to the quality checks.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from domain import basis as diagnosis_basis
from domain.codes import (
    is_in_situ,
    is_malignant,
    is_uncertain_behaviour,
    is_unknown_icd10,
    normalise_icd10,
    try_parse_morphology,
    unknown_icd10_label,
)
from domain.identifiers import is_valid_snils, normalise_name, normalise_snils
from domain.primaries import PrimaryCandidate, same_primary
from registry.errors import LegacyImportError
from registry.legacy.columns import (
    FILES,
    REQUIRED,
    SEX_CODES,
    SOURCE,
    SOURCE_KINDS,
)
from registry.tables import removal_reason_labels


class RowProblem(ValueError):
    """Why a row cannot be stored (the text goes into Quarantine.reason)."""


@dataclass
class Quarantined:
    file: str
    line: int
    reason: str
    raw: str

    @property
    def quarantine_id(self) -> str:
        # the same bad row imported again is the same quarantine entry
        digest = hashlib.sha1(f"{self.file}\n{self.raw}".encode()).hexdigest()[:20]
        return f"{SOURCE}|{self.file}|{digest}"


@dataclass
class ParsedExport:
    patients: list[dict[str, Any]] = field(default_factory=list)
    tumours: list[dict[str, Any]] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    received: dict[str, int] = field(default_factory=dict)
    patient_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    tumour_by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    tumours_of: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    source_ids: set[str] = field(default_factory=set)

    def keep(self, name: str, item: dict[str, Any]) -> None:
        getattr(self, name).append(item)
        if name == "patients":
            self.patient_by_id[item["patientId"]] = item
        elif name == "tumours":
            self.tumour_by_id[item["tumourId"]] = item
            self.tumours_of.setdefault(item["patientId"], []).append(item)
        else:
            self.source_ids.add(item["sourceId"])

    def counts(self) -> dict[str, dict[str, int]]:
        stored = {"patients": len(self.patients), "tumours": len(self.tumours),
                  "sources": len(self.sources)}
        return {name: {"received": self.received.get(name, 0), "stored": stored[name],
                       "quarantined": sum(1 for q in self.quarantined if q.file == f"{name}.csv")}
                for name in FILES}


def read_rows(text: str, name: str) -> list[tuple[int, dict[str, str], str]]:
    """(line number, row, raw line) of a file; a missing required column fails the file."""
    lines = text.lstrip("\ufeff").splitlines()
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [column for column in REQUIRED[name] if column not in header]
    if missing:
        raise LegacyImportError(f"{name}.csv: нет обязательных столбцов {', '.join(missing)}")
    reader.fieldnames = header
    rows = []
    last_line = reader.line_num  # the header's last line
    for row in reader:
        # A quoted field may hold line breaks: the row spans the lines after the previous
        # row's last one up to this one, and all of them are its raw text (nothing lost).
        first, line = last_line + 1, reader.line_num
        raw = "\n".join(lines[first - 1:line])
        rows.append((first, {k: (v or "").strip() for k, v in row.items() if k}, raw))
        last_line = line
    return rows


def parse_export(folder: Path, today: date) -> ParsedExport:
    """Read ``patients.csv``, ``tumours.csv``, ``sources.csv`` of a folder."""
    texts = {}
    for name in FILES:
        path = folder / f"{name}.csv"
        if not path.is_file():
            raise LegacyImportError(f"В папке {folder} нет файла {name}.csv")
        try:
            texts[name] = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            raise LegacyImportError(
                f"{path}: не UTF-8 (байт {error.start}); сохраните выгрузку в UTF-8 "
                "(например, из Windows-1251: iconv -f cp1251 -t utf-8)") from None
    return parse_texts(texts, today)


def parse_texts(texts: dict[str, str], today: date) -> ParsedExport:
    export = ParsedExport()
    for name, parse_row in (("patients", _patient), ("tumours", _tumour),
                            ("sources", _source)):
        rows = read_rows(texts[name], name)
        export.received[name] = len(rows)
        for line, row, raw in rows:
            try:
                export.keep(name, {**parse_row(row, export, today), "raw": raw})
            except RowProblem as problem:
                export.quarantined.append(Quarantined(f"{name}.csv", line, str(problem), raw))
    return export


def _patient(row: dict[str, str], export: ParsedExport, today: date) -> dict[str, Any]:
    patient_id = _required(row, "patient_id")
    if patient_id in export.patient_by_id:
        raise RowProblem(f"повтор patient_id {patient_id}: пациент уже есть в файле")
    sex = SEX_CODES.get(row.get("sex", "").lower())
    if sex is None:
        raise RowProblem(f"пол «{row['sex']}» не распознан: ожидается 1 (муж.), 2 (жен.), 9")
    birth = _date(row, "birth_date", required=True)
    if birth is None or birth > today:
        raise RowProblem(f"дата рождения {row['birth_date']} в будущем")
    snils = normalise_snils(row.get("snils")) if row.get("snils") else None
    if row.get("snils") and (snils is None or not is_valid_snils(snils)):
        raise RowProblem(f"СНИЛС {row['snils']} не проходит проверку контрольного числа")
    death = _date(row, "death_date")
    if death is not None and death < birth:
        raise RowProblem("дата смерти раньше даты рождения")
    cause = _icd10(row, "death_cause_icd10") if row.get("death_cause_icd10") else None
    return {"patientId": patient_id, "family": row.get("family") or None,
            "given": row.get("given") or None, "patronymic": row.get("patronymic") or None,
            "nameKey": normalise_name(" ".join(filter(None, (
                row.get("family"), row.get("given"), row.get("patronymic"))))) or None,
            "sex": sex, "birthDate": birth, "snils": snils,
            "district": row.get("district") or None, "deceasedOn": death,
            "deathCause": cause, "lastContactOn": _date(row, "last_contact_date")}


def _tumour(row: dict[str, str], export: ParsedExport, today: date) -> dict[str, Any]:
    tumour_id = _required(row, "tumour_id")
    if tumour_id in export.tumour_by_id:
        raise RowProblem(f"повтор tumour_id {tumour_id}")
    patient_id = _required(row, "patient_id")
    if patient_id not in export.patient_by_id:
        raise RowProblem(f"пациент {patient_id} не найден в patients.csv (или в карантине)")
    incidence = _date(row, "incidence_date", required=True)
    if incidence is not None and incidence > today:
        raise RowProblem(f"дата диагноза {row['incidence_date']} в будущем")
    icd10 = _icd10(row, "icd10")
    if is_unknown_icd10(icd10):
        # as the FHIR input treats it (ingest/tumors.py): such a code makes no tumour
        raise RowProblem(f"{unknown_icd10_label(icd10)}: исправьте код в выгрузке и "
                         "загрузите строку снова")
    if not (is_malignant(icd10) or is_in_situ(icd10) or is_uncertain_behaviour(icd10)):
        raise RowProblem(f"код МКБ-10 {icd10} не относится к новообразованиям C00–C97, "
                         "D00–D09, D37–D48")
    morphology = None
    if row.get("morphology"):
        parsed = try_parse_morphology(row["morphology"])
        if parsed is None:
            raise RowProblem(f"морфология «{row['morphology']}» не распознана: ожидается "
                             "код МКБ-О-3 вида 8140/3")
        morphology = str(parsed)
    basis = _int(row, "basis")
    if basis is not None and basis not in diagnosis_basis.CODES:
        raise RowProblem(f"метод подтверждения {basis} не из списка 0,1,2,4,5,6,7,9")
    active = row.get("active_detection", "")
    if active not in ("", "0", "1"):
        raise RowProblem(f"active_detection «{active}»: ожидается 0 или 1")
    reason = row.get("removal_reason") or None
    if reason is not None and reason not in removal_reason_labels():
        raise RowProblem(f"причина снятия «{reason}» не из списка "
                         f"{', '.join(removal_reason_labels())}")
    removed_on = _date(row, "removal_date", required=reason is not None)
    candidate = PrimaryCandidate(tumour_id, icd10, morphology, incidence)
    for other in export.tumours_of.get(patient_id, []):
        if same_primary(candidate, PrimaryCandidate(
                other["tumourId"], other["icd10"], other["morphology"])):
            raise RowProblem(f"та же первичная опухоль, что и {other['tumourId']} (правила "
                             "IARC 2004: та же группа локализации и морфологии)")
    return {"tumourId": tumour_id, "patientId": patient_id, "incidenceOn": incidence,
            "icd10": icd10, "morphology": morphology,
            "behaviour": int(morphology[-1]) if morphology else None,
            "grade": row.get("grade") or None, "basis": basis,
            "t": row.get("t") or None, "n": row.get("n") or None, "m": row.get("m") or None,
            "stage": row.get("stage") or None, "activeDetection": active == "1",
            "clinicalGroup": row.get("clinical_group") or None,
            "firstVisitOn": _date(row, "first_visit_date"), "removalReason": reason,
            "removedOn": removed_on, "organisationOid": row.get("organisation_oid") or None}


def _source(row: dict[str, str], export: ParsedExport, today: date) -> dict[str, Any]:
    source_id = _required(row, "source_id")
    if source_id in export.source_ids:
        raise RowProblem(f"повтор source_id {source_id}")
    tumour_id = _required(row, "tumour_id")
    tumour = export.tumour_by_id.get(tumour_id)
    if tumour is None:
        raise RowProblem(f"опухоль {tumour_id} не найдена в tumours.csv (или в карантине)")
    kind = row.get("kind", "")
    if kind not in SOURCE_KINDS:
        raise RowProblem(f"вид источника «{kind}» не из списка {', '.join(SOURCE_KINDS)}")
    on = _date(row, "date", required=True)
    if on is not None and on > today:
        raise RowProblem(f"дата источника {row['date']} в будущем")
    return {"sourceId": source_id, "tumourId": tumour_id, "patientId": tumour["patientId"],
            "kind": kind, "resourceType": SOURCE_KINDS[kind], "date": on,
            "organisationOid": row.get("organisation_oid") or None,
            "organisationName": row.get("organisation_name") or None,
            "text": row.get("document") or None}


def _required(row: dict[str, str], column: str) -> str:
    value = row.get(column, "")
    if not value:
        raise RowProblem(f"не заполнен обязательный столбец {column}")
    return value


def _date(row: dict[str, str], column: str, required: bool = False) -> date | None:
    value = row.get(column, "")
    if not value:
        if required:
            raise RowProblem(f"не заполнена дата {column}")
        return None
    for layout in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, layout).date()
        except ValueError:
            continue
    raise RowProblem(f"дата {column} «{value}» не распознана: ожидается ГГГГ-ММ-ДД или ДД.ММ.ГГГГ")


def _icd10(row: dict[str, str], column: str) -> str:
    code = normalise_icd10(row.get(column))
    if code is None:
        raise RowProblem(f"код МКБ-10 «{row.get(column, '')}» в столбце {column} не распознан")
    return code


def _int(row: dict[str, str], column: str) -> int | None:
    value = row.get(column, "")
    if not value:
        return None
    try:
        return int(value)
    except ValueError as error:
        raise RowProblem(f"{column} «{value}» не число") from error
