"""`onkopassport users`: Russian help and refusals, without a server (the command and
option names stay English, as in every other command)."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from rich.console import Console
from typer.testing import CliRunner

from api.auth.cli import print_demo_users
from api.auth.demo_users import create_demo_users
from api.auth.users import NewUser
from onkopassport.cli import app
from onkopassport.errors import ConfigurationError, InputError


def _help(*command: str) -> str:
    result = CliRunner().invoke(app, ["users", *command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_the_help_is_russian() -> None:
    group = _help()
    assert "Пользователи API и их роли." in group
    assert "Создать пользователя или обновить существующего." in group
    assert "Создать демонстрационных пользователей, по одному на каждую роль." in group
    assert "Create" not in group and "API users" not in group
    add = _help("add")
    for text in ("ЛОГИН", "Имя для входа.", "--role", "clinician (врач)", "--organization",
                 "OID организации по ФРМО", "--district", "Район координатора", "--source",
                 "--password", "хранится только как хеш"):
        assert text in add, text
    for english in ("Login name", "Create or update", "Stored only", "Coordinator's"):
        assert english not in add


@pytest.mark.parametrize(("user", "message"), [
    (NewUser("dr-x", "doctor", "long-enough-pass"),
     "Неизвестная роль «doctor»: укажите одну из clinician, coordinator, analyst, admin, "
     "sender."),
    (NewUser("dr-x", "clinician", "long-enough-pass"),
     "Врач (clinician) должен быть привязан к организации: укажите её OID по ФРМО."),
    (NewUser("dr-x", "admin", "short"), "Пароль должен быть не короче 8 символов."),
])
def test_a_user_is_refused_in_russian(user: NewUser, message: str) -> None:
    with pytest.raises(InputError) as refused:
        user.validate()
    assert str(refused.value) == message


def test_demo_users_are_refused_in_production_in_russian() -> None:
    production = SimpleNamespace(environment="production")
    refusal = r"в промышленной среде \(production\) не создаются"
    with pytest.raises(ConfigurationError, match=refusal):
        create_demo_users(None, production)  # type: ignore[arg-type]


def test_the_demo_users_printed_into_a_log_keep_their_logins_and_passwords_whole() -> None:
    """`onkopassport demo > demo.log`: no terminal, yet every login and password is readable."""
    log = Console(file=io.StringIO(), width=80)  # what rich assumes without a terminal
    users = [NewUser("demo-regional-coordinator", "coordinator", "demo-coordinator-pass",
                     "1.2.643.5.1.13.13.12.2.77.7777", "Центральный"),
             NewUser("demo-mis", "sender", "demo-mis-pass", source="mis-demo")]

    print_demo_users(log, users)

    printed = log.file.getvalue()
    for user in users:
        assert user.user_id in printed and user.password in printed, printed
    assert "1.2.643.5.1.13.13.12.2.77.7777" in printed and "…" not in printed
