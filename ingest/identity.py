"""Identify: link PatientRecords of every organisation to one person.

Deterministic first — a shared valid СНИЛС, ЕНП, or the same (system, value) local id —
then probabilistic on name (Ё = Е, case, patronymic, typos, swapped parts; rapidfuzz),
sex and district among people born the same day. Two different valid СНИЛС are never
merged. Every link keeps its reason and score; pairs between the review and the link
thresholds (settings) go to a review list; an operator can split a record off again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from domain.identifiers import SNILS_SYSTEM
from graph.database import Graph
from onkopassport.errors import NotFoundError
from onkopassport.settings import Settings


@dataclass(frozen=True)
class LinkDecision:
    key: str
    patient_id: str
    reason: str
    score: float
    review_with: tuple[str, str, float] | None = None  # (other key, its patient, score)


def new_patient_id(record_key: str, salt: str = "") -> str:
    """A person's id, stable for the record that founded it (re-runs give the same id)."""
    return "P" + hashlib.sha1(f"{record_key}{salt}".encode()).hexdigest()[:15].upper()


def name_similarity(a: str | None, b: str | None) -> float:
    """0..1 similarity of two normalised full names; word order does not matter."""
    if not a or not b:
        return 0.0
    ordered = fuzz.token_sort_ratio(a, b)
    # A missing patronymic is common: a subset match counts, a little below a full one.
    subset = fuzz.token_set_ratio(a, b) * 0.95 if min(len(a.split()), len(b.split())) >= 2 else 0
    return max(ordered, subset) / 100.0


def match_score(record: dict[str, Any], candidate: dict[str, Any]) -> float:
    name = name_similarity(record.get("nameKey"), candidate.get("nameKey"))
    sex = 1.0 if record.get("sex") == candidate.get("sex") else 0.0
    if record.get("district") and candidate.get("district"):
        district = 1.0 if record["district"] == candidate["district"] else 0.0
    else:
        district = 0.5
    return round(0.75 * name + 0.10 * sex + 0.15 * district, 4)


def _conflicting_snils(a: str | None, b: str | None) -> bool:
    return bool(a and b and a != b)


def _contradicts(row: dict[str, Any], candidate: dict[str, Any]) -> bool:
    """A shared local id is no proof when birth date or sex disagree (ids get reused)."""
    return any(row.get(f) and candidate.get(f) and row[f] != candidate[f]
               for f in ("birthDate", "sex"))


def decide_links(rows: list[dict[str, Any]], settings: Settings) -> list[LinkDecision]:
    """Decide each unlinked record's person, in input order (earlier decisions count).

    Records of one batch can meet before their partner is decided; when a later record
    joins two people founded in this same batch, they are one person and are merged
    (people already in the graph are never merged automatically: that goes to review).
    """
    assigned: dict[str, str] = {}
    decisions: dict[str, LinkDecision] = {}
    founded_here: set[str] = set()

    def patient_of(candidate: dict[str, Any]) -> str | None:
        return candidate.get("patientId") or assigned.get(candidate.get("key") or "")

    for row in rows:
        refused = set(row.get("refused") or [])
        decision = _deterministic(row, settings, patient_of, refused) or \
            _probabilistic(row, settings, patient_of, refused)
        if decision.reason == "new-person":
            founded_here.add(decision.patient_id)
        assigned[row["key"]] = decision.patient_id
        decisions[row["key"]] = decision
        for other_patient, reason, score in _also_matching(row, settings, patient_of, refused):
            if other_patient in founded_here and other_patient != decision.patient_id:
                _merge_founded(other_patient, decision.patient_id, reason, score,
                               assigned, decisions)
                founded_here.discard(other_patient)
    return [decisions[row["key"]] for row in rows]


def _also_matching(row: dict[str, Any], settings: Settings, patient_of: Any,
                   refused: set[str]) -> list[tuple[str, str, float]]:
    """Every person this record matches on its own (deterministic or above the threshold)."""
    priority = {SNILS_SYSTEM: "snils", settings.enp_system: "enp"}
    found: list[tuple[str, str, float]] = []
    for candidate in row.get("sharing") or []:
        patient_id = patient_of(candidate) if candidate.get("key") else None
        reason = priority.get(candidate.get("system"), "local-id")
        if patient_id and patient_id not in refused and \
                not _conflicting_snils(row.get("snils"), candidate.get("snils")) and \
                not (reason == "local-id" and _contradicts(row, candidate)):
            found.append((patient_id, reason, 1.0))
    for candidate in row.get("similar") or []:
        patient_id = patient_of(candidate) if candidate.get("key") else None
        if patient_id and patient_id not in refused and \
                not _conflicting_snils(row.get("snils"), candidate.get("snils")):
            score = match_score(row, candidate)
            if score >= settings.identity_link_threshold:
                found.append((patient_id, "probabilistic", score))
    return found


