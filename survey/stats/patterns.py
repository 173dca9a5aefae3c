"""Each respondent's answer pattern: the answer classes of every item at once, numbered.

The satisfaction items' answers are small integers per item
(:func:`~survey.stats._answers.answer_classes`); a respondent's classes over all the items
form a pattern, and a survey has few of them however many respondents it has (the
1,000,000-row benchmark: 139). :func:`answer_patterns` numbers the patterns once, so that
anything a respondent's classes decide (the linearised overall figure's term zᵢ, the mean
level a difference test ranks, the items' cross-products) is computed once per pattern and
then looked up by one index per row, or counted with one ``bincount``, instead of adding
up the items row by row.

The patterns are numbered by the mixed-radix number of their classes (item j's class is a
digit in base ``widths[j]``), counted with ``bincount``. When that number could pass
:data:`LIMIT`, the patterns found so far are renumbered densely first (the same
``bincount``, or ``np.unique`` past the limit), and the digits continue from there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["LIMIT", "AnswerPatterns", "PatternAnswers", "PatternColumn", "answer_patterns"]

LIMIT = 1 << 22
"""The largest range of pattern numbers counted with ``bincount`` (32 MiB of counts)."""

ValidValues = Callable[[np.ndarray], np.ndarray]
"""A per-class table's value at each valid answer of an item, in row order (see
:func:`~survey.stats.conventions.valid_values`)."""


@dataclass(frozen=True)
class AnswerPatterns:
    """The patterns of the items ``names`` in some rows: ``rows`` (intp) is each row's
    pattern, ``table`` (int16, patterns × items) each pattern's class of each item, and
    ``counts`` (int64) the number of rows of each pattern. Patterns are in ascending order
    of their classes read as digits, the first item's the most significant; each has a row
    among the rows they were numbered on (:func:`answer_patterns`), not necessarily among
    a subset's (:meth:`subset`)."""

    names: tuple[str, ...]
    rows: np.ndarray
    table: np.ndarray
    counts: np.ndarray

    def classes(self, name: str) -> np.ndarray:
        """Each pattern's class of the item ``name``."""
        return self.table[:, self.names.index(name)]

    def class_counts(self, name: str, width: int) -> np.ndarray:
        """The number of rows in each class 0 … ``width`` − 1 of the item ``name`` (int64),
        as a ``bincount`` of the rows' classes gives it, from the patterns' counts."""
        counts: np.ndarray = self.counts @ (self.classes(name)[:, None] == np.arange(width))
        return counts.astype(np.int64, copy=False)

    def column(self, name: str) -> PatternColumn:
        """The item ``name``'s classes in these rows, through their patterns."""
        return PatternColumn(self.rows, self.classes(name))

    def subset(self, rows: np.ndarray) -> AnswerPatterns:
        """The patterns of some of the rows (``rows``: their patterns, in their order)."""
        return AnswerPatterns(self.names, rows, self.table,
                              np.bincount(rows, minlength=len(self.counts)))


@dataclass(frozen=True)
class PatternColumn:
    """One item's answer classes in some rows, held as each row's pattern (``rows``) and
    each pattern's class (``classes``): the array ``classes[rows]``, never made."""

    rows: np.ndarray
    classes: np.ndarray

    def __len__(self) -> int:
        return len(self.rows)

    def class_counts(self, width: int) -> np.ndarray:
        """The number of rows in each class 0 … ``width`` − 1 (int64)."""
        per_pattern = np.bincount(self.rows, minlength=len(self.classes))
        counts: np.ndarray = per_pattern @ (self.classes[:, None] == np.arange(width))
        return counts.astype(np.int64, copy=False)

    def valid_values(self, size: int, n: int) -> ValidValues:
        """:class:`ValidValues` of the rows whose class is below ``size`` (``n`` of them)."""
        rows = self.rows
        if n < len(rows):
            rows = rows[(self.classes < size)[rows]]
        return lambda table: np.take(np.take(table, self.classes, mode="clip"), rows)


class PatternAnswers(Mapping[str, np.ndarray]):
    """Each item's answer classes in the rows of ``patterns`` (one array per item, in row
    order, as :func:`~survey.stats.answers.item_answers` reads them), made from the
    patterns when first asked for: a table that needs only counts and patterns makes none."""

    def __init__(self, patterns: AnswerPatterns) -> None:
        self.patterns = patterns
        self.made: dict[str, np.ndarray] = {}

    def __getitem__(self, name: str) -> np.ndarray:
        if name not in self.patterns.names:
            raise KeyError(name)
        if name not in self.made:
            self.made[name] = self.patterns.classes(name).take(self.patterns.rows)
        return self.made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.patterns.names)

    def __len__(self) -> int:
        return len(self.patterns.names)


def answer_patterns(names: Sequence[str], classes: Sequence[np.ndarray], widths: Sequence[int],
                    *, n_rows: int | None = None, limit: int = LIMIT) -> AnswerPatterns:
    """The patterns of the items ``names`` from their ``classes`` (equally long arrays of
    small non-negative integers), item j's classes below ``widths[j]``. ``n_rows``: the
    number of rows (the classes' length; needed without items, when every row has the one
    empty pattern).

    >>> p = answer_patterns(["a", "b"], [np.array([0, 2, 0, 1]), np.array([1, 1, 1, 0])],
    ...                     [3, 2])
    >>> p.rows.tolist(), p.table.tolist(), p.counts.tolist()
    ([0, 2, 0, 1], [[0, 1], [1, 0], [2, 1]], [2, 1, 1])
    """
    n = len(classes[0]) if classes else int(n_rows or 0)
    key = np.zeros(n, dtype=np.intp)
    table = np.zeros((1, 0), dtype=np.int16)  # the one pattern of no items
    span = 1  # the range of key
    digits: list[int] = []  # the widths of the digits added since the last renumbering
    for x, width in zip(classes, widths, strict=True):
        if span * width > limit:
            key, table, _ = _renumber(key, span, table, digits, limit)
            span, digits = len(table), []
        key *= width
        key += x
        span *= width
        digits.append(width)
    key, table, counts = _renumber(key, span, table, digits, limit)
    return AnswerPatterns(tuple(names), key, table, counts)


def _renumber(key: np.ndarray, span: int, table: np.ndarray, digits: Sequence[int],
              limit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``key`` (below ``span``: a pattern number of ``table`` followed by ``digits``)
    renumbered 0 … P − 1 in ascending order, the P patterns' table and row counts."""
    if span <= limit:
        per_key = np.bincount(key, minlength=span)
        values = np.flatnonzero(per_key)
        lookup = np.zeros(span, dtype=np.intp)
        lookup[values] = np.arange(len(values))
        rows, counts = lookup.take(key), per_key[values]
    else:
        values, rows, counts = np.unique(key, return_inverse=True, return_counts=True)
        rows = rows.astype(np.intp, copy=False)
    columns = []
    rest = values.astype(np.intp)
    for width in reversed(digits):
        columns.append((rest % width).astype(np.int16))
        rest //= width
    out = np.column_stack([table[rest], *reversed(columns)]) if columns else table[rest]
    return rows, out.astype(np.int16, copy=False), counts.astype(np.int64, copy=False)
