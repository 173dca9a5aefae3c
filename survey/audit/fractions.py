"""A share written with its fraction: 有效率为93.33%（28/30）, 自评受益率 84.78（802/946）.

Medical and public-health reports print a rate with the count and the base it is computed
from in brackets right after it. The fraction is the share's own count and base, so the
share is checked against it (``rate_mismatch``, ``percentage_impossible_for_n``: 846 ÷ 966
is 87.58%, not the 87.56% printed).

A bracketed pair is read as the share's fraction only when it is one: its numerator no
larger than its denominator, and its value within :data:`NEAR` percentage points of the
share (a misprint is close to the truth; ``（2019/2020）`` after 增长 5% is two years, and
``（3/12）`` may be a date). A satisfaction rate takes its fraction where the satisfaction
reader reads it (:func:`fraction_after`); this module reads the other shares.

Tables copied out of a PDF print the fractions as a row of their own under the row of
shares (84.78  97.07 … above (802/946)  (929/957) …). A row of k fractions is paired with
the last k numbers of the row above it (:func:`extract_rows`) when every pair is one share
and its fraction in the sense above and most of them agree to a tenth of a point (the
columns line up).

Medical papers print a table's rows as ``B 组 10 3(30.00) 4(40.00) 3(30.00)``: a row's
count n, then each answer's count with its percentage of n (:func:`extract_count_rows`).
Where such rows stand together and most of their cells agree with their row's n, every
cell is read as a share of n with its count.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from fractions import Fraction

from survey.audit import patterns as P
from survey.audit.context import Context
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, extractor
from survey.audit.text import Block

__all__ = ["NEAR", "extract", "extract_count_rows", "extract_rows", "fraction_after"]

NEAR = 5
"""How many percentage points a fraction may lie from its share and still be read as its
own (a misprint); further away it is some other pair of numbers."""

_WHOLE = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+"
_FRACTION = re.compile(r"\s*[(（]\s*(?P<a>" + _WHOLE + r")\s*/\s*(?P<b>" + _WHOLE + r")\s*[)）]")
"""A share's fraction in brackets: (28/30), (971/1,050)."""
_GROUPED = r"\d{1,3}(?: \d{3})+(?!\d)|\d+"
_CELL = re.compile(r"[(（]\s*(?P<a>" + _GROUPED + r")\s*/\s*(?P<b>" + _GROUPED + r")\s*[)）]")
"""A fraction cell of a copied table: (802/946), (1 046/1 204) with thin-space thousands."""
_ROW_GAP = re.compile(r"[ \t\u3000]*")
_CELL_GAP = re.compile(r"%?[ \t\u3000]+")
_ROW_END = re.compile(r"%?\s*[^\d\s()（）/%.]{0,10}\s*")
"""After a row of shares: its last % sign and the row's label (东部), which a copied table
puts on the line between the shares and their fractions."""
_CLOSE = Fraction(1, 10)
_CELL_WIDTH = 40
"""How far back a row's cells are looked for, per cell: a long line is not read whole."""
_SHARE = re.compile(r"(?P<num>" + P.NUMBER + r")\s*(?P<pct>%)?(?=" + _FRACTION.pattern + ")")


def fraction_after(ctx: Context, end: int, value: Fraction) -> tuple[int, int] | None:
    """The (count, base) in brackets right after the number ending at ``end`` whose value in
    percent is ``value``, when they are its fraction (see the module docstring)."""
    m = _FRACTION.match(ctx.masked, end)
    if m is None:
        return None
    a, b = (int(m.group(k).replace(",", "")) for k in "ab")
    if not 0 <= a <= b or b == 0 or abs(Fraction(100 * a, b) - value) > NEAR:
        return None
    return a, b


@extractor(priority=32)
def extract(ctx: Context, block: Block) -> Iterator[Claim | None]:
    """Shares with their fraction after them, in text (a table's cells are its own)."""
    if block.is_table:
        return
    for m in _SHARE.finditer(ctx.masked, block.start, block.end):
        value = Fraction(m.group("num"))
        if value > 100 or (m.group("pct") is None and "." not in m.group("num")):
            continue  # a bare whole number is no share: 3（1/2）
        found = fraction_after(ctx, m.end("pct") if m.group("pct") else m.end("num"), value)
        if found is None:
            continue
        count, base = found
        yield ctx.claim(ClaimKind.SHARE, m.span(), m.span("num"), percent=True, n=base,
                        details={"count": count, "source": "text", "n_source": "own"})


@extractor(priority=11, scope="document")
def extract_rows(ctx: Context) -> list[Claim]:
    """Shares whose fractions are printed as the row below them (see the module docstring)."""
    found: list[Claim | None] = []
    for cells in _fraction_rows(ctx.masked):
        numbers = _row_above(ctx.flow, cells[0].start(), len(cells))
        if not numbers:
            continue
        if not _lined_up(numbers, cells):
            continue
        for n, c in zip(numbers, cells, strict=True):
            a, b = (int(c.group(k).replace(" ", "")) for k in "ab")
            found.append(ctx.claim(ClaimKind.SHARE, n.span(), n.span(), percent=True, n=b,
                                   details={"count": a, "source": "table", "n_source": "own"}))
    return [c for c in found if c is not None]


