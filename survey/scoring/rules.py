"""The scoring rules as arithmetic: weight w, target t, actual a → raw points.

Every rule is written for a "higher is better" target (≥, >); for a "≤" target the roles
of a and t swap where a ratio is taken, and the shortfall is a − t instead of t − a.
Shares are fractions (0.923 = 92.3 %); a percentage point is 0.01.

============== ========================================================================
rule           points (before clipping to [0, w] and rounding)
============== ========================================================================
proportional   达到目标值得满分，未达到目标值按比例扣分, read one of two ways:
               ``ratio``     w · min(1, a / t)              (5 × 92.3 % ÷ 95 % = 4.86)
               ``shortfall`` w − w · max(0, t − a)          (5 − 5 × 2.7 % = 4.87)
direct         w · a
tiers          the score of the first band whose bound a reaches, else 0
per_point      每降低 1 个百分点扣 N 分，扣完为止: w − N · 100 · max(0, t − a)
threshold      w at the target, 0 below the floor f, between them
               ``ratio``  w · a / t   or   ``linear``  w · (a − f) / (t − f)
============== ========================================================================

These functions return the unclipped, unrounded figure; :mod:`survey.scoring.indicators`
clips it to [0, w], rounds it half-up and writes the sentence. They are plain arithmetic, so
given :class:`fractions.Fraction` arguments they compute exactly (as the indicators do).

A ratio reading is undefined when it would divide by zero: a "higher is better" target of 0
(or below) that is not met (0 ÷ 0 for ``> 0%`` and an actual of 0), or a linear threshold
whose floor equals its target; the functions raise :class:`ZeroDivisionError` there, and the
indicator is not applicable rather than given full marks.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TypeVar

#: Floats, or fractions for exact arithmetic: every rule returns the kind it is given.
N = TypeVar("N", float, Fraction)

__all__ = ["direct", "per_point", "proportional", "shortfall", "threshold", "tier_index"]


def _higher_better(comparator: str) -> bool:
    return comparator != "<="


def shortfall(actual: N, target: N, comparator: str = ">=") -> N:
    """How far ``actual`` falls short of ``target`` (0 when it is reached).

    >>> round(shortfall(0.923, 0.95), 6), shortfall(0.97, 0.95), round(shortfall(0.12, 0.10, "<="), 6)
    (0.027, 0.0, 0.02)
    """
    gap = target - actual if _higher_better(comparator) else actual - target
    return gap if gap > 0 else type(gap)(0)


def proportional(
    weight: N, target: N, actual: N, comparator: str = ">=", reading: str = "ratio",
) -> N:
    """Points under 按比例扣分 in ``reading`` ``ratio`` or ``shortfall``.

    >>> round(proportional(5, 0.95, 0.923), 4), round(proportional(5, 0.95, 0.923, reading="shortfall"), 4)
    (4.8579, 4.865)
    >>> proportional(5, 0, 0, ">")
    Traceback (most recent call last):
    ZeroDivisionError: the ratio actual ÷ target is 0 ÷ 0 or has a target ≤ 0
    """
    if reading == "shortfall":
        return weight - weight * shortfall(actual, target, comparator)
    if _higher_better(comparator):
        if target <= 0:
            if actual > target:
                return weight
            raise ZeroDivisionError("the ratio actual ÷ target is 0 ÷ 0 or has a target ≤ 0")
        return weight * (actual / target) if actual < target else weight
    return weight if actual <= target else weight * target / actual


def direct(weight: N, actual: N) -> N:
    """w · a.

    >>> direct(5, 0.9)
    4.5
    """
    return weight * actual


def per_point(
    weight: N, target: N, actual: N, deduct: N, comparator: str = ">=",
) -> N:
    """w − N · (percentage points short of the target).

    >>> round(per_point(5, 0.95, 0.923, 0.5), 4), round(per_point(5, 0.95, 0.80, 0.5), 4)
    (3.65, -2.5)
    """
    return weight - deduct * 100 * shortfall(actual, target, comparator)


def threshold(
    weight: N, target: N, actual: N, floor: N, comparator: str = ">=", reading: str = "ratio",
) -> N:
    """Full marks at the target, nothing beyond the floor, ``ratio`` or ``linear`` between.

    >>> round(threshold(5, 0.9, 0.85, 0.6), 4), round(threshold(5, 0.9, 0.85, 0.6, reading="linear"), 4)
    (4.7222, 4.1667)
    >>> threshold(5, 0.9, 0.59, 0.6)
    0
    """
    higher = _higher_better(comparator)
    if shortfall(actual, target, comparator) == 0:
        return weight
    if (actual < floor) if higher else (actual > floor):
        return type(weight)(0)
    if reading == "linear":
        return weight * (actual - floor) / (target - floor)
    return proportional(weight, target, actual, comparator, "ratio")


def tier_index(actual: N, bounds: Sequence[N], comparator: str = ">=") -> int | None:
    """Index of the first band ``actual`` reaches (≥ bound, > bound or ≤ bound), else None.

    >>> tier_index(0.85, [0.9, 0.8, 0.6]), tier_index(0.9, [0.9, 0.8]), tier_index(0.5, [0.9, 0.6])
    (1, 0, None)
    """
    for index, bound in enumerate(bounds):
        if comparator == ">=" and actual >= bound:
            return index
        if comparator == ">" and actual > bound:
            return index
        if comparator == "<=" and actual <= bound:
            return index
    return None
