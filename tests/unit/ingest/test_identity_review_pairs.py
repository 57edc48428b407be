"""Which review pairs a record gets (ingest.identity.decide_people), without a server: one
per other person it resembles, the most alike first and a few at most, never two people of
different СНИЛС nor two people already paired."""

from __future__ import annotations

from typing import Any

import pytest

from domain.identifiers import SNILS_SYSTEM
from ingest.identity import REVIEW_PAIRS_PER_RECORD, ReviewPair, decide_people, match_score
from onkopassport.settings import Settings

ENP_SYSTEM = Settings().enp_system
ROW_SNILS, OTHER_SNILS = "11223344595", "00375659347"
NAME = "ИВАНОВА МАРИЯ ПЕТРОВНА"


def _record(key: str = "onco|Patient|1", *, snils: str | None = ROW_SNILS,
            sharing: list[dict[str, Any]] | None = None,
            similar: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A record as find_identity_candidates reads it, in the district «Северный»."""
    return {"key": key, "snils": snils, "nameKey": NAME, "sex": "female",
            "birthDate": "1961-03-04", "district": "Северный",
            "sharing": sharing or [], "similar": similar or []}


def _sharing(key: str, person: str, system: str = SNILS_SYSTEM,
             person_snils: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"key": key, "patientId": person, "system": system, "snils": None,
            "birthDate": None, "sex": "female", "patientSnils": list(person_snils)}


def _alike(key: str, person: str, name: str = NAME, district: str | None = "Южный", *,
           person_snils: tuple[str, ...] = (), reviewed_with: tuple[str, ...] = ()
           ) -> dict[str, Any]:
    """A stored record born the same day; with the same name but another district it scores
    0.85, between the review (0.78) and the link (0.90) thresholds."""
    return {"key": key, "patientId": person, "nameKey": name, "sex": "female",
            "district": district, "snils": None, "patientSnils": list(person_snils),
            "reviewedWith": list(reviewed_with)}


def _score(candidate: dict[str, Any]) -> float:
    return match_score(_record(), candidate)


def test_a_record_linked_by_snils_is_reviewed_with_a_person_it_resembles_below_a_link(
        ) -> None:
    """A record founding a person would be put beside a person this alike; one linked to
    another person by its СНИЛС is too."""
    alike = _alike("poly|Patient|7", "P-NAME")
    assert Settings().identity_review_threshold <= _score(alike) < \
        Settings().identity_link_threshold
    row = _record(sharing=[_sharing("reg|Patient|x", "P-SNILS")], similar=[alike])

    [decision], merges = decide_people([row], Settings())

    assert (decision.patient_id, decision.reason, decision.score) == ("P-SNILS", "snils", 1.0)
    assert decision.reviews == (ReviewPair("poly|Patient|7", "P-NAME", 0.85),)
    assert merges == []


def test_a_record_less_alike_than_the_review_threshold_is_not_reviewed() -> None:
    unlike = _alike("poly|Patient|7", "P-NAME", name="ИВАНОВА ДАРЬЯ ПЕТРОВНА")
    assert _score(unlike) < Settings().identity_review_threshold
    row = _record(sharing=[_sharing("reg|Patient|x", "P-SNILS")], similar=[unlike])
    assert decide_people([row], Settings())[0][0].reviews == ()


@pytest.mark.parametrize("district", ["Южный", "Северный"])  # below a link; as alike as one
def test_people_of_two_different_snils_are_never_paired(district: str) -> None:
    """The record has no СНИЛС; the person its ЕНП links it to has one, the person it
    resembles another: accepting such a pair would be refused, so it is not asked."""
    row = _record(snils=None,
                  sharing=[_sharing("hosp|Patient|5", "P-ENP", ENP_SYSTEM, (ROW_SNILS,))],
                  similar=[_alike("poly|Patient|7", "P-NAME", district=district,
                                  person_snils=(OTHER_SNILS,))])
    [decision], _ = decide_people([row], Settings())
    assert decision.patient_id == "P-ENP"
    assert decision.reviews == ()


@pytest.mark.parametrize("district", ["Южный", "Северный"])
def test_two_people_already_paired_open_or_rejected_are_not_asked_again(district: str) -> None:
    row = _record(sharing=[_sharing("reg|Patient|x", "P-SNILS")],
                  similar=[_alike("poly|Patient|7", "P-NAME", district=district,
                                  reviewed_with=("P-SNILS",))])
    assert decide_people([row], Settings())[0][0].reviews == ()


def test_two_records_of_one_batch_ask_about_the_same_two_people_once() -> None:
    shared = [_sharing("reg|Patient|x", "P-SNILS")]
    first = _record("onco|Patient|1", sharing=shared,
                    similar=[_alike("poly|Patient|7", "P-NAME")])
    second = _record("lab|Patient|2", sharing=shared,
                     similar=[_alike("poly|Patient|7", "P-NAME")])
    decisions, _ = decide_people([first, second], Settings())
    assert [len(d.reviews) for d in decisions] == [1, 0]


# Five people the record resembles, P-C through two records; the most alike come first,
# equal scores by person id, and the cap keeps the first few.
RESEMBLED = [
    _alike("d|Patient|1", "P-D", name="ИВАНОВА МАРИНА ПЕТРОВНА"),   # 0.80
    _alike("c|Patient|2", "P-C", name="ИВАНОВА МАРИЯ"),             # 0.8125, P-C's lesser
    _alike("e|Patient|1", "P-E"),                                   # 0.85
    _alike("b|Patient|1", "P-B", name="ИВАНОВА МАРЬЯ ПЕТРОВНА"),    # 0.8159
    _alike("c|Patient|1", "P-C", name="ИВАНОВА МАРИЯ ПЕТРОВА"),     # 0.8326
    _alike("a|Patient|1", "P-A"),                                   # 0.85
    _alike("f|Patient|1", "P-F", name="ИВАНОВА ДАРЬЯ ПЕТРОВНА"),    # 0.7477, not asked
]
EXPECTED_ORDER = [("a|Patient|1", "P-A"), ("e|Patient|1", "P-E"), ("c|Patient|1", "P-C"),
                  ("b|Patient|1", "P-B"), ("d|Patient|1", "P-D")]


@pytest.mark.parametrize("linked", [True, False], ids=["linked-by-snils", "new-person"])
@pytest.mark.parametrize("order", [1, -1], ids=["as-read", "reversed"])
def test_a_record_gets_one_pair_per_person_most_alike_first_up_to_the_cap(
        linked: bool, order: int) -> None:
    sharing = [_sharing("reg|Patient|x", "P-SNILS")] if linked else []
    row = _record(sharing=sharing, similar=RESEMBLED[::order])

    [decision], _ = decide_people([row], Settings())

    assert decision.reason == ("snils" if linked else "new-person")
    scores = {c["key"]: _score(c) for c in RESEMBLED}
    assert decision.reviews == tuple(ReviewPair(key, person, scores[key])
                                     for key, person in EXPECTED_ORDER[:REVIEW_PAIRS_PER_RECORD])
    assert 1 < REVIEW_PAIRS_PER_RECORD < len(EXPECTED_ORDER)  # the cap is what cut the list
