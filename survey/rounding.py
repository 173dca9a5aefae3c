"""Rounding and number formatting for presentation (never inside a computation).

Evaluation reports round half-up (四舍五入), not half-even as Python's ``round`` does;
:func:`round_half_up` works on the decimal text so 2.675 → 2.68.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

__all__ = ["format_number", "format_percent", "round_half_up"]

_CLEAN = Decimal("1e-9")


def round_half_up(value: float, decimals: int = 2) -> float:
    """Round half away from zero at ``decimals`` places, as decimal arithmetic would.

    Binary floating point leaves noise: 5 × 0.8865 / 0.9 is 4.924999999999999 in a float
    but 4.925 in decimals. The value is first cleaned to 9 decimal places (far below any
    printed precision), then rounded half-up.

    >>> round_half_up(2.675), round(2.675, 2)
    (2.68, 2.67)
    >>> round_half_up(5 * 0.8865 / 0.9)
    4.93
    """
    return float(_decimal(value, decimals))


def _decimal(value: float, decimals: int) -> Decimal:
    cleaned = Decimal(repr(float(value))).quantize(_CLEAN, rounding=ROUND_HALF_EVEN)
    return cleaned.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: float, decimals: int = 2, *, strip: bool = True) -> str:
    """Half-up rounded text; ``strip`` drops trailing zeros (5.00 → 5, 4.90 → 4.9).

    >>> format_number(5.0), format_number(4.9166), format_number(4.9, strip=False)
    ('5', '4.92', '4.90')
    """
    text = f"{round_half_up(value, decimals):.{decimals}f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_percent(share: float, decimals: int = 2) -> str:
    """A share (0–1) as a percentage with fixed decimals, half-up: 0.978260 → '97.83%'.

    >>> format_percent(45 / 46)
    '97.83%'
    """
    return f"{_decimal(float(share) * 100, decimals):.{decimals}f}%"
