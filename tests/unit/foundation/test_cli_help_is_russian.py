"""Every command of `onkopassport` explains itself in Russian: the help of each group and
command (a command's docstring) and of each of its options and arguments. A new command or
option with English help (or none) fails here, naming it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import typer
from typer._click.core import Command
from typer.main import get_command
from typer.testing import CliRunner

from onkopassport.cli import app

CYRILLIC = re.compile(r"[А-Яа-яЁё]")
# Typer adds these to the root group; onkopassport.russian_cli gives them their Russian help
# while the command runs (tests/unit/foundation/test_russian_cli.py checks them).
FRAMEWORK_PARAMETERS = {"install_completion", "show_completion", "help"}


def _commands(command: Command, path: tuple[str, ...]) -> Iterator[tuple[str, Command]]:
    yield " ".join(path), command
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        yield from _commands(sub, (*path, name))


def _without_russian_help(typer_app: typer.Typer) -> list[str]:
    """'command: what' for each help text of the app that has no Cyrillic letter."""
    missing = []
    for path, command in _commands(get_command(typer_app), ("onkopassport",)):
        if not CYRILLIC.search(command.help or ""):
            missing.append(f"{path}: {command.help!r}")
        for parameter in command.params:
            if parameter.name in FRAMEWORK_PARAMETERS:
                continue
            text = getattr(parameter, "help", None)
            if not CYRILLIC.search(text or ""):
                missing.append(f"{path} {parameter.name}: {text!r}")
    return missing


def test_every_command_and_parameter_of_onkopassport_has_russian_help() -> None:
    assert _without_russian_help(app) == []


def test_the_walk_reaches_every_command_group() -> None:
    paths = {path for path, _ in _commands(get_command(app), ("onkopassport",))}
    for path in ("onkopassport db status", "onkopassport vimis send", "onkopassport generate",
                 "onkopassport identity unmerge", "onkopassport report form35",
                 "onkopassport pathway deliver", "onkopassport users add"):
        assert path in paths, path


def test_an_english_help_text_is_found() -> None:
    english = typer.Typer(help="Пример.")

    @english.command("run")
    def run(count: int = typer.Option(1, help="How many."),
            name: str = typer.Argument(..., help="Имя.")) -> None:
        """Run it."""

    @english.command("stop")
    def stop(force: bool = False) -> None:
        """Остановить."""

    assert _without_russian_help(english) == [
        "onkopassport run: 'Run it.'", "onkopassport run count: 'How many.'",
        "onkopassport stop force: None"]


def _paths() -> list[str]:
    return [path for path, _ in _commands(get_command(app), ("onkopassport",))]


@pytest.mark.parametrize("path", _paths())
def test_each_commands_help_shows_in_russian(path: str) -> None:
    result = CliRunner().invoke(app, [*path.split()[1:], "--help"], env={"COLUMNS": "200"},
                                prog_name="onkopassport")
    assert result.exit_code == 0, result.output
    command = dict(_commands(get_command(app), ("onkopassport",)))[path]
    first_words = " ".join((command.help or "").split()[:4])
    assert first_words and first_words in " ".join(result.output.split()), result.output
