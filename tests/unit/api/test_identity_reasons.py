"""Why a review pair was left to an operator, as the «Сверка личности» page shows it."""

from __future__ import annotations

from api.routes.identity import not_joined_reason


def test_below_the_link_threshold_the_likeness_was_too_weak() -> None:
    assert not_joined_reason(0.85, 0.90) == (
        "Не объединены автоматически: сходство 85 % ниже порога автоматического "
        "связывания (90 %).")
    # shown rounded as the threshold itself, it must not read as «90 % ниже 90 %»
    assert "сходство 90 % чуть ниже порога" in not_joined_reason(0.897, 0.90)


def test_at_or_above_it_the_records_were_two_people_already() -> None:
    for score in (0.90, 1.0):
        assert not_joined_reason(score, 0.90).startswith(
            "Не объединены автоматически: записи уже принадлежат двум разным людям")
