"""`onkopassport ingest`, `quarantine …` and `identity …` commands."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from graph.database import Graph
from ingest.identity import resolve_review, split_patient_record, unmerge_people
from ingest.pipeline import Ingestor, IngestSummary
from ingest.quarantine import list_quarantine, replay_quarantine
from ingest.reader import input_size
from onkopassport.orchestration import full_ingestor, refresh_people
from onkopassport.settings import get_settings

console = Console()
quarantine_app = typer.Typer(help="Записи, которые не удалось использовать (карантин).",
                             no_args_is_help=True)
identity_app = typer.Typer(help="Связи записей с людьми.", no_args_is_help=True)


def connect() -> Graph:
    return Graph.connect(get_settings())


def ingest_with_progress(ingestor: Ingestor, paths: list[Path], source: str | None,
                         out: Console) -> IngestSummary:
    """Ingest files under a progress bar: how much of the input's bytes is read and written
    (records per file vary; bytes are known before the first is read), the records so
    far, and the time left."""
    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  TextColumn("записей: {task.fields[records]}"), TimeElapsedColumn(),
                  TextColumn("осталось"), TimeRemainingColumn(), console=out) as progress:
        task = progress.add_task("Загрузка", total=input_size(paths) or None, records=0)
        received = [0]

        def advance(items: int, read_to: int) -> None:
            received[0] += items
            progress.update(task, completed=read_to, records=received[0])

        return ingestor.ingest_paths(paths, source, advance)


def print_summary(summary: IngestSummary) -> None:
    table = Table(title="Итог загрузки", show_header=False)
    rows = [("получено", summary.received), ("сохранено (новые или новее)", summary.stored),
            ("без изменений (та же или более старая версия)", summary.unchanged),
            ("в карантине", summary.quarantined), ("не классифицировано", summary.unclassified),
            ("отозвано (entered-in-error)", summary.retracted),
            ("связано записей пациентов", summary.links_made),
            ("завершено за прерванную загрузку", summary.taken_over),
            ("затронуто людей", summary.people_touched),
            ("новых паспортов", summary.passports)]
    for label, value in rows:
        table.add_row(label, str(value))
    if summary.reader_peak_rss_mb is not None:
        table.add_row("пик памяти процесса чтения", f"{summary.reader_peak_rss_mb:.0f} МБ")
    if summary.unmapped_codes:
        table.add_row("коды без соответствия", ", ".join(
            f"{code} ×{n}" for code, n in summary.unmapped_codes.most_common(10)))
    if summary.unknown_icd10:
        # stored as sent; the passport marks them «код отсутствует в МКБ-10»
        table.add_row("коды, отсутствующие в МКБ-10 (сохранены)", ", ".join(
            f"{code} ×{n}" for code, n in summary.unknown_icd10.most_common(10)))
    console.print(table)
    if summary.quarantined:
        console.print(f"В карантине {summary.quarantined}: причины — "
                      "onkopassport quarantine list (или страница «Карантин»).")
    if not summary.reconciles():
        console.print("[red]получено ≠ сохранено + без изменений + в карантине[/red]")


def ingest_command(
    paths: list[Path] = typer.Argument(..., exists=True, help="Файлы или папки (JSON, "
                                       "Bundle, NDJSON, .gz)."),
    source: str | None = typer.Option(None, help="Система-источник, если в записи нет "
                                      "meta.source (по умолчанию — имя файла)."),
    strict: bool = typer.Option(False, help="Проверять каждый ресурс по моделям FHIR R4B."),
) -> None:
    """Загрузить записи FHIR R4: поиск, идентификация, систематизация; непригодные записи
    попадают в карантин."""
    graph = connect()
    try:
        ingestor = full_ingestor(graph, get_settings(), strict=strict)
        print_summary(ingest_with_progress(ingestor, paths, source, console))
    finally:
        graph.close()


@quarantine_app.command("list")
def quarantine_list(limit: int = typer.Option(50, help="Сколько записей показать."),
                    status: str = typer.Option("open", help="open — открытые, replayed — "
                                               "загруженные повторно.")) -> None:
    """Что попало в карантин, откуда и почему."""
    graph = connect()
    try:
        rows = list_quarantine(graph, status=status, limit=limit)
    finally:
        graph.close()
    table = Table("id", "источник", "место", "причина")
    for row in rows:
        table.add_row(row["quarantineId"][:12], row["source"], row["locationRu"], row["reason"])
    console.print(table)


@quarantine_app.command("replay")
def quarantine_replay(
    quarantine_id: str = typer.Argument(..., help="id записи в карантине (или его первые "
                                        "символы)."),
    fixed: Path | None = typer.Option(None, exists=True, help="Файл с исправленной записью; "
                                      "без него повторно пробуется сохранённый текст."),
) -> None:
    """Повторно загрузить запись из карантина — исправленную или как есть."""
    graph = connect()
    try:
        outcome = replay_quarantine(graph, get_settings(), quarantine_id,
                                    fixed.read_text(encoding="utf-8") if fixed else None)
    finally:
        graph.close()
    if outcome["status"] == "replayed":
        console.print(f"Загружено повторно. Стало записями: {', '.join(outcome['records'])}.")
    else:
        console.print("Запись по-прежнему не принимается:")
        for reason in outcome["reasons"]:
            console.print(f"  • {reason}", markup=False, soft_wrap=True)  # copied whole


@identity_app.command("unlink")
def identity_unlink(record_key: str = typer.Argument(..., help="Ключ записи пациента: "
                                                     "источник|Patient|id."),
                    operator: str = typer.Option(..., help="Кто принимает решение."),
                    why: str = typer.Option(..., help="Причина (сохраняется вместе с решением).")
                    ) -> None:
    """Отделить запись пациента от человека, с которым она связана (отменить связь)."""
    graph = connect()
    try:
        old, new = split_patient_record(graph, record_key, operator, why)
        refresh_people(graph, [old, new])
    finally:
        graph.close()
    console.print(f"{record_key}: перенесена от {old} к {new}")


@identity_app.command("review")
def identity_review(review_id: str = typer.Argument(..., help="id пары из списка на "
                                                    "проверку."),
                    accept: bool = typer.Option(..., "--accept/--reject",
                                                help="--accept — связать записи, --reject — "
                                                     "оставить раздельно."),
                    operator: str = typer.Option(..., help="Кто принимает решение.")) -> None:
    """Решить спорную пару из списка на проверку."""
    graph = connect()
    try:
        touched = resolve_review(graph, review_id, accept, operator)
        refresh_people(graph, touched)
    finally:
        graph.close()
    console.print(f"пара {review_id}: {'связаны' if accept else 'оставлены раздельно'}")


@identity_app.command("merges")
def identity_merges(limit: int = typer.Option(100, help="Сколько объединений показать.")
                    ) -> None:
    """Люди, которых объединило связывание, потому что одна запись доказала, что это один
    человек; сначала новые."""
    graph = connect()
    try:
        rows = graph.read("list_patient_merges", limit=limit, district=None)
    finally:
        graph.close()
    if not rows:
        console.print("Объединённых людей нет.")
        return
    table = Table(title=f"Объединённые люди: {len(rows)}")
    for column in ("Человек", "Присоединён"):
        table.add_column(column, no_wrap=True)  # ids are what the operator copies
    for column in ("Почему", "Запись-основание", "Записей", "Когда"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(row["patientId"], row["mergedFrom"], row["reason"] or "",
                      row["via"]["key"] or "", str(len(row["moved"])),
                      row["mergedAt"].to_native().strftime("%d.%m.%Y %H:%M")
                      if row["mergedAt"] else "")
    console.print(table)
    console.print("Разъединить: onkopassport identity unmerge ЧЕЛОВЕК --from ПРИСОЕДИНЁННЫЙ "
                  "--operator КТО --why ПОЧЕМУ")


@identity_app.command("unmerge")
def identity_unmerge(patient_id: str = typer.Argument(..., help="Человек, к которому "
                                                     "присоединили другого."),
                     merged_from: str = typer.Option(..., "--from",
                                                     help="Присоединённый человек."),
                     operator: str = typer.Option(..., help="Кто решает."),
                     why: str = typer.Option(..., help="Почему это разные люди.")) -> None:
    """Отменить объединение двух людей одним шагом: записи возвращаются присоединённому
    человеку."""
    graph = connect()
    try:
        moved = unmerge_people(graph, patient_id, merged_from, operator, why)
        refresh_people(graph, [patient_id, merged_from])
    finally:
        graph.close()
    console.print(f"{merged_from} снова отдельный человек: ему возвращены записи "
                  f"({len(moved)}): {', '.join(moved)}", markup=False, soft_wrap=True)
