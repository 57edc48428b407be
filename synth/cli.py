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
        "--patients", min=1, help="Число людей в регионе (у большинства рака нет).")
    ] = 10_000,
    seed: Annotated[int, typer.Option(
        "--seed", help="Начальное значение генератора случайных чисел; при том же значении "
        "и размере файлы совпадают побайтно.")] = 1,
    out: Annotated[Path, typer.Option("--out", help="Папка для результата.")] = Path("region"),
    gzip: Annotated[bool, typer.Option("--gzip/--no-gzip",
                                       help="Сжать файлы NDJSON в gzip.")] = False,
    as_of: Annotated[str, typer.Option(
        "--as-of", help="«Сегодня» региона (ГГГГ-ММ-ДД или ДД.ММ.ГГГГ); более поздних дат "
        "в данных нет.")
    ] = DEFAULT_AS_OF.isoformat(),
    workers: Annotated[int, typer.Option(
        "--workers", min=0, help="Число рабочих процессов (0 — по одному на ядро, не больше "
        "2).")] = 0,
) -> None:
    """Создать синтетический регион: FHIR NDJSON по каждой МИС и эталонные данные (ground
    truth)."""
    console = Console()
    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("Люди", total=patients)
        summary = generate_region(patients, seed, out, gzip,
                                  progress=lambda done: bar.advance(task, done),
                                  as_of=parse_day(as_of, "--as-of"), workers=workers or None)
    console.print(f"Ресурсов: {summary.resources} (из них намеренно испорченных: "
                  f"{summary.broken}) в папке {out}")


if __name__ == "__main__":
    typer.run(generate)
