"""Identify: link PatientRecords of every organisation to one person.

Deterministic first — a shared valid СНИЛС, ЕНП, or the same (system, value) local id —
then probabilistic on name (Ё = Е, case, patronymic, typos, swapped parts; rapidfuzz),
sex and district among people born the same day. Two different valid СНИЛС are never
merged. Every link keeps its reason and score; an operator can split a record off again.

Review pairs: a record is put beside each other person it resembles between the review and
the link thresholds (settings), or as much as a link while it is linked elsewhere — the
operator decides whether they are one. Not asked: people of two different valid СНИЛС
(never one), people already paired open or rejected, more than `REVIEW_PAIRS_PER_RECORD`.
A join of the two people (below, or accepting another pair) answers an open pair: it is
closed as `joined`, and «разные люди» is refused for records one person holds.

A record that proves itself one with two people already in the graph joins them: one
person had only the ЕНП (a hospital's card without СНИЛС), the other only the СНИЛС (a
record naming its patient by it), and this record carries both. A shared СНИЛС or ЕНП is
proof; so is an organisation's local id when the birth date agrees too (a card number
alone is not: organisations reuse them). The second person's records move to the first
(`merge_patients`, each moved link keeps `mergedFrom` and `mergedVia`); the emptied person
is removed when the people are refreshed, and an operator can undo the merge in one step
(`unmerge_people`).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz import fuzz

from domain.identifiers import SNILS_SYSTEM
from graph.database import Graph
from onkopassport.errors import InputError, NotFoundError
from onkopassport.settings import Settings

log = logging.getLogger(__name__)

# Identifiers that prove two people already in the graph are one on their own. A local id
# does not: organisations reuse them, so it proves it only with the birth date (`_proves`).
MERGING_REASONS = frozenset({"snils", "enp"})

# Each pair costs an operator a comparison by hand, and a record alike to more people than
# this (a common name born on a common day) says too little to tell them apart; the most
# alike are asked (score, then person id), the rest would only lengthen the list.
REVIEW_PAIRS_PER_RECORD = 3


@dataclass(frozen=True)
class PeopleMerge:
    """Two people already in the graph found to be one by the identifier a record shares
    with both: `old`'s records move to `new`."""

    old: str
    new: str
    reason: str
    via: str  # the record that carries the identifier of both


@dataclass(frozen=True)
class _Match:
    """A person a record matches on its own: through which candidate record, why, how
    strongly, and whether that proves them one firmly enough to join stored people."""

    person: str
    candidate_key: str
    reason: str
    score: float
    proves: bool
    reviewed_with: frozenset[str] = frozenset()  # people paired with `person` for review


@dataclass(frozen=True)
class ReviewPair:
    """The decided record and another person's record that may be one person."""

    other_key: str
    patient_id: str  # the other record's person
    score: float


@dataclass(frozen=True)
class LinkDecision:
    key: str
    patient_id: str
    reason: str
    score: float
    reviews: tuple[ReviewPair, ...] = ()


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


def _proves(row: dict[str, Any], candidate: dict[str, Any], reason: str) -> bool:
    """Does this shared identifier prove the record and the candidate's person one, firmly
    enough to join two people already in the graph? A local id does when both records give
    the same birth date (a different one, or sex, already kept the link from being made)."""
    if reason in MERGING_REASONS:
        return True
    return reason == "local-id" and bool(row.get("birthDate")) \
        and row.get("birthDate") == candidate.get("birthDate")


