"""Arithmetic statements written in a report, read and recomputed exactly.

A statement is a chain of segments joined by ``=`` or ``≈`` (约等于):
``n=1.96²×0.5×(1-0.5)/0.05²=384.16≈385``, ``385÷(1-20%)≈482``, ``126+214=340``. Each
segment is a *symbol* (``n``, ``Z2``, ``N/(1+Ne²)``: it has letters), an *expression* (numbers
and operators) or a *number*. Every expression is recomputed and compared with the next plain
number of the chain; a number with the next number (``384.16≈385``).

The reading is generous, because a false error is worse than a miss:

- **flattened superscripts**: copied from a PDF or a web page, ``1.96²`` becomes ``1.962`` and
  ``0.05²`` becomes ``0.052``; a number ending in 2 is read both ways (:func:`readings`; a
  whole number only in an expression that shows a square: ``1502`` beside ``1.962``),
  ``(0.05)2`` is a square, and a ² that vanished after a bracket or the whole expression
  (``(1.96×950/100)≈347``) is tried before a statement is called false;
- **rounded operands**: an operand printed with three or more decimals (``1.645``,
  ``3.8416``) stands for any value that prints so (± half a unit), and so does every share
  or decimal in a sum (``33.33%+33.33%+33.33%=100%``); other operands (``1.96``, ``0.5``,
  ``385``, the counts of ``126+214``) are taken as written, as a reader recomputing does;
- **the printed result** may be rounded half-up, half-even, truncated or rounded up (进一法)
  at its printed precision; after ``≈`` also to its last non-zero digit (≈ 390 for 386.2);
- **percentages**: ``20%`` is 0.2; a result printed with ``%`` may be the computed fraction
  (``296/300=98.66%``) or already in percent (``296/300×100=98.66%``); a bare ratio may be
  printed in percent without the sign (``296/300=98.66``);
- **stacked fractions** copied onto one line (``0.5*0.5/0.05*0.05/1.96*1.96+0.5*0.5/1000``):
  the first ``/`` over everything after it, each later one over the rest of its term
  (:func:`_stacked_fractions`).

A chain with a square root (``√P(1-P)/n = √15.5(100-15.5)/45 = 5.39%``) is not read: a copy
keeps the sign but loses the bar that says how far the root reaches.

A statement is false when no reading gives the printed result. Exact rational arithmetic
throughout (:class:`fractions.Fraction`), so ``0.1+0.2=0.3`` is true.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from survey.audit.arithmetic import Printed
from survey.audit.patterns import NUMBER

__all__ = [
    "Mismatch", "Segment", "Statement", "find_statements", "iter_readings", "mismatches",
    "readings",
]

Interval = tuple[Fraction, Fraction]

_MAX_DIGITS = 24      # longer digit runs are codes, not operands
_MAX_AMBIGUOUS = 6    # at most 2⁶ readings of flattened squares
_MAX_TOKENS = 80
_MAX_RUN = 400        # characters: a longer run is not a statement a reader would check

_TOKEN = re.compile(
    r"(?P<num>" + NUMBER + r")(?P<pct>\s?%)?"
    r"|(?P<rel>约等于|[=≈≒])"
    r"|(?P<sym>[A-Za-z]+[0-9₀₁₂]*'?|[αβσπδμΔλθ][0-9₀₁₂²]*)"
    r"|(?P<op>[-+×*·÷/^—–])"
    r"|(?P<sup>[²³])"
    r"|(?P<open>[(\[{])|(?P<close>[)\]}])"
    r"|(?P<space>[ \t]+)")
_RUN = re.compile(
    r"(?:(?:" + NUMBER + r")(?:\s?%)?|约等于|[=≈≒A-Za-z0-9₀₁₂αβσπδμΔλθ'²³()\[\]{}+×*·÷/^—–√-]|[ \t]+)++")
_RELATION = re.compile(r"[=≈≒]|约等于")
_OPERATOR = re.compile(r"[+×*·÷/^²³—–-]")
_TIMES = re.compile(r"(?<=\d)[xX](?=\d)|(?<=\d) [xX] (?=\d)")


@dataclass(frozen=True)
class Token:
    """One token of a statement: its kind, text and span in the searched text."""

    kind: Literal["num", "rel", "sym", "op", "sup", "open", "close"]
    text: str
    start: int
    end: int
    percent: bool = False


@dataclass(frozen=True)
class Segment:
    """One side of a relation: ``kind`` is ``number``, ``expression`` or ``symbol``."""

    kind: Literal["number", "expression", "symbol"]
    tokens: tuple[Token, ...]

    @property
    def start(self) -> int:
        """Where the segment starts in the searched text."""
        return self.tokens[0].start

    @property
    def end(self) -> int:
        """Where the segment ends in the searched text."""
        return self.tokens[-1].end

    @property
    def text(self) -> str:
        """The segment as written (tokens joined)."""
        return "".join(t.text + ("%" if t.percent else "") for t in self.tokens)

    @property
    def printed(self) -> Printed:
        """A number segment's value with its precision."""
        return Printed.parse(self.tokens[0].text)

    @property
    def percent(self) -> bool:
        """A number segment printed with ``%``."""
        return self.tokens[0].percent


