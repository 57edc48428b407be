"""The queries a user meets first, run once at start rather than on their time.

A freshly started Neo4j plans each query on its first run and its JVM runs the plan's code
cold: on the demo region the first passport statement took about 4 s after a restart, the
next patient's 0.1 s (bench/cold_start.py; bench/README.md has the figures with the
warm-up). The API starts a thread that runs the first
pages' queries once for one real passport: the passport's statement in a transaction that
is rolled back (it writes an audit entry per patient, which a warm-up must not leave), and
the read-only ones as they are — «Куда направить» and the worklist's first page. Nothing is
written. A request that comes before the thread is done just waits as it did without it.

Neo4j caches a plan per query text and parameter *types*: `$organizationOid` and `$district`
are null for an administrator and text for a clinician or a district coordinator, so each
of these three shapes of the row-level scope is warmed; warmed as an administrator only,
a clinician's first passport was planned anew (~1 s, bench/cold_start.py). The client
address is text, as in a request. (The local server also turns off the plan cache's
per-length keys of text parameters: neo4j_runtime/OnkoNeo4jServer.java.)
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import date

from api.security import Principal
from graph.database import Graph
from pathway.routing import recommend_next_organization
from pathway.worklist import WorklistFilter, worklist_page

log = logging.getLogger(__name__)

WARM_UP_USER = "query-warm-up"
# what a request's client address looks like (only its type matters to the plan cache)
_CLIENT_ADDRESS = "127.0.0.1"


def _passport(graph: Graph, patient_id: str, principal: Principal) -> None:
    # the API's passport statement (api/graphql/passport_data.py); rolled back, so its
    # audit entry is not kept
    graph.rehearse("get_passport", patientIds=[patient_id], action="passport.view",
                   userId=principal.user_id, clientAddress=_CLIENT_ADDRESS,
                   **principal.query_scope())


def _routing(graph: Graph, patient_id: str, principal: Principal) -> None:
    # what «Куда направить» reads (reads only; the resolver's audit entry is its own)
    graph.read("find_visible_passport", patientId=patient_id, **principal.query_scope())
    recommend_next_organization(graph, patient_id, date.today())


def _worklist(graph: Graph, _patient_id: str, principal: Principal) -> None:
    # the first page and its count, as worklist.html opens (reads only)
    worklist_page(graph, principal, WorklistFilter(), with_total=True)


WARM_UPS: tuple[tuple[str, Callable[[Graph, str, Principal], None]], ...] = (
    ("passport", _passport), ("routing", _routing), ("worklist", _worklist))


def scope_shapes(found: dict[str, str | None]) -> list[Principal]:
    """One principal per shape of the row-level scope's parameters: an administrator (no
    organisation, no district), a clinician of an organisation the patient was seen at, a
    coordinator of the patient's district (when it is known)."""
    principals = [Principal(WARM_UP_USER, "admin")]
    if found.get("organizationOid"):
        principals.append(Principal(WARM_UP_USER, "clinician",
                                    organization_oid=found["organizationOid"]))
    if found.get("district"):
        principals.append(Principal(WARM_UP_USER, "coordinator", district=found["district"]))
    return principals


def warm_query_plans(graph: Graph) -> dict[str, float]:
    """Run each warm-up once per scope shape for one passport; seconds per warm-up (none
    when the graph holds no passport yet). A failure (Neo4j not up, a query renamed) is
    logged and skipped: the warm-up only saves the first users some waiting."""
    seconds: dict[str, float] = {}
    try:
        found = graph.read("find_warm_up_passport")
    except Exception as error:  # nothing here may stop the API
        log.warning("query warm-up skipped: %s", error)
        return seconds
    if not found:
        return seconds
    patient_id = found[0]["patientId"]
    for name, warm_up in WARM_UPS:
        started = time.perf_counter()
        try:
            for principal in scope_shapes(found[0]):
                warm_up(graph, patient_id, principal)
        except Exception as error:  # nothing here may stop the API
            log.warning("query warm-up %s skipped: %s", name, error)
            continue
        seconds[name] = time.perf_counter() - started
    log.info("queries warmed: %s", ", ".join(f"{name} {s:.2f} s" for name, s in seconds.items()))
    return seconds


def start_warm_up(graph: Graph) -> threading.Thread:
    """The warm-up on a daemon thread: the API answers meanwhile."""
    thread = threading.Thread(target=warm_query_plans, args=(graph,), name="query-warm-up",
                              daemon=True)
    thread.start()
    return thread
