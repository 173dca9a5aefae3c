"""Sample size for a satisfaction survey, and the margin of error a sample achieves.

Cochran's formula for estimating a proportion p with margin e at confidence 1 − γ:

.. math::
    n_0 = \\frac{z^2\\,p(1-p)}{e^2}, \\qquad
    n = \\frac{n_0}{1 + (n_0 - 1)/N} \\quad\\text{(finite population of size N)}

rounded **up** to a whole questionnaire (``n_complete``); questionnaires to hand out are
``n_issue = ⌈n_complete / r⌉`` for an expected response rate r. z is the two-sided normal
quantile (1.959964 for 95 %). With e = 5 %, 95 % and p = 0.5 this gives the standard
values 385 (no population), 370 (N = 10,000) and 278 (N = 1,000).

The margin of error achieved by n answers is the inverse:

.. math:: e = z\\sqrt{p(1-p)/n}\\;\\sqrt{(N-n)/(N-1)}

the second factor (finite population correction) only where N is known; p = 0.5 gives the
largest (conservative) margin, the one reports quote as "抽样误差 ±5%".

Reference: Cochran (1977), *Sampling Techniques*, 3rd ed., §4.4–4.5 (eq. 4.2 and the
(n₀ − 1)/N correction).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from survey.errors import ParameterError
from survey.stats.intervals import normal_quantile

__all__ = ["SampleSize", "margin_of_error", "sample_size"]

#: The formula, printed with every result.
FORMULA = "n0 = z²·p·(1−p)/e²; n = n0/(1 + (n0−1)/N) when N is known; " \
    "n_complete = ⌈n⌉; n_issue = ⌈n_complete/r⌉"


@dataclass(frozen=True)
class SampleSize:
    """Questionnaires needed (``n_complete``) and to hand out (``n_issue``), with the inputs."""

    n_complete: int
    n_issue: int
    n0: float
    n_exact: float
    population: int | None
    margin: float
    confidence: float
    z: float
    expected_rate: float
    response_rate: float
    formula: str = FORMULA

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping (``survey sample-size --json``)."""
        return asdict(self)


#: Beyond these no survey is planned: z of a 1 − 10⁻¹² confidence, 10¹⁰ answers.
_MAX_CONFIDENCE = 1 - 1e-12
_MAX_Z = 7.1
_MAX_N = 1e10


def _ceil(x: float) -> int:
    # 400.00000000000006 is 400 questionnaires, not 401: clean float noise before rounding up.
    return math.ceil(round(x, 9))


def _check(name: str, value: float, low: float, high: float, *, closed_high: bool = False) -> None:
    ok = low < value < high or (closed_high and value == high)
    if not ok or not math.isfinite(value):
        bracket = "]" if closed_high else ")"
        hint = None
        if high == 1 and math.isfinite(value) and 1 < value <= 100:  # 5 meant as 5%
            hint = (f"A share is a fraction: for {value:g} percent write {value:g}% "
                    f"or {value / 100:g}.")
        raise ParameterError(f"{name} out of range", code=f"bad_{name.replace('-', '_')}",
                             expected=f"a number in ({low:g}, {high:g}{bracket}", got=value,
                             hint=hint)


def sample_size(
    *, population: int | None = None, margin: float = 0.05, confidence: float = 0.95,
    expected_rate: float = 0.5, response_rate: float = 1.0,
) -> SampleSize:
    """Questionnaires needed for a margin of error ``margin`` (Cochran, with FPC when N known).

    >>> [sample_size(population=N).n_complete for N in (None, 10_000, 1_000)]
    [385, 370, 278]
    >>> sample_size(population=1_000, response_rate=0.9).n_issue
    309
    """
    _check("margin", margin, 0, 1)
    _check("confidence", confidence, 0, 1)
    _check("expected-rate", expected_rate, 0, 1)
    _check("response-rate", response_rate, 0, 1, closed_high=True)
    if population is not None and (isinstance(population, bool) or int(population) != population
                                   or population < 1):
        raise ParameterError("population out of range", code="bad_population",
                             expected="a whole number of at least 1", got=population)
    z = normal_quantile(confidence)
    if not math.isfinite(z) or z > _MAX_Z:
        raise ParameterError("confidence too close to 1", code="bad_confidence",
                             expected=f"a confidence level below {_MAX_CONFIDENCE}",
                             got=confidence)
    squared = margin * margin
    n0 = z * z * expected_rate * (1 - expected_rate) / squared if squared > 0 else math.inf
    if not math.isfinite(n0) or n0 > _MAX_N:
        raise ParameterError("margin too small", code="bad_margin",
                             expected=f"a margin that needs at most {_MAX_N:.0e} answers",
                             got=margin, hint="No survey reaches that precision.")
    n = n0 if population is None else n0 / (1 + (n0 - 1) / population)
    # At least one answer: a tiny expected rate gives n0 < 1, never 0 questionnaires.
    n_complete = max(1, _ceil(n))
    if population is not None:
        n_complete = min(n_complete, int(population))
    return SampleSize(
        n_complete=n_complete, n_issue=_ceil(n_complete / response_rate), n0=n0, n_exact=n,
        population=None if population is None else int(population), margin=margin,
        confidence=confidence, z=z, expected_rate=expected_rate, response_rate=response_rate,
    )


def margin_of_error(
    n: int, *, population: int | None = None, confidence: float = 0.95,
    expected_rate: float = 0.5,
) -> float | None:
    """Margin of error (half-width, as a share) achieved by ``n`` answers; ``None`` if n = 0.

    With a known ``population`` the finite population correction √((N−n)/(N−1)) is applied
    (0 for a census). ``n`` larger than the population is a user error.

    >>> round(margin_of_error(385), 4), round(margin_of_error(46, population=50), 4)
    (0.0499, 0.0413)
    """
    _check("confidence", confidence, 0, 1)
    _check("expected-rate", expected_rate, 0, 1)
    if n <= 0:
        return None
    z = normal_quantile(confidence)
    e = z * math.sqrt(expected_rate * (1 - expected_rate) / n)
    if population is None:
        return e
    if n > population:
        raise ParameterError("more answers than the population holds",
                             code="sample_exceeds_population",
                             expected=f"a population of at least {n}", got=population)
    if population == 1:
        return 0.0
    return e * math.sqrt((population - n) / (population - 1))
