"""Confidence intervals used across the toolkit.

- :func:`wilson_interval` for a proportion (Wilson 1927; Newcombe 1998, method 3);
- :func:`feldt_interval` for Cronbach's α (Feldt 1965; Feldt, Woodruff & Salih 1987);
- :func:`t_quantile`, the two-sided critical value of Student's t for a mean's interval.
"""

from __future__ import annotations

import math

# The quantile functions themselves (scipy.stats's f, norm and t call exactly these); importing
# scipy.special takes a third of the time of scipy.stats, which neither `survey reliability`
# nor `survey run` needs.
from scipy import special

__all__ = ["feldt_interval", "normal_quantile", "t_quantile", "wilson_interval"]


def normal_quantile(confidence: float) -> float:
    """Two-sided critical value z for ``confidence`` (0.95 → 1.959964)."""
    return float(special.ndtri(0.5 + confidence / 2))


def t_quantile(confidence: float, df: float) -> float:
    """Two-sided critical value of Student's t with ``df`` degrees of freedom
    (``scipy.stats.t.ppf(0.5 + confidence / 2, df)``, which is ``scipy.special.stdtrit``).

    >>> round(t_quantile(0.95, 24), 6)
    2.063899
    """
    return float(special.stdtrit(df, 0.5 + confidence / 2))


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``successes / n``.

    .. math::
        \\frac{\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/4n^2}}{1 + z^2/n}

    ``n`` may be an effective sample size (not a whole number). Unlike the Wald interval it
    stays inside [0, 1] and is not degenerate at 0 % or 100 %.

    >>> [round(x, 4) for x in wilson_interval(45, 46)]
    [0.8866, 0.9962]
    """
    if n <= 0:
        raise ValueError("n must be positive")
    z = normal_quantile(confidence)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(max(p * (1 - p), 0.0) / n + z * z / (4 * n * n)) / denominator
    # At 0 and at n the bound is exactly 0 (or 1); floating point leaves ~1e-17 otherwise.
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    high = 1.0 if successes >= n else min(1.0, centre + half)
    return low, high


def feldt_interval(alpha: float, n: int, k: int, confidence: float = 0.95) -> tuple[float, float]:
    """Feldt's interval for Cronbach's α from ``n`` respondents and ``k`` items.

    .. math::
        [1 - (1-\\alpha) F_{1-\\gamma/2}(n-1, (n-1)(k-1)),\\;
         1 - (1-\\alpha) F_{\\gamma/2}(n-1, (n-1)(k-1))]

    with γ = 1 − confidence. ``n`` must be the number of rows actually used.
    """
    gamma = 1 - confidence
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1 - (1 - alpha) * special.fdtri(df1, df2, 1 - gamma / 2)
    high = 1 - (1 - alpha) * special.fdtri(df1, df2, gamma / 2)
    return float(low), float(high)
