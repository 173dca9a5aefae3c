"""``survey draft``: draft an instrument per response file and one analysis spec.

    survey draft ../shared/data/wjx/wjx_800_800_0.xls --out drafts/
    survey draft text.xls codes.xls --out drafts/ --force

Prints what it wrote and the things it could not decide (also listed at the top of each
instrument). Existing files are kept unless ``--force``.
"""

from __future__ import annotations

import argparse

from survey.cli import EXIT_OK, register
from survey.cli.language import add_lang_argument, resolve_language


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey draft``."""
    p.add_argument("responses", nargs="+", help="response files (问卷星/腾讯问卷 downloads, CSV, "
                                               "Excel, SPSS .sav, Stata .dta)")
    p.add_argument("--out", required=True, help="folder for the drafts")
    p.add_argument("--force", action="store_true", help="replace drafts that exist")
    add_lang_argument(p, "messages")


def run(args: argparse.Namespace) -> int:
    """Draft, then print the files written and what to check."""
    from survey.draft import draft
    from survey.locale import text

    lang = resolve_language(args.lang)
    result = draft(args.responses, args.out, force=args.force)
    for path in result.written:
        print(text(lang, "cli_draft_wrote", path=path))
    for instrument, undecided in result.undecided.items():
        if undecided:
            print(text(lang, "cli_draft_check", instrument=instrument, n=len(undecided)))
            for u in undecided:
                print(f"  - {u.describe(lang)}")
    print(text(lang, "cli_draft_next", out=args.out))
    return EXIT_OK


register("draft", "draft an instrument and an analysis spec from response files",
         configure, run)
