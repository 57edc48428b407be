"""Load benchmark of the passport API: concurrent HTTP clients against a real uvicorn.

1. Builds (once) a region of N passport patients with bulk `UNWIND` writes in the
   documented graph shape (bench/passport_region.py; setup, not the ingest pipeline).
2. Starts the API as deployed (`onkopassport serve --workers N`) on 127.0.0.1.
3. Runs C concurrent HTTP connections with `wrk` (bench/wrk/passport.lua; a C load
   generator, so that the two cores serve passports instead of generating load), after
   an unmeasured warm-up, each asking full passports (patient, tumours, route, deadlines,
   gaps, notifications, recommendations) of random patients as clinicians of the
   patient's polyclinic or coordinators of its district, so the row-level rule runs on
   every request.
4. Prints passport p50/p95/p99 latency, passports/s and Cypher round trips per passport
   (read from the response's `extensions.cypherRoundTrips`).

Goals (issue 6): p95 < 50 ms and >= 200 passports/s on 2 cores.

    ONKO_DATA_DIR=.onkopassport/bench-passport ONKO_NEO4J_BOLT_PORT=7712 \\
    ONKO_NEO4J_HEAP=1g ONKO_NEO4J_PAGECACHE=1g python bench/passport_load.py
    python bench/passport_load.py --patients 100000 --clients 6 --seconds 30 --workers 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from api.auth.tokens import issue_token  # noqa: E402
from api.security import Principal  # noqa: E402
from bench.passport_region import (  # noqa: E402
    DISTRICTS,
    build_region,
    count_passports,
    district_of,
    organization_of,
    patient_id,
)
from graph.database import Graph  # noqa: E402
from graph.schema import apply_schema  # noqa: E402
from onkopassport.settings import Settings  # noqa: E402

PASSPORT = """
query($id: ID!, $asOf: Date) {
  passport(patientId: $id, asOf: $asOf) {
    __typename
    ... on Passport {
      patient { patientId fullName snils birthDate district }
      tumors { icd10 icd10NameRu morphology stage t n m clinicalGroup diagnosedOn verification }
      currentCareStage currentClinicalGroup
      route { date kind kindLabelRu careStage organization { name kind }
              referredTo { name } daysSincePrevious }
      deadlines { rule titleRu state dueOn daysOver }
      gaps { kind since overdueDays }
      notifications { title severity read }
      recommendations { siteGroup guidelineId done { titleRu doneOn }
                        missing { titleRu } nextSteps { titleRu dueOn } }
    }
  }
}
"""


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    return total + sum(process_cpu_seconds(int(child)) for child in children)


def neo4j_pid(settings: Settings) -> int | None:
    if not settings.uses_local_neo4j:
        return None
    from graph.local_server import LocalNeo4j

    return LocalNeo4j(settings).running_pid()


def ensure_region(settings: Settings, patients: int) -> int:
    if settings.uses_local_neo4j:
        from graph.local_server import LocalNeo4j

        LocalNeo4j(settings).start()
    graph = Graph.connect(settings)
    try:
        apply_schema(graph)
        existing = count_passports(graph)
        if existing >= patients:
            print(f"region: {existing} passports already present, reused")
            return existing
        print(f"region: writing {patients} passport patients with bulk UNWIND batches "
              "(setup in the documented graph shape, not the ingest pipeline)")
        started, done = time.perf_counter(), 0

        def progress(count: int) -> None:
            nonlocal done
            done += count
            if done % 10_000 == 0:
                print(f"  {done} patients, {time.perf_counter() - started:.0f} s", flush=True)

        build_region(graph, patients, progress=progress)
        existing = count_passports(graph)
        print(f"region: {existing} passports in {time.perf_counter() - started:.0f} s")
        return existing
    finally:
        graph.close()


def start_api(port: int, workers: int) -> subprocess.Popen[bytes]:
    # The API as it is deployed: `onkopassport serve` with its worker processes.
    command = [sys.executable, "-m", "onkopassport.cli", "serve", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers)]
    # The analytics frame store would build two years of indicator frames in every worker
    # at start (analytics/store.py; bench/analytics.py measures it): off here, so that the
    # cores serve passports only, as they do once that start-up build is done.
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                            env={**os.environ, "ONKO_ENVIRONMENT": "test",
                                 "ONKO_ANALYTICS_PREWARM": "false"})


def wait_until_up(base: str, timeout_s: float = 240) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the API did not come up")


def tokens_for(settings: Settings, index: int) -> list[str]:
    clinician = Principal(f"bench-clinician-{index % 12}", "clinician",
                          organization_oid=organization_of(index, "polyclinic"))
    coordinator = Principal(f"bench-coordinator-{index % 12}", "coordinator",
                            district=district_of(index))
    return [issue_token(clinician, settings), issue_token(coordinator, settings)]


def lua_table(rows: list[list[str]]) -> str:
    return "{" + ", ".join("{" + ", ".join(json.dumps(v) for v in row) + "}" for row in rows) + "}"


def write_wrk_script(settings: Settings, patients: int, directory: Path) -> Path:
    """The wrk script with this run's patients, tokens and query filled in."""
    template = (REPO / "bench" / "wrk" / "passport.lua").read_text(encoding="utf-8")
    tokens = [tokens_for(settings, district) for district in range(len(DISTRICTS))]
    script = (template.replace("__PATIENTS__", str(patients))
              .replace("__DISTRICTS__", str(len(DISTRICTS)))
              .replace("__TOKENS__", lua_table(tokens))
              # A Lua long string takes the JSON string literal as it is.
              .replace("__QUERY__", "[==[" + json.dumps(PASSPORT) + "]==]"))
    path = directory / "passport.lua"
    path.write_text(script, encoding="utf-8")
    return path


