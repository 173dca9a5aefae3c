"""``survey run SPEC --out DIR``: the whole chain on an analysis spec."""

from __future__ import annotations

import argparse

from survey.cli import EXIT_OK, register


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey run``."""
    p.add_argument("spec", help="analysis spec, e.g. analyses/example.yaml")
    p.add_argument("--out", required=True, help="folder for report.html, fragments and results.json")
    p.add_argument("--generated-at", default="—",
                   help="date printed in the report; an input, so the output is reproducible")
    p.add_argument("--lang", choices=["zh-CN", "en"], default=None,
                   help="report language (default: the spec's)")


def run(args: argparse.Namespace) -> int:
    """Run the analysis and write the outputs; print where they are."""
    from survey.pipeline import run_analysis, write_outputs

    results = run_analysis(args.spec, generated_at=args.generated_at, lang=args.lang)
    written = write_outputs(results, args.out)
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