@dataclass(frozen=True)
class Statement:
    """A chain ``segment relation segment …`` (at least one relation)."""

    segments: tuple[Segment, ...]
    relations: tuple[str, ...]

    @property
    def start(self) -> int:
        """Where the statement starts."""
        return self.segments[0].start

    @property
    def end(self) -> int:
        """Where the statement ends."""
        return self.segments[-1].end

    @property
    def text(self) -> str:
        """The statement as written, relations included."""
        parts = [self.segments[0].text]
        for rel, seg in zip(self.relations, self.segments[1:], strict=True):
            parts += [rel, seg.text]
        return "".join(parts)

    def results(self) -> tuple[Segment, ...]:
        """The plain numbers of the chain that follow an expression (the computed results)."""
        found = []
        seen_expression = False
        for seg in self.segments:
            seen_expression = seen_expression or seg.kind == "expression"
            if seg.kind == "number" and seen_expression:
                found.append(seg)
        return tuple(found)


@dataclass(frozen=True)
class Mismatch:
    """A relation no reading makes true: ``left`` (expression or number) against ``stated``.

    ``shown`` is the left side as read (superscripts restored), ``value`` its exact value in
    the unit of the printed result (percent when the result has ``%``), ``approx`` whether
    the relation was ``≈``."""

    left: Segment
    stated: Segment
    shown: str
    value: Fraction
    approx: bool


# --- reading -----------------------------------------------------------------------------


def _tokens(text: str, start: int, end: int, offset: int) -> list[Token]:
    found: list[Token] = []
    for m in _TOKEN.finditer(text, start, end):
        kind = m.lastgroup
        if kind == "pct":
            kind = "num"
        if kind == "space" or kind is None:
            continue
        if kind == "num":
            found.append(Token("num", m.group("num").replace(",", ""), offset + m.start(),
                               offset + m.end(), percent=bool(m.group("pct"))))
        else:
            token_text = {"—": "-", "–": "-", "*": "×", "·": "×", "÷": "/", "≒": "≈",
                          "约等于": "≈"}.get(m.group(), m.group())
            found.append(Token(kind, token_text, offset + m.start(),  # type: ignore[arg-type]
                               offset + m.end()))
    return found


def _segment(tokens: Sequence[Token]) -> Segment | None:
    if not tokens:
        return None
    if any(t.kind == "sym" for t in tokens):
        return Segment("symbol", tuple(tokens))
    if len(tokens) == 1 and tokens[0].kind == "num":
        return Segment("number", tuple(tokens))
    if any(t.kind in ("op", "sup") for t in tokens) and any(t.kind == "num" for t in tokens):
        return Segment("expression", tuple(tokens))
    return None


def find_statements(text: str, start: int = 0, end: int | None = None) -> Iterator[Statement]:
    """Every arithmetic chain in ``text[start:end]`` that holds an expression.

    >>> [s.text for s in find_statements("代入得n=1.96^2*0.25/0.05^2=384.16，取385")]
    ['n=1.96^2×0.25/0.05^2=384.16']
    >>> list(find_statements("置信度1-α=0.95，Z=1.96"))
    []
    """
    end = len(text) if end is None else end
    # 130x0.75: a letter x between digits is a times sign (same length, so spans hold)
    chunk = text[start:end]
    if "x" in chunk or "X" in chunk:
        chunk = _TIMES.sub(lambda m: m.group().replace("x", "×").replace("X", "×"), chunk)
    for run in _RUN.finditer(chunk):
        if run.end() - run.start() > _MAX_RUN:
            continue
        if not _RELATION.search(run.group()) or not _OPERATOR.search(run.group()):
            continue
        if "√" in run.group():
            continue  # how far a root reaches is lost in a copy: √15.5(100-15.5)/45
        tokens = _tokens(chunk, run.start(), run.end(), start)
        if len(tokens) > _MAX_TOKENS:
            continue
        statement = _chain(tokens)
        if statement is not None:
            yield statement