def _merge_founded(old: str, new: str, reason: str, score: float,
                   assigned: dict[str, str], decisions: dict[str, LinkDecision]) -> None:
    for key, patient_id in list(assigned.items()):
        if patient_id == old:
            assigned[key] = new
            previous = decisions[key]
            founder = previous.reason == "new-person"
            decisions[key] = LinkDecision(key, new, reason if founder else previous.reason,
                                          score if founder else previous.score,
                                          previous.review_with)


def _deterministic(row: dict[str, Any], settings: Settings, patient_of: Any,
                   refused: set[str]) -> LinkDecision | None:
    priority = {SNILS_SYSTEM: (0, "snils"), settings.enp_system: (1, "enp")}
    sharing = [c for c in row.get("sharing") or [] if c.get("key")]
    sharing.sort(key=lambda c: priority.get(c.get("system"), (2, "local-id"))[0])
    for candidate in sharing:
        patient_id = patient_of(candidate)
        if patient_id is None or patient_id in refused:
            continue
        if _conflicting_snils(row.get("snils"), candidate.get("snils")):
            continue
        reason = priority.get(candidate.get("system"), (2, "local-id"))[1]
        if reason == "local-id" and _contradicts(row, candidate):
            continue
        return LinkDecision(row["key"], patient_id, reason, 1.0)
    return None


def _probabilistic(row: dict[str, Any], settings: Settings, patient_of: Any,
                   refused: set[str]) -> LinkDecision:
    best: tuple[float, str, str] | None = None
    for candidate in row.get("similar") or []:
        patient_id = patient_of(candidate) if candidate.get("key") else None
        if patient_id is None or patient_id in refused:
            continue
        if _conflicting_snils(row.get("snils"), candidate.get("snils")):
            continue
        score = match_score(row, candidate)
        if best is None or score > best[0]:
            best = (score, patient_id, candidate["key"])
    if best is not None and best[0] >= settings.identity_link_threshold:
        return LinkDecision(row["key"], best[1], "probabilistic", best[0])
    own = new_patient_id(row["key"])
    if best is not None and best[0] >= settings.identity_review_threshold:
        return LinkDecision(row["key"], own, "new-person", 1.0,
                            review_with=(best[2], best[1], best[0]))
    return LinkDecision(row["key"], own, "new-person", 1.0)


def link_patient_records(graph: Graph, keys: list[str], settings: Settings) -> list[str]:
    """Link the given PatientRecords that have no person yet; returns the persons touched."""
    if not keys:
        return []
    rows = graph.read("find_identity_candidates", keys=keys)
    order = {key: index for index, key in enumerate(keys)}
    rows.sort(key=lambda r: order[r["key"]])
    decisions = decide_links(rows, settings)
    graph.write("link_patient_records", rows=[
        {"key": d.key, "patientId": d.patient_id, "reason": d.reason, "score": d.score,
         "linkedBy": "ingest"} for d in decisions])
    reviews = [{"key": d.key, "otherKey": d.review_with[0], "candidatePatientId": d.review_with[1],
                "score": d.review_with[2],
                "reviewId": hashlib.sha1(f"{d.key}|{d.review_with[0]}".encode()).hexdigest()[:20]}
               for d in decisions if d.review_with]
    if reviews:
        graph.write("create_link_reviews", rows=reviews)
    return sorted({d.patient_id for d in decisions} | {r["candidatePatientId"] for r in reviews})


def split_patient_record(graph: Graph, key: str, operator: str, why: str) -> tuple[str, str]:
    """Undo a link: the record becomes a person of its own. Returns (old, new) person ids."""
    rows = graph.write("split_patient_record", key=key, operator=operator, why=why,
                       newPatientId=new_patient_id(key, salt="|split"))
    if not rows:
        raise NotFoundError(f"No linked patient record with key '{key}'")
    return rows[0]["oldPatientId"], rows[0]["newPatientId"]


def resolve_review(graph: Graph, review_id: str, accept: bool, operator: str) -> list[str]:
    """Accept (link) or reject (keep apart) a review pair; returns persons to refresh."""
    rows = graph.write("resolve_link_review", reviewId=review_id, operator=operator,
                       decision="accepted" if accept else "rejected")
    return sorted({pid for row in rows for pid in (row["oldPatientId"], row["newPatientId"])})
