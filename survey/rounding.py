"""Rounding and number formatting for presentation (never inside a computation).

Evaluation reports round half-up (四舍五入), not half-even as Python's ``round`` does;
:func:`round_half_up` works on the decimal text so 2.675 → 2.68.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction

__all__ = ["exact", "format_number", "format_percent", "round_exact_half_up", "round_half_up"]

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


def exact(value: float | int | str | Fraction | Decimal) -> Fraction:
    """The exact rational value of a number as written: a float is read from its shortest
    decimal text (0.1 → 1/10, not the binary 0.1000000000000000055…).

    >>> exact(0.1), exact(0.92499999999), exact("95%"[:-1])
    (Fraction(1, 10), Fraction(92499999999, 100000000000), Fraction(95, 1))
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def round_exact_half_up(value: Fraction, decimals: int = 2) -> float:
    """Round an exact value half away from zero at ``decimals`` places, once, with no
    cleaning: 0.92499999999 → 0.92, 4.925 (5 × 0.8865 ÷ 0.9 exactly) → 4.93.

    >>> round_exact_half_up(Fraction(92499999999, 10**11)), round_exact_half_up(Fraction(197, 40))
    (0.92, 4.93)
    >>> round_exact_half_up(Fraction(-5, 1000))
    -0.01
    """
    scale = 10**decimals
    scaled = abs(value) * scale
    units = (scaled.numerator * 2 + scaled.denominator) // (scaled.denominator * 2)
    return float(Fraction(units if value >= 0 else -units, scale))


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
