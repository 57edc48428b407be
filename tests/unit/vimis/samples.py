"""Sources for the unit tests: one per docType, as `find_vimis_candidates` returns them."""

from __future__ import annotations

from typing import Any

from vimis.cda import DocumentIdentity
from vimis.source import VimisSource

REGION = "1.2.643.5.1.13.13.12.2.77"
IDENTITY = DocumentIdentity("8d3c4e4a-0000-5000-8000-000000000001", 1, None, REGION)
KINDS = {1: "referral", 2: "instrumental", 3: "laboratory", 4: "pathology",
         5: "consultation", 6: "tumor-board", 7: "dispensary-observation",
         8: "hospitalization", 9: "cytology", 10: "surgery", 11: "neglected-case-protocol",
         12: "outpatient", 13: "death", 15: "vmp-coupon"}


def row(doc_type: int, **record: Any) -> dict[str, Any]:
    return {
        "record": {"key": f"mis|Encounter|{doc_type}", "vimisDocType": doc_type,
                   "kind": KINDS[doc_type], "date": "2025-03-01", "icd10": "C50.4",
                   "stage": "II", "t": "2", "n": "1", "m": "0", "morphology": "8500/3",
                   "text": "Заключение", "endDate": "2025-03-09",
                   "code": "urn:oid:1.2.643.5.1.13.13.11.1070|A16.20.032",
                   "versionId": "1", **record},
        "patient": {"patientId": "p1", "family": "Иванова", "given": "Анна",
                    "patronymic": "Петровна", "sex": "female", "birthDate": "1960-05-17",
                    "snils": "11223344595"},
        "organization": {"oid": f"{REGION}.1", "name": "ГБУЗ Онкодиспансер"},
        "referredTo": {"oid": f"{REGION}.2", "name": "ЦАОП"},
        "tumor": {"tumorId": "p1|C50|1", "clinicalGroup": "II"},
        "latest": None,
    }


def source(doc_type: int, **record: Any) -> VimisSource:
    return VimisSource.from_row(row(doc_type, **record), trigger_point=3)
