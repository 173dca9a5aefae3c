"""The ``survey`` command: parses arguments, calls the public functions, maps errors to exits.

Each stage keeps its subcommands in its own module here (``run.py``, ``validate.py`` …),
registered with :func:`register` when the module is imported; every module of this package
is imported when the parser is built. Exit codes: 0 clean; 1 problems found (screening, audit);
2 a user error (a missing or unreadable file, a bad definition, bad arguments). A user error
prints one located message on stderr, never a traceback; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from survey._version import __version__
from survey.cli.language import resolve_language
from survey.errors import SurveyError, printable

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USER_ERROR", "main", "register"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USER_ERROR = 0, 1, 2



@dataclass(frozen=True)
class _Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    handler: Callable[[argparse.Namespace], int]


_COMMANDS: dict[str, _Command] = {}


def register(
    name: str,
    help_text: str,
    configure: Callable[[argparse.ArgumentParser], None],
    handler: Callable[[argparse.Namespace], int],
) -> None:
    """Add subcommand ``name``: ``configure`` adds its arguments, ``handler`` runs it."""
    _COMMANDS[name] = _Command(name, help_text, configure, handler)


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and one line for bad arguments (as it does), never 0."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered subcommand."""
    # Every module of this package registers its subcommands when imported.
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        importlib.import_module(f"survey.cli.{module}")
    parser = _Parser(prog="survey", description="Satisfaction surveys for budget-performance evaluations.")
    parser.add_argument("--version", action="version", version=f"survey {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for cmd in _COMMANDS.values():
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        cmd.configure(p)
        p.set_defaults(handler=cmd.handler)
    return parser


def _error_language(args: argparse.Namespace) -> str:
    """The language of an error message, chosen as the command's own output would be:
    ``--lang``; for ``survey run``, the spec's ``report.language`` (read again here, as the
    error may be that the spec could not be used) or Chinese for response files, whose
    drafted spec reports in Chinese; then ``SURVEY_LANG`` and the locale."""
    given = getattr(args, "lang", None)
    spec = None
    paths = [str(p) for p in getattr(args, "spec", None) or []] if args.command == "run" else []
    if not given and paths:
        specs = [p for p in paths if p.lower().endswith((".yaml", ".yml"))]
        spec = _spec_language(specs[0]) if specs else "zh-CN"
    return resolve_language(given, spec)


def _spec_language(path: str) -> str | None:
    """``report.language`` of the analysis spec at ``path``, or None if it cannot be read."""
    try:
        from survey._yaml import read_yaml
        from survey.errors import AnalysisSpecError

        data = read_yaml(path, AnalysisSpecError, "analysis spec").data
        language = data.get("report", {}).get("language") if isinstance(data, dict) else None
    except Exception:  # noqa: BLE001 - any unreadable spec: fall back to the environment
        return None
    return language if isinstance(language, str) else None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``survey`` console script; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            if not args.debug:
                # numpy's "invalid value encountered in divide" and the like: every figure
                # they concern is absent with its reason in the output, so the lines would
                # only surround (and bury) the command's own message.
                warnings.simplefilter("ignore", RuntimeWarning)
            return int(args.handler(args))
    except SurveyError as exc:
        if args.debug:
            raise
        lang = _error_language(args)
        label = "错误" if lang == "zh-CN" else "error"
        colon = "：" if lang == "zh-CN" else ": "
        print(f"survey {args.command}{colon}{label}{colon}{exc.describe(lang)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # a folder where a file was expected, no permission, disk full
        if args.debug:
            raise
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(printable(f"survey {args.command}: error: {where}{exc.strerror or exc}"),
              file=sys.stderr)
        return EXIT_USER_ERROR
