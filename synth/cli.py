"""`onkopassport generate`: the command function the main CLI registers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from synth.generator import DEFAULT_AS_OF, generate_region


def generate(
    patients: int = typer.Option(10_000, "--patients", min=1,
                                 help="Number of people in the region (most have no cancer)."),
    seed: int = typer.Option(1, "--seed", help="Random seed; same seed and size give "
                             "byte-identical files."),
    out: Path = typer.Option(Path("region"), "--out", help="Output directory."),
    gzip: bool = typer.Option(False, "--gzip/--no-gzip", help="Gzip the NDJSON files."),
    as_of: str = typer.Option(DEFAULT_AS_OF.isoformat(), "--as-of",
                              help="'Today' of the region (YYYY-MM-DD); nothing is later."),
    workers: int = typer.Option(0, "--workers", min=0,
                                help="Worker processes (0: up to 2, one per core)."),
) -> None:
    """Generate a synthetic region: FHIR NDJSON per MIS plus ground truth."""
    console = Console()
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("people", total=patients)
        summary = generate_region(patients, seed, out, gzip,
                                  progress=lambda done: bar.advance(task, done),
                                  as_of=date.fromisoformat(as_of), workers=workers or None)
    console.print(f"{summary.resources} resources ({summary.broken} broken) in {out}")


if __name__ == "__main__":
    typer.run(generate)
