"""``survey reliability FILE --items A,B,C``: Cronbach's α, the item table, KMO and Bartlett.

The file is read once (only the item columns), the covariance matrix is formed once, and
every figure comes from it. ``--json`` prints the JSON contract of
:meth:`survey.stats.reliability.ScaleReliability.to_dict`. A column that is missing, or a
cell that is not a number, stops the command with exit code 2 and a message naming the
column (and row). Exit code 1 when α is undefined or a warning was raised, else 0.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from survey.cli import EXIT_OK, EXIT_PROBLEMS, register
from survey.cli.language import add_lang_argument, resolve_language

if TYPE_CHECKING:
    import pandas as pd

    from survey.locale import Language
    from survey.stats.reliability import ScaleReliability


def parse_names(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    if not names:
        raise argparse.ArgumentTypeError("expected comma-separated column names")
    return names


def parse_confidence(value: str) -> float:
    try:
        level = float(value)
    except ValueError:
        level = -1.0
    if not 0 < level < 1:
        raise argparse.ArgumentTypeError(f"expected a level between 0 and 1, got {value!r}")
    return level


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 0, got {value!r}")
    return int(value)


def parse_positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 1, got {value!r}")
    return int(value)


def _resamples(value: str) -> int:
    from survey.stats.reliability import MAX_BOOTSTRAP

    count = _count(value)
    if count > MAX_BOOTSTRAP:
        raise argparse.ArgumentTypeError(
            f"expected at most {MAX_BOOTSTRAP:,} resamples (percentile limits settle long "
            f"before), got {value}")
    return count


def _range(value: str) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in value.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected LOW,HIGH such as 1,5, got {value!r}") from None
    if not low < high:
        raise argparse.ArgumentTypeError(f"expected LOW < HIGH, got {value!r}")
    return low, high


def _codes(value: str) -> list[float]:
    try:
        codes = [float(v) for v in value.split(",") if v.strip()]
    except ValueError:
        codes = []
    if not codes or any(c != c for c in codes):
        raise argparse.ArgumentTypeError(f"expected codes such as 9 or 9,99, got {value!r}")
    return codes


def _dimension(value: str) -> tuple[str, list[str]]:
    name, sep, items = value.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"expected NAME=ITEM,ITEM, got {value!r}")
    return name.strip(), parse_names(items)


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey reliability``."""
    p.add_argument("file", help="response file (.csv, .xlsx, .sav, .parquet or a directory of Parquet files) "
                        "with one column per item")
    p.add_argument("--items", type=parse_names, default=None,
                   help="item columns, comma-separated (e.g. sat_1,sat_2,sat_3)")
    p.add_argument("--instrument", default=None,
                   help="questionnaire (YAML): take items, reverse keying, excluded codes and "
                        "dimensions from its satisfaction matrices instead of --items")
    p.add_argument("--missing", choices=["listwise", "pairwise"], default="listwise",
                   help="missing answers: listwise (SPSS, default) or pairwise (R psych)")
    p.add_argument("--reverse", type=parse_names, action="append", default=[],
                   help="reverse-keyed items (scored low + high − x), comma-separated")
    p.add_argument("--scale-range", type=_range, default=None, metavar="LOW,HIGH",
                   help="lowest and highest code, for reverse keying (default: as observed)")
    p.add_argument("--missing-values", type=_codes, default=None, metavar="CODES",
                   help="codes that are no point on the scale (不了解 = 9, 拒答 = 99 …), "
                        "comma-separated; they count as missing, as SPSS's MISSING VALUES")
    p.add_argument("--dimension", type=_dimension, action="append", default=[],
                   metavar="NAME=A,B", help="a dimension (subscale) of the items; repeatable")
    p.add_argument("--confidence", type=parse_confidence, default=0.95,
                   help="confidence level of the intervals (default 0.95)")
    p.add_argument("--bootstrap", type=_resamples, default=0, metavar="N",
                   help="add a percentile bootstrap interval from N resamples (at most "
                        "10,000)")
    p.add_argument("--seed", type=_count, default=0, help="random seed of the bootstrap")
    p.add_argument("--encoding", default=None, help="CSV encoding (default: UTF-8, else GB18030)")
    p.add_argument("--sheet", default=None, help="worksheet of an Excel file")
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
    add_lang_argument(p, "sentences")
    p.add_argument("--json", action="store_true", help="print JSON instead of a summary")