class _Batch:
    """Decisions of one batch: who is assigned to whom, and each person's СНИЛС so far."""

    def __init__(self, rows: list[dict[str, Any]], settings: Settings) -> None:
        self.settings = settings
        self.assigned: dict[str, str] = {}
        self.decisions: dict[str, LinkDecision] = {}
        self.founded_here: set[str] = set()
        self.snils: dict[str, set[str]] = {}
        self.merged_into: dict[str, str] = {}  # people merged in this batch, old → new
        self.asked: set[frozenset[str]] = set()  # pairs of people put on the review list
        self.people_merges: list[PeopleMerge] = []
        for row in rows:
            for candidate in (row.get("sharing") or []) + (row.get("similar") or []):
                if candidate.get("patientId"):
                    self.snils.setdefault(candidate["patientId"], set()).update(
                        s for s in candidate.get("patientSnils") or [] if s)

    def patient_of(self, candidate: dict[str, Any]) -> str | None:
        patient_id = candidate.get("patientId") or self.assigned.get(candidate.get("key") or "")
        while patient_id in self.merged_into:
            patient_id = self.merged_into[patient_id]
        return patient_id

    def conflicts(self, snils: str | None, patient_id: str) -> bool:
        """Would this СНИЛС put two different valid СНИЛС on one person?"""
        return bool(snils) and any(s != snils for s in self.snils.get(patient_id, ()))

    def assign(self, row: dict[str, Any], decision: LinkDecision) -> None:
        self.assigned[row["key"]] = decision.patient_id
        self.decisions[row["key"]] = decision
        if decision.reason == "new-person":
            self.founded_here.add(decision.patient_id)
        if row.get("snils"):
            self.snils.setdefault(decision.patient_id, set()).add(row["snils"])

    def merge(self, old: str, new: str, reason: str, score: float) -> bool:
        """Two people turn out to be one (see decide_links); False when their СНИЛС differ."""
        if any(self.conflicts(s, new) for s in self.snils.get(old, ())):
            return False
        for key, patient_id in list(self.assigned.items()):
            if patient_id == old:
                self.assigned[key] = new
                previous = self.decisions[key]
                founder = previous.reason == "new-person"
                self.decisions[key] = LinkDecision(
                    key, new, reason if founder else previous.reason,
                    score if founder else previous.score, previous.reviews)
        self.snils.setdefault(new, set()).update(self.snils.pop(old, set()))
        self.founded_here.discard(old)
        # so that a person a match still names (review pairs, later rows) resolves to `new`
        self.merged_into[old] = new
        return True

    def ask_reviews(self, key: str, matches: list[_Match]) -> None:
        """Put the record beside one record of each other person these matches name, the
        most alike first, at most REVIEW_PAIRS_PER_RECORD of them. Skipped: the record's own
        person, two people holding different valid СНИЛС (accepting would be refused), and
        two people already paired (open or rejected, in the graph or earlier in this
        batch)."""
        target = str(self.patient_of({"patientId": self.decisions[key].patient_id}))
        asked = self._asked_people()
        best: dict[str, _Match] = {}
        for match in matches:
            person = str(self.patient_of({"patientId": match.person}))
            reviewed = {self.patient_of({"patientId": p}) for p in match.reviewed_with}
            if person == target or target in reviewed \
                    or any(self.conflicts(s, person) for s in self.snils.get(target, ())) \
                    or frozenset({target, person}) in asked:
                continue
            kept = best.get(person)
            if kept is None or (-match.score, match.candidate_key) < (-kept.score,
                                                                      kept.candidate_key):
                best[person] = replace(match, person=person)
        chosen = sorted(best.values(), key=lambda m: (-m.score, m.person))
        pairs = tuple(ReviewPair(m.candidate_key, m.person, m.score)
                      for m in chosen[:REVIEW_PAIRS_PER_RECORD])
        self.asked.update(frozenset({target, pair.patient_id}) for pair in pairs)
        decision = self.decisions[key]
        self.decisions[key] = replace(decision, reviews=decision.reviews + pairs)

    def _asked_people(self) -> set[frozenset[str]]:
        """The pairs asked in this batch, as the people are now (some merged since)."""
        if not self.merged_into:
            return self.asked
        return {frozenset(str(self.patient_of({"patientId": p})) for p in pair)
                for pair in self.asked}

    def final(self, key: str) -> LinkDecision:
        """A record's decision with its review pairs naming people as they ended up; a pair
        whose two people this batch joined later is no question any more."""
        decision = self.decisions[key]
        pairs = tuple(replace(pair, patient_id=str(self.patient_of(
                          {"patientId": pair.patient_id})))
                      for pair in decision.reviews)
        return replace(decision, reviews=tuple(
            pair for pair in pairs if pair.patient_id != decision.patient_id))

    def merge_stored(self, old: str, new: str, reason: str, via: str) -> None:
        """Two people already in the graph are one: `via` carries an identifier of both."""
        if self.merge(old, new, reason, 1.0):
            self.people_merges.append(PeopleMerge(old, new, reason, via))


