"""The satisfaction items' answers of one frame, read once for every table and test.

:class:`ItemAnswers` holds each item's answers as their classes
(:func:`~survey.stats._answers.answer_classes`: the position among the item's levels
0 … L − 1, L for an excluded code (不了解), L + 1 for any other number, L + 2 for a blank),
one small-integer array per item, read from the frame one column at a time.

The satisfaction tables (:func:`~survey.stats.satisfaction.satisfaction_table`,
:func:`~survey.stats.satisfaction.dimension_table`,
:func:`~survey.stats.satisfaction.subgroup_table`) and the difference tests
(:func:`~survey.stats.differences.subgroup_differences`) read the same columns; each accepts
one ``ItemAnswers`` of the frame (``answers=``) and then reads none of them, with the same
figures. Without it, each reads the columns itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from survey.instrument.variables import Variable
from survey.stats._answers import answer_classes, numeric_answers
from survey.stats.conventions import scale_levels
from survey.stats.patterns import AnswerPatterns, answer_patterns

__all__ = ["ItemAnswers", "item_levels", "item_patterns"]


def item_levels(var: Variable) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The item's levels (scored codes, least to most favourable, reverse keying applied) and
    its satisfied codes (:func:`~survey.stats.conventions.scale_levels`)."""
    return scale_levels(var.codes, var.satisfied, var.excluded, reverse=var.reverse)


def item_patterns(classes: Mapping[str, np.ndarray], items: Sequence[Variable],
                  n_rows: int) -> AnswerPatterns:
    """The answer patterns of ``n_rows`` rows over ``items``
    (:func:`~survey.stats.patterns.answer_patterns`) from each item's answer ``classes``."""
    return answer_patterns([var.name for var in items], [classes[var.name] for var in items],
                           [len(item_levels(var)[0]) + 3 for var in items], n_rows=n_rows)


@dataclass(frozen=True)
class ItemAnswers:
    """The answers of ``items`` in a frame of ``n_rows`` rows: ``classes[name]`` is the
    item's answer classes (int16, read-only), in the frame's row order, and
    ``counts[name]`` the number of answers in each class (int64, L + 3 of them, read-only),
    counted once for every table of the whole frame; ``patterns`` each row's classes over
    all the items as one answer pattern (:func:`~survey.stats.patterns.answer_patterns`).

    Build it with :meth:`read`; a function given it takes the classes with :meth:`of`,
    which checks they are the answers of the frame and items it was asked about.
    """

    items: tuple[Variable, ...]
    classes: Mapping[str, np.ndarray]
    n_rows: int
    counts: Mapping[str, np.ndarray]
    patterns: AnswerPatterns

    @classmethod
    def read(cls, frame: pd.DataFrame, items: Sequence[Variable]) -> ItemAnswers:
        """Each item's column of ``frame`` converted once into answer classes.

        >>> from survey.instrument.variables import Variable
        >>> from survey.instrument.model import Option
        >>> sat = Variable("q", "q", "s", "likert_item", "Q",
        ...                tuple(Option(code=c, label=str(c)) for c in (1, 2, 3, 4, 5, 9)),
        ...                excluded=(9,), satisfied=(4, 5), satisfaction=True)
        >>> a = ItemAnswers.read(pd.DataFrame({"q": [5, 9, None, 7, 1]}), [sat])
        >>> a.classes["q"].tolist()
        [4, 5, 7, 6, 0]
        >>> a.counts["q"].tolist()
        [1, 0, 0, 0, 1, 1, 1, 1]
        """
        classes = {}
        for var in items:
            x = answer_classes(numeric_answers(frame[var.name]), item_levels(var)[0],
                               var.excluded)
            x.setflags(write=False)
            classes[var.name] = x
        patterns = item_patterns(classes, items, len(frame))
        counts = {}  # from the patterns' counts: no bincount of the rows per item
        for var in items:
            counts[var.name] = patterns.class_counts(var.name, len(item_levels(var)[0]) + 3)
            counts[var.name].setflags(write=False)
        return cls(tuple(items), MappingProxyType(classes), len(frame), MappingProxyType(counts),
                   patterns)

    def of(self, frame: pd.DataFrame, items: Sequence[Variable]) -> dict[str, np.ndarray]:
        """The classes of ``items``, when they are among these answers and ``frame`` has
        their number of rows; a ``ValueError`` otherwise (a caller's mistake, not the
        user's)."""
        known = {var.name: var for var in self.items}
        other = [var.name for var in items if known.get(var.name) != var]
        if len(frame) != self.n_rows or other:
            msg = (f"answers of {self.n_rows} rows with {', '.join(known) or 'no items'} "
                   f"given for a frame of {len(frame)} rows with "
                   f"{', '.join(v.name for v in items) or 'no items'}")
            raise ValueError(msg)
        return {var.name: self.classes[var.name] for var in items}

    def pattern_values(self, frame: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame | None:
        """One row per answer pattern (:attr:`patterns`) holding the items ``names``' answers
        as ``frame`` holds them (float64), so that a row-wise computation on those columns (a
        skip condition) gives each pattern's result, for each row to look up by its pattern.
        ``None`` where the patterns do not hold the values: a name not among the items, a
        column of ``frame`` that is not float64, an answer that is neither a level, the
        item's one excluded code nor a blank. A ``ValueError`` for another frame, as :meth:`of`.
        """
        known = {var.name: var for var in self.items}
        if any(name not in known for name in names):
            return None
        self.of(frame, [known[name] for name in names])
        patterns = self.patterns
        columns = {}
        for name in dict.fromkeys(names):
            var = known[name]
            if frame[name].dtype != np.float64:
                return None
            levels = item_levels(var)[0]
            excluded = list(var.excluded)
            classes = patterns.classes(name)
            values = np.full(len(levels) + 3, np.nan)  # a blank's class stays NaN
            values[:len(levels)] = levels
            if len(excluded) == 1:
                values[len(levels)] = excluded[0]
            unknown = [len(levels) + 1] if len(excluded) == 1 else [len(levels), len(levels) + 1]
            if patterns.counts[np.isin(classes, unknown)].any():
                return None
            columns[name] = values[classes]
        return pd.DataFrame(columns, columns=list(dict.fromkeys(names)))

    def counts_of(self, frame: pd.DataFrame, items: Sequence[Variable]) -> dict[str, np.ndarray]:
        """The class counts of ``items``, checked as :meth:`of` checks their classes."""
        self.of(frame, items)
        return {var.name: self.counts[var.name] for var in items}
