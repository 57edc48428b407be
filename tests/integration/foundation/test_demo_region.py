"""`onkopassport demo` fills an empty graph with a generated region and says so in Russian:
what it received, what went to quarantine and how many passports came of it."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console

from graph.database import Graph
from onkopassport.demo import fill_region
from onkopassport.settings import Settings


def test_the_demo_region_summary_is_russian_and_matches_the_graph(
        graph: Graph, settings: Settings, tmp_path: Path) -> None:
    console = Console(record=True, width=120)

    fill_region(graph, settings.model_copy(update={"data_dir": tmp_path}), patients=40, seed=3,
                console=console)

    said = console.export_text()
    summary = re.search(
        r"Регион готов: получено записей (\d+), из них в карантине (\d+); онкопаспортов (\d+)",
        said)
    assert summary, said
    received, quarantined, passports = map(int, summary.groups())
    (region,) = tmp_path.glob("demo-region-3-40")
    assert received == sum(len(path.read_text(encoding="utf-8").splitlines())
                           for path in region.glob("*.ndjson"))
    assert quarantined == graph.read_text("MATCH (q:Quarantine) RETURN count(q) AS n")[0]["n"]
    assert passports == graph.read_text("MATCH (p:Passport) RETURN count(p) AS n")[0]["n"] > 0
    assert "Region ready" not in said
