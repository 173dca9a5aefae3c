"""``survey run SPEC --out DIR``: the whole chain on an analysis spec.

``survey run EXPORT... --out DIR`` goes straight from platform downloads (问卷星, 腾讯问卷,
Excel, CSV, SPSS, Stata) to the report: the first time it drafts the instrument and the
analysis spec into ``DIR/definitions`` (as ``survey draft`` does, listing what to check) and
runs them; later runs use those definitions, edited or not, until ``--redraft``.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from survey.cli import EXIT_OK, register
from survey.cli.language import add_lang_argument, resolve_language


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey run``."""
    p.add_argument("spec", nargs="+", metavar="SPEC|EXPORT",
                   help="analysis spec (analyses/example.yaml), or the response files "
                        "themselves (问卷星/腾讯问卷 downloads, Excel, CSV, .sav, .dta): their "
                        "definitions are drafted into OUT/definitions the first time")
    p.add_argument("--out", required=True, help="folder for report.html, fragments and results.json")
    p.add_argument("--generated-at", default=None, metavar="DATE",
                   help="date printed in the report (default: today); give it for "
                        "byte-identical output on another day")
    p.add_argument("--force", action="store_true",
                   help="replace a file in --out even when it is one of the run's inputs")
    p.add_argument("--redraft", action="store_true",
                   help="with response files: draft OUT/definitions again, replacing the "
                        "definitions an earlier run drafted (and any edits made to them)")
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


#: Folder under ``--out`` where definitions drafted from response files are kept.
DEFINITIONS = "definitions"


def _spec_of(args: argparse.Namespace) -> Path:
    """The analysis spec to run: the one given, or the one drafted (or drafted earlier)
    from the response files given."""
    from survey.errors import ParameterError
    from survey.locale import text

    paths = [Path(p) for p in args.spec]
    specs = [p for p in paths if p.suffix.lower() in (".yaml", ".yml")]
    if specs and len(paths) == 1:
        return specs[0]
    if specs:
        raise ParameterError("give one analysis spec, or response files only",
                             code="mixed_run_inputs", expected="one .yaml spec or response "
                             "files", got=" ".join(args.spec))
    folder = Path(args.out) / DEFINITIONS
    spec = folder / "analysis.yaml"
    # the drafted spec reports in Chinese: its messages follow, unless --lang says otherwise
    lang = resolve_language(args.lang) if args.lang else "zh-CN"
    if spec.exists() and not args.redraft:
        print(text(lang, "cli_run_definitions_reused", path=folder))
        return spec
    from survey.draft import draft

    result = draft(paths, folder, force=True)
    for path in result.written:
        print(text(lang, "cli_draft_wrote", path=path))
    for instrument, undecided in result.undecided.items():
        if undecided:
            print(text(lang, "cli_draft_check", instrument=instrument, n=len(undecided)))
            for u in undecided:
                print(f"  - {u.describe(lang)}")
    print(text(lang, "cli_run_definitions_drafted", path=folder))
    return spec


def run(args: argparse.Namespace) -> int:
    """Run the analysis and write the outputs; print where they are, in the report's
    language (``--lang``, else the spec's)."""
    from survey.locale import text
    from survey.pipeline import run_analysis, write_outputs
    from survey.report.facts import group_name

    generated_at = args.generated_at or date.today().isoformat()
    spec = _spec_of(args)
    lang = resolve_language(args.lang) if args.lang else None
    results = run_analysis(spec, generated_at=generated_at, lang=lang)
    written = write_outputs(results, args.out, detail=args.detail, formats=args.formats,
                            inputs=[spec, *args.spec], force=args.force)
    lang = results.lang
    for g in results.groups:
        fw = g.screening.fieldwork
        print(text(lang, "cli_run_group", group=group_name(g, lang), returned=fw.returned,
                   valid=fw.valid, set_aside=len(g.screening.set_aside)))
        for note in g.mapping.notes if g.mapping is not None else ():
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
