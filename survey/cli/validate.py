"""``survey validate``: load one response file onto its instrument and screen it.

Exit 0 when nothing was found, 1 when screening or the fieldwork record found problems,
2 for a user error (an unreadable file, a column that matches nothing, bad arguments).
With ``--json`` the output is one object: ``fieldwork``, ``counts_by_rule``, ``overlaps``,
``problems``, ``n_returned``, ``n_valid``, ``n_set_aside``, ``rules``, ``not_applied``,
``mapping`` and ``file``, laid out as ``results.json`` is (:mod:`survey.jsonable`): the
findings ``problems`` a table written column-wise, ``{"columns": [...], "data": [[...],
...]}`` (:func:`survey.jsonable.read_table` reads it back), each flat record on one line. A
progress bar goes to stderr on large files.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from survey.cli import EXIT_OK, EXIT_PROBLEMS, register
from survey.cli.language import add_lang_argument, resolve_language

if TYPE_CHECKING:
    from survey.locale import Language

#: Files at least this large get a progress bar when stderr is a terminal.
PROGRESS_BYTES = 8 << 20


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a count of 0 or more, got {value}")
    return value


def _positive(text: str) -> int:
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of 1 or more, got {value}")
    return value


def configure(p: argparse.ArgumentParser) -> None:
    """Arguments of ``survey validate``."""
    p.add_argument("--instrument", required=True, help="questionnaire definition (YAML)")
    p.add_argument("--responses", required=True,
                   help="response file (.csv, .xlsx, .xls, .sav, .dta; 问卷星/腾讯问卷 downloads)")
    p.add_argument("--issued", type=_count, default=None, help="questionnaires issued")
    p.add_argument("--returned", type=_count, default=None,
                   help="questionnaires returned (default: the rows of the file)")
    p.add_argument("--valid", type=_count, default=None,
                   help="valid questionnaires the record states (checked against screening)")
    p.add_argument("--mode", choices=["paper", "online", "interview"], default=None,
                   help="fieldwork mode; an online survey has no issued count")
    p.add_argument("--encoding", default=None, help="CSV encoding (default: detect)")
    p.add_argument("--sheet", default=None, help="Excel sheet name (default: the first)")
    p.add_argument("--column-map", default=None,
                   help="YAML or CSV file mapping file headers to variables")
    p.add_argument("--platform", choices=["auto", "wjx", "tencent", "generic"], default="auto",
                   help="the platform that wrote the file (default: recognise it)")
    p.add_argument("--numbers", choices=["auto", "code", "position"], default="auto",
                   help="numbers in coded columns are codes or option positions "
                        "(default: positions for platform downloads)")
    p.add_argument("--screening", default=None,
                   help="YAML file with screening settings (an analysis spec's screening block)")
    p.add_argument("--keep-personal", action="store_true",
                   help="keep IP addresses, phone numbers and names (default: leave them out)")
    add_lang_argument(p, "summary and the problems' details")
    p.add_argument("--show", type=_count, default=20,
                   help="problems listed in the summary (default 20; --json lists all)")
    p.add_argument("--progress", choices=["auto", "always", "never"], default="auto",
                   help="progress bar on stderr (auto: large files on a terminal)")
    p.add_argument("--engine", choices=["memory", "stream"], default="memory",
                   help="memory: read the file whole (default); stream: a CSV or Parquet file "
                        "(columns named as the instrument's variables) in batches, findings "
                        "and set-aside rows written to --out instead of held")
    p.add_argument("--batch-rows", type=_positive, default=250_000, metavar="N",
                   help="rows per batch of --engine stream (default 250,000)")
    p.add_argument("--out", default=None, metavar="DIR",
                   help="--engine stream: folder for problems.csv, set_aside.csv and valid.csv")
    p.add_argument("--json", action="store_true", help="print JSON instead of a summary")


class _Progress:
    """A one-line progress bar on a stream (a line per 10% when it is not a terminal)."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self.tty = stream.isatty()
        self.shown = -1
        self.started = time.monotonic()

    def stage(self, label: str) -> _Progress:
        self.label, self.shown = label, -1
        return self

    def __call__(self, share: float) -> None:
        percent = int(max(0.0, min(share, 1.0)) * 100)
        step = percent if self.tty else percent // 10 * 10
        if step == self.shown:
            return
        self.shown = step
        filled = percent * 30 // 100
        line = f"{self.label:<10} [{'#' * filled}{'.' * (30 - filled)}] {percent:3d}%"
        if self.tty:
            self.stream.write(f"\r{line}")
        else:
            self.stream.write(f"{line}\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty:
            seconds = time.monotonic() - self.started
            self.stream.write(f"\r{'':<60}\r{'done':<10} {seconds:.1f} s\n")
            self.stream.flush()


def _settings(path: str | None) -> Any:
    from survey._yaml import read_yaml, validate_document
    from survey.analysis import ScreeningSpec
    from survey.errors import AnalysisSpecError

    if path is None:
        return ScreeningSpec()
    doc = read_yaml(path, AnalysisSpecError, "screening settings")
    if isinstance(doc.data, dict) and set(doc.data) == {"screening"}:
        # Keys and lines are then found from the screening block's node, not the top's.
        root = next((v for k, v in getattr(doc.root, "value", ())
                     if getattr(k, "value", None) == "screening"), None)
        doc = type(doc)(path=doc.path, data=doc.data["screening"], root=root)
    spec, problems = validate_document(doc, ScreeningSpec, AnalysisSpecError)
    if spec is None:
        first = problems[0]
        raise AnalysisSpecError(first.message, code="invalid_screening", file=str(path),
                                key=first.key or None, line=first.line)
    return spec


def _pct(value: float | None, lang: Language) -> str:
    from survey.locale import text
    from survey.rounding import format_percent

    return text(lang, "screening_not_available") if value is None else format_percent(value)


def _pad(value: str, width: int) -> str:
    """``value`` padded to ``width`` display columns (a CJK character takes two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in value)
    return value + " " * max(0, width - used)


def _place(instrument: Any, column: str, lang: Language) -> str:
    """Where a finding is, in words: 第 7 题第 2 小题, 问卷编号, 整份问卷 (never a column)."""
    from survey.screening.places import finding_place

    return finding_place(instrument, column, lang)


def _summary(args: argparse.Namespace, loaded: Any, screening: Any, instrument: Any) -> None:
    from survey.locale import text

    lang = args.lang
    fw = screening.fieldwork
    print(text(lang, "screening_cli_summary", file=args.responses, returned=fw.returned,
               valid=fw.valid, set_aside=len(screening.set_aside)))
    print(text(lang, "screening_cli_rates", return_rate=_pct(fw.return_rate, lang),
               valid_rate=_pct(fw.valid_rate, lang),
               valid_return_rate=_pct(fw.valid_return_rate, lang)))
    m = loaded.mapping
    print(text(lang, "screening_cli_mapping", matched=len(m.matched), unmatched=len(m.unmatched),
               ambiguous=len(m.ambiguous), personal=len(m.personal)))
    for note in m.notes:
        print(text(lang, "screening_cli_note", note=note.sentence(lang)))
    rule = {r: text(lang, f"rule_{r}") for r in screening.problems["rule"].unique()}
    for row in screening.counts_by_rule().itertuples(index=False):
        print(text(lang, "screening_cli_rule", rule=_pad(rule[row.rule], 30),
                   action=text(lang, f"screening_action_{row.action}"), findings=row.findings,
                   respondents=row.respondents, only=row.only_reason))
    for problem in fw.problems:
        print(text(lang, "screening_cli_fieldwork_problem", message=problem.message))
    for name, why in screening.not_applied:
        print(text(lang, "screening_cli_not_applied", rule=text(lang, f"rule_{name}"),
                   reason=text(lang, f"screening_not_applied_{why}")))
    shown = screening.problems.head(args.show)
    for p in shown.itertuples(index=False):
        print(text(lang, "screening_cli_problem", row=p.row, respondent=p.respondent_id,
                   rule=rule[p.rule], place=_place(instrument, str(p.column), lang),
                   detail=p.detail))
    if len(screening.problems) > len(shown):
        print(text(lang, "screening_cli_more", n=len(screening.problems) - len(shown)))


def run(args: argparse.Namespace) -> int:
    """Screen the file; exit 1 when anything was found."""
    args.lang = resolve_language(args.lang)
    from survey.instrument import load_instrument
    from survey.jsonable import dump, jsonable
    from survey.responses import read_response_file
    from survey.screening import screen_responses

    settings = _settings(args.screening)
    instrument = load_instrument(args.instrument)
    if args.engine == "stream":
        return _run_stream(args, settings, instrument)
    path = Path(args.responses)
    show = args.progress == "always" or (
        args.progress == "auto" and sys.stderr.isatty() and path.is_file()
        and path.stat().st_size >= PROGRESS_BYTES)
    bar = _Progress(sys.stderr, "reading") if show else None
    sheet: str | int | None = args.sheet
    if isinstance(sheet, str) and sheet.isdigit():
        sheet = int(sheet)
    loaded = read_response_file(
        path, instrument, encoding=args.encoding, sheet=sheet, column_map=args.column_map,
        platform=args.platform, numbers=args.numbers, keep_personal=args.keep_personal,
        progress=bar)
    screening = screen_responses(
        loaded, instrument, settings=settings, issued=args.issued, returned=args.returned,
        stated_valid=args.valid, mode=args.mode, lang=args.lang,
        progress=None if bar is None else bar.stage("screening"))
    if bar is not None:
        bar.done()
    if args.json:
        data = screening.to_dict(table=True)
        data["mapping"] = loaded.mapping.to_dict()
        data["file"] = {"path": str(path), "encoding": loaded.encoding,
                        "platform": loaded.platform, "sha256": loaded.sha256}
        dump(jsonable(data), sys.stdout)
        sys.stdout.write("\n")
    else:
        _summary(args, loaded, screening, instrument)
    found = len(screening.problems) > 0 or len(screening.fieldwork.problems) > 0
    return EXIT_PROBLEMS if found else EXIT_OK


def _run_stream(args: argparse.Namespace, settings: Any, instrument: Any) -> int:
    """Screen batch by batch; the findings and rows go to files in ``--out``."""
    from survey.errors import ParameterError
    from survey.jsonable import dumps, jsonable
    from survey.locale import text
    from survey.screening.streamed import screen_stream

    if args.out is None:
        raise ParameterError("--engine stream writes its findings and rows to files: give "
                             "--out DIR", code="out_required")
    for option, given in (("--column-map", args.column_map), ("--sheet", args.sheet)):
        if given is not None:
            raise ParameterError(
                f"{option} is not read by --engine stream", code="not_streamed_option",
                expected="a CSV or Parquet file whose columns are named as the instrument's "
                         "variables", got=f"{option} {given}",
                hint="Use --engine memory (the default) to map a file's own headers.")
    result = screen_stream(args.responses, instrument, args.out, settings=settings,
                           batch_rows=args.batch_rows, encoding=args.encoding, lang=args.lang)
    if args.json:
        print(dumps(jsonable({"file": str(args.responses), **result.to_dict()})))
    else:
        lang = args.lang
        print(text(lang, "screening_cli_stream_summary", file=args.responses,
                   returned=result.n_returned, valid=result.n_valid,
                   set_aside=result.n_set_aside))
        for row in result.counts_by_rule.itertuples(index=False):
            print(text(lang, "screening_cli_rule", rule=_pad(text(lang, f"rule_{row.rule}"), 30),
                       action=text(lang, f"screening_action_{row.action}"),
                       findings=row.findings, respondents=row.respondents,
                       only=row.only_reason))
        for name, why in result.not_applied:
            print(text(lang, "screening_cli_not_applied", rule=text(lang, f"rule_{name}"),
                       reason=text(lang, f"screening_not_applied_{why}")))
        print(text(lang, "screening_cli_stream_files", problems=result.problems_file,
                   set_aside=result.set_aside_file, valid=result.valid_file))
    return EXIT_PROBLEMS if len(result.counts_by_rule) else EXIT_OK


register("validate", "load one response file onto its instrument and screen it", configure, run)