def _chain(tokens: Sequence[Token]) -> Statement | None:
    segments: list[Segment | None] = []
    relations: list[str] = []
    current: list[Token] = []
    for token in tokens:
        if token.kind == "rel":
            segments.append(_segment(current))
            relations.append(token.text)
            current = []
        else:
            current.append(token)
    segments.append(_segment(current))
    # keep the longest stretch of well-formed segments holding an expression
    best: tuple[list[Segment], list[str]] | None = None
    stretch: list[Segment] = []
    rels: list[str] = []
    for i, seg in enumerate([*segments, None]):
        if seg is not None:
            if stretch:
                rels.append(relations[i - 1])
            stretch.append(seg)
            continue
        if len(stretch) > 1 and any(s.kind == "expression" for s in stretch) and (
                best is None or len(stretch) > len(best[0])):
            best = (stretch, rels)
        stretch, rels = [], []
    if best is None:
        return None
    return Statement(tuple(best[0]), tuple(best[1]))


# --- evaluating --------------------------------------------------------------------------


def _flattened(token: Token) -> bool:
    """A number that may be a square whose ² was lost (1.962 → 1.96², 202 → 20²)."""
    digits = token.text.lstrip("-")
    return (not token.percent and digits.endswith("2") and len(digits) >= 2
            and digits[-2] != "." and len(digits.replace(".", "")) <= _MAX_DIGITS)


def _ambiguous(segment: Segment) -> list[int]:
    """The positions of the numbers that may be flattened squares (:func:`_flattened`): a
    whole number only where the expression shows squares (:func:`_has_squares`), none when
    there are more than :data:`_MAX_AMBIGUOUS`."""
    tokens = segment.tokens
    ambiguous = [i for i, t in enumerate(tokens) if t.kind == "num" and _flattened(t)]
    if not _has_squares(tokens, ambiguous):
        ambiguous = [i for i in ambiguous if "." in tokens[i].text]
    return ambiguous if len(ambiguous) <= _MAX_AMBIGUOUS else []


def _has_squares(tokens: Sequence[Token], ambiguous: Sequence[int]) -> bool:
    """Whether an expression shows squares, so that a whole number ending in 2 may be one
    too (1.962×1502/202: 150² and 20² beside 1.96²): a ² or ^ written, or a decimal that
    may be a flattened square (1.962, 0.052). Without one, whole numbers are read as written
    ((12×5+39×4+49×3+82×2+2×1)/184 = 2.96 is 529/184 = 2.875, not 8² for 82)."""
    return any(t.kind == "sup" or t.text == "^" for t in tokens) or any(
        "." in tokens[i].text for i in ambiguous)


def readings(segment: Segment) -> list[tuple[str, Interval]]:
    """Every reading of an expression (see :func:`iter_readings`), as a list."""
    return list(iter_readings(segment))


def iter_readings(segment: Segment) -> Iterator[tuple[str, Interval]]:
    """Every reading of an expression: (the expression as read, the interval of its value).

    The literal reading comes first, then every number ending in 2 read as the square of
    the rest (``1.962`` as ``1.96²``), then the other mixes.

    >>> seg = next(find_statements("1.962×0.25/0.052=384.16")).segments[0]
    >>> [shown for shown, _ in readings(seg)][:2]
    ['1.962×0.25/0.052', '1.96²×0.25/0.05²']
    >>> [float(x) for x in readings(seg)[1][1]]
    [384.16, 384.16]
    """
    ambiguous = _ambiguous(segment)
    for choice in _choices(len(ambiguous)):
        squared = {i for i, on in zip(ambiguous, choice, strict=True) if on}
        parser = _Parser(segment.tokens, squared)
        value = parser.parse()
        if value is not None:
            yield parser.shown(), value


