"""`onkopassport users add|demo` on the real graph: Russian prompts and messages, a user
that can log in, a refusal that writes nothing."""

from __future__ import annotations

from typer.testing import CliRunner

from api.auth.users import authenticate
from graph.database import Graph
from onkopassport.cli import app

WIDE = {"COLUMNS": "200"}


def _users(graph: Graph) -> list[str]:
    return [r["id"] for r in graph.read_text("MATCH (u:User) RETURN u.userId AS id ORDER BY id")]


def test_add_asks_the_password_twice_in_russian_and_saves_the_user(graph: Graph) -> None:
    result = CliRunner().invoke(
        app, ["users", "add", "dr-1", "--role", "clinician", "--organization", "1.2.3"],
        input="first-try-pass\nmistyped-pass\nsecret-pass\nsecret-pass\n", env=WIDE)
    assert result.exit_code == 0, result.output
    assert result.output.count("Пароль: ") == 2
    assert result.output.count("Повторите пароль: ") == 2
    assert "Пароли не совпадают, введите ещё раз." in result.output
    assert "Пользователь dr-1 (clinician) сохранён." in result.output
    principal = authenticate(graph, "dr-1", "secret-pass")
    assert principal is not None and principal.organization_oid == "1.2.3"
    assert authenticate(graph, "dr-1", "first-try-pass") is None


def test_a_refused_user_is_explained_in_russian_and_not_written(graph: Graph) -> None:
    result = CliRunner().invoke(
        app, ["users", "add", "mis-1", "--role", "sender", "--password", "long-enough-pass"],
        env=WIDE)
    assert result.exit_code == 1
    assert "Ошибка: Отправитель (sender) должен быть привязан к источнику" in result.output
    assert "Error" not in result.output
    assert _users(graph) == []


def test_demo_prints_its_users_under_russian_headers(graph: Graph) -> None:
    result = CliRunner().invoke(app, ["users", "demo"], env=WIDE)
    assert result.exit_code == 0, result.output
    for header in ("Демонстрационные пользователи", "пользователь", "пароль", "роль",
                   "организация", "район", "источник"):
        assert header in result.output, header
    assert "demo-admin-pass" in result.output and "organisation" not in result.output
    assert "demo-admin" in _users(graph) and "demo-mis" in _users(graph)
