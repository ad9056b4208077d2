"""Command line: `tuireader [PATH]` opens the reader; subcommands are the scriptable path.

Subcommand modules are imported only when used, and none of them imports Textual: `inspect`,
`bookmarks`, `index` and `search` start fast and work over SSH pipes. Exit status: 0 ok,
1 bad input file or runtime failure, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

import tuireader

#: subcommand → module in this package that defines `add_arguments(parser)` and `run(args) -> int`.
COMMANDS: dict[str, tuple[str, str]] = {
    "inspect": ("inspect_cmd", "show what the ingest makes of an article file"),
    "bookmarks": ("bookmarks_cmd", "list, add, remove and export bookmarks"),
    "index": ("index_cmd", "build or refresh the search index of a library"),
    "search": ("search_cmd", "search the articles of a library"),
    "paths": ("paths_cmd", "print where config, bookmarks, state and caches live"),
}
ALIASES = {"locate": "paths"}


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error and exit status 2, as the rest of the CLI promises."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


class _Version(argparse.Action):
    """`--version`, looked up only when asked. argparse's own version action takes the string
    when the parser is built, and `tuireader.__version__` costs 35-55 ms (importlib.metadata):
    every `tuireader FILE` paid that before its parse and Textual import even started."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str = "show the version and exit") -> None:  # noqa: A002
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        sys.stdout.write(f"tuireader {tuireader.__version__}\n")
        parser.exit(0)


def _main_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tuireader",
        description="A terminal reader for long-form articles.",
        epilog="Subcommands: " + ", ".join(COMMANDS) + ". Run 'tuireader COMMAND --help' for each.",
    )
    parser.add_argument("path", nargs="?", help="a folder (opens its library) or an article file")
    parser.add_argument("--version", action=_Version)
    return parser


def _command_parser(name: str) -> tuple[argparse.ArgumentParser, ModuleType]:
    module_name, help_text = COMMANDS[name]
    module = importlib.import_module(f"tuireader.cli.{module_name}")
    parser = _Parser(prog=f"tuireader {name}", description=help_text)
    module.add_arguments(parser)
    return parser, module


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script and of `python -m tuireader`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and (ALIASES.get(args[0], args[0]) in COMMANDS):
        name = ALIASES.get(args[0], args[0])
        parser, module = _command_parser(name)
        ns = parser.parse_args(args[1:])
        try:
            return int(module.run(ns))
        except KeyboardInterrupt:
            return 130
        except BrokenPipeError:
            return 0
    ns = _main_parser().parse_args(args)
    from tuireader.cli.launch import launch

    return launch(ns.path)
