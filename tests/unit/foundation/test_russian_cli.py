"""The console speaks Russian: Typer's own words (usage line, help panels, the --help option,
usage errors, «Прервано») in every `onkopassport` command; other Typer apps keep English."""

from __future__ import annotations

import pytest
import typer
import typer.rich_utils
from typer._click import decorators as click_decorators
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.testing import CliRunner, Result

from onkopassport.cli import app
from onkopassport.russian_cli import _RICH_TEXTS, RussianGroup, translate_usage_error

ENGLISH_FRAMEWORK_WORDS = ("Usage:", "Options", "Commands", "Arguments", "Show this message",
                           "[required]", "[default:", "Error", "Try '", "No such", "Missing",
                           "Invalid value", "Aborted")


def _run(*args: str, on: typer.Typer = app) -> Result:
    return CliRunner().invoke(on, list(args), env={"COLUMNS": "200"}, prog_name="onkopassport")


def _has_no_english_framework_words(output: str) -> None:
    for english in ENGLISH_FRAMEWORK_WORDS:
        assert english not in output, (english, output)


def test_the_root_help_is_russian() -> None:
    result = _run("--help")
    assert result.exit_code == 0, result.output
    for russian in ("Использование: onkopassport [ПАРАМЕТРЫ] КОМАНДА [АРГУМЕНТЫ]...",
                    "─ Параметры ─", "─ Команды ─", "Показать эту справку и выйти.",
                    "Установить автодополнение"):
        assert russian in result.output, russian
    _has_no_english_framework_words(result.output)


@pytest.mark.parametrize("command", [["ingest"], ["pathway", "refresh"], ["users", "add"],
                                     ["quarantine", "replay"], ["registry"]])
def test_a_subcommands_help_is_russian(command: list[str]) -> None:
    result = _run(*command, "--help")
    assert result.exit_code == 0, result.output
    assert f"Использование: onkopassport {' '.join(command)} [ПАРАМЕТРЫ]" in result.output
    assert "─ Параметры ─" in result.output and "Показать эту справку и выйти." in result.output
    _has_no_english_framework_words(result.output)


def test_a_required_argument_and_a_default_are_marked_in_russian() -> None:
    result = _run("ingest", "--help")
    assert "─ Аргументы ─" in result.output and "[обязательный]" in result.output
    assert "[по умолчанию: no-strict]" in result.output


def test_a_group_without_a_command_shows_its_help_in_russian() -> None:
    result = _run("db")
    assert "Использование: onkopassport db" in result.output and "─ Команды ─" in result.output
    _has_no_english_framework_words(result.output)


@pytest.mark.parametrize(("args", "said"), [
    (["--bogus"], "Нет такого параметра: --bogus (возможно, имелся в виду --verbose)"),
    (["nosuch"], "Нет такой команды: 'nosuch'."),
    (["ingestt"], "Нет такой команды: 'ingestt'. Возможно, имелась в виду 'ingest'?"),
    (["quarantine", "replay"], "Не указан аргумент 'quarantine_id'."),
    (["users", "add", "dr-x"], "Не указан параметр '--role'."),
    (["generate", "--patients", "abc"],
     "Недопустимое значение '--patients': ожидается целое число"),
    (["rederive", "--batch-size", "0"],
     "Недопустимое значение '--batch-size': должно быть не меньше 1"),
    (["ingest", "/nonexistent/records.ndjson"], "Недопустимое значение 'paths': нет такого "
                                                "файла или папки '/nonexistent/records.ndjson'"),
    (["generate", "--patients"], "Параметру '--patients' нужно значение."),
    (["db", "start", "extra"], "Лишние аргументы: extra"),
])
def test_usage_errors_are_russian_with_exit_code_2(args: list[str], said: str) -> None:
    result = _run(*args)
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert "─ Ошибка ─" in result.output
    _has_no_english_framework_words(result.output)


def test_a_usage_error_points_to_the_commands_help_in_russian() -> None:
    output = _run("quarantine", "replay").output
    assert "Использование: onkopassport quarantine replay [ПАРАМЕТРЫ]" in output
    assert "Справка: 'onkopassport quarantine replay --help'" in output


