"""`onkopassport users ...`: manage the API's users (help, prompts and messages in Russian;
the command, option and role names stay as they are)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from onkopassport.errors import OnkopassportError
from onkopassport.settings import get_settings

if TYPE_CHECKING:
    from api.auth.users import NewUser

users_app = typer.Typer(help="Пользователи API и их роли.", no_args_is_help=True)
console = Console()


def _fail(error: OnkopassportError) -> NoReturn:
    console.print(f"[red]Ошибка:[/red] {error}")
    raise typer.Exit(code=1) from error


def _ask_password() -> str:
    """The password typed twice, unseen; asked again until both match."""
    while True:
        password: str = typer.prompt("Пароль", hide_input=True)
        if password == typer.prompt("Повторите пароль", hide_input=True):
            return password
        console.print("[red]Пароли не совпадают, введите ещё раз.[/red]")


@users_app.command("add")
def add_user(
    user_id: str = typer.Argument(..., metavar="ЛОГИН", help="Имя для входа."),
    role: str = typer.Option(..., metavar="РОЛЬ",
                             help="clinician (врач), coordinator (координатор), analyst "
                                  "(аналитик), admin (администратор) или sender (медицинская "
                                  "информационная система: только POST /fhir)."),
    organization: str | None = typer.Option(None, metavar="OID",
                                            help="OID организации по ФРМО (у врача "
                                                 "обязателен)."),
    district: str | None = typer.Option(None, metavar="РАЙОН",
                                        help="Район координатора (без него — весь регион)."),
    source: str | None = typer.Option(None, metavar="ИСТОЧНИК",
                                      help="Имя системы-отправителя: её записи хранятся как "
                                           "источник|Тип|id (только для sender)."),
    password: str | None = typer.Option(None, metavar="ПАРОЛЬ",
                                        help="Не короче 8 символов; хранится только как хеш "
                                             "scrypt. Без параметра запрашивается дважды, "
                                             "без показа на экране."),
) -> None:
    """Создать пользователя или обновить существующего."""
    from api.auth.users import NewUser, save_user
    from graph.database import Graph

    password = password if password is not None else _ask_password()
    graph = Graph.connect(get_settings())
    try:
        save_user(graph, NewUser(user_id, role, password, organization, district, source))
    except OnkopassportError as error:
        _fail(error)
    finally:
        graph.close()
    console.print(f"Пользователь {user_id} ({role}) сохранён.")


@users_app.command("demo")
def add_demo_users() -> None:
    """Создать демонстрационных пользователей, по одному на каждую роль.

    Их пароли опубликованы: только для разработки и тестов, в production не создаются."""
    from api.auth.demo_users import create_demo_users
    from graph.database import Graph

    settings = get_settings()
    graph = Graph.connect(settings)
    try:
        users = create_demo_users(graph, settings)
    except OnkopassportError as error:
        _fail(error)
    finally:
        graph.close()
    print_demo_users(console, users)


def print_demo_users(out: Console, users: list[NewUser]) -> None:
    """The demo users with their published passwords, as `users demo` and `demo` print them.
    Into a log file (no terminal) rich would fit the table to 80 columns and cut the logins
    and passwords short ("demo-clini…"), the very thing a reader of the log looks for."""
    if not out.is_terminal:
        out = Console(file=out.file, width=160, no_color=out.no_color)
    out.print(_demo_users_table(users))


def _demo_users_table(users: list[NewUser]) -> Table:
    table = Table("пользователь", "пароль", "роль", "организация", "район", "источник",
                  title="Демонстрационные пользователи")
    for user in users:
        table.add_row(user.user_id, user.password, user.role, user.organization_oid or "—",
                      user.district or "—", user.source or "—")
    return table