def decide_links(rows: list[dict[str, Any]], settings: Settings) -> list[LinkDecision]:
    """Decide each unlinked record's person, in input order (earlier decisions count).

    Records of one batch can meet before their partner is decided; when a later record
    joins two people founded in this same batch, they are one person and are merged.
    People already in the graph are merged only when the record proves itself one with
    each (`_proves`: a shared СНИЛС or ЕНП, or a local id and the birth date; the merges:
    `decide_people`); a weaker match of two stored people leaves them apart.
    """
    return decide_people(rows, settings)[0]


def decide_people(rows: list[dict[str, Any]], settings: Settings,
                  ) -> tuple[list[LinkDecision], list[PeopleMerge]]:
    """`decide_links`, and the stored people it found to be one, in the order to merge."""
    batch = _Batch(rows, settings)
    for row in rows:
        refused = set(row.get("refused") or [])
        decision = _deterministic(row, batch, refused) or _probabilistic(row, batch, refused)
        batch.assign(row, decision)
        matches, resembled = _matching_people(row, batch, refused)
        proven = {match.person for match in matches if match.proves}
        to_review = list(resembled)
        for match in matches:
            target = batch.patient_of({"patientId": decision.patient_id})
            # an earlier match of this record may have merged this one's person already
            person = batch.patient_of({"patientId": match.person})
            if person == target:
                continue
            if person in batch.founded_here:
                batch.merge(str(person), str(target), match.reason, match.score)
            elif match.proves and target in proven:
                batch.merge_stored(str(person), str(target), match.reason, row["key"])
            elif match.reason == "probabilistic":
                # Linked elsewhere (by СНИЛС, say), yet as alike as a link to another
                # person: the operator decides whether the two are one (accepting joins them).
                to_review.append(match)
        # after the merges: a person this record joined to its own is no question
        batch.ask_reviews(row["key"], to_review)
    decisions = [batch.final(row["key"]) for row in rows]
    return decisions, batch.people_merges


def _reason(system: str | None, settings: Settings) -> str:
    return {SNILS_SYSTEM: "snils", settings.enp_system: "enp"}.get(system or "", "local-id")


def _acceptable(row: dict[str, Any], candidate: dict[str, Any], patient_id: str | None,
                batch: _Batch, refused: set[str], reason: str) -> bool:
    return bool(patient_id) and patient_id not in refused \
        and not _conflicting_snils(row.get("snils"), candidate.get("snils")) \
        and not batch.conflicts(row.get("snils"), str(patient_id)) \
        and not (reason == "local-id" and _contradicts(row, candidate))


def _matching_people(row: dict[str, Any], batch: _Batch, refused: set[str],
                     ) -> tuple[list[_Match], list[_Match]]:
    """Every person this record matches on its own (deterministic or at or above the link
    threshold), and those it only resembles (between the review and the link thresholds)."""
    found: list[_Match] = []
    resembled: list[_Match] = []
    for candidate in row.get("sharing") or []:
        patient_id = batch.patient_of(candidate) if candidate.get("key") else None
        reason = _reason(candidate.get("system"), batch.settings)
        if _acceptable(row, candidate, patient_id, batch, refused, reason):
            found.append(_Match(str(patient_id), candidate["key"], reason, 1.0,
                                _proves(row, candidate, reason)))
    for candidate in row.get("similar") or []:
        patient_id = batch.patient_of(candidate) if candidate.get("key") else None
        if _acceptable(row, candidate, patient_id, batch, refused, "probabilistic"):
            score = match_score(row, candidate)
            match = _Match(str(patient_id), candidate["key"], "probabilistic", score, False,
                           frozenset(candidate.get("reviewedWith") or ()))
            if score >= batch.settings.identity_link_threshold:
                found.append(match)
            elif score >= batch.settings.identity_review_threshold:
                resembled.append(match)
    return found, resembled


