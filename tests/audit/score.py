"""Score ``survey audit`` on the corpus of own-written texts in ``tests/audit/corpus``.

Each ``<stem>.txt`` has a ``<stem>.yaml`` sidecar naming the findings the audit must raise
(code and line); see ``tests/audit/corpus/README.md``. The score:

- recall = expected findings raised ÷ expected findings (a finding marked ``missed:`` counts
  as not raised);
- unexpected errors: error findings no sidecar expects (false errors);
- unexpected warnings: warnings neither expected nor tolerated.

Run ``python tests/audit/score.py [--only PREFIX] [-v]``; it exits 1 when recall is below
95% or anything unexpected was raised.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

CORPUS = Path(__file__).resolve().parent / "corpus"
RECALL_FLOOR = 0.95
SEVERITIES = ("error", "warning")


class CorpusError(ValueError):
    """A sidecar file that does not follow tests/audit/corpus/README.md."""


@dataclass(frozen=True)
class Expected:
    """One finding a text must raise."""

    code: str
    line: int
    severity: str
    why: str
    missed: str | None = None


@dataclass(frozen=True)
class Case:
    """One corpus text and what its sidecar says about it."""

    stem: str
    text: Path
    consistent: bool
    expected: tuple[Expected, ...]
    tolerated: frozenset[tuple[str, int]]


@dataclass(frozen=True)
class Outcome:
    """What the audit raised on one text, compared with the sidecar."""

    case: Case
    found: tuple[Expected, ...]
    missing: tuple[Expected, ...]
    unexpected_errors: tuple[tuple[str, int, str], ...]
    unexpected_warnings: tuple[tuple[str, int, str], ...]

    @property
    def ok(self) -> bool:
        """No unexpected finding, and every expected finding not marked missed was raised."""
        return (not self.unexpected_errors and not self.unexpected_warnings
                and all(e.missed for e in self.missing))


def _entry(raw: object, where: str, *, need_severity: bool) -> dict:
    if not isinstance(raw, dict):
        raise CorpusError(f"{where}: expected a mapping with code and line, got {raw!r}")
    for key in ("code", "line", "why"):
        if key not in raw:
            raise CorpusError(f"{where}: missing {key!r}")
    if not isinstance(raw["line"], int) or raw["line"] < 1:
        raise CorpusError(f"{where}: line must be a whole number ≥ 1, got {raw['line']!r}")
    if need_severity and raw.get("severity") not in SEVERITIES:
        raise CorpusError(f"{where}: severity must be one of {SEVERITIES}, "
                          f"got {raw.get('severity')!r}")
    return raw


def load_case(sidecar: Path) -> Case:
    """Read one sidecar and check it names a text, its consistency and its findings."""
    data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise CorpusError(f"{sidecar}: expected a mapping")
    unknown = set(data) - {"source", "consistent", "traps", "expected", "tolerated"}
    if unknown:
        raise CorpusError(f"{sidecar}: unknown keys {sorted(unknown)}")
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        raise CorpusError(f"{sidecar}: 'source' must say what real text this reproduces")
    if not isinstance(data.get("consistent"), bool):
        raise CorpusError(f"{sidecar}: 'consistent' must be true or false")
    text = sidecar.with_suffix(".txt")
    if not text.is_file():
        raise CorpusError(f"{sidecar}: no text file {text.name} beside it")
    expected = tuple(
        Expected(e["code"], e["line"], e["severity"], e["why"], e.get("missed"))
        for i, raw in enumerate(data.get("expected") or [], 1)
        for e in [_entry(raw, f"{sidecar.name}: expected #{i}", need_severity=True)])
    tolerated = frozenset(
        (e["code"], e["line"])
        for i, raw in enumerate(data.get("tolerated") or [], 1)
        for e in [_entry(raw, f"{sidecar.name}: tolerated #{i}", need_severity=False)])
    if data["consistent"] and any(e.severity == "error" for e in expected):
        raise CorpusError(f"{sidecar}: a consistent text cannot expect an error")
    if not data["consistent"] and not expected:
        raise CorpusError(f"{sidecar}: a flawed text must expect at least one finding")
    return Case(sidecar.stem, text, data["consistent"], expected, tolerated)


def load_corpus(directory: Path = CORPUS, only: str = "") -> tuple[Case, ...]:
    """Every case in ``directory`` whose stem starts with ``only``, sorted by stem."""
    orphans = [t.name for t in directory.glob("*.txt") if not t.with_suffix(".yaml").is_file()]
    if orphans:
        raise CorpusError(f"{directory}: texts without a sidecar: {', '.join(sorted(orphans))}")
    return tuple(load_case(p) for p in sorted(directory.glob(f"{only}*.yaml")))


def score_case(case: Case) -> Outcome:
    """Audit one text and compare what was raised with its sidecar."""
    from survey.audit import audit_file

    audit = audit_file(case.text, lang="en")
    raised = {(f.code, f.line): f for f in audit.findings}
    found = tuple(e for e in case.expected if (e.code, e.line) in raised)
    missing = tuple(e for e in case.expected if (e.code, e.line) not in raised)
    expected_keys = {(e.code, e.line) for e in case.expected}
    unexpected = [(f.code, f.line, str(f.severity), f.message) for f in audit.findings
                  if (f.code, f.line) not in expected_keys]
    return Outcome(
        case, found, missing,
        tuple((c, ln, m) for c, ln, s, m in unexpected if s == "error"),
        tuple((c, ln, m) for c, ln, s, m in unexpected
              if s == "warning" and (c, ln) not in case.tolerated))


@dataclass(frozen=True)
class Score:
    """Totals over a corpus."""

    outcomes: tuple[Outcome, ...]

    @property
    def expected(self) -> int:
        return sum(len(o.case.expected) for o in self.outcomes)

    @property
    def found(self) -> int:
        return sum(len(o.found) for o in self.outcomes)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def unexpected_errors(self) -> int:
        return sum(len(o.unexpected_errors) for o in self.outcomes)

    @property
    def false_errors_on_consistent(self) -> int:
        return sum(len(o.unexpected_errors) for o in self.outcomes if o.case.consistent)

    @property
    def unexpected_warnings(self) -> int:
        return sum(len(o.unexpected_warnings) for o in self.outcomes)


def score(cases: Iterable[Case]) -> Score:
    """Audit every case."""
    return Score(tuple(score_case(c) for c in cases))


def report(result: Score, *, verbose: bool = False) -> str:
    """The lines ``score.py`` prints."""
    lines = []
    for o in result.outcomes:
        mark = "ok " if o.ok else "BAD"
        kind = "consistent" if o.case.consistent else "flawed    "
        lines.append(f"{mark} {o.case.stem:<48} {kind} found {len(o.found)}/"
                     f"{len(o.case.expected)}  unexpected errors {len(o.unexpected_errors)}"
                     f"  warnings {len(o.unexpected_warnings)}")
        if verbose or not o.ok:
            lines += [f"      missed   {e.code} line {e.line}: {e.why}"
                      + (f"  [marked missed: {e.missed}]" if e.missed else "")
                      for e in o.missing]
            lines += [f"      ERROR    {c} line {ln}: {m}" for c, ln, m in o.unexpected_errors]
            lines += [f"      warning  {c} line {ln}: {m}"
                      for c, ln, m in o.unexpected_warnings]
    consistent = sum(o.case.consistent for o in result.outcomes)
    lines.append(
        f"\n{len(result.outcomes)} texts ({consistent} consistent, "
        f"{len(result.outcomes) - consistent} flawed); recall {result.found}/{result.expected}"
        f" = {result.recall:.1%}; unexpected errors {result.unexpected_errors} "
        f"(on consistent texts {result.false_errors_on_consistent}); "
        f"unexpected warnings {result.unexpected_warnings}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="score only texts whose name starts so")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    try:
        result = score(load_corpus(only=args.only))
    except CorpusError as exc:
        print(f"corpus error: {exc}", file=sys.stderr)
        return 2
    print(report(result, verbose=args.verbose))
    bad = (result.recall < RECALL_FLOOR or result.unexpected_errors
           or result.unexpected_warnings)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    raise SystemExit(main())
