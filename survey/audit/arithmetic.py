"""The exact arithmetic behind the audit checks: what printed figures allow.

Every function here answers "could any data give this printed figure?" with exact rational
arithmetic (:class:`fractions.Fraction`), never floating point, so a share that a whole
count reaches exactly at a rounding tie is judged as the tie it is.

Printed numbers carry their precision: ``95.63`` is any true value that prints as 95.63
under one of the common rounding conventions (:data:`ROUNDINGS`): half-up (四舍五入, what
Excel and SPSS print), half-even (Python's ``round``, R's ``round``) and truncation
(what ``int()`` or a cell format without rounding gives).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from statistics import NormalDist
from typing import Literal

__all__ = [
    "ROUNDINGS",
    "Printed",
    "Rounding",
    "ScoreReading",
    "alpha_deleted_centre",
    "cochran_sizes",
    "count_range",
    "implied_bases",
    "normal_quantile",
    "ratio_roundings",
    "rounds_to",
    "score_readings",
    "share_roundings",
    "sum_interval",
    "z_matches",
]

Rounding = Literal["half_up", "half_even", "truncate"]
ROUNDINGS: tuple[Rounding, ...] = ("half_up", "half_even", "truncate")


def _ceil_div(a: int, b: int) -> int:
    return -((-a) // b)


@dataclass(frozen=True)
class Printed:
    """A number as printed: its digits as an integer and its decimal places.

    >>> p = Printed.parse("95.63")
    >>> p.scaled, p.decimals, p.value
    (9563, 2, Fraction(9563, 100))
    >>> Printed.parse("1,234.5").value
    Fraction(2469, 2)
    """

    scaled: int
    decimals: int

    @classmethod
    def parse(cls, text: str) -> Printed:
        """Parse ``-0.23``, ``95.63``, ``1,234.5`` (no percent sign).

        A report repeats its figures (the same 0.9 or 1% many times), so a text already
        parsed is looked up rather than parsed again.
        """
        return _parse_printed(text)

    @classmethod
    def _parse(cls, text: str) -> Printed:
        text = text.strip().replace(",", "")
        negative = text.startswith("-")
        digits = text.lstrip("+-")
        whole, _, frac = digits.partition(".")
        scaled = int((whole or "0") + frac)
        return cls(-scaled if negative else scaled, len(frac))

    @functools.cached_property
    def value(self) -> Fraction:
        """The printed value, exactly."""
        return Fraction(self.scaled, 10 ** self.decimals)

    @property
    def unit(self) -> Fraction:
        """One unit in the last printed place (0.01 for 95.63)."""
        return Fraction(1, 10 ** self.decimals)

    def interval(self) -> tuple[Fraction, Fraction]:
        """Every true value that prints as this under some rounding in :data:`ROUNDINGS`.

        Half-up and half-even cover [v − u/2, v + u/2]; truncation (toward zero) covers
        [v, v + u) for v ≥ 0 and (v − u, v] for v < 0. The union is returned as a closed
        interval, which errs on the side of accepting a figure.

        >>> [str(x) for x in Printed.parse("0.99").interval()]
        ['197/200', '1']
        """
        return _interval(self.scaled, self.decimals)

    def text(self) -> str:
        """The number as printed (``95.63``)."""
        sign = "-" if self.scaled < 0 else ""
        digits = str(abs(self.scaled)).rjust(self.decimals + 1, "0")
        if not self.decimals:
            return sign + digits
        return f"{sign}{digits[:-self.decimals]}.{digits[-self.decimals:]}"


@functools.lru_cache(maxsize=16384)
def _parse_printed(text: str) -> Printed:
    return Printed._parse(text)


@functools.lru_cache(maxsize=16384)
def _interval(scaled: int, decimals: int) -> tuple[Fraction, Fraction]:
    # [v − u/2, v + u] for v ≥ 0 and [v − u, v + u/2] below, over the common denominator
    twice = 2 * 10 ** decimals
    if scaled >= 0:
        return Fraction(2 * scaled - 1, twice), Fraction(2 * scaled + 2, twice)
    return Fraction(2 * scaled - 2, twice), Fraction(2 * scaled + 1, twice)


def rounds_to(x: Fraction, printed: Printed, mode: Rounding) -> bool:
    """Whether the exact value ``x`` prints as ``printed`` under ``mode``.

    >>> p = Printed.parse("95.62")
    >>> rounds_to(Fraction(9562_5, 1000), p, "half_even"), rounds_to(Fraction(95625, 1000), p, "half_up")
    (True, False)
    """
    scaled = x * 10 ** printed.decimals
    if mode == "truncate":
        got = math.trunc(scaled)
    elif mode == "half_even":
        got = round(scaled)  # Fraction rounds half to even
    else:
        got = math.floor(abs(scaled) + Fraction(1, 2)) * (1 if scaled >= 0 else -1)
    return bool(got == printed.scaled)


def ratio_roundings(numerator: int, denominator: int, printed_percent: Printed,
                    ) -> frozenset[Rounding]:
    """The conventions under which ``numerator / denominator`` prints as the percentage.

    >>> sorted(ratio_roundings(306, 320, Printed.parse("95.63")))   # 95.625 exactly
    ['half_up']
    >>> sorted(ratio_roundings(2, 46, Printed.parse("4.34")))      # 4.3478…
    ['truncate']
    """
    if denominator <= 0:
        return frozenset()
    x = Fraction(100 * numerator, denominator)
    return frozenset(m for m in ROUNDINGS if rounds_to(x, printed_percent, m))


def count_range(printed_percent: Printed, n: int, mode: Rounding) -> tuple[int, int] | None:
    """The whole counts k in 0..n whose share 100·k/n prints as ``printed_percent``.

    With V the printed digits, d the decimals and S = 100·10^d, the share prints as V when
    100·10^d·k/n lies in V's rounding interval: [V − ½, V + ½) for half-up, closed for
    an even V and open for an odd V under half-even, [V, V + 1) for truncation. Solving
    for k gives a range of integers (possibly empty), returned as (lowest, highest).

    >>> count_range(Printed.parse("11.36"), 44, "half_up")
    (5, 5)
    >>> count_range(Printed.parse("11.36"), 46, "half_up") is None
    True
    """
    if n <= 0 or printed_percent.scaled < 0:
        return None
    v, s = printed_percent.scaled, 100 * 10 ** printed_percent.decimals
    if mode == "half_up":
        lo, hi = _ceil_div((2 * v - 1) * n, 2 * s), _ceil_div((2 * v + 1) * n, 2 * s) - 1
    elif mode == "half_even":
        if v % 2 == 0:
            lo, hi = _ceil_div((2 * v - 1) * n, 2 * s), ((2 * v + 1) * n) // (2 * s)
        else:
            lo, hi = ((2 * v - 1) * n) // (2 * s) + 1, _ceil_div((2 * v + 1) * n, 2 * s) - 1
    else:
        lo, hi = _ceil_div(v * n, s), _ceil_div((v + 1) * n, s) - 1
    lo, hi = max(lo, 0), min(hi, n)
    return (lo, hi) if lo <= hi else None


def share_roundings(printed_percent: Printed, n: int) -> frozenset[Rounding]:
    """The conventions under which some whole count out of ``n`` gives the share.

    >>> sorted(share_roundings(Printed.parse("4.35"), 46))
    ['half_even', 'half_up']
    >>> share_roundings(Printed.parse("11.36"), 46)
    frozenset()
    """
    return frozenset(m for m in ROUNDINGS if count_range(printed_percent, n, m) is not None)


def implied_bases(shares: Sequence[Printed], candidates: Iterable[int], *,
                  complete: bool) -> dict[int, frozenset[Rounding]]:
    """The bases n (from ``candidates``) that give every share of one list, and how.

    One list is rounded one way, so a base fits under a convention when every share has a
    whole count under that convention; for a ``complete`` single-choice list the counts
    must also add up to n (Σ lowest ≤ n ≤ Σ highest).

    >>> shares = [Printed.parse(t) for t in ("11.36", "4.55", "13.64", "70.45")]
    >>> sorted(implied_bases(shares, range(40, 50), complete=True))
    [44]
    """
    found: dict[int, frozenset[Rounding]] = {}
    for n in candidates:
        modes = []
        for mode in ROUNDINGS:
            ranges = [count_range(p, n, mode) for p in shares]
            if any(r is None for r in ranges):
                continue
            if complete and not (sum(r[0] for r in ranges if r) <= n
                                 <= sum(r[1] for r in ranges if r)):
                continue
            modes.append(mode)
        if modes:
            found[n] = frozenset(modes)
    return found


def sum_interval(shares: Sequence[Printed]) -> tuple[Fraction, Fraction]:
    """The interval the printed shares' sum may take when the true shares add up to 100.

    Each true share lies in its printed interval [v − u/2, v + u] (:meth:`Printed.interval`),
    so true shares summing to 100 allow a printed sum in [100 − Σu, 100 + Σu/2].

    >>> [str(x) for x in sum_interval([Printed.parse("33.33")] * 3)]
    ['9997/100', '20003/200']
    """
    units = sum((p.unit for p in shares), Fraction(0))
    return Fraction(100) - units, Fraction(100) + units / 2


def alpha_deleted_centre(alpha: Fraction, k: int) -> Fraction:
    """The value (k−1)α/(k−α) that α-if-deleted values must lie on both sides of.

    Derivation (raw α; standardised α is the case of unit variances). Let V = Σσᵢ² be the
    sum of item variances and C = Σ_{i≠j} σᵢⱼ the sum of the covariances, ρ = C/V, so
    α = k/(k−1) · ρ/(1+ρ). Deleting item i leaves V₋ᵢ = V − σᵢ² and C₋ᵢ = C − 2cᵢ
    (cᵢ = Σ_{j≠i} σᵢⱼ), ρᵢ = C₋ᵢ/V₋ᵢ and α₋ᵢ = (k−1)/(k−2) · ρᵢ/(1+ρᵢ). Summing over i,
    Σ V₋ᵢ = (k−1)V and Σ C₋ᵢ = (k−2)C, hence

        Σᵢ (V₋ᵢ / ΣV₋ᵢ) · ρᵢ = (k−2)/(k−1) · ρ:

    a weighted mean of the ρᵢ with positive weights, so min ρᵢ ≤ (k−2)ρ/(k−1) ≤ max ρᵢ.
    α₋ᵢ increases with ρᵢ, so the same holds for the α₋ᵢ and the value of α₋ᵢ at
    ρᵢ = (k−2)ρ/(k−1), which simplifies to (k−1)α/(k−α). With equal item variances
    (standardised α) the weights are equal and the ρᵢ average exactly (k−2)ρ/(k−1); the
    audit uses only the weaker, always-true bound. It needs no assumption about the data
    beyond a positive total variance, so a violation means no data set gives the figures.
    (Defined for k ≥ 3 and α < k, which every α ≤ 1 satisfies.)

    >>> float(round(alpha_deleted_centre(Fraction("0.991"), 30), 4))
    0.9907
    >>> float(round(alpha_deleted_centre(Fraction("0.858"), 6), 4))
    0.8343
    """
    return (k - 1) * alpha / (k - alpha)


# --- indicator scores ------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreReading:
    """One reading of a scoring rule and the score interval it gives (``lo``–``hi``)."""

    name: Literal["full", "ratio", "shortfall", "direct", "zero", "per_point"]
    lo: Fraction
    hi: Fraction


def score_readings(
    weight: Fraction, comparator: str, target: Fraction, actual: tuple[Fraction, Fraction], *,
    percent: bool, per_point: tuple[Fraction, Fraction] | None = None,
) -> tuple[list[ScoreReading], list[ScoreReading], bool, bool]:
    """Scores each standard rule gives, split into the met and the not-met branch.

    ``actual`` is the interval of the true actual value (a printed actual is rounded);
    percentages are given in percent. Readings, with w the weight, t the target, a the
    actual (for a "≤" target the roles of a and t swap in the ratio):

    - ``full``: w when the target is met (达到目标值得满分);
    - ``ratio``: w · a / t, capped at w (按比例: 完成率 × 分值);
    - ``shortfall``: w · (1 − (t − a)/100) for percentages (按差额比例扣分);
    - ``direct``: w · a/100 for percentages (得分 = 分值 × 实际值);
    - ``zero``: 0 when not met (未达标不得分);
    - ``per_point``: w − c · (t − a)/s for a stated "每低于 s 个百分点扣 c 分".

    Returns (met readings, not-met readings, met possible, not-met possible).
    """
    a_lo, a_hi = actual
    at_most = comparator in ("<=", "<")
    met_possible = a_lo <= target if at_most else a_hi >= target
    unmet_possible = a_hi > target if at_most else a_lo < target

    def clip(x: Fraction) -> Fraction:
        """A score stays between 0 and the weight."""
        return min(max(x, Fraction(0)), weight)

    met = [ScoreReading("full", weight, weight)]
    unmet = [ScoreReading("zero", Fraction(0), Fraction(0))]
    if percent:
        met.append(ScoreReading("direct", clip(weight * a_lo / 100), clip(weight * a_hi / 100)))
        unmet.append(ScoreReading("direct", clip(weight * a_lo / 100),
                                  clip(weight * a_hi / 100)))
    if at_most:
        if a_hi > 0 and a_lo > 0:
            unmet.append(ScoreReading("ratio", clip(weight * target / a_hi),
                                      clip(weight * target / a_lo)))
        if percent:
            unmet.append(ScoreReading("shortfall", clip(weight * (1 - (a_hi - target) / 100)),
                                      clip(weight * (1 - (a_lo - target) / 100))))
    elif target > 0:
        unmet.append(ScoreReading("ratio", clip(weight * a_lo / target),
                                  clip(weight * a_hi / target)))
        if percent:
            unmet.append(ScoreReading("shortfall", clip(weight * (1 - (target - a_lo) / 100)),
                                      clip(weight * (1 - (target - a_hi) / 100))))
    if per_point is not None:
        step, cost = per_point
        gap_lo = (a_lo - target) if at_most else (target - a_hi)
        gap_hi = (a_hi - target) if at_most else (target - a_lo)
        gap_lo, gap_hi = max(gap_lo, Fraction(0)), max(gap_hi, Fraction(0))
        # linear, or counted in whole steps rounded down or up
        lows = [gap_lo / step, Fraction(math.floor(gap_lo / step)),
                Fraction(math.ceil(gap_lo / step))]
        highs = [gap_hi / step, Fraction(math.floor(gap_hi / step)),
                 Fraction(math.ceil(gap_hi / step))]
        unmet.append(ScoreReading("per_point", clip(weight - cost * max(highs)),
                                  clip(weight - cost * min(lows))))
    return met, unmet, met_possible, unmet_possible


# --- sample size -------------------------------------------------------------------------


def cochran_sizes(z: Fraction, variance: Fraction, margin: Fraction,
                  population: int | None) -> dict[str, Fraction]:
    """n₀ = z²·σ²/e² (Cochran 1977, eq. 4.2) and, with a population N, its corrections.

    σ² is p(1−p) for a proportion. The finite population correction is written two ways
    in practice: n₀ / (1 + (n₀ − 1)/N) (Cochran 4.3) and n₀ / (1 + n₀/N) = N·n₀/(N + n₀).
    With N, Yamane's shortcut N / (1 + N·e²) (Yamane 1967; z ≈ 2, p = 0.5) is also given,
    since evaluation reports often use it.

    >>> sizes = cochran_sizes(Fraction("1.96"), Fraction(1, 4), Fraction(5, 100), None)
    >>> float(sizes["n0"])
    384.16
    """
    n0 = z * z * variance / (margin * margin)
    sizes = {"n0": n0}
    if population:
        sizes["fpc_cochran"] = n0 / (1 + (n0 - 1) / population)
        sizes["fpc_simple"] = n0 / (1 + n0 / population)
        sizes["yamane"] = Fraction(population) / (1 + population * margin * margin)
    return sizes


def normal_quantile(confidence: float) -> float:
    """Two-sided critical value z of the standard normal for ``confidence``:
    Φ⁻¹(0.5 + confidence/2) (0.95 → 1.959964, 0.99 → 2.575829).

    :class:`statistics.NormalDist` computes Φ⁻¹ with Wichura's algorithm AS 241 (accurate
    to about 1e-16), so the audit needs no scipy.

    >>> round(normal_quantile(0.95), 6), round(normal_quantile(0.90), 6)
    (1.959964, 1.644854)
    """
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def z_matches(printed: Printed, exact: float) -> bool:
    """Whether a printed critical value z is the exact one at its precision (± one unit).

    One unit of slack accepts every common printing: 1.64, 1.645 and 1.65 for 1.6449.

    >>> z_matches(Printed.parse("1.65"), 1.6448536), z_matches(Printed.parse("1.2816"), 1.6448536)
    (True, False)
    """
    return abs(printed.value - Fraction(exact)) <= printed.unit + Fraction(1, 10 ** 9)