def run(args: argparse.Namespace) -> int:
    """Compute and print; exit 1 when α is undefined or anything was flagged."""
    args.lang = resolve_language(args.lang)
    from survey.errors import ParameterError, ResponseFileError

    if (args.items is None) == (args.instrument is None):
        raise ParameterError("give the items with --items, or an instrument with --instrument",
                             code="items_required")
    reverse = [name for group in args.reverse for name in group]
    try:
        result = _compute(args, reverse)
    except (ResponseFileError, ParameterError) as exc:  # a bad cell or code: say which file
        if exc.file is None and exc.column is not None:
            exc.file = str(args.file)
        raise
    if args.json:
        print(json.dumps({"file": str(args.file), **result.to_dict()}, ensure_ascii=False,
                         indent=2))
    else:
        _print_summary(result, args.lang)
    a = result.alpha
    return EXIT_PROBLEMS if a.alpha is None or a.warnings else EXIT_OK


def _compute(args: argparse.Namespace, reverse: list[str]) -> ScaleReliability:
    from survey.stats.reliability import instrument_reliability, scale_reliability

    if args.engine != "memory":
        return _compute_at_scale(args, reverse)
    options: dict[str, Any] = {"missing": args.missing, "confidence": args.confidence,
                               "bootstrap": args.bootstrap, "seed": args.seed, "lang": args.lang}
    if args.instrument is not None:
        from survey.instrument import load_instrument
        from survey.responses import read_responses

        instrument = load_instrument(args.instrument)
        frame = read_responses(args.file, instrument, encoding=args.encoding, sheet=args.sheet)
        return instrument_reliability(frame, instrument, **options)
    frame = read_items(args.file, args.items, encoding=args.encoding, sheet=args.sheet)
    return scale_reliability(frame, args.items, reverse=reverse, scale_range=args.scale_range,
                             missing_values=args.missing_values,
                             dimensions=dict(args.dimension) or None, **options)


def _compute_at_scale(args: argparse.Namespace, reverse: list[str]) -> ScaleReliability:
    """The same figures from one pass of sums: batches on this machine, or Dask workers."""
    from survey.errors import ParameterError
    from survey.stats.streaming import (
        DaskEngine,
        LocalEngine,
        stream_instrument_reliability,
        stream_reliability,
    )

    if args.bootstrap:
        raise ParameterError("a bootstrap resamples respondents, which a streamed pass never "
                             "holds: use --engine memory for --bootstrap",
                             code="engine_no_bootstrap")
    engine: LocalEngine | DaskEngine
    if args.engine == "stream":
        engine = LocalEngine(batch_rows=args.batch_rows, encoding=args.encoding)
    else:
        engine = DaskEngine(scheduler=args.scheduler, workers=args.workers)
    if args.instrument is not None:
        from survey.instrument import load_instrument

        return stream_instrument_reliability(args.file, load_instrument(args.instrument),
                                             missing=args.missing, confidence=args.confidence,
                                             lang=args.lang, engine=engine)
    return stream_reliability(args.file, args.items, missing=args.missing, reverse=reverse,
                              scale_range=args.scale_range, missing_values=args.missing_values,
                              confidence=args.confidence, lang=args.lang,
                              dimensions=dict(args.dimension) or None, engine=engine)


def read_items(
    path: str | Path, items: list[str], *, encoding: str | None = None,
    sheet: str | int | None = None,
) -> pd.DataFrame:
    """Read only the ``items`` columns of a data file, numbers as numbers.

    CSV goes through pandas' C parser with ``usecols`` (UTF-8, else GB18030); Excel through
    :func:`survey.responses.read_table`; SPSS/Stata through pyreadstat. Blank cells are
    missing; any other text is left as text, for :func:`survey.stats._moments.numeric_matrix`
    to report with its row and column.
    """
    import pandas as pd

    from survey.errors import MissingFileError, ResponseFileError
    from survey.responses.batches import check_columns
    from survey.responses.formats import EXCEL_SUFFIXES

    path = Path(path)
    if not path.exists():
        raise MissingFileError.for_path(path, "data file")
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        from survey.responses import read_table

        frame = read_table(path, sheet=sheet).frame
        check_columns(path, list(frame.columns), items)
        return frame[items]
    from survey.responses.batches import is_parquet

    if is_parquet(path):
        from survey.responses.batches import iter_batches

        parts = list(iter_batches(path, items, batch_rows=1 << 30))
        return pd.concat(parts) if parts else pd.DataFrame(columns=items, dtype=float)
    if suffix in (".sav", ".zsav", ".dta"):
        import pyreadstat

        reader = pyreadstat.read_dta if suffix == ".dta" else pyreadstat.read_sav
        _, meta = reader(str(path), metadataonly=True)
        check_columns(path, list(meta.column_names), items)
        frame, _ = reader(str(path), usecols=items)
        frame.index = pd.RangeIndex(2, len(frame) + 2, name="row")
        return frame
    if suffix not in (".csv", ".txt"):
        raise ResponseFileError("unsupported file type", code="unsupported_file_type",
                                file=str(path), expected=".csv, .xlsx or .sav",
                                got=suffix or "(no suffix)")
    for enc in [encoding] if encoding else ["utf-8-sig", "gb18030"]:
        try:
            return _read_csv(path, items, enc)
        except UnicodeDecodeError:
            continue
    raise ResponseFileError(f"cannot decode as {encoding or 'UTF-8 or GB18030'}",
                            code="bad_encoding", file=str(path), hint="Pass --encoding.")


