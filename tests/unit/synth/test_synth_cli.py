"""The `generate` command works when registered in a multi-command Typer app."""

from __future__ import annotations

from pathlib import Path

import orjson
import typer
from typer.testing import CliRunner

from synth.cli import generate


def test_generate_command_writes_a_region(tmp_path: Path) -> None:
    app = typer.Typer()
    app.command("generate")(generate)
    app.command("noop")(lambda: None)  # two commands: Typer keeps the sub-command name
    result = CliRunner().invoke(app, ["generate", "--patients", "40", "--seed", "3",
                                      "--out", str(tmp_path), "--as-of", "2025-06-30"])
    assert result.exit_code == 0, result.output
    # the console wraps at 80 columns, and the elapsed time before it varies in length
    assert "из них намеренно испорченных" in " ".join(result.output.split())
    manifest = orjson.loads((tmp_path / "manifest.json").read_bytes())
    assert manifest["patients"] == 40 and manifest["as_of"] == "2025-06-30"
    assert (tmp_path / "ground_truth" / "records.csv").exists()
