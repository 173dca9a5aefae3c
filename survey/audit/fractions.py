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
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction

from survey.audit import patterns as P
from survey.audit.context import Context
from survey.audit.model import Claim
from survey.audit.registry import ClaimKind, extractor
from survey.audit.text import Block

__all__ = ["NEAR", "extract", "fraction_after"]

NEAR = 5
"""How many percentage points a fraction may lie from its share and still be read as its
own (a misprint); further away it is some other pair of numbers."""

_FRACTION = re.compile(r"\s*[(（]\s*(?P<a>\d+)\s*/\s*(?P<b>\d+)\s*[)）]")
_SHARE = re.compile(r"(?P<num>" + P.NUMBER + r")\s*(?P<pct>%)?(?=" + _FRACTION.pattern + ")")


def fraction_after(ctx: Context, end: int, value: Fraction) -> tuple[int, int] | None:
    """The (count, base) in brackets right after the number ending at ``end`` whose value in
    percent is ``value``, when they are its fraction (see the module docstring)."""
    m = _FRACTION.match(ctx.masked, end)
    if m is None:
        return None
    a, b = int(m.group("a")), int(m.group("b"))
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
