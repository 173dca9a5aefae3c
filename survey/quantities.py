"""One reading of the numbers people write: targets, shares, weights, counts and dates.

The command line and the YAML definitions read numbers through these functions, so whatever
``survey score --target`` accepts, ``target:`` in an analysis spec accepts too, and every
number is checked where it enters: not a number, infinite, negative where nothing can be,
above 100 % where a share cannot be, a count below its minimum or beyond any population.

Forms read
----------
- share: ``92.3%``, ``92.3％``, ``0.923`` (a bare number above 1 is refused in a share:
  ``write 92.3%``), full-width digits (``９０％``);
- target: a share or level with an optional comparator in front (``≥90%``, ``>= 0.9``,
  ``≤5%``, ``不低于90%``), or the mapping ``{">=": 0.9}`` (the value may itself be
  ``"90%"``), or a bare number (``>=``);
- weight: points, finite, above 0 and at most :data:`MAX_WEIGHT`;
- count: a whole number (``1,000`` and ``300.0`` are read; ``3.5`` is not) between a
  minimum and :data:`MAX_COUNT`;
- date: ``2026-11-21``, ``2026/11/21``, ``2026.11.21``, ``2026年11月21日``.

Each function raises :class:`QuantityError` (a ``ValueError``) whose message says what was
expected and what was found; pydantic turns it into a located error in a YAML file and the
command line into a ``--flag`` error with exit 2 (:func:`cli_value`). The module imports
no third-party library, so the command line's start-up stays light.

>>> parse_share("92.3%"), parse_target("≥90%"), parse_target({"<=": "5%"})
(0.923, ('>=', 0.9), ('<=', 0.05))
>>> parse_count("1,000"), parse_weight("5"), parse_date("2026年11月2日").isoformat()
(1000, 5.0, '2026-11-02')
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from survey.errors import ParameterError

__all__ = [
    "COMPARATORS",
    "MAX_COUNT",
    "MAX_WEIGHT",
    "QuantityError",
    "cli_value",
    "parse_count",
    "parse_date",
    "parse_number",
    "parse_share",
    "parse_target",
    "parse_weight",
]

#: Larger than any population surveyed (the world's is about 8·10⁹); keeps arithmetic exact.
MAX_COUNT = 10**10
#: An indicator's weight is points out of an index system's total (usually 100).
MAX_WEIGHT = 1000.0

#: Comparator spellings, each read as one of ``>=``, ``>``, ``<=``.
COMPARATORS: dict[str, str] = {
    ">=": ">=", "≥": ">=", "⩾": ">=", "=>": ">=", "不低于": ">=", "不少于": ">=", "达到": ">=",
    ">": ">", "高于": ">",
    "<=": "<=", "≤": "<=", "⩽": "<=", "=<": "<=", "不高于": "<=", "不超过": "<=",
}
_COMPARATOR_RE = re.compile("^(" + "|".join(sorted(map(re.escape, COMPARATORS), key=len,
                                                        reverse=True)) + r")\s*")


class QuantityError(ValueError):
    """A number that cannot be what it stands for: ``expected …, got …``."""

    def __init__(self, what: str, expected: str, got: object, hint: str | None = None) -> None:
        self.what, self.expected, self.got, self.hint = what, expected, got, hint
        text = f"{what + ': ' if what else ''}expected {expected}, got {got!r}"
        super().__init__(text + (f". {hint}" if hint else ""))


def _text(value: str) -> str:
    # NFKC folds full-width digits, ％ and ＞ into their ASCII forms; ≥ and ≤ are kept.
    return unicodedata.normalize("NFKC", value).strip().replace(",", "").replace(" ", "")


def _decimal(value: object, what: str, expected: str) -> tuple[Decimal, bool]:
    """(exact value, written with %). Refuses booleans, NaN, infinities and non-numbers."""
    if isinstance(value, bool) or value is None:
        raise QuantityError(what, expected, value)
    percent = False
    try:
        if isinstance(value, int):
            exact = Decimal(value)
        elif isinstance(value, float):
            exact = Decimal(repr(value))
        elif isinstance(value, Decimal):
            exact = value
        elif isinstance(value, str):
            raw = _text(value)
            percent = raw.endswith("%")
            exact = Decimal(raw.removesuffix("%"))
        else:
            raise QuantityError(what, expected, value)
    except InvalidOperation:
        raise QuantityError(what, expected, value) from None
    if not exact.is_finite() or not math.isfinite(float(exact)):
        raise QuantityError(what, f"a finite number ({expected})", value)
    return exact, percent


def parse_number(value: object, *, what: str = "number", minimum: float | None = None,
                 maximum: float | None = None) -> float:
    """A finite number, optionally within [minimum, maximum].

    >>> parse_number("１２.５")
    12.5
    """
    expected = "a number"
    if minimum is not None and maximum is not None:
        expected = f"a number from {minimum:g} to {maximum:g}"
    elif minimum is not None:
        expected = f"a number of at least {minimum:g}"
    exact, percent = _decimal(value, what, expected)
    number = float(exact / 100 if percent else exact)
    if (minimum is not None and number < minimum) or (maximum is not None and number > maximum):
        raise QuantityError(what, expected, value)
    return number


def parse_share(value: object, *, what: str = "share", above_one: bool = False,
                negative: bool = False, unit: str = "share") -> float:
    """A share as a fraction: ``92.3%`` and ``0.923`` are both 0.923 (exactly).

    ``unit="scale"`` reads a mean level (4.21 on 1–5) instead, where ``%`` is refused.
    ``above_one`` allows shares above 100 % (a growth rate), ``negative`` below 0.

    >>> parse_share("0.9"), parse_share(90, unit="scale")
    (0.9, 90.0)
    """
    if unit == "scale":
        exact, percent = _decimal(value, what, "a mean level such as 4.2")
        if percent:
            raise QuantityError(what, "a mean level such as 4.2 (the unit is a scale level)",
                                value)
        if exact < 0:
            raise QuantityError(what, "a mean level of at least 0", value)
        return float(exact)
    expected = "a share such as 92.3% or 0.923"
    exact, percent = _decimal(value, what, expected)
    share = exact / 100 if percent else exact
    if not percent and share > 1 and not above_one:
        raise QuantityError(what, "a share from 0 to 1, or a percentage with %", value,
                            hint=f"Write {value}% for a percentage.")
    if share > 1 and not above_one:
        raise QuantityError(what, "a share of at most 100%", value)
    if share < 0 and not negative:
        raise QuantityError(what, "a share of at least 0%", value)
    return float(share)


def parse_target(value: object, *, what: str = "target", unit: str | None = None
                 ) -> tuple[str, float]:
    """(comparator, value) of a target: ``90%``, ``≥90%``, ``{">=": 0.9}``, ``0.9``.

    With ``unit=None`` (a spec, whose unit follows from its convention) a bare number is
    kept as written and a percentage becomes its share; ``share`` or ``scale`` check it as
    :func:`parse_share` does.

    >>> parse_target("不低于 95%"), parse_target(4.2)
    (('>=', 0.95), ('>=', 4.2))
    """
    if isinstance(value, dict):
        if len(value) != 1:
            raise QuantityError(what, 'one comparator and its value, e.g. {">=": 0.9}', value)
        ((comparator, number),) = value.items()
        comparator = COMPARATORS.get(_text(str(comparator)))
        if comparator is None:
            raise QuantityError(what, "a comparator among >=, >, <=", value)
    elif isinstance(value, str):
        raw = _text(value)
        match = _COMPARATOR_RE.match(raw)
        comparator = COMPARATORS[match.group(1)] if match else ">="
        number = raw[match.end():] if match else raw
    else:
        comparator, number = ">=", value
    if unit is None:
        exact, percent = _decimal(number, what, "a share such as 90% or a level such as 4.2")
        share = exact / 100 if percent else exact
        if share < 0:
            raise QuantityError(what, "a value of at least 0", value)
        return comparator, float(share)
    return comparator, parse_share(number, what=what, unit=unit)


def parse_weight(value: object, *, what: str = "weight") -> float:
    """An indicator's weight in points: finite, above 0, at most :data:`MAX_WEIGHT`."""
    expected = f"points above 0 and at most {MAX_WEIGHT:g}"
    exact, percent = _decimal(value, what, expected)
    if percent or not 0 < exact <= Decimal(str(MAX_WEIGHT)):
        raise QuantityError(what, expected, value)
    return float(exact)


