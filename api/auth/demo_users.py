"""Demo users, one per role, for `onkopassport users demo` (never in production)."""

from __future__ import annotations

from api.auth.users import NewUser, save_user
from graph.database import Graph
from onkopassport.errors import ConfigurationError
from onkopassport.settings import Settings

DEMO_MIS_SOURCE = "mis-demo"


def demo_users(graph: Graph) -> list[NewUser]:
    """Clinician and coordinator bound to the busiest organisation and its district; a
    sender standing for one medical information system (POST /fhir only)."""
    rows = graph.read("get_busiest_organization")
    oid = rows[0]["oid"] if rows else "1.2.643.5.1.13.13.12.0.0.1"
    district = rows[0]["district"] if rows else None
    return [
        NewUser("demo-clinician", "clinician", "demo-clinician-pass", organization_oid=oid),
        NewUser("demo-coordinator", "coordinator", "demo-coordinator-pass", district=district),
        NewUser("demo-regional-coordinator", "coordinator", "demo-coordinator-pass"),
        NewUser("demo-analyst", "analyst", "demo-analyst-pass"),
        NewUser("demo-admin", "admin", "demo-admin-pass"),
        NewUser("demo-mis", "sender", "demo-mis-pass", source=DEMO_MIS_SOURCE),
    ]


def create_demo_users(graph: Graph, settings: Settings) -> list[NewUser]:
    if settings.environment == "production":
        raise ConfigurationError("Демонстрационные пользователи с опубликованными паролями "
                                 "в промышленной среде (production) не создаются.")
    users = demo_users(graph)
    for user in users:
        save_user(graph, user)
    return users
