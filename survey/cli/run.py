"""``survey run SPEC --out DIR``: the whole chain on an analysis spec."""

from __future__ import annotations

import argparse
from datetime import date

from survey.cli import EXIT_OK, register


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey run``."""
    p.add_argument("spec", help="analysis spec, e.g. analyses/example.yaml")
    p.add_argument("--out", required=True, help="folder for report.html, fragments and results.json")
    p.add_argument("--generated-at", default=None, metavar="DATE",
                   help="date printed in the report (default: today); give it for "
                        "byte-identical output on another day")
    p.add_argument("--lang", choices=["zh-CN", "en"], default=None,
                   help="report language (default: the spec's)")
    p.add_argument("--detail", choices=["appendix", "full"], default=None,
                   help="appendix: the survey appendix of an evaluation report (5–10 A4 pages); "
                        "full: the same plus a technical annex with difference tests, item "
                        "statistics and screening detail (default: the spec's report.detail, "
                        "else appendix)")


def run(args: argparse.Namespace) -> int:
    """Run the analysis and write the outputs; print where they are."""
    from survey.pipeline import run_analysis, write_outputs

    generated_at = args.generated_at or date.today().isoformat()
    results = run_analysis(args.spec, generated_at=generated_at, lang=args.lang)
    written = write_outputs(results, args.out, detail=args.detail)
    for g in results.groups:
        fw = g.screening.fieldwork
        print(f"{g.group}: {fw.returned} returned, {fw.valid} valid, "
              f"{len(g.screening.set_aside)} set aside")
        for problem in fw.problems:
            print(f"  fieldwork problem [{problem.code}]: {problem.message}")
    for score in results.indicators:
        print(f"{score.code} {score.name}: {score.sentence}")
    for role, path in written.items():
        print(f"wrote {role}: {path}")
    return EXIT_OK


register("run", "run the whole chain on an analysis spec and write the report", configure, run)
