"""``survey validate``: load one response file onto its instrument and screen it."""

from __future__ import annotations

import argparse
import json

from survey.cli import EXIT_OK, EXIT_PROBLEMS, register


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey validate``."""
    p.add_argument("--instrument", required=True, help="questionnaire definition (YAML)")
    p.add_argument("--responses", required=True, help="response file (.csv or .xlsx)")
    p.add_argument("--issued", type=int, default=None, help="questionnaires issued")
    p.add_argument("--returned", type=int, default=None, help="questionnaires returned")
    p.add_argument("--encoding", default=None, help="CSV encoding (default: detect)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a summary")


def run(args: argparse.Namespace) -> int:
    """Screen the file; exit 1 when anything was found."""
    from survey.instrument import load_instrument
    from survey.jsonable import jsonable, records
    from survey.responses import read_responses
    from survey.screening import screen_responses

    instrument = load_instrument(args.instrument)
    responses = read_responses(args.responses, instrument, encoding=args.encoding)
    screening = screen_responses(responses, instrument, issued=args.issued, returned=args.returned)
    fw = screening.fieldwork
    if args.json:
        print(json.dumps(jsonable({
            "fieldwork": fw.to_dict(),
            "counts_by_rule": records(screening.counts_by_rule()),
            "problems": records(screening.problems),
            "n_valid": len(screening.valid),
            "n_set_aside": len(screening.set_aside),
        }), ensure_ascii=False, indent=2))
    else:
        print(f"{args.responses}: {fw.returned} returned, {fw.valid} valid, "
              f"{len(screening.set_aside)} set aside")
        for row in screening.counts_by_rule().itertuples(index=False):
            print(f"  {row.rule:<18} {row.action:<9} {row.findings:>5} finding(s)")
        for problem in fw.problems:
            print(f"  fieldwork [{problem.code}]: {problem.message}")
    found = len(screening.problems) > 0 or len(fw.problems) > 0
    return EXIT_PROBLEMS if found else EXIT_OK


register("validate", "load one response file onto its instrument and screen it", configure, run)
