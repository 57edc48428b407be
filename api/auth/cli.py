"""`onkopassport users ...`: manage the API's users."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from onkopassport.errors import OnkopassportError
from onkopassport.settings import get_settings

users_app = typer.Typer(help="API users and their roles.", no_args_is_help=True)
console = Console()


@users_app.command("add")
def add_user(
    user_id: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option(..., help="clinician, coordinator, analyst, admin or sender (a "
                                      "medical information system: POST /fhir only)."),
    organization: str | None = typer.Option(None, help="FRMO OID (clinicians must have one)."),
    district: str | None = typer.Option(None, help="Coordinator's district (none = region)."),
    source: str | None = typer.Option(None, help="A sender's system name: its records are "
                                                 "stored as source|Type|id (senders only)."),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True,
                                 help="Stored only as a scrypt hash."),
) -> None:
    """Create or update a user."""
    from api.auth.users import NewUser, save_user
    from graph.database import Graph

    graph = Graph.connect(get_settings())
    try:
        save_user(graph, NewUser(user_id, role, password, organization, district, source))
    except OnkopassportError as error:
        console.print(f"[red]Error:[/red] {error}")
        raise typer.Exit(code=1) from error
    finally:
        graph.close()
    console.print(f"User {user_id} ({role}) saved.")


@users_app.command("demo")
def add_demo_users() -> None:
    """Create one demo user per role (published passwords: development and test only)."""
    from api.auth.demo_users import create_demo_users
    from graph.database import Graph

    settings = get_settings()
    graph = Graph.connect(settings)
    try:
        users = create_demo_users(graph, settings)
    except OnkopassportError as error:
        console.print(f"[red]Error:[/red] {error}")
        raise typer.Exit(code=1) from error
    finally:
        graph.close()
    table = Table("user", "password", "role", "organisation", "district", "source")
    for user in users:
        table.add_row(user.user_id, user.password, user.role, user.organization_oid or "—",
                      user.district or "—", user.source or "—")
    console.print(table)
