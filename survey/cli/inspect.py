"""``survey inspect FILE``: what the toolkit sees in a response file, before any instrument.

Prints the platform (问卷星, 腾讯问卷 or a generic table), the encoding, the number of rows
and, per column, the question number and option parsed from its header and what kind of
column it is. With ``--json``: ``{"platform", "encoding", "rows", "columns": [{"column",
"question", "option", "kind"}]}``. No cell value is printed. Exit 0, or 2 for a file that
cannot be read.
"""

from __future__ import annotations

import argparse
import json
import unicodedata

from survey.cli import EXIT_OK, register
from survey.cli.language import add_lang_argument, resolve_language


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey inspect``."""
    p.add_argument("file", help="response file (.csv, .xlsx, .xls, .sav, .dta)")
    p.add_argument("--encoding", default=None, help="CSV encoding (default: detect)")
    p.add_argument("--sheet", default=None, help="Excel sheet name (default: the first)")
    add_lang_argument(p, "summary")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")


def run(args: argparse.Namespace) -> int:
    """Inspect the file and print what was found."""
    from survey.locale import text
    from survey.responses import inspect_file

    sheet: str | int | None = args.sheet
    if isinstance(sheet, str) and sheet.isdigit():
        sheet = int(sheet)
    found = inspect_file(args.file, encoding=args.encoding, sheet=sheet)
    if args.json:
        print(json.dumps(found.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    lang = resolve_language(args.lang)
    print(text(lang, "inspect_cli_summary", file=args.file,
               platform=text(lang, f"inspect_platform_{found.platform}"),
               encoding=found.encoding or text(lang, "inspect_no_encoding"), rows=found.rows,
               columns=len(found.columns)))
    for c in found.columns:
        print(text(lang, "inspect_cli_header", column=_pad(c.column, 28),
                   question="" if c.question is None else c.question,
                   option=_pad(c.option or "", 18), kind=c.kind))
    return EXIT_OK


def _pad(value: str, width: int) -> str:
    """``value`` padded to ``width`` terminal columns (CJK characters take two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)
    return value + " " * max(width - used, 0)


register("inspect", "show what the toolkit sees in a response file (platform, columns)",
         configure, run)