def test_an_interrupted_prompt_says_so_in_russian() -> None:
    # No input: the password prompt meets the end of input, which Typer turns into Abort.
    result = _run("users", "add", "dr-x", "--role", "clinician")
    assert result.exit_code == 1
    assert "Прервано." in result.output and "Aborted" not in result.output


def test_a_project_error_of_a_command_is_headed_in_russian() -> None:
    result = _run("rederive", "--today", "31.02.2025")
    assert result.exit_code == 1
    assert "Ошибка: --today: дата '31.02.2025' не распознана" in result.output


@pytest.mark.parametrize(("english", "russian"), [
    ("Missing option '--role'. Choose from:\n\ta,\n\tb",
     "Не указан параметр '--role'. Выберите одно из:\n\ta,\n\tb"),
    ("Missing command.", "Не указана команда."),
    ("Invalid value for '--c': Value error, 'x' is not one of 'red', 'blue'.",
     "Недопустимое значение '--c': 'x' — не из допустимых значений: 'red', 'blue'."),
    ("Invalid value for '--workers': Input should be less than or equal to 32",
     "Недопустимое значение '--workers': должно быть не больше 32"),
    ("Invalid value for '--f': Input should be a valid number, unable to parse string as a "
     "number", "Недопустимое значение '--f': ожидается число"),
    ("Invalid value for 'csv': file '/tmp' is a directory.",
     "Недопустимое значение 'csv': '/tmp' — папка, а нужен файл."),
    ("Invalid value for 'out': directory '/x' does not exist.",
     "Недопустимое значение 'out': нет такой папки '/x'; проверьте путь."),
    ("Option '--strict' does not take a value.", "Параметр '--strict' не принимает значения."),
    ("Argument 'pair' takes 2 values.", "Аргумент 'pair' принимает значений: 2."),
    ("Could not open file 'a.csv': Permission denied",
     "Не удалось открыть файл 'a.csv': Permission denied"),
    # Our own messages are Russian already and pass as they are.
    ("--today: дата '31.02.2025' не распознана", "--today: дата '31.02.2025' не распознана"),
])
def test_typers_usage_errors_are_put_in_russian(english: str, russian: str) -> None:
    assert translate_usage_error(english) == russian


def test_typer_still_has_every_text_the_translation_swaps() -> None:
    """A Typer upgrade that renames one leaves that text English rather than breaking the
    command; this names it."""
    for name in [*_RICH_TEXTS, "rich_format_error"]:
        assert hasattr(typer.rich_utils, name), name
    assert hasattr(click_decorators, "help_option")
    assert Context.formatter_class is HelpFormatter


def _plain_app() -> typer.Typer:
    plain = typer.Typer()
    plain.command("one")(lambda count: None)
    plain.command("two")(lambda: None)
    return plain


def test_the_translation_does_not_leak_beyond_the_onkopassport_command() -> None:
    english_titles = {name: getattr(typer.rich_utils, name) for name in _RICH_TEXTS}
    assert english_titles["OPTIONS_PANEL_TITLE"] == "Options"  # importing the CLI changes none
    for args in (["--help"], ["--bogus"], ["users", "add", "dr-x", "--role", "clinician"]):
        _run(*args)
    assert {name: getattr(typer.rich_utils, name) for name in _RICH_TEXTS} == english_titles
    assert Context.formatter_class is HelpFormatter
    plain = _plain_app()
    help_text = _run("one", "--help", on=plain).output
    assert "Usage:" in help_text and "Show this message and exit." in help_text
    assert "Missing argument 'count'." in _run("one", on=plain).output


def test_only_the_root_group_needs_to_be_russian() -> None:
    """Sub-apps built elsewhere (a plain typer.Typer) speak Russian under a RussianGroup."""
    sub = _plain_app()
    root = typer.Typer(cls=RussianGroup)
    root.callback()(lambda: None)
    root.add_typer(sub, name="sub")
    root.command("stop")(lambda: (_ for _ in ()).throw(typer.Abort()))
    assert "Не указан аргумент 'count'." in _run("sub", "one", on=root).output
    stopped = _run("stop", on=root)
    assert stopped.exit_code == 1 and "Прервано." in stopped.output