def _choices(n: int) -> Iterator[tuple[bool, ...]]:
    """Which ambiguous numbers to read as squares: none, all, then every other mix."""
    yield (False,) * n
    if n:
        yield (True,) * n
    for choice in itertools.product((False, True), repeat=n):
        if 0 < sum(choice) < n:
            yield choice


def _float_verdict(segment: Segment, squared: set[int], region: Interval,
                   scales: Sequence[int]) -> bool | None:
    """Whether a reading clearly fits (True) or clearly misses (False) the printed result,
    computed in floating point; None when it is too close to call (then exact arithmetic)."""
    value = _Parser(segment.tokens, squared, exact=False).parse()
    if value is None:
        return False
    lo, hi = float(region[0]), float(region[1])
    v0, v1 = float(value[0]), float(value[1])
    eps = 1e-9 * max(1.0, abs(lo), abs(hi), abs(v0) * 100, abs(v1) * 100)
    near = False
    for k in scales:
        a, b = v0 * k, v1 * k
        if a < hi - eps and b > lo + eps:
            return True
        if not (b < lo - eps or a > hi + eps):
            near = True
    return None if near else False


class _Parser:
    """Recursive descent over one expression's tokens, in interval arithmetic."""

    def __init__(self, tokens: Sequence[Token], squared: set[int], *, exact: bool = True) -> None:
        self.tokens = tokens
        self.squared = squared
        self.exact = exact
        # a sum of printed shares or decimals (33.33%+33.33%+33.33%=100%) adds rounded values
        self.additive = not any(t.kind == "sup" or t.text in ("×", "/", "^") for t in tokens)
        self.pos = 0

    def shown(self) -> str:
        parts = []
        for i, t in enumerate(self.tokens):
            if i in self.squared:
                parts.append(t.text[:-1] + "²")
            else:
                parts.append(t.text + ("%" if t.percent else ""))
        return "".join(parts)

    def parse(self) -> Interval | None:
        try:
            value = self._sum()
        except (ValueError, ZeroDivisionError, OverflowError):
            return None
        return value if self.pos == len(self.tokens) else None

    def _peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _sum(self) -> Interval:
        value = self._product()
        while (t := self._peek()) is not None and t.kind == "op" and t.text in "+-":
            self.pos += 1
            right = self._product()
            value = _add(value, right) if t.text == "+" else _add(value, (-right[1], -right[0]))
        return value

    def _product(self) -> Interval:
        value = self._power()
        while (t := self._peek()) is not None and (
                (t.kind == "op" and t.text in "×/") or t.kind == "open"):
            if t.kind == "op":
                self.pos += 1
            right = self._power()
            value = _mul(value, right) if t.text != "/" else _div(value, right)
        return value

    def _flattened_exponent(self) -> bool:
        """``(1.96)2``: a 2 right after a closing parenthesis is a square whose ² was lost."""
        t = self._peek()
        before = self.tokens[self.pos - 1] if self.pos else None
        return (t is not None and before is not None and before.kind == "close"
                and t.kind == "num" and t.text == "2" and t.start == before.end)

    def _power(self) -> Interval:
        value = self._unary()
        while (t := self._peek()) is not None and (t.kind == "sup" or t.text == "^"
                                                   or self._flattened_exponent()):
            self.pos += 1
            if t.kind == "num":
                exponent = 2
            elif t.kind == "sup":
                exponent = 2 if t.text == "²" else 3
            else:
                e = self._peek()
                if e is None or e.kind != "num" or not e.text.isdigit() or int(e.text) > 4:
                    raise ValueError("exponent")
                self.pos += 1
                exponent = int(e.text)
            value = _pow(value, exponent)
        return value

    def _unary(self) -> Interval:
        t = self._peek()
        if t is not None and t.kind == "op" and t.text == "-":
            self.pos += 1
            lo, hi = self._unary()
            return -hi, -lo
        return self._primary()

    def _primary(self) -> Interval:
        t = self._peek()
        if t is None:
            raise ValueError("end")
        self.pos += 1
        if t.kind == "open":
            value = self._sum()
            close = self._peek()
            if close is None or close.kind != "close":
                raise ValueError("paren")
            self.pos += 1
            return value
        if t.kind != "num" or len(t.text) > _MAX_DIGITS + 2:
            raise ValueError("operand")
        index = self.pos - 1
        squared = index in self.squared
        rounded = self.additive and (t.percent or "." in t.text)
        if self.exact:
            return _exact_operand(t.text, t.percent, squared, rounded)
        return _float_operand(t.text, t.percent, squared, rounded)  # type: ignore[return-value]