def _row_above(flow: str, start: int, k: int) -> list[re.Match[str]]:
    """The last ``k`` numbers of the row of shares above a row of fractions starting at
    ``start``: the nearest line above with numbers, when only the row's label (and blank
    lines) stand between; its numbers taken from its end while only spaces separate them."""
    end = start
    for _ in range(4):  # the fractions' own indent, blank lines, a label line, the row
        line_start = max(flow.rfind("\n", 0, end) + 1, end - _CELL_WIDTH * (k + 1))
        numbers = list(P.NUMBER_RE.finditer(flow, line_start, end))
        if numbers:
            if _ROW_END.fullmatch(flow, numbers[-1].end(), start) is None:
                return []
            row = [numbers[-1]]
            for before in reversed(numbers[:-1]):
                if len(row) == k or _CELL_GAP.fullmatch(flow, before.end(), row[-1].start()) is None:
                    break
                row.append(before)
            return row[::-1] if len(row) == k else []
        if line_start == 0:
            return []
        end = line_start - 1
    return []


def _fraction_rows(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of two or more fraction cells on one line, separated by spaces only."""
    run: list[re.Match[str]] = []
    for m in _CELL.finditer(text):
        if run and _ROW_GAP.fullmatch(text, run[-1].end(), m.start()) is None:
            if len(run) >= 2:
                yield run
            run = []
        run.append(m)
    if len(run) >= 2:
        yield run


def _lined_up(numbers: list[re.Match[str]], cells: list[re.Match[str]]) -> bool:
    """Whether every number and the cell below it are a share and its fraction, and most
    of them agree to :data:`_CLOSE` (a column shifted by one agrees nowhere)."""
    close = 0
    for number, cell in zip(numbers, cells, strict=True):
        pair = _pair(number, cell)
        if pair is None:
            return False
        close += abs(pair[0] - 100 * pair[1]) <= _CLOSE
    return 2 * close >= len(cells)


def _pair(number: re.Match[str], cell: re.Match[str]) -> tuple[Fraction, Fraction] | None:
    """The share and the fraction ``a/b`` of a cell, when the cell may be the share's own
    (a ≤ b, within :data:`NEAR` points of it), else None."""
    a, b = (int(cell.group(k).replace(" ", "")) for k in "ab")
    value = Fraction(number.group())
    if b == 0 or not 0 <= a <= b or not 0 <= value <= 100 or abs(100 * Fraction(a, b) - value) > NEAR:
        return None
    return value, Fraction(a, b)


_COUNT_CELL = re.compile(r"(?P<a>\d+)\s*[(（]\s*(?P<num>\d+(?:\.\d+)?)\s*%?\s*[)）]")
_COUNT_ROW = re.compile(r"^[^\n\d]*?(?:\d+\s*[^\d\s(（][^\n\d]*?)?(?<![\d.])(?P<n>\d+)[ \t\u3000]+"
                        r"(?P<cells>(?:\d+\s*[(（]\s*\d+(?:\.\d+)?\s*%?\s*[)）][ \t\u3000]*){2,})$",
                        re.MULTILINE)
"""A row of n and its answers' n(%) cells: ``B 组 10 3(30.00) 4(40.00) 3(30.00)``."""


@extractor(priority=12, scope="document")
def extract_count_rows(ctx: Context) -> list[Claim]:
    """The n(%) cells of rows that give their n first (see the module docstring): rows on
    consecutive lines form one table, read only when two thirds of its cells agree with their
    row's n to a tenth of a point and no count exceeds it."""
    found: list[Claim | None] = []
    document = ctx.document

    def flow(pos: int) -> int:  # a text position's place in the flow (rows may be joined there)
        return bisect.bisect_left(document.flow_index, pos)

    for table in _count_tables(document.text):
        cells = [(n, c, row.start("cells")) for n, row in table
                 for c in _COUNT_CELL.finditer(row.group("cells"))]
        if any(int(c.group("a")) > n for n, c, _ in cells):
            continue
        close = sum(abs(Fraction(100 * int(c.group("a")), n) - Fraction(c.group("num"))) <= _CLOSE
                    for n, c, _ in cells)
        if 3 * close < 2 * len(cells):
            continue
        for n, cell, offset in cells:
            span = (flow(offset + cell.start()), flow(offset + cell.end() - 1) + 1)
            number = (flow(offset + cell.start("num")), flow(offset + cell.end("num") - 1) + 1)
            found.append(ctx.claim(ClaimKind.SHARE, span, number, percent=True, n=n,
                                   details={"count": int(cell.group("a")), "source": "table",
                                            "n_source": "own"}))
    return [c for c in found if c is not None]


def _count_tables(flow: str) -> Iterator[list[tuple[int, re.Match[str]]]]:
    """Runs of two or more :data:`_COUNT_ROW` lines, one after the other, each with its n."""
    run: list[tuple[int, re.Match[str]]] = []
    for row in _COUNT_ROW.finditer(flow):
        n = int(row.group("n"))
        if run and flow.count("\n", run[-1][1].end(), row.start()) != 1:
            if len(run) >= 2:
                yield run
            run = []
        if n > 0:
            run.append((n, row))
    if len(run) >= 2:
        yield run
