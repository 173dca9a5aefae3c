"""``survey audit``: read an evaluation report and flag the survey figures that cannot be true."""

from __future__ import annotations

import argparse
from pathlib import Path

from survey.cli import EXIT_OK, EXIT_PROBLEMS, register
from survey.cli.language import add_lang_argument, resolve_language


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey audit``."""
    p.add_argument("file", help="the report: .txt, .md, .html or .docx")
    p.add_argument("--json", action="store_true", help="print findings and claims as JSON")
    add_lang_argument(p, "explanations")
    p.add_argument("--html", metavar="OUT", default=None,
                   help="also write the text with each finding highlighted to OUT (.html)")
    p.add_argument("--force", action="store_true",
                   help="write --html even when OUT is the report being audited")


def run(args: argparse.Namespace) -> int:
    """Audit the report; exit 1 when an error-severity finding exists."""
    from survey._atomic import write_text_atomic
    from survey._staging import refuse_overwrite
    from survey.audit import audit_file, render_html, render_json, render_table
    from survey.errors import OutputError

    if args.html:
        refuse_overwrite(Path(args.html), [args.file], force=args.force, what="--html page")
        if not Path(args.html).parent.is_dir():
            raise OutputError("the folder of the --html page does not exist",
                              code="missing_folder", file=str(args.html))
    audit = audit_file(args.file, lang=resolve_language(args.lang))
    if args.html:
        write_text_atomic(args.html, render_html(audit))
    print(render_json(audit) if args.json else render_table(audit))
    return EXIT_PROBLEMS if audit.errors else EXIT_OK


register("audit", "read an evaluation report and flag survey figures that cannot be true",
         configure, run)
