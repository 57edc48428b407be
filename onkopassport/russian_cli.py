"""Typer's own words in Russian for the `onkopassport` command: the usage line, help panel
titles, the --help and completion options' help, usage errors and «Прервано».

Why not a gettext catalog, as Click 8 would allow: the CLI runs on Typer, which carries its
own copy of Click (`typer._click`) whose messages are plain f-strings; the few words Typer
does wrap in gettext use the process-wide default domain, so a catalog there would also
translate argparse, the real Click under uvicorn and anything else calling
`gettext.gettext`, and `typer.rich_utils` reads its panel titles once, at import. Why not
subclasses: every sub-app (ingest, registry, users…) builds its own groups and commands and
the error panel is drawn by a module function, so subclasses would have to reach a dozen
files and would still miss it.

So the root group, for the time of one invocation, swaps the handful of module-level texts
Typer looks up as it draws, and puts them back afterwards: other Typer apps in the process
(tests build their own), the API and everything else keep theirs. Should a Typer upgrade
rename one of them, that text stays English (tests/unit/foundation/test_russian_cli.py says
which) instead of the command breaking.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

import typer.rich_utils
from typer._click import decorators as click_decorators
from typer._click.core import Command, Context
from typer._click.exceptions import ClickException
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup, TyperOption

_RICH_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "Аргументы",
    "OPTIONS_PANEL_TITLE": "Параметры",
    "COMMANDS_PANEL_TITLE": "Команды",
    "ERRORS_PANEL_TITLE": "Ошибка",
    "ABORTED_TEXT": "Прервано.",
    "RICH_HELP": "Справка: [blue]'{command_path} {help_option}'[/]",
    "DEFAULT_STRING": "[по умолчанию: {}]",
    "ENVVAR_STRING": "[переменная окружения: {}]",
    "REQUIRED_LONG_STRING": "[обязательный]",
    "DEPRECATED_STRING": "(устарело) ",
}
HELP_OPTION_HELP = "Показать эту справку и выйти."
# Typer adds these two options to the root group by name, after the group is built.
_FRAMEWORK_OPTION_HELP = {
    "install_completion": "Установить автодополнение команд для текущей оболочки.",
    "show_completion": "Показать скрипт автодополнения для текущей оболочки (чтобы "
                       "скопировать его или настроить установку).",
}
_USAGE_PIECES = (("[OPTIONS]", "[ПАРАМЕТРЫ]"), ("COMMAND [ARGS]...", "КОМАНДА [АРГУМЕНТЫ]..."))


class RussianGroup(TyperGroup):
    """The root `onkopassport` group: Typer's own words are Russian while it runs. `main`
    is what both the console entry point and typer.testing.CliRunner call."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        for param in self.params:
            if isinstance(param, TyperOption) and param.name in _FRAMEWORK_OPTION_HELP:
                param.help = _FRAMEWORK_OPTION_HELP[param.name]
        with russian_framework_text():
            return super().main(*args, **kwargs)


@contextmanager
def russian_framework_text() -> Iterator[None]:
    with ExitStack() as stack:
        for name, russian in _RICH_TEXTS.items():
            stack.enter_context(_swapped(typer.rich_utils, name, _constant(russian)))
        stack.enter_context(_swapped(typer.rich_utils, "rich_format_error", _russian_errors))
        stack.enter_context(_swapped(click_decorators, "help_option", _russian_help_option))
        stack.enter_context(_swapped(Context, "formatter_class",
                                     _constant(_RussianHelpFormatter)))
        yield


@contextmanager
def _swapped(owner: object, name: str, russian: Callable[[Any], Any]) -> Iterator[None]:
    """`owner.name` replaced by `russian(the English one)` until the block ends."""
    if not hasattr(owner, name):  # renamed by a Typer upgrade: this text stays English
        yield
        return
    english = getattr(owner, name)
    setattr(owner, name, russian(english))
    try:
        yield
    finally:
        setattr(owner, name, english)


def _constant(value: object) -> Callable[[object], object]:
    return lambda _english: value


class _RussianHelpFormatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, russian in _USAGE_PIECES:
            args = args.replace(english, russian)
        super().write_usage(prog, args, "Использование: " if prefix is None else prefix)


def _russian_help_option(english: Callable[[list[str]], Callable[[Command], Command]],
                         ) -> Callable[[list[str]], Callable[[Command], Command]]:
    def help_option(param_decls: list[str]) -> Callable[[Command], Command]:
        add_english = english(param_decls)

        def add(command: Command) -> Command:
            add_english(command)
            added = command.params[-1]  # the option it has just appended
            if isinstance(added, TyperOption):
                added.help = HELP_OPTION_HELP
            return command
        return add
    return help_option


def _russian_errors(english: Callable[[ClickException], None],
                    ) -> Callable[[ClickException], None]:
    def show(error: ClickException) -> None:
        english_message = error.format_message  # lazily: for "no args", the help itself
        error.format_message = (  # type: ignore[method-assign]
            lambda: translate_usage_error(english_message()))
        english(error)
    return show


def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text, re.DOTALL)


_LIMITS = {"greater than or equal to": "не меньше", "less than or equal to": "не больше",
           "greater than": "больше", "less than": "меньше"}
