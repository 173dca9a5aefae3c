"""``survey run SPEC --out DIR``: the whole chain on an analysis spec."""

from __future__ import annotations

import argparse
from datetime import date

from survey.cli import EXIT_OK, register
from survey.cli.language import add_lang_argument, resolve_language


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey run``."""
    p.add_argument("spec", help="analysis spec, e.g. analyses/example.yaml")
    p.add_argument("--out", required=True, help="folder for report.html, fragments and results.json")
    p.add_argument("--generated-at", default=None, metavar="DATE",
                   help="date printed in the report (default: today); give it for "
                        "byte-identical output on another day")
    p.add_argument("--force", action="store_true",
                   help="replace a file in --out even when it is one of the run's inputs")
    add_lang_argument(p, "report and the summary (default: the spec's report.language)")
    p.add_argument("--detail", choices=["appendix", "full"], default=None,
                   help="appendix: the survey appendix of an evaluation report (5–10 A4 pages); "
                        "full: the same plus a technical annex with difference tests, item "
                        "statistics and screening detail (default: the spec's report.detail, "
                        "else appendix)")
    p.add_argument("--formats", type=_formats, default="html,docx,xlsx", metavar="LIST",
                   help="report formats, separated by commas: html (report.html and section "
                        "fragments), docx (report.docx and one .docx per section), xlsx "
                        "(tables.xlsx, every table on a sheet); default: all three")


def _formats(value: str) -> tuple[str, ...]:
    from survey.errors import ParameterError
    from survey.report.formats import parse_formats

    try:
        return parse_formats(value)
    except ParameterError as exc:
        raise argparse.ArgumentTypeError(
            f"expected {exc.expected}, got {value!r}") from exc


def run(args: argparse.Namespace) -> int:
    """Run the analysis and write the outputs; print where they are, in the report's
    language (``--lang``, else the spec's)."""
    from survey.locale import text
    from survey.pipeline import run_analysis, write_outputs
    from survey.report.facts import group_name

    generated_at = args.generated_at or date.today().isoformat()
    lang = resolve_language(args.lang) if args.lang else None
    results = run_analysis(args.spec, generated_at=generated_at, lang=lang)
    written = write_outputs(results, args.out, detail=args.detail, formats=args.formats,
                            inputs=[args.spec], force=args.force)
    lang = results.lang
    for g in results.groups:
        fw = g.screening.fieldwork
        print(text(lang, "cli_run_group", group=group_name(g, lang), returned=fw.returned,
                   valid=fw.valid, set_aside=len(g.screening.set_aside)))
        for note in g.mapping.notes:
            if note.code == "id_pseudonymised":
                print(f"  {note.sentence(lang)}")
        for problem in fw.problems:
            print(text(lang, "cli_run_fieldwork_problem", message=problem.message))
    for score in results.indicators:
        print(text(lang, "cli_run_indicator", code=score.code, name=score.name,
                   sentence=score.sentence))
    for path in written.values():
        print(text(lang, "cli_run_wrote", path=path))
    return EXIT_OK


register("run", "run the whole chain on an analysis spec and write the report", configure, run)
