"""Code systems and OIDs the СЭМД header and sections use.

Kept here, with their source, rather than spread through the builder. The НСИ OIDs come
from the ЕГИСЗ НСИ catalogue; entries not confirmed against the portal are marked (verify).
"""

from __future__ import annotations

from domain import catalogue as kinds_catalogue

HL7_NAMESPACE = "urn:hl7-org:v3"
XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance"
CDA_TYPE_ID_ROOT = "2.16.840.1.113883.1.3"
CDA_TYPE_ID_EXTENSION = "POCD_HD000040"

SNILS_ROOT = "1.2.643.100.3"  # СНИЛС (ПФР)
REMD_KIND_SYSTEM = "1.2.643.5.1.13.13.11.1520"  # Виды медицинской документации
ICD10_SYSTEM = "1.2.643.5.1.13.13.11.1005"  # МКБ-10
GENDER_SYSTEM = "1.2.643.5.1.13.13.11.1040"  # Пол пациента
CONFIDENTIALITY_SYSTEM = "1.2.643.5.1.13.13.99.2.285"  # Уровень конфиденциальности
SECTION_SYSTEM = "1.2.643.5.1.13.13.99.2.197"  # Секции ЭМД (verify codes below)
OBSERVATION_SYSTEM = "1.2.643.5.1.13.13.99.2.166"  # Кодируемые поля ЭМД (verify)
STAGE_SYSTEM = "1.2.643.5.1.13.13.99.2.546"  # Стадии ЗНО (verify)
TNM_T_SYSTEM = "1.2.643.5.1.13.13.99.2.547"  # Классификация TNM: T (verify)
TNM_N_SYSTEM = "1.2.643.5.1.13.13.99.2.548"  # N (verify)
TNM_M_SYSTEM = "1.2.643.5.1.13.13.99.2.549"  # M (verify)
MORPHOLOGY_SYSTEM = "1.2.643.5.1.13.13.11.1486"  # МКБ-О-3 морфология (verify)
PROCEDURE_SYSTEM = "1.2.643.5.1.13.13.11.1070"  # Номенклатура медицинских услуг

GENDER_CODES = {"male": ("1", "Мужской"), "female": ("2", "Женский")}

# Section codes of the subset we generate (SECTION_SYSTEM; verify against the СЭМД guides).
SECTIONS = {
    "diagnosis": ("DGN", "Диагнозы"),
    "referral": ("DIRECTIONS", "Направление"),
    "tumor-board": ("CONCLUSION", "Решение консилиума"),
    "procedure": ("PROC", "Вмешательства"),
    "stay": ("STAY", "Период лечения"),
    "conclusion": ("RESINFO", "Заключение"),
}

# Observation codes in the diagnosis section (OBSERVATION_SYSTEM; verify).
OBSERVATIONS = {
    "icd10": ("809", "Диагноз по МКБ-10"),
    "stage": ("810", "Стадия заболевания"),
    "t": ("811", "Критерий T"),
    "n": ("812", "Критерий N"),
    "m": ("813", "Критерий M"),
    "morphology": ("814", "Морфологический тип опухоли"),
    "clinical-group": ("815", "Клиническая группа"),
    "verification": ("816", "Верификация диагноза"),
    "referral-target": ("820", "Медицинская организация, куда направлен пациент"),
    "decision": ("821", "Решение консилиума"),
    "procedure": ("822", "Медицинская услуга"),
    "stay-start": ("823", "Дата поступления"),
    "stay-end": ("824", "Дата выписки"),
}


def trigger_point(kind: str, recorded: int | None) -> int:
    """Trigger point 1–9 (domain.md §5): the classifier's, else the kind's catalogue one."""
    if recorded:
        return int(recorded)
    entry = kinds_catalogue.event_kind(kind)
    return entry.trigger if entry and entry.trigger else 9  # unknown: "other documents"