def run_wrk(base: str, script: Path, clients: int, seconds: float) -> dict[str, float]:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (scripts/setup.sh does)")
    # Two wrk threads: wrk is C and needs a few per cent of one core at this rate, so the
    # cores stay with the API and Neo4j (a Python load generator took a third of them).
    command = [wrk, "-t", "2", "-c", str(clients), "-d", f"{seconds:.0f}s", "--timeout", "10s",
               "-s", str(script), f"{base}/graphql"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    for line in output.splitlines():
        if line.startswith("WRK_RESULT "):
            return dict(json.loads(line.removeprefix("WRK_RESULT ")))
    raise SystemExit(f"wrk printed no result:\n{output}")


def sample_round_trips(base: str, settings: Settings, patients: int, count: int = 50) -> float:
    """Cypher round trips per passport, from the responses' `extensions.cypherRoundTrips`."""
    rng = random.Random(11)
    trips = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for _ in range(count):
            index = rng.randrange(patients)
            token = tokens_for(settings, index % len(DISTRICTS))[rng.randrange(2)]
            body = client.post("/graphql", headers={"Authorization": f"Bearer {token}"},
                               json={"query": PASSPORT, "variables": {
                                   "id": patient_id(index), "asOf": "2026-11-01"}}).json()
            if body.get("data", {}).get("passport", {}).get("__typename") != "Passport":
                raise SystemExit(f"a sample passport was not shown: {body}")
            trips.append(body["extensions"]["cypherRoundTrips"])
    return statistics.mean(trips)


def run_load(base: str, settings: Settings, patients: int, clients: int, seconds: float,
             warmup_s: float, cpu_pids: dict[str, int]) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="onko-wrk-") as directory:
        script = write_wrk_script(settings, patients, Path(directory))
        if warmup_s > 0:
            # Unmeasured: the JVM compiles the hot Cypher paths during the first tens of
            # seconds after a start (its C2 compiler threads take a core meanwhile).
            run_wrk(base, script, clients, warmup_s)
        cpu_before = {name: process_cpu_seconds(pid) for name, pid in cpu_pids.items()}
        figures = run_wrk(base, script, clients, seconds)
        cpu_used = {name: process_cpu_seconds(pid) - cpu_before[name]
                    for name, pid in cpu_pids.items()}
    shown = max(1, figures["shown"])
    return {"passports": figures["shown"], "errors": figures["failed"] + figures["socket_errors"],
            "seconds": figures["seconds"], "per_second": figures["shown"] / figures["seconds"],
            "p50_ms": figures["p50_ms"], "p95_ms": figures["p95_ms"],
            "p99_ms": figures["p99_ms"],
            "round_trips": sample_round_trips(base, settings, patients),
            **{f"cpu_ms_{name}": 1000 * used / shown for name, used in cpu_used.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=6, help="concurrent HTTP connections")
    parser.add_argument("--seconds", type=float, default=30, help="measured time")
    parser.add_argument("--warmup", type=float, default=30,
                        help="unmeasured warm-up seconds (the JVM compiles hot paths)")
    parser.add_argument("--workers", type=int, default=3,
                        help="API worker processes (3 serve the most on 2 cores)")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if not 1 <= args.clients <= 256 or not 0 < args.seconds <= 600:
        raise SystemExit("clients must be 1–256 and seconds 0–600")

    settings = Settings()
    region = ensure_region(settings, args.patients)
    base = f"http://127.0.0.1:{args.port}"
    server = start_api(args.port, args.workers)
    try:
        wait_until_up(base)
        cpu_pids = {"api": server.pid}
        if (pid := neo4j_pid(settings)) is not None:
            cpu_pids["neo4j"] = pid
        figures = run_load(base, settings, args.patients, args.clients, args.seconds,
                           args.warmup, cpu_pids)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"cpus: {os.cpu_count()}, load average at the end: {os.getloadavg()[0]:.1f}, "
          f"uvicorn workers: {args.workers}, clients: {args.clients}, region: {region} "
          f"passports (asked from the first {args.patients})")
    print(f"passports: {figures['passports']} in {figures['seconds']:.1f} s, "
          f"errors: {figures['errors']}")
    print(f"passport latency p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, "
          f"p99 {figures['p99_ms']:.1f} ms")
    print(f"throughput {figures['per_second']:.0f} passports/s "
          f"(goals: p95 < 50 ms, >= 200 passports/s)")
    print(f"Cypher round trips per passport: {figures['round_trips']:.1f}")
    # CPU per passport does not depend on the neighbours on a shared machine: it says how
    # many passports two dedicated cores could serve.
    cpu_ms = figures.get("cpu_ms_api", 0.0) + figures.get("cpu_ms_neo4j", 0.0)
    print(f"CPU per passport: API {figures.get('cpu_ms_api', 0.0):.1f} ms + Neo4j "
          f"{figures.get('cpu_ms_neo4j', 0.0):.1f} ms = {cpu_ms:.1f} ms "
          f"(=> about {2000 / cpu_ms:.0f} passports/s on 2 dedicated cores)"
          if cpu_ms else "CPU per passport: not measured")


if __name__ == "__main__":
    main()
