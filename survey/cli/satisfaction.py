"""``survey satisfaction FILE --instrument X.yaml``: satisfaction per item, overall (with its
clustered interval), per dimension and per subgroup, from one response file.

``--engine memory`` (default) reads the file whole through :func:`survey.read_responses`
(every format, platform downloads, labels); ``stream`` reads CSV, Parquet or a partitioned
Parquet directory in batches (memory bounded whatever the rows); ``dask`` sums partitions on
Dask workers. The streamed engines need one column per variable, named as the instrument
names it, holding codes or the options' labels. The same figures either way. Every row of the
file counts: screen it first (``survey validate``) to set questionnaires aside.

Exit 1 when an answer lies outside its item's scale (it is in no figure: ``n_out_of_scale``
says how many), else 0; 2 for a user error.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from survey.cli import EXIT_OK, EXIT_PROBLEMS, register
from survey.cli.language import add_lang_argument, resolve_language
from survey.cli.reliability import parse_confidence, parse_names, parse_positive

if TYPE_CHECKING:
    import pandas as pd

    from survey.locale import Language


def _weight(value: str) -> tuple[str, float]:
    name, sep, weight = value.partition("=")
    try:
        number = float(weight)
    except ValueError:
        number = -1.0
    if not sep or not name.strip() or not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"expected ITEM=WEIGHT with a positive weight, "
                                         f"got {value!r}")
    return name.strip(), number


def _population(value: str) -> int:
    return parse_positive(value)


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey satisfaction``."""
    p.add_argument("file", help="response file (.csv, .xlsx, .sav …; with --engine stream or "
                                "dask: .csv, .parquet or a directory of Parquet files)")
    p.add_argument("--instrument", required=True,
                   help="questionnaire (YAML): items, codes, excluded codes (不了解), reverse "
                        "keying and dimensions")
    p.add_argument("--by", type=parse_names, action="append", default=[], metavar="VAR[,VAR]",
                   help="subgroup variables (single-choice questions), e.g. village,age_band")
    p.add_argument("--convention", default="top_two_box",
                   choices=["top_two_box", "weighted_100", "mean", "mean_percent",
                            "mean_rescaled"],
                   help="item figure: 满意率 (default), weighted 100-point score, mean, "
                        "mean/k×100, (mean−1)/(k−1)×100")
    p.add_argument("--mapping", default=None,
                   help="points per level for weighted_100, most satisfied first "
                        "(e.g. 100/80/60/40/20)")
    p.add_argument("--overall", default="mean_of_items",
                   choices=["mean_of_items", "weighted_mean", "single_item", "respondent_index"],
                   help="how the overall figure is formed (default: mean of the items)")
    p.add_argument("--weight", type=_weight, action="append", default=[], metavar="ITEM=W",
                   help="an item's weight for --overall weighted_mean; repeatable")
    p.add_argument("--overall-item", default=None, help="the item of --overall single_item")
    p.add_argument("--cutoff", type=float, default=None,
                   help="mean level a respondent must reach for --overall respondent_index")
    p.add_argument("--interval", choices=["wilson", "clopper_pearson"], default="wilson",
                   help="interval of a share (default Wilson)")
    p.add_argument("--confidence", type=parse_confidence, default=0.95,
                   help="confidence level of the intervals (default 0.95)")
    p.add_argument("--population", type=_population, default=None,
                   help="population size, for the margin of error with the finite "
                        "population correction")
    p.add_argument("--encoding", default=None, help="CSV encoding (default: UTF-8, else GB18030)")
    p.add_argument("--sheet", default=None, help="worksheet of an Excel file (--engine memory)")
    p.add_argument("--engine", choices=["memory", "stream", "dask"], default="memory",
                   help="memory: read the file whole (default); stream: in batches of "
                        "--batch-rows, memory bounded whatever the rows (CSV, Parquet); dask: "
                        "partitions on Dask workers (--scheduler or --workers)")
    p.add_argument("--batch-rows", type=parse_positive, default=250_000, metavar="N",
                   help="rows per batch of --engine stream (default 250,000)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="--engine dask: address of a running Dask scheduler (tcp://host:8786)")
    p.add_argument("--workers", type=parse_positive, default=None, metavar="N",
                   help="--engine dask: start N local worker processes instead")
    add_lang_argument(p, "the summary")
    p.add_argument("--json", action="store_true",
                   help="print JSON (items, dimensions, subgroups) instead of a summary")


def _choices(args: argparse.Namespace) -> dict[str, Any]:
    return {"confidence": args.confidence, "convention": args.convention,
            "mapping": args.mapping, "overall": args.overall,
            "item_weights": dict(args.weight) or None, "overall_item": args.overall_item,
            "cutoff": args.cutoff, "interval": args.interval}


def compute(args: argparse.Namespace) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, int]:
    """Items and overall, dimensions, subgroups and the rows read, by ``args.engine``."""
    from survey.instrument import load_instrument

    instrument = load_instrument(args.instrument)
    by = [name for group in args.by for name in group]
    choices = _choices(args)
    if args.engine == "memory":
        from survey.responses import read_responses
        from survey.stats.satisfaction import dimension_table, satisfaction_table, subgroup_table

        frame = read_responses(args.file, instrument, encoding=args.encoding, sheet=args.sheet)
        dims = {k: v for k, v in choices.items() if k != "overall_item"}
        table = satisfaction_table(frame, instrument, population=args.population, **choices)
        return (table, dimension_table(frame, instrument, **dims),
                subgroup_table(frame, instrument, by, **choices), len(frame))
    from survey.stats.satisfaction_sums import stream_satisfaction
    from survey.stats.streaming import DaskEngine, LocalEngine

    engine: LocalEngine | DaskEngine
    if args.engine == "stream":
        engine = LocalEngine(batch_rows=args.batch_rows, encoding=args.encoding)
    else:
        engine = DaskEngine(scheduler=args.scheduler, workers=args.workers)
    result = stream_satisfaction(args.file, instrument, by=by, engine=engine,
                                 population=args.population, **choices)
    return result.table, result.dimensions, result.subgroups, result.n_rows


def run(args: argparse.Namespace) -> int:
    """Compute and print; exit 1 when answers outside the scale were left out."""
    from survey.errors import ParameterError, ResponseFileError
    from survey.jsonable import dumps, records

    args.lang = resolve_language(args.lang)
    try:
        table, dimensions, subgroups, n_rows = compute(args)
    except (ResponseFileError, ParameterError) as exc:  # a bad cell: say which file
        if exc.file is None and exc.column is not None:
            exc.file = str(args.file)
        raise
    items = table[table["item"] != "overall"]
    outside = {str(item): int(count) for item, count in
               zip(items["item"], items["n_out_of_scale"].fillna(0), strict=True) if count}
    if args.json:
        print(dumps({"file": str(args.file), "engine": args.engine, "n_rows": n_rows,
                     "items": records(table), "dimensions": records(dimensions),
                     "subgroups": records(subgroups)}))
    else:
        _print_summary(table, dimensions, n_rows, args.lang)
    if outside:
        import sys

        from survey.locale import text

        for item, count in outside.items():
            print(text(args.lang, "cli_satisfaction_outside", item=item, n=count),
                  file=sys.stderr)
    return EXIT_PROBLEMS if outside else EXIT_OK


def _print_summary(table: pd.DataFrame, dimensions: pd.DataFrame, n_rows: int,
                   lang: Language) -> None:
    import pandas as pd

    from survey.cli.reliability import format_figure
    from survey.locale import text

    overall = table[table["item"] == "overall"]
    convention = str(overall["convention"].iloc[0]) if len(overall) else ""
    print(text(lang, "cli_satisfaction_summary", n_rows=n_rows, convention=convention))
    print("{:<16}{:>8}{:>10}{:>10}{:>10}{:>8}".format("item", "n", "value", "ci_low",
                                                    "ci_high", "rank"))
    for r in table.itertuples(index=False):
        rank = "" if r.rank is None or r.rank is pd.NA else str(r.rank)
        digits = 4 if r.unit == "share" else 2
        print(f"{str(r.item)[:15]:<16}{r.n:>8}{format_figure(r.value, digits):>10}"
              f"{format_figure(r.ci_low, digits):>10}{format_figure(r.ci_high, digits):>10}{rank:>8}")
    for r in dimensions.itertuples(index=False):
        digits = 4 if r.unit == "share" else 2
        print(f"{str(r.dimension)[:15]:<16}{r.n:>8}{format_figure(r.value, digits):>10}"
              f"{format_figure(r.ci_low, digits):>10}{format_figure(r.ci_high, digits):>10}")


register("satisfaction", "Satisfaction per item, overall, dimension and subgroup; files "
         "larger than memory with --engine stream or dask", configure, run)
