"""``survey sample-size``: questionnaires needed for a margin of error, and the margin a
sample achieves.

    survey sample-size                         # 385
    survey sample-size --population 10000      # 370
    survey sample-size --population 1000 --response-rate 0.9 --json
    survey sample-size --population 50 --achieved 46
"""

from __future__ import annotations

import argparse
import json

from survey.cli import EXIT_OK, register
from survey.cli.language import add_lang_argument, resolve_language
from survey.quantities import cli_value, parse_count, parse_share


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey sample-size``."""
    p.add_argument("--population", default=None,
                   help="population size N (finite population correction); omit if large/unknown")
    p.add_argument("--margin", default="0.05", help="margin of error, e.g. 0.05 or 5%% (default)")
    p.add_argument("--confidence", default="0.95", help="confidence level (default 0.95)")
    p.add_argument("--expected-rate", default="0.5",
                   help="expected proportion p (default 0.5, the conservative choice)")
    p.add_argument("--response-rate", default="1.0",
                   help="expected response rate, to size the questionnaires handed out")
    p.add_argument("--achieved", default=None,
                   help="also report the margin of error achieved by this many answers")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_lang_argument(p, "summary")


def run(args: argparse.Namespace) -> int:
    """Print n_complete, n_issue and the formula (and the achieved margin on request)."""
    from survey.locale import text
    from survey.rounding import format_percent
    from survey.stats.sample_size import margin_of_error, sample_size

    population = (None if args.population is None
                  else cli_value(parse_count, args.population, "population", minimum=1))
    result = sample_size(
        population=population, margin=cli_value(parse_share, args.margin, "margin"),
        confidence=cli_value(parse_share, args.confidence, "confidence"),
        expected_rate=cli_value(parse_share, args.expected_rate, "expected-rate"),
        response_rate=cli_value(parse_share, args.response_rate, "response-rate"),
    )
    data = result.to_dict()
    achieved: tuple[int, float | None, float | None] | None = None
    if args.achieved is not None:
        n = cli_value(parse_count, args.achieved, "achieved", minimum=1)
        achieved = (n, margin_of_error(n, confidence=result.confidence,
                                       expected_rate=result.expected_rate),
                    None if population is None else margin_of_error(
                        n, population=population, confidence=result.confidence,
                        expected_rate=result.expected_rate))
        data["achieved"] = {"n": n, "margin": achieved[1], "margin_fpc": achieved[2]}
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return EXIT_OK
    lang = resolve_language(args.lang)
    population_text = (text(lang, "cli_sample_population_unknown")
                       if result.population is None else str(result.population))
    print(text(lang, "cli_sample_complete", n=result.n_complete,
               margin=format_percent(result.margin),
               confidence=format_percent(result.confidence, 0), p=f"{result.expected_rate:g}",
               population=population_text))
    print(text(lang, "cli_sample_issue", n=result.n_issue,
               rate=format_percent(result.response_rate, 0)))
    print(f"  z = {result.z:.6f}, n0 = {result.n0:.2f}, n = {result.n_exact:.2f}")
    print(f"  {result.formula}")
    n, margin, margin_fpc = achieved if achieved is not None else (0, None, None)
    if margin is not None:  # asked for, and n ≥ 1 answers always have one
        line = text(lang, "cli_sample_achieved", n=n, margin=format_percent(margin))
        if margin_fpc is not None:
            line += text(lang, "cli_sample_achieved_fpc", margin=format_percent(margin_fpc))
        print(line)
    return EXIT_OK


register("sample-size", "questionnaires needed for a margin of error (Cochran, with FPC)",
         configure, run)
