"""The first passport after a Neo4j restart, with and without the API's query warm-up.

For each of `--rounds` rounds and each mode, the script restarts the project's local Neo4j
(so its plan cache and compiled runtime code are gone), then in `warmed` mode runs
`api.warmup.warm_query_plans` as the API does at start, and times the first requests as
the API makes them (another user, a client address): the passport's one statement
(get_passport, as api/graphql/passport_data.py runs it) asked by an administrator for the
patient with the most records, then by a clinician and by a district coordinator (each
role's scope is planned apart), and «Куда направить»
(pathway.routing.recommend_next_organization). It prints each time and the medians.

It needs a region with passports in the data directory, e.g. the demo's
(`onkopassport demo` fills one); it writes only audit entries of the user `bench-cold-user`.

    ONKO_DATA_DIR=.onkopassport/demo ONKO_NEO4J_BOLT_PORT=7687 python bench/cold_start.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from api.security import Principal  # noqa: E402
from api.warmup import scope_shapes, warm_query_plans  # noqa: E402
from graph.database import Graph  # noqa: E402
from graph.local_server import LocalNeo4j  # noqa: E402
from graph.queries import load_query  # noqa: E402
from onkopassport.settings import Settings  # noqa: E402
from pathway.routing import recommend_next_organization  # noqa: E402

BUSIEST = """MATCH (p:Passport)<-[:BELONGS_TO]-(:PatientRecord)<-[:SUBJECT]-(r)
WITH p, count(r) AS records ORDER BY records DESC LIMIT $n
RETURN p.patientId AS patientId"""


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def one_round(settings: Settings, warmed: bool, patients: list[str]) -> dict[str, float]:
    server = LocalNeo4j(settings)
    server.stop()
    server.start()
    graph = Graph.connect(settings)
    try:
        result: dict[str, float] = {}
        if warmed:
            started = time.perf_counter()
            warm_query_plans(graph)
            result["warm-up"] = _ms(started)
        # as the API asks: a client address (text) and each role's scope, whose null or
        # text parameters are planned apart (api/warmup.py), by another user than the
        # warm-up's, with an id and an address of other lengths; the clinician and the
        # coordinator ask for a patient they may see
        [found] = graph.read("find_warm_up_passport")
        for shape in scope_shapes(found):
            principal = Principal("bench-cold-user", shape.role,
                                  organization_oid=shape.organization_oid,
                                  district=shape.district)
            patient = patients[0] if shape.role == "admin" else found["patientId"]
            params = {"action": "passport.view", "userId": principal.user_id,
                      "clientAddress": "10.20.30.140", "patientIds": [patient],
                      **principal.query_scope()}
            started = time.perf_counter()
            rows = graph.autocommit(load_query("get_passport"), params, write=True)
            result[f"passport ({principal.role})"] = _ms(started)
            assert rows and rows[0]["patient"], f"{patient} not shown to {principal.role}"
        started = time.perf_counter()
        recommend_next_organization(graph, patients[0], date.today())
        result["routing"] = _ms(started)
        return result
    finally:
        graph.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="restarts per mode")
    args = parser.parse_args()
    settings = Settings()
    if not settings.uses_local_neo4j:
        sys.exit("the benchmark restarts the server: it needs the local one, not NEO4J_URI")
    LocalNeo4j(settings).start()
    graph = Graph.connect(settings)
    patients = [row["patientId"] for row in graph.read_text(BUSIEST, n=1)]
    graph.close()
    if not patients:
        sys.exit("no passports in this data directory: fill it first (onkopassport demo)")
    print(f"patients with the most records: {', '.join(patients)}")
    runs: dict[str, list[dict[str, float]]] = {"cold": [], "warmed": []}
    for round_number in range(args.rounds):
        for mode in runs:
            times = one_round(settings, mode == "warmed", patients)
            runs[mode].append(times)
            print(f"round {round_number + 1}, {mode:6}: " + ", ".join(
                f"{name} {ms:.0f} ms" for name, ms in times.items()))
    for mode, rounds in runs.items():
        print(f"median, {mode:6}: " + ", ".join(
            f"{name} {statistics.median(r[name] for r in rounds):.0f} ms"
            for name in rounds[0]))


if __name__ == "__main__":
    main()