def parse_count(value: object, *, what: str = "count", minimum: int = 0,
                maximum: int = MAX_COUNT) -> int:
    """A whole number from ``minimum`` to ``maximum`` (``1,000`` and ``300.0`` read)."""
    expected = f"a whole number from {minimum} to {maximum}"
    exact, percent = _decimal(value, what, expected)
    if percent or exact != exact.to_integral_value() or not minimum <= exact <= maximum:
        raise QuantityError(what, expected, value)
    return int(exact)


_DATE_RE = re.compile(r"^(\d{4})(?:-|/|\.|年)(\d{1,2})(?:-|/|\.|月)(\d{1,2})日?$")


def parse_date(value: object, *, what: str = "date") -> _dt.date:
    """A calendar date: ``2026-11-21``, ``2026/11/21``, ``2026.11.21``, ``2026年11月21日``."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    expected = "a date such as 2026-11-21"
    match = _DATE_RE.match(_text(value)) if isinstance(value, str) else None
    if match is None:
        raise QuantityError(what, expected, value)
    try:
        return _dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise QuantityError(what, f"{expected} that exists", value) from None


T = TypeVar("T")


def cli_value(parse: Callable[..., T], text: str, flag: str, **options: object) -> T:
    """``parse(text)`` for the command-line option ``--flag``; a bad value becomes a
    :class:`~survey.errors.ParameterError` naming the option (exit 2)."""
    try:
        return parse(text, what=f"--{flag}", **options)
    except QuantityError as exc:
        raise ParameterError(f"--{flag} is not valid", code="bad_number",
                             expected=exc.expected, got=text, hint=exc.hint) from None