@functools.lru_cache(maxsize=4096)
def _exact_operand(text: str, percent: bool, squared: bool, rounded: bool) -> Interval:
    if squared:
        return _pow(_operand(text[:-1], percent, rounded), 2)
    return _operand(text, percent, rounded)


@functools.lru_cache(maxsize=4096)
def _float_operand(text: str, percent: bool, squared: bool,
                   rounded: bool) -> tuple[float, float]:
    lo, hi = _exact_operand(text, percent, squared, rounded)
    return float(lo), float(hi)


def _operand(text: str, percent: bool, rounded: bool = False) -> Interval:
    """An operand's interval: ± half a unit when printed with three or more decimals or
    when ``rounded`` (a share in a sum), else the value as written."""
    printed = Printed.parse(text)
    v, u = printed.value, printed.unit
    lo, hi = (v - u / 2, v + u / 2) if printed.decimals >= 3 or rounded else (v, v)
    if percent:
        lo, hi = lo / 100, hi / 100
    return lo, hi


def _add(a: Interval, b: Interval) -> Interval:
    return a[0] + b[0], a[1] + b[1]


def _mul(a: Interval, b: Interval) -> Interval:
    products: list[Fraction] = [x * y for x in a for y in b]
    return min(products), max(products)


def _div(a: Interval, b: Interval) -> Interval:
    if b[0] <= 0 <= b[1]:
        raise ZeroDivisionError
    return _mul(a, (1 / b[1], 1 / b[0]))


def _pow(a: Interval, k: int) -> Interval:
    ends = [a[0] ** k, a[1] ** k]
    lo, hi = min(ends), max(ends)
    if k % 2 == 0 and a[0] < 0 < a[1]:
        lo = Fraction(0)
    return lo, hi


# --- comparing ---------------------------------------------------------------------------


def _region(stated: Printed, approx: bool) -> Interval:
    """The open interval of exact values that print as ``stated`` under some convention
    (rounding half-up or half-even, truncation, rounding up), widened after ``≈`` to its last
    non-zero digit."""
    v, u = stated.value, stated.unit
    if approx and stated.decimals == 0 and stated.scaled:
        digits = str(abs(stated.scaled))
        u = max(u, Fraction(10) ** (len(digits) - len(digits.rstrip("0"))))
    return v - u, v + u


def _scales(left: Segment, stated: Segment) -> list[int]:
    """Ways the left side's value may be printed: as is, or in percent."""
    if stated.percent:
        return [100, 1]
    tokens = left.tokens
    ratio = (left.kind == "expression" and sum(t.text == "/" for t in tokens) == 1
             and all(t.kind in ("num", "op") for t in tokens) and len(tokens) == 3)
    return [1, 100] if ratio else [1]


def _fits(value: Interval, stated: Segment, scales: Sequence[int], approx: bool) -> bool:
    lo, hi = _region(stated.printed, approx)
    return any(value[0] * k < hi and value[1] * k > lo for k in scales)


def _unfit_readings(left: Segment, stated: Segment, scales: Sequence[int],
                    approx: bool) -> list[tuple[str, Interval]]:
    """Every reading of ``left`` when none gives ``stated``; empty as soon as one does (or
    when ``left`` cannot be read)."""
    if left.kind == "number":
        value = left.printed.value / (100 if left.percent else 1)
        options = [(left.text, (value, value))]
    else:
        # a fast float screen over the readings; exact arithmetic only when one is close
        region = _region(stated.printed, approx)
        ambiguous = _ambiguous(left)
        verdicts = []
        for choice in _choices(len(ambiguous)):
            squared = {i for i, on in zip(ambiguous, choice, strict=True) if on}
            try:
                verdict = _float_verdict(left, squared, region, scales)
            except (ValueError, ZeroDivisionError, OverflowError):
                verdict = None
            if verdict:
                return []
            verdicts.append(verdict)
        if all(v is False for v in verdicts):
            options = list(iter_readings(left))
        else:
            options = []
            for option in iter_readings(left):
                if _fits(option[1], stated, scales, approx):
                    return []
                options.append(option)
        if any(_fits(v, stated, scales, approx) for _, v in _lost_squares(left)):
            return []
        stacked = list(_stacked_fractions(left))
        if any(_fits(v, stated, scales, approx) for _, v in stacked):
            return []
        options += stacked
    return [] if any(_fits(v, stated, scales, approx) for _, v in options) else options


