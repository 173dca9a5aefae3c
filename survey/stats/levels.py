"""The subgroup questions' answers of one frame, read once for every table that reads them.

:class:`SubgroupLevels` holds each subgroup variable's level per row (:func:`level_positions`:
the position of its code among the question's options, then a class for a blank and one
for any other answer) and the number of rows at each level, each column read once. The
subgroup table (:func:`~survey.stats.satisfaction.subgroup_table`) groups the rows by
them; the difference tests (:func:`~survey.stats.differences.subgroup_differences`) take
the distinct codes answered from them where every answer is an option or a blank; the
frequency table (:func:`~survey.stats.frequencies.frequency_table`) takes each option's
count from them where the column holds plain floats (the answers it counts by their slots).
Each accepts them as ``levels=`` and otherwise reads the column itself, with the same
figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variables
from survey.stats._answers import map_slots, numeric_answers, slot_lookup

__all__ = ["SubgroupLevels", "level_positions"]


def level_positions(codes: np.ndarray, options: Sequence[int]) -> np.ndarray:
    """Each row's subgroup level (int16): the position of its code among ``options``,
    ``len(options)`` for a blank, ``len(options) + 1`` for any other answer.

    >>> level_positions(np.array([2.0, np.nan, 1.0, 7.0, 1.5]), [1, 2]).tolist()
    [1, 2, 0, 3, 3]
    """
    size = len(options)
    if not size:
        out = np.full(len(codes), size + 1, dtype=np.int16)
        out[np.isnan(codes)] = size
        return out
    low, high = min(int(c) for c in options), max(int(c) for c in options)
    return map_slots(codes, low, high, slot_lookup(options, low, high, np.int16, size + 1,
                                                   size))


@dataclass(frozen=True)
class SubgroupLevels:
    """The levels of single-choice questions in a frame of ``n_rows`` rows: ``positions``
    (int16, read-only, :func:`level_positions` over the variable's options) and ``sizes``
    (the rows at each position, ``len(options) + 2`` of them) per variable name;
    ``plain``: the names whose column holds float64 answers.

    Build it with :meth:`read`; a function given it takes a variable's levels with
    :meth:`of`."""

    variables: tuple[Variable, ...]
    positions: Mapping[str, np.ndarray]
    sizes: Mapping[str, np.ndarray]
    plain: frozenset[str]
    n_rows: int

    @classmethod
    def read(cls, frame: pd.DataFrame, instrument: Instrument,
             names: Sequence[str]) -> SubgroupLevels:
        """The levels of the single-choice questions among ``names`` (other names are left
        to the functions that check them)."""
        singles = {v.name: v for v in variables(instrument) if v.kind == "single"}
        chosen = [singles[name] for name in dict.fromkeys(names) if name in singles]
        positions, sizes = {}, {}
        for var in chosen:
            x = level_positions(numeric_answers(frame[var.name]), var.codes)
            per_level = np.bincount(x, minlength=len(var.codes) + 2)
            for array in (x, per_level):
                array.setflags(write=False)
            positions[var.name], sizes[var.name] = x, per_level
        plain = frozenset(v.name for v in chosen if frame[v.name].dtype == np.float64)
        return cls(tuple(chosen), MappingProxyType(positions), MappingProxyType(sizes), plain,
                   len(frame))

    def of(self, frame: pd.DataFrame, var: Variable) -> tuple[np.ndarray, np.ndarray] | None:
        """The ``positions`` and ``sizes`` of ``var`` when read here, ``None`` when not; a
        ``ValueError`` when ``frame`` has another number of rows (a caller's mistake)."""
        if len(frame) != self.n_rows:
            msg = f"levels of {self.n_rows} rows given for a frame of {len(frame)} rows"
            raise ValueError(msg)
        if var not in self.variables:
            return None
        return self.positions[var.name], self.sizes[var.name]
