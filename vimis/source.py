"""What one СЭМД is built from: a record, its patient, organisations and tumour.

`VimisSource.facts()` is the canonical, JSON-safe content of the document. Its hash decides
whether a re-ingested record changed (a new message version) or not (nothing to send).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Record facts that reach the document. Bookkeeping (versionId, lastUpdated, raw resource)
# is left out on purpose: a re-sent but clinically identical record must hash the same.
RECORD_FACTS = (
    "kind", "date", "endDate", "icd10", "morphology", "behaviour", "stage", "t", "n", "m",
    "laterality", "verification", "encounterClass", "emergency", "code", "codes", "text",
    "dispensaryRegistration", "dispensaryVisit", "clinicalGroup", "activeDetection",
)
PATIENT_FACTS = ("patientId", "family", "given", "patronymic", "sex", "birthDate", "snils",
                 "deceasedOn")
TUMOR_FACTS = ("tumorId", "icd10", "morphology", "stage", "t", "n", "m", "diagnosedOn",
               "verification", "clinicalGroup")


def plain(value: Any) -> Any:
    """Neo4j temporal values as ISO text, lists element-wise; the rest unchanged."""
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def _pick(row: dict[str, Any] | None, names: tuple[str, ...]) -> dict[str, Any]:
    if not row:
        return {}
    return {name: plain(row[name]) for name in names if row.get(name) is not None}


@dataclass(frozen=True)
class LatestMessage:
    message_id: str
    version: int
    content_hash: str


@dataclass(frozen=True)
class VimisSource:
    record_key: str
    doc_type: int
    trigger_point: int
    record: dict[str, Any]
    patient: dict[str, Any]
    organization: dict[str, Any]
    referred_to: dict[str, Any]
    tumor: dict[str, Any]
    latest: LatestMessage | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any], trigger_point: int) -> VimisSource:
        """A row of `find_vimis_candidates`."""
        record = row["record"]
        latest = row.get("latest")
        return cls(
            record_key=record["key"],
            doc_type=int(record["vimisDocType"]),
            trigger_point=trigger_point,
            record=_pick(record, RECORD_FACTS),
            patient=_pick(row.get("patient"), PATIENT_FACTS),
            organization=_pick(row.get("organization"), ("oid", "name")),
            referred_to=_pick(row.get("referredTo"), ("oid", "name")),
            tumor=_pick(row.get("tumor"), TUMOR_FACTS),
            latest=LatestMessage(latest["messageId"], int(latest["version"]),
                                 latest["contentHash"]) if latest else None,
        )

    def facts(self) -> dict[str, Any]:
        """Everything the document says, in a canonical shape."""
        return {
            "recordKey": self.record_key, "docType": self.doc_type,
            "triggerPoint": self.trigger_point, "record": self.record,
            "patient": self.patient, "organization": self.organization,
            "referredTo": self.referred_to, "tumor": self.tumor,
        }

    def fact(self, name: str) -> Any:
        """A clinical fact: the record's own value first, then its tumour's."""
        value = self.record.get(name)
        return value if value is not None else self.tumor.get(name)
