"""The console command ends a project error with its message and exit code 1."""

from __future__ import annotations

import sys
from datetime import date

import pytest

from domain.calendar import parse_day
from onkopassport.cli import run
from onkopassport.errors import InputError


def test_a_typed_date_is_read_in_either_form_or_refused_by_option() -> None:
    assert parse_day("2025-02-28", "--today") == date(2025, 2, 28)
    assert parse_day("28.02.2025", "--today") == date(2025, 2, 28)
    assert parse_day(None) == date.today()
    with pytest.raises(InputError, match=r"^--today: дата '31\.02\.2025' не распознана"):
        parse_day("31.02.2025", "--today")


def test_a_bad_option_ends_the_command_without_a_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("ONKO_NEO4J_URI", "bolt://127.0.0.1:1")  # never reached
    monkeypatch.setattr(sys, "argv", ["onkopassport", "pathway", "refresh",
                                      "--today", "31.02.2025"])
    with pytest.raises(SystemExit) as ended:
        run()
    assert ended.value.code == 1
    output = capsys.readouterr().out
    assert "--today: дата '31.02.2025' не распознана" in output
    assert "Traceback" not in output
