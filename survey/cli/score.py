"""``survey score``: the indicator-scoring calculator (one rule, one actual value).

    survey score --rule proportional --weight 5 --target 95% --actual 92.3%
    survey score --rule proportional --reading shortfall --weight 5 --target 0.95 --actual 0.923
    survey score --rule per-point --deduct 0.5 --weight 5 --target 95% --actual 92.3% --json
    survey score --rule tiers --tiers 90%:5,80%:4,60%:2 --weight 5 --target 90% --actual 85%

Shares are written as ``92.3%`` or ``0.923``; a bare number above 1 is refused (write it
with ``%``) unless ``--unit scale`` says the values are mean levels (4.21 on 1–5).
"""

from __future__ import annotations

import argparse
import json

from survey.cli import EXIT_OK, register
from survey.cli.language import add_lang_argument, resolve_language
from survey.errors import ParameterError
from survey.quantities import (
    COMPARATORS,
    cli_value,
    parse_count,
    parse_number,
    parse_share,
    parse_target,
    parse_weight,
)

RULES = ("proportional", "direct", "tiers", "per_point", "per-point", "threshold",
         "not_applicable")


def _value(text: str, name: str, unit: str) -> float:
    """A share (``92.3%``, ``0.923``; at most 100%) or, with ``--unit scale``, a mean level."""
    return cli_value(parse_share, text, name, unit=unit)


def _tiers(text: str, unit: str) -> list[dict[str, float]]:
    tiers = []
    for part in text.split(","):
        bound, sep, score = part.partition(":")
        if not sep:
            raise ParameterError("--tiers is a list of bound:score pairs", code="bad_tiers",
                                 expected="e.g. 90%:5,80%:4,60%:2", got=text)
        points = cli_value(parse_number, score, "tiers", minimum=0.0)
        tiers.append({"bound": _value(bound, "tiers", unit), "score": points})
    return tiers


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey score``."""
    p.add_argument("--rule", required=True, choices=RULES, help="scoring rule")
    p.add_argument("--weight", required=True, help="the indicator's weight (points)")
    p.add_argument("--target", required=True,
                   help="target value, e.g. 95%%, 0.95 or ≥95%% (a comparator in front "
                        "overrides --comparator)")
    p.add_argument("--actual", required=True, help="actual value, e.g. 92.3%% or 0.923")
    p.add_argument("--comparator", choices=[">=", ">", "<="], default=">=",
                   help="how the actual value is compared with the target (default >=)")
    p.add_argument("--deduct", default=None,
                   help="per-point: points deducted per percentage point below the target")
    p.add_argument("--reading", choices=["ratio", "shortfall", "linear"], default=None,
                   help="proportional: ratio (w·a/t, default) or shortfall (w − w·(t − a)); "
                        "threshold: ratio (default) or linear")
    p.add_argument("--tiers", default=None, help="tiers: bound:score pairs, best first, "
                                                 "e.g. 90%%:5,80%%:4,60%%:2")
    p.add_argument("--floor", default=None, help="threshold: nothing below this value")
    p.add_argument("--decimals", type=int, default=2, help="half-up rounding (default 2)")
    p.add_argument("--name", default=None, help="indicator name used in the sentence")
    p.add_argument("--n", default=None, help="valid questionnaires behind the value")
    p.add_argument("--wording", default=None, help="the rule as the index system words it")
    p.add_argument("--unit", choices=["share", "scale"], default="share",
                   help="share (default) or scale (values are mean levels)")
    add_lang_argument(p, "sentence")
    p.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    """Score and print the score with its sentence (and, with --json, every detail)."""
    args.lang = resolve_language(args.lang)
    from pydantic import ValidationError

    from survey.analysis import IndicatorSpec
    from survey.locale import text
    from survey.scoring.indicators import score_indicator

    unit = args.unit
    actual = _value(args.actual, "actual", unit)
    comparator, target = cli_value(parse_target, args.target, "target", unit=unit)
    if not any(args.target.strip().startswith(c) for c in COMPARATORS):
        comparator = args.comparator  # no comparator written in front: --comparator's
    n = None if args.n is None else cli_value(parse_count, args.n, "n", minimum=1)
    deduct = None if args.deduct is None else cli_value(parse_number, args.deduct, "deduct",
                                                        minimum=0.0)
    document: dict[str, object] = {
        "code": "-", "name": args.name or text(args.lang, "calculator_name"), "group": "-",
        "weight": cli_value(parse_weight, args.weight, "weight"),
        "target": {"comparator": comparator, "value": target},
        "rule": args.rule, "decimals": args.decimals, "reading": args.reading,
        "deduct": deduct, "wording": args.wording,
    }
    if args.tiers is not None:
        document["tiers"] = _tiers(args.tiers, unit)
    if args.floor is not None:
        document["floor"] = _value(args.floor, "floor", unit)
    try:
        spec = IndicatorSpec.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        message = first["msg"].removeprefix("Value error, ")
        raise ParameterError(f"{where + ': ' if where else ''}{message}",
                             code="invalid_rule") from None
    score = score_indicator(spec, actual, n, convention="-", lang=args.lang, unit=unit)
    if args.json:
        data = score.to_dict()
        for key in ("code", "group", "convention", "ci_low", "ci_high", "confidence", "caution"):
            data.pop(key)
        if n is None:
            data.pop("n")
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(score.sentence)
        print(f"  {score.reading}; {score.rounding}")
    return EXIT_OK


register("score", "score one indicator under a rule (the calculator form)", configure, run)