def _deterministic(row: dict[str, Any], batch: _Batch, refused: set[str]) -> LinkDecision | None:
    order = {"snils": 0, "enp": 1, "local-id": 2}
    sharing = [c for c in row.get("sharing") or [] if c.get("key")]
    sharing.sort(key=lambda c: order[_reason(c.get("system"), batch.settings)])
    for candidate in sharing:
        patient_id = batch.patient_of(candidate)
        reason = _reason(candidate.get("system"), batch.settings)
        if _acceptable(row, candidate, patient_id, batch, refused, reason):
            return LinkDecision(row["key"], str(patient_id), reason, 1.0)
    return None


def _probabilistic(row: dict[str, Any], batch: _Batch, refused: set[str]) -> LinkDecision:
    """Link to the most alike person at or above the link threshold, else found a new one
    (the people it resembles less are put beside it for review: `_Batch.ask_reviews`)."""
    best: tuple[float, str] | None = None
    for candidate in row.get("similar") or []:
        patient_id = batch.patient_of(candidate) if candidate.get("key") else None
        if not _acceptable(row, candidate, patient_id, batch, refused, "probabilistic"):
            continue
        score = match_score(row, candidate)
        if best is None or score > best[0]:
            best = (score, str(patient_id))
    if best is not None and best[0] >= batch.settings.identity_link_threshold:
        return LinkDecision(row["key"], best[1], "probabilistic", best[0])
    return LinkDecision(row["key"], new_patient_id(row["key"]), "new-person", 1.0)


def link_patient_records(graph: Graph, keys: list[str], settings: Settings) -> list[str]:
    """Link the given PatientRecords that have no person yet; returns the persons touched."""
    return write_links(graph, find_link_candidates(graph, keys), settings)


def find_link_candidates(graph: Graph, keys: list[str]) -> list[dict[str, Any]]:
    """The unlinked ones of these PatientRecords with their candidates, in the keys' order:
    everything `write_links` decides on, read as the graph is now."""
    if not keys:
        return []
    rows = graph.read_values("find_identity_candidates", keys=keys)
    order = {key: index for index, key in enumerate(keys)}
    rows.sort(key=lambda r: order[r["key"]])
    return rows


def write_links(graph: Graph, candidates: list[dict[str, Any]], settings: Settings
                ) -> list[str]:
    """Decide on candidates read by `find_link_candidates` and write the links and
    review pairs; returns the persons touched. The decisions depend on the candidates
    alone, so this may run while later records are written (ingest/pipeline.py)."""
    if not candidates:
        return []
    decisions, merges = decide_people(candidates, settings)
    graph.write("link_patient_records", rows=[
        {"key": d.key, "patientId": d.patient_id, "reason": d.reason, "score": d.score,
         "linkedBy": "ingest"} for d in decisions])
    if merges:
        graph.write("merge_patients", rows=[
            {"old": m.old, "new": m.new, "reason": m.reason, "via": m.via} for m in merges])
    reviews = [{"key": d.key, "otherKey": pair.other_key, "candidatePatientId": pair.patient_id,
                "score": pair.score,
                "reviewId": hashlib.sha1(f"{d.key}|{pair.other_key}".encode()).hexdigest()[:20]}
               for d in decisions for pair in d.reviews]
    if reviews:
        graph.write("create_link_reviews", rows=reviews)
    return sorted({d.patient_id for d in decisions}
                  | {pair.patient_id for d in decisions for pair in d.reviews}
                  | {m.old for m in merges})


def split_patient_record(graph: Graph, key: str, operator: str, why: str) -> tuple[str, str]:
    """Undo a link: the record becomes a person of its own. Returns (old, new) person ids."""
    rows = graph.write("split_patient_record", key=key, operator=operator, why=why,
                       newPatientId=new_patient_id(key, salt="|split"))
    if not rows:
        raise NotFoundError(f"Запись пациента с ключом '{key}' не найдена или не связана ни с "
                            "одним человеком (ключ вида источник|Patient|id).")
    return rows[0]["oldPatientId"], rows[0]["newPatientId"]


