"""Benchmark of free-text case finding: reports per second and held-out precision/recall.

Builds >= 10 000 multi-sentence reports (pathology, radiology, cytology, endoscopy,
consultation) from the labelled sentences of ``tests/data/casefinding/labelled.tsv`` mixed
with the cue-free sentences real reports are mostly made of, screens them on one core, and
prints the rate. Then prints precision and recall of the suspicion decision on the held-out
split. Run: ``python bench/casefinding.py [--reports N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ingest.casefinding.evaluate import load_labelled, score  # noqa: E402
from ingest.casefinding.screen import screen_text, suspicion_trigger  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "casefinding" / "labelled.tsv"

HEADERS = (
    "ПРОТОКОЛ ПРИЖИЗНЕННОГО ПАТОЛОГОАНАТОМИЧЕСКОГО ИССЛЕДОВАНИЯ БИОПСИЙНОГО МАТЕРИАЛА № {n}",
    "Протокол компьютерной томографии органов грудной клетки № {n}",
    "МРТ органов малого таза с контрастным усилением. Исследование № {n}",
    "Цитологическое исследование пунктата № {n}",
    "Протокол эзофагогастродуоденоскопии № {n}",
    "Колоноскопия № {n}. Подготовка кишечника удовлетворительная (BBPS 7).",
    "Консультация врача-онколога ЦАОП. Приём № {n}",
    "УЗИ молочных желез и регионарных лимфоузлов № {n}",
)

FILLER = (
    "Пациент {age} лет, направлен из поликлиники по месту жительства.",
    "Макроскопическое описание: {k} фрагмента ткани серо-розового цвета до 0,{k} см.",
    "Материал фиксирован в 10% нейтральном формалине, залит в парафин.",
    "Окраска гематоксилином и эозином.",
    "Исследование выполнено с внутривенным болюсным контрастированием (Омнипак 100 мл).",
    "Трахея и главные бронхи проходимы, стенки не утолщены.",
    "Жидкости в плевральных полостях нет.",
    "Печень не увеличена, контуры ровные, структура однородная.",
    "Почки обычно расположены, чашечно-лоханочная система не расширена.",
    "Желудок расправлен воздухом, складки эластичные.",
    "Пищевод свободно проходим, слизистая розовая.",
    "Осмотр до купола слепой кишки, баугиниева заслонка без особенностей.",
    "АД 130/85 мм рт. ст., ЧСС 76 в мин., SpO2 98%.",
    "Жалобы на слабость, снижение аппетита, похудание на {k} кг за 3 месяца.",
    "Аллергологический анамнез не отягощен.",
    "Лабораторно: Hb {hb} г/л, лейкоциты 6,{k}×10⁹/л, СОЭ {k}0 мм/ч.",
    "Рекомендовано: консультация в ЦАОП, контроль через 3 мес.",
    "Врач-патологоанатом: Иванова Е.А., дата 12.03.2026 г.",
    "Эхогенность ткани железы обычная, протоки не расширены.",
    "Регионарные лимфоузлы не визуализируются.",
)


def build_reports(count: int, seed: int) -> list[str]:
    """Reports of a header, 2–8 filler sentences and 1–4 labelled sentences, shuffled."""
    rng = random.Random(seed)
    labelled = [sentence.text for sentence in load_labelled(LABELLED)]
    reports = []
    for number in range(count):
        lines = [
            rng.choice(FILLER).format(
                age=rng.randint(18, 90), k=rng.randint(2, 9), hb=rng.randint(90, 150)
            )
            for _ in range(rng.randint(2, 8))
        ]
        lines += rng.sample(labelled, rng.randint(1, 4))
        rng.shuffle(lines)
        header = rng.choice(HEADERS).format(n=number + 1)
        body = "\n".join(lines) if rng.random() < 0.5 else " ".join(lines)
        reports.append(f"{header}\n{body}")
    return reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20260326)
    args = parser.parse_args()

    reports = build_reports(args.reports, args.seed)
    screen_text("Прогрев: рак желудка.")  # load pymorphy3 dictionaries outside the timing
    # CPU time of this process is what one core spends; wall time also counts waiting for
    # the core when other work shares the machine, so both are printed.
    started_wall, started_cpu = time.perf_counter(), time.process_time()
    flagged = sum(suspicion_trigger(screen_text(report)) for report in reports)
    wall = time.perf_counter() - started_wall
    cpu = time.process_time() - started_cpu
    characters = sum(len(report) for report in reports)
    print(
        f"screened {len(reports)} reports ({characters / len(reports):.0f} chars on average), "
        f"{flagged} raised a suspicion trigger"
    )
    print(
        f"one core: {len(reports) / cpu:.0f} reports/s by CPU time ({cpu:.2f} s), "
        f"{len(reports) / wall:.0f} reports/s by wall time ({wall:.2f} s); goal >= 1000/s"
    )
    heldout, _ = score(load_labelled(LABELLED, "heldout"))
    print(f"held-out: {heldout.summary()} (goal precision >= 0.95, recall >= 0.90)")


if __name__ == "__main__":
    main()
