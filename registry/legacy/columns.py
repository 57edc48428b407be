"""Columns of the legacy export (registry/README.md describes each)."""

from __future__ import annotations

SOURCE = "legacy-registry"

PATIENT_COLUMNS = ("patient_id", "family", "given", "patronymic", "sex", "birth_date", "snils",
                   "district", "death_date", "death_cause_icd10", "last_contact_date")
TUMOUR_COLUMNS = ("tumour_id", "patient_id", "incidence_date", "icd10", "topography",
                  "morphology", "grade", "basis", "t", "n", "m", "stage", "active_detection",
                  "clinical_group", "first_visit_date", "removal_reason", "removal_date",
                  "organisation_oid")
SOURCE_COLUMNS = ("source_id", "tumour_id", "kind", "date", "organisation_oid",
                  "organisation_name", "document")
FILES = {"patients": PATIENT_COLUMNS, "tumours": TUMOUR_COLUMNS, "sources": SOURCE_COLUMNS}
REQUIRED = {"patients": ("patient_id", "sex", "birth_date"),
            "tumours": ("tumour_id", "patient_id", "incidence_date", "icd10"),
            "sources": ("source_id", "tumour_id", "kind", "date")}

SEX_CODES = {"1": "male", "м": "male", "m": "male", "2": "female", "ж": "female", "f": "female",
             "9": "unknown", "": "unknown"}
# source kind → FHIR resource type of the Record key (so keys look like ingest's)
SOURCE_KINDS = {
    "pathology": "DiagnosticReport", "cytology": "DiagnosticReport",
    "laboratory": "DiagnosticReport", "instrumental": "DiagnosticReport",
    "consultation": "Encounter", "hospitalization": "Encounter", "surgery": "Procedure",
    "radiotherapy": "Procedure", "drug-therapy": "MedicationAdministration",
    "tumor-board": "Communication", "notification-090": "DocumentReference",
    "death": "DocumentReference", "dispensary-observation": "EpisodeOfCare",
}
