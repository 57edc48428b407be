"""Pure helpers: cursors, routing CSV, route map, outbox backoff, scope, catalogues."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from api.security import Principal
from onkopassport.errors import AccessDeniedError
from pathway.catalogue import gap_kinds, notification_kind
from pathway.cursor import decode_cursor, encode_cursor
from pathway.errors import CursorError, RoutingInputError
from pathway.gaps import gap_detail
from pathway.outbox import OutboxPolicy, backoff
from pathway.route_map import build_route_map, collapse, conforms
from pathway.routing_order import routing_rows, site_bounds
from pathway.scope import scope_for
from pathway.worklist import site_range


def test_cursor_round_trip_and_tampering() -> None:
    cursor = encode_cursor(42, "p|gap|Ключ")
    assert decode_cursor(cursor, (int, str)) == [42, "p|gap|Ключ"]
    assert decode_cursor(None, (int, str)) is None
    with pytest.raises(CursorError):
        decode_cursor("not-a-cursor!", (int, str))
    with pytest.raises(CursorError):
        decode_cursor(encode_cursor(1), (int, str))
    # A worklist cursor handed to the notifications (str, str) once raised a TypeError.
    with pytest.raises(CursorError):
        decode_cursor(cursor, (str, str))


def test_routing_rows_from_csv_columns() -> None:
    rows = routing_rows([{"district": "Заречный", "site_group": "C33-C34",
                          "first_oncology_oid": "1.1", "treatment_oid": "1.2",
                          "treatment_oid_2": "1.3", "radiotherapy_oid": ""}])
    assert {(r["step"], r["organizationOid"], r["priority"]) for r in rows} == {
        ("first-oncology", "1.1", 1), ("treatment", "1.2", 1), ("treatment", "1.3", 2)}
    assert rows[0]["siteFrom"] == "C33" and rows[0]["siteTo"] == "C34"
    with pytest.raises(RoutingInputError, match=r"routing.csv:2"):
        routing_rows([{"district": "Заречный", "site_group": "рак"}])
    assert site_bounds("c50") == ("C50", "C50")
    assert site_range("C19-C21") == ("C19", "C21") and site_range(None) == (None, None)


def test_route_map_variants_edges_and_conformance() -> None:
    def seq(*kinds: str) -> dict:
        start = date(2026, 1, 1)
        return {"events": [{"kind": k, "date": start + timedelta(days=3 * i),
                            "orgKind": "caop"} for i, k in enumerate(kinds)]}

    reference = seq("referral", "consultation", "pathology", "dispensary-observation",
                    "tumor-board", "drug-therapy", "drug-therapy")
    no_board = seq("referral", "consultation", "surgery")
    result = build_route_map([reference, reference, no_board])
    assert result.conforming == 2 and result.conforming_share == pytest.approx(0.6667)
    assert result.variants[0].count == 2 and result.variants[0].steps[-1] == "drug-therapy"
    edge = next(e for e in result.step_edges if e.source == "referral")
    assert (edge.count, edge.median_days) == (3, 3.0)
    assert collapse(["a", "a", "b", "a"]) == ("a", "b", "a")
    assert not conforms(["pathology", "referral"])
    assert build_route_map([]).pathways == 0


def test_backoff_grows_and_is_capped() -> None:
    policy = OutboxPolicy(base_delay=timedelta(seconds=30), max_delay=timedelta(minutes=5))
    assert [backoff(n, policy).seconds for n in range(5)] == [30, 60, 120, 240, 300]


def test_scope() -> None:
    doctor = Principal("u1", "clinician", organization_oid="1.2")
    assert scope_for(doctor) == {"role": "clinician", "organizationOid": "1.2",
                                 "district": None, "userId": "u1"}
    with pytest.raises(AccessDeniedError):  # no anonymous access in any environment
        scope_for(None)


def test_catalogues_have_russian_labels_and_known_rules() -> None:
    assert all(k.label_ru and not k.label_ru.isascii() for k in gap_kinds())
    assert notification_kind("refusal").title_ru == "Отказ пациента"


def test_a_gap_s_detail_is_what_a_coordinator_can_read() -> None:
    assert gap_detail({"detail": "radiotherapy"}) == "Лучевая терапия"
    assert gap_detail({"detail": "C53"}) == "C53 Злокачественное новообразование шейки матки"
    assert gap_detail({"detail": "C99.9"}) == "C99.9 — код отсутствует в МКБ-10"
    assert gap_detail({"detail": None, "dueOn": date(2026, 2, 5)}) == "срок истёк 05.02.2026"
    assert gap_detail({"detail": None}) is None
    assert gap_detail({"detail": "Пациент отказался"}) == "Пациент отказался"  # free text