_PATH_KINDS = {"path": "такого файла или папки", "file": "такого файла",
               "directory": "такой папки"}
# The value errors Typer and pydantic give for a parameter's value, as an operator reads them.
_VALUE_ERRORS: Sequence[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = (
    (_pattern(r"(?i:(?P<kind>path|file|directory)) (?P<name>'.*') does not exist\."),
     lambda m: f"нет {_PATH_KINDS[m['kind'].lower()]} {m['name']}; проверьте путь."),
    (_pattern(r"\w+ (?P<name>'.*') is a file\."),
     lambda m: f"{m['name']} — файл, а нужна папка."),
    (_pattern(r"\w+ (?P<name>'.*') is a directory\."),
     lambda m: f"{m['name']} — папка, а нужен файл."),
    (_pattern(r"\w+ (?P<name>'.*') is not readable\."),
     lambda m: f"{m['name']}: нет прав на чтение."),
    (_pattern(r"\w+ (?P<name>'.*') is not writable\."),
     lambda m: f"{m['name']}: нет прав на запись."),
    (_pattern(r"Input should be a valid integer.*"), lambda m: "ожидается целое число"),
    (_pattern(r"Input should be a valid number.*"), lambda m: "ожидается число"),
    (_pattern(r"Input should be a valid boolean.*"),
     lambda m: "ожидается да или нет (true/false, yes/no, 1/0)"),
    (_pattern(r"Input should be (?P<limit>(?:greater|less) than(?: or equal to)?) (?P<n>.+)"),
     lambda m: f"должно быть {_LIMITS[m['limit']]} {m['n']}"),
    (_pattern(r"(?:Value error, )?(?P<value>.+?) is not one of (?P<choices>.+)\."),
     lambda m: f"{m['value']} — не из допустимых значений: {m['choices']}."),
    (_pattern(r"Input should be (?P<choices>'.+')"),
     lambda m: f"допустимы только {m['choices'].replace(' or ', ' или ')}"),
    (_pattern(r"Value (?P<value>.+?) is not a valid (?P<kind>.+)\."),
     lambda m: f"значение {m['value']} не подходит (ожидается {m['kind']})."),
    (_pattern(r"Value must be an iterable\."), lambda m: "ожидается список значений."),
)
_MISSING = {"argument": "Не указан аргумент", "option": "Не указан параметр",
            "parameter": "Не указан параметр"}
_USAGE_ERRORS: Sequence[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = (
    (_pattern(r"Invalid value for (?P<hint>.+?): (?P<detail>.*)"),
     lambda m: f"Недопустимое значение {m['hint']}: {_translated(m['detail'], _VALUE_ERRORS)}"),
    (_pattern(r"Invalid value: (?P<detail>.*)"),
     lambda m: f"Недопустимое значение: {_translated(m['detail'], _VALUE_ERRORS)}"),
    (_pattern(r"Missing (?P<kind>argument|option|parameter)(?P<hint> .+?)?\.(?: (?P<more>.*))?"),
     lambda m: f"{_MISSING[m['kind']]}{m['hint'] or ''}."
               + (f" {m['more'].replace('Choose from:', 'Выберите одно из:')}"
                  if m["more"] else "")),
    (_pattern(r"Missing command\."), lambda m: "Не указана команда."),
    (_pattern(r"No such option: (?P<option>\S+)(?: \(Possible options: (?P<alternatives>.+)\))?"),
     lambda m: f"Нет такого параметра: {m['option']}"
               + (f" (возможно, имелся в виду {m['alternatives']})" if m["alternatives"]
                  else "")),
    (_pattern(r"No such command (?P<name>.+?)\.(?: Did you mean (?P<alternatives>.+)\?)?"),
     lambda m: f"Нет такой команды: {m['name']}."
               + (f" Возможно, имелась в виду {m['alternatives']}?" if m["alternatives"]
                  else "")),
    (_pattern(r"Got unexpected extra argument\(s\) \((?P<arguments>.*)\)"),
     lambda m: f"Лишние аргументы: {m['arguments']}"),
    (_pattern(r"Option (?P<option>'.+?') requires an argument\."),
     lambda m: f"Параметру {m['option']} нужно значение."),
    (_pattern(r"Option (?P<option>'.+?') requires (?P<count>\d+) arguments\."),
     lambda m: f"Параметру {m['option']} нужно значений: {m['count']}."),
    (_pattern(r"Option (?P<option>'.+?') does not take a value\."),
     lambda m: f"Параметр {m['option']} не принимает значения."),
    (_pattern(r"Argument (?P<argument>'.+?') takes (?P<count>\d+) values\."),
     lambda m: f"Аргумент {m['argument']} принимает значений: {m['count']}."),
    (_pattern(r"Could not open file (?P<name>'.+?'): (?P<why>.*)"),
     lambda m: f"Не удалось открыть файл {m['name']}: {m['why']}"),
)


def translate_usage_error(message: str) -> str:
    """A usage error of Typer's in Russian; a message it does not know (ours are Russian
    already) is left as it is."""
    return _translated(message, _USAGE_ERRORS)


def _translated(message: str, table: Sequence[tuple[re.Pattern[str],
                                                    Callable[[re.Match[str]], str]]]) -> str:
    for pattern, russian in table:
        if matched := pattern.fullmatch(message):
            return russian(matched)
    return message