def _read_csv(path: Path, items: list[str], encoding: str) -> pd.DataFrame:
    import pandas as pd

    from survey.responses.batches import check_columns, csv_errors

    with csv_errors(path, encoding):
        header = pd.read_csv(path, nrows=0, encoding=encoding)
        columns = [str(c).strip() for c in header.columns]
        check_columns(path, columns, items)
        wanted = [header.columns[columns.index(name)] for name in items]
        # usecols costs more than it saves when (nearly) every column is wanted
        subset = wanted if len(set(wanted)) < 0.8 * len(columns) else None
        frame = pd.read_csv(path, usecols=subset, encoding=encoding, keep_default_na=False,
                            na_values=[""])
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame[items]


def _print_summary(result: ScaleReliability, lang: Language) -> None:
    from survey.locale import text

    for line in _summary_lines(result, lang):
        print(line)
    for part in result.dimensions:
        print()
        print(text(lang, "cli_dimension", name=part.dimension))
        for line in _summary_lines(part, lang):
            print(f"  {line}".rstrip())


def format_figure(value: Any, decimals: int = 3) -> str:
    """Half-up rounded, or a dash for an absent (None or NaN) figure."""
    from survey.rounding import format_number

    if value is None or value != value:
        return "—"
    return format_number(float(value), decimals, strip=False)


def _summary_lines(result: ScaleReliability, lang: Language) -> list[str]:
    from survey.locale import text
    from survey.rounding import format_number

    num = format_figure

    a = result.alpha
    policy = text(lang, f"policy_{a.missing}")
    lines = []
    if a.alpha is None:
        lines.append(text(lang, "cli_undefined", n_items=a.n_items, n=a.n_respondents,
                          missing=policy, reason=text(lang, f"reason_{a.reason}")))
    else:
        level = f"{format_number(a.confidence * 100, 1)}%"
        lines.append(text(lang, "cli_summary", n_items=a.n_items, n=a.n_respondents,
                          missing=policy, alpha=num(a.alpha), alpha_std=num(a.alpha_standardized),
                          level=level, low=num(a.ci_low), high=num(a.ci_high),
                          band=a.band_sentence(lang)))
        lines.append("")
        header = ("item", "n", "mean", "sd", "r_total", "citc", "smc", "alpha_del")
        lines.append("{:<16}{:>8}{:>9}{:>9}{:>9}{:>9}{:>9}{:>10}".format(*header))
        for r in result.item_table.itertuples(index=False):
            lines.append(f"{str(r.item)[:15]:<16}{r.n:>8}{num(r.mean):>9}{num(r.sd):>9}{num(r.item_total_r):>9}{num(r.corrected_item_total_r):>9}{num(r.smc):>9}{num(r.alpha_if_deleted):>10}")
        lines.append("")
    k, b = result.kmo, result.bartlett
    if k.overall is None or b.chi2 is None:
        reason = k.reason or b.reason
        lines.append(text(lang, "cli_kmo_undefined", reason=text(lang, f"reason_{reason}")))
    else:
        p = "< 0.001" if b.p_value is not None and b.p_value < 0.001 else f"= {num(b.p_value)}"
        lines.append(text(lang, "cli_kmo", kmo=num(k.overall), band=text(lang, f"kmo_band_{k.band}"),
                          chi2=num(b.chi2, 2), df=b.df, p=p))
    lines += [text(lang, "cli_warning", message=w.message) for w in a.warnings]
    return lines


register("reliability", "Cronbach's α, item-total table, KMO and Bartlett for a set of items",
         configure, run)
