"""``survey instrument check|build|import``: a questionnaire definition and its forms.

- ``check FILE``: every problem of a definition at once, each with file, line and key
  path; exit 0 when clean, 2 otherwise.
- ``build FILE --out DIR``: the printable questionnaire, the codebook, the data-entry
  workbook, the SPSS template and the XLSForm, all or nothing.
- ``import XLSFORM --out FILE.yaml``: an existing XLSForm as a definition that ``check``
  accepts; exit 1 when parts of the form could not be carried over (they are listed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from survey.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USER_ERROR, register
from survey.cli.language import resolve_language

if TYPE_CHECKING:
    from survey._yaml import Located


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey instrument``: three actions."""
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = actions.add_parser("check", help="list every problem of a definition",
                               description="List every problem of a questionnaire definition.")
    check.add_argument("file", help="questionnaire definition (YAML)")
    check.add_argument("--json", action="store_true", help="print the problems as JSON")
    build = actions.add_parser(
        "build", help="write the questionnaire, codebook, entry workbook, SPSS template, XLSForm",
        description="Write questionnaire.html, codebook.csv, codebook.xlsx, entry.xlsx, "
                    "template.sav and xlsform.xlsx into DIR (all or nothing).")
    build.add_argument("file", help="questionnaire definition (YAML)")
    build.add_argument("--out", required=True, help="folder for the outputs")
    build.add_argument("--lang", choices=["zh-CN", "en"], default="zh-CN",
                       help="language of the printed questionnaire and the labels "
                            "(default zh-CN; English falls back to Chinese where a label "
                            "has no English text)")
    build.add_argument("--rows", type=int, default=500,
                       help="rows prepared for data entry in entry.xlsx (default 500)")
    build.add_argument("--force", action="store_true",
                       help="replace a filled-in entry.xlsx (or an input) in DIR")
    imp = actions.add_parser("import", help="turn an XLSForm into a definition",
                             description="Turn an XLSForm (survey/choices/settings sheets) "
                                         "into a questionnaire definition.")
    imp.add_argument("xlsform", help="XLSForm workbook (.xlsx)")
    imp.add_argument("--out", required=True, help="definition to write (.yaml)")
    imp.add_argument("--force", action="store_true",
                     help="write --out even when it is the XLSForm being imported")


def _print_problems(path: str, problems: list[Located], as_json: bool) -> None:
    if as_json:
        print(json.dumps({"file": path, "problems": [
            {"line": p.line, "key": p.key, "message": p.message} for p in problems
        ]}, ensure_ascii=False, indent=2))
        return
    print(f"{path}: {len(problems)} problem(s)")
    for p in problems:
        where = ", ".join(x for x in (path, f"line {p.line}" if p.line else "",
                                      f"key {p.key}" if p.key else "") if x)
        print(f"  {where}: {p.message}")


def _check(args: argparse.Namespace) -> int:
    from survey.instrument import check_instrument, variables

    instrument, problems = check_instrument(args.file)
    if problems or instrument is None:
        _print_problems(args.file, problems, args.json)
        return EXIT_USER_ERROR
    if args.json:
        _print_problems(args.file, [], True)
    else:
        print(f"{args.file}: OK, {len(instrument.questions())} questions, "
              f"{len(variables(instrument))} variables")
    return EXIT_OK


def _build(args: argparse.Namespace) -> int:
    from survey.forms import build_forms
    from survey.instrument import check_instrument

    if args.rows < 1:
        print(f"survey instrument build: error: --rows must be at least 1, got {args.rows}.",
              file=sys.stderr)
        return EXIT_USER_ERROR
    instrument, problems = check_instrument(args.file)
    if problems or instrument is None:
        _print_problems(args.file, problems, False)
        return EXIT_USER_ERROR
    written = build_forms(instrument, args.out, lang=resolve_language(args.lang, "zh-CN"),
                          rows=args.rows, inputs=[args.file], force=args.force)
    for role, path in written.items():
        print(f"wrote {role}: {path}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from survey._staging import refuse_overwrite
    from survey.forms import import_xlsform

    refuse_overwrite(Path(args.out), [args.xlsform], force=args.force, what="definition")
    imported = import_xlsform(args.xlsform, Path(args.out))
    for note in imported.notes:
        print(f"  not carried over: {note}", file=sys.stderr)
    print(f"wrote definition: {args.out} ({imported.questions} questions)")
    return EXIT_PROBLEMS if imported.notes else EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Dispatch to the chosen action."""
    return {"check": _check, "build": _build, "import": _import}[args.action](args)


register("instrument", "check a questionnaire definition, build its forms, import an XLSForm",
         configure, run)