def unmerge_people(graph: Graph, patient_id: str, merged_from: str, operator: str,
                   why: str) -> list[str]:
    """Undo a join of two people in one step: the records that came from `merged_from`
    go back to it and refuse `patient_id`. Returns the records moved back."""
    rows = graph.write("unmerge_patients", patientId=patient_id, mergedFrom=merged_from,
                       operator=operator, why=why)
    if not rows:
        raise NotFoundError(f"Человек {patient_id} не объединён с человеком {merged_from}: "
                            "записей, перенесённых от него, нет (объединения: GET "
                            "/identity/merges или onkopassport identity merges).")
    return sorted(row["key"] for row in rows)


def resolve_review(graph: Graph, review_id: str, accept: bool, operator: str) -> list[str]:
    """Accept (the two people are one: `resolve_link_review`) or reject (keep apart) an open
    review pair; returns persons to refresh. An unknown pair is a NotFoundError; one decided
    before, people holding two different СНИЛС, or a rejection of records one person holds
    already, an InputError (a decision is not silently overwritten, two СНИЛС never meet in
    one person, and «разные люди» is not recorded while the graph keeps them one)."""
    found = graph.read("get_link_review", reviewId=review_id)
    if not found:
        raise NotFoundError(f"Пара на проверку '{review_id}' не найдена "
                            "(открытые пары: GET /identity/reviews).")
    review = found[0]
    if review["samePerson"] and (review["status"] == "joined"
                                 or (review["status"] == "open" and not accept)):
        raise InputError(_already_one_person(review_id, review["samePerson"], accept))
    if review["status"] == "joined":
        raise InputError(f"Пара '{review_id}' уже закрыта: её записи объединяли в одного "
                         f"человека ({review['joinedInto']}), затем людей разъединили "
                         "вручную; решение не требуется.")
    if review["status"] != "open":
        raise InputError(f"Пара '{review_id}' уже решена ({review['status']}, "
                         f"{review['decidedBy']}); решение не перезаписывается.")
    if accept and len(set(review["snils"])) > 1:
        # the numbers themselves are not repeated: a coordinator sees СНИЛС masked
        raise InputError(f"Пару '{review_id}' нельзя принять: у этих людей разные СНИЛС, а "
                         "человек с двумя СНИЛС невозможен. Если СНИЛС в одной из записей "
                         "ошибочен, его исправляет организация, приславшая запись; иначе "
                         "отклоните пару.")
    rows = graph.write("resolve_link_review", reviewId=review_id, operator=operator,
                       decision="accepted" if accept else "rejected")
    return sorted({pid for row in rows for pid in (row["oldPatientId"], row["newPatientId"])})


def close_answered_reviews(graph: Graph) -> int:
    """Close as `joined` the open pairs whose two records one person holds already: joins
    made before joins closed the pairs they answered left them open, hidden from the list
    and refused an answer. Run at every start (`onkopassport.startup.prepare_graph`);
    returns how many were closed (0 once done)."""
    closed = int(graph.write("close_answered_link_reviews")[0]["closed"])
    if closed:
        log.info("%d open review pairs closed as joined: one person holds both records", closed)
    return closed


def _already_one_person(review_id: str, patient_id: str, accept: bool) -> str:
    """Why a pair whose records were joined after it was asked takes no answer, and, to
    one who thinks them two people, how to part them."""
    text = (f"Пара '{review_id}' уже закрыта: обе её записи принадлежат одному человеку "
            f"{patient_id} — людей объединили после того, как пару поставили на проверку "
            "(объединение показано в разделе «Объединённые люди» страницы «Сверка личности»).")
    if accept:
        return text + " Решение не требуется."
    return text + (" Ответ «Разные люди» записи не разделит. Если это разные люди, "
                   "разъедините их там кнопкой «Разъединить людей» (или onkopassport "
                   "identity unmerge) либо отделите одну запись в разделе «Разъединить "
                   "запись».")
