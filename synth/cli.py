"""`onkopassport generate`: the command function the main CLI registers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from domain.calendar import parse_day
from synth.generator import DEFAULT_AS_OF, generate_region


def generate(
    patients: Annotated[int, typer.Option(
        "--patients", min=1, help="Number of people in the region (most have no cancer).")
    ] = 10_000,
    seed: Annotated[int, typer.Option(
        "--seed", help="Random seed; the same seed and size give byte-identical files.")] = 1,
    out: Annotated[Path, typer.Option("--out", help="Output directory.")] = Path("region"),
    gzip: Annotated[bool, typer.Option("--gzip/--no-gzip",
                                       help="Gzip the NDJSON files.")] = False,
    as_of: Annotated[str, typer.Option(
        "--as-of", help="'Today' of the region (YYYY-MM-DD); nothing is dated later.")
    ] = DEFAULT_AS_OF.isoformat(),
    workers: Annotated[int, typer.Option(
        "--workers", min=0, help="Worker processes (0: one per core, at most 2).")] = 0,
) -> None:
    """Generate a synthetic region: FHIR NDJSON per MIS plus ground truth."""
    console = Console()
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("people", total=patients)
        summary = generate_region(patients, seed, out, gzip,
                                  progress=lambda done: bar.advance(task, done),
                                  as_of=parse_day(as_of, "--as-of"), workers=workers or None)
    console.print(f"{summary.resources} resources ({summary.broken} broken) in {out}")


if __name__ == "__main__":
    typer.run(generate)
