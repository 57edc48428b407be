"""Benchmark the synthetic region generator: resources per second and peak memory.

Runs the generator at two sizes, each in a fresh Python process so that peak RSS is its
own, and prints resources/s, elapsed time, CPU time (parent + workers: on a shared machine
the wall time depends on the neighbours, the CPU time does not) and peak RSS of the parent
and of the largest worker. Memory is flat with N when the two peaks are close although
the sizes differ 4×.

    python bench/generate.py                      # 250 000 and 1 000 000 resources
    python bench/generate.py --resources 200000   # a quick look at one smaller size
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESOURCES_PER_PERSON = 10.4  # measured average; the bench reports the exact count
REPO = Path(__file__).resolve().parent.parent


def run_one(people: int, workers: int, compress: bool) -> dict[str, float]:
    """Generate one region in this process; return the figures."""
    sys.path.insert(0, str(REPO))
    from synth import generate_region

    def cpu_seconds() -> float:
        usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                     resource.RUSAGE_CHILDREN)]
        return sum(u.ru_utime + u.ru_stime for u in usage)

    with tempfile.TemporaryDirectory(prefix="synth-bench-") as out:
        cpu_before = cpu_seconds()
        started = time.perf_counter()
        summary = generate_region(people, 1, Path(out), gzip=compress, workers=workers)
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_before
        size = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file())
    return {
        "people": people, "resources": summary.resources, "elapsed_s": round(elapsed, 2),
        "resources_per_s": round(summary.resources / elapsed),
        # CPU time does not depend on what else the shared machine runs
        "cpu_s": round(cpu, 1),
        "parent_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "worker_peak_rss_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "output_mb": round(size / 2**20, 1),
    }


def main() -> None:
    """Run the sizes, each in a subprocess, and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, nargs="*", default=[250_000, 1_000_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--gzip", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.workers, args.gzip)))
        return
    print(f"{'people':>8} {'resources':>10} {'elapsed s':>9} {'res/s':>8} {'CPU s':>7} "
          f"{'parent MB':>9} {'worker MB':>9} {'output MB':>9}")
    for target in args.resources:
        people = int(target / RESOURCES_PER_PERSON)
        command = [sys.executable, __file__, "--one", str(people), "--workers",
                   str(args.workers)] + (["--gzip"] if args.gzip else [])
        figures = json.loads(subprocess.run(command, check=True, capture_output=True,
                                            text=True).stdout)
        print(f"{figures['people']:>8} {figures['resources']:>10} {figures['elapsed_s']:>9} "
              f"{figures['resources_per_s']:>8} {figures['cpu_s']:>7} "
              f"{figures['parent_peak_rss_mb']:>9} "
              f"{figures['worker_peak_rss_mb']:>9} {figures['output_mb']:>9}")


if __name__ == "__main__":
    main()