def _lost_squares(segment: Segment) -> Iterator[tuple[str, Interval]]:
    """Readings where a ² vanished altogether in copying: after one of the first three
    closing brackets (``n'=(1.96×950/100)≈347`` is (1.96×950/100)² = 346.7), or after the
    whole expression."""
    closes = [i for i, t in enumerate(segment.tokens) if t.kind == "close"][:3]
    for i in closes:
        end = segment.tokens[i].end
        tokens = (*segment.tokens[:i + 1], Token("sup", "²", end, end), *segment.tokens[i + 1:])
        value = _Parser(tokens, set()).parse()
        if value is not None:
            yield Segment("expression", tokens).text, value
    value = _Parser(segment.tokens, set()).parse()
    if value is not None:
        yield f"({segment.text})²", _pow(value, 2)


def _stacked_fractions(segment: Segment) -> Iterator[tuple[str, Interval]]:
    """The reading of a stacked fraction copied onto one line with its bars lost: the first
    ``/`` is the main bar, over everything after it, and each later ``/`` is a bar over the
    rest of its term. A real page's finite-population sample size,
    ``0.5*0.5/0.05*0.05/1.96*1.96+0.5*0.5/1000=278``, is 0.25 ÷ (0.0025/3.8416 + 0.25/1000) =
    277.5. Tried only on an expression with no brackets, two bars or more and a sum after
    the first."""
    tokens = segment.tokens
    bars = [i for i, t in enumerate(tokens) if t.kind == "op" and t.text == "/"]
    if len(bars) < 2 or any(t.kind in ("open", "close") for t in tokens) or not any(
            t.kind == "op" and t.text in "+-" for t in tokens[bars[0]:]):
        return
    out: list[Token] = [*tokens[:bars[0] + 1], Token("open", "(", tokens[bars[0]].end,
                                                     tokens[bars[0]].end)]
    inner = False
    for t in tokens[bars[0] + 1:]:
        if t.kind == "op" and t.text in "+-" and inner:
            out.append(Token("close", ")", t.start, t.start))
            inner = False
        out.append(t)
        if t.kind == "op" and t.text == "/":
            out.append(Token("open", "(", t.end, t.end))
            inner = True
    end = tokens[-1].end
    out += [Token("close", ")", end, end)] * (2 if inner else 1)
    value = _Parser(out, set()).parse()
    if value is not None:
        yield Segment("expression", tuple(out)).text, value


def mismatches(statement: Statement) -> list[Mismatch]:
    """The relations of ``statement`` that no reading makes true.

    Each expression is compared with the next plain number after it (through further
    expressions), each number with the number right after it.

    >>> [m.stated.text for m in mismatches(next(find_statements("385×1.15≈578")))]
    ['578']
    >>> mismatches(next(find_statements("n=1.962×0.5×(1—0.5)/0.052=384.16≈385")))
    []
    """
    found: list[Mismatch] = []
    segs, rels = statement.segments, statement.relations
    for i, left in enumerate(segs):
        if left.kind == "symbol":
            continue
        j = i + 1
        while j < len(segs) and segs[j].kind == "expression":
            j += 1
        if j >= len(segs) or segs[j].kind != "number":
            continue
        if left.kind == "number" and j != i + 1:
            continue
        stated = segs[j]
        approx = any(r == "≈" for r in rels[i:j])
        scales = _scales(left, stated)
        options = _unfit_readings(left, stated, scales, approx)
        if not options:
            continue
        shown, (lo, hi) = min(options, key=lambda o: abs((o[1][0] + o[1][1]) / 2 * scales[0]
                                                          - stated.printed.value))
        found.append(Mismatch(left, stated, shown, (lo + hi) / 2 * scales[0], approx))
    return found
