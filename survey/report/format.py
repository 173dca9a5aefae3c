"""Numbers as the report prints them: half-up rounding, fixed decimals, a dash when absent.

Formatting happens here and nowhere else in the report (computations never round).
Undefined figures (``None``, NaN, pandas' NA) print as the locale's "not available" mark.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from survey.locale import Language, text
from survey.rounding import format_number, format_percent

__all__ = ["Formatter", "is_missing", "whole"]


def whole(value: Any) -> int:
    """A count read from a frame cell (a numpy, pandas or Python integer, or a whole float).

    >>> whole(12.0), whole(7)
    (12, 7)
    """
    return int(value)


def is_missing(value: Any) -> bool:
    """True for ``None``, NaN, ±inf and pandas' missing markers.

    >>> is_missing(None), is_missing(float("nan")), is_missing(0.0), is_missing("治理成效")
    (True, True, False, False)
    """
    if value is None or isinstance(value, str):
        return value is None
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return bool(pd.isna(value)) if pd.api.types.is_scalar(value) else False


class Formatter:
    """Formatting for one language.

    >>> f = Formatter("zh-CN")
    >>> f.pct(31 / 46), f.num(0.83456, 3), f.count(1234), f.pct(None)
    ('67.39%', '0.835', '1234', '—')
    >>> f.interval(0.8866, 0.99617)
    '88.66%–99.62%'
    """

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        self.na = text(lang, "report_not_available")

    def pct(self, share: Any, decimals: int = 2) -> str:
        """A share (0–1) as a percentage: 0.673913 → '67.39%'."""
        return self.na if is_missing(share) else format_percent(float(share), decimals)

    def num(self, value: Any, decimals: int = 2) -> str:
        """A number with fixed decimals: 0.8345 → '0.835' (3 decimals)."""
        return self.na if is_missing(value) else format_number(float(value), decimals, strip=False)

    def plain(self, value: Any, decimals: int = 2) -> str:
        """A number without trailing zeros: 5.0 → '5', 4.90 → '4.9'."""
        return self.na if is_missing(value) else format_number(float(value), decimals)

    def count(self, value: Any) -> str:
        """A whole count: 46 → '46'."""
        return self.na if is_missing(value) else str(int(value))

    def interval(self, low: Any, high: Any, decimals: int = 2) -> str:
        """A percentage interval 'a%–b%' (the dash when either end is absent)."""
        if is_missing(low) or is_missing(high):
            return self.na
        return f"{format_percent(float(low), decimals)}–{format_percent(float(high), decimals)}"

    def num_interval(self, low: Any, high: Any, decimals: int = 3) -> str:
        """A number interval '[a, b]' (the dash when either end is absent)."""
        if is_missing(low) or is_missing(high):
            return self.na
        return f"[{self.num(low, decimals)}, {self.num(high, decimals)}]"

    def measure(self, value: Any, unit: str) -> str:
        """A satisfaction figure in its unit: a share as '87.67%', points or a mean level
        as '87.67' / '4.21'."""
        return self.pct(value) if unit == "share" else self.num(value, 2)

    def measure_interval(self, low: Any, high: Any, unit: str) -> str:
        """An interval in the figure's unit: '84.85%–90.02%' or '84.85–90.02'."""
        if unit == "share":
            return self.interval(low, high)
        if is_missing(low) or is_missing(high):
            return self.na
        return f"{self.num(low, 2)}–{self.num(high, 2)}"

    def p_value(self, p: Any) -> str:
        """A p-value for a table cell: '0.006', or '< 0.001' below 0.001."""
        if is_missing(p):
            return self.na
        return text(self.lang, "report_p_below", p="0.001") if float(p) < 0.001 else self.num(p, 3)

    def p_stated(self, p: Any) -> str:
        """A p-value with its relation, for a sentence: '= 0.006' or '< 0.001'."""
        cell = self.p_value(p)
        return cell if cell.startswith("<") else f"= {cell}"

    def level(self, confidence: float) -> str:
        """A confidence level: 0.95 → '95%'."""
        return f"{format_number(confidence * 100, 1)}%"
