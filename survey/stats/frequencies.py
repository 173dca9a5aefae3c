"""Per-question counts and shares, each with its base.

- single choice: count and share of each option among the question's valid answers
  (base = respondents who were shown the question and answered it with a valid code);
- rating line (0–10, 1–5 …): count and share of each point among the valid answers, every
  point listed, chosen or not (base = respondents who answered);
- multiple choice: for each option, the share of **respondents** who ticked it (base =
  respondents who answered the question; shares add up to more than 100 %) and the share of
  **selections** (base = all ticks; shares add up to 100 %). Reports confuse the two, so
  both are given and labelled.

Answers stored as plain floats (how the response readers leave codes) are counted by
comparing them with each code, a block of rows at a time
(:func:`~survey.stats._answers.code_counts`); other column types keep pandas' ``isin`` and
``value_counts``. The counts are the same either way.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from survey.instrument.model import Instrument, MultipleChoice, Rating, SingleChoice
from survey.instrument.variables import variables
from survey.stats._answers import code_counts
from survey.stats.levels import SubgroupLevels

__all__ = ["FREQUENCY_COLUMNS", "frequency_table"]

FREQUENCY_COLUMNS = [
    "question", "variable", "code", "label", "count", "base", "share", "selections_base",
    "share_of_selections",
]


def _single(frame: pd.DataFrame, instrument: Instrument, question: SingleChoice | Rating,
            levels: SubgroupLevels | None = None) -> list[dict[str, object]]:
    kind = "rating" if isinstance(question, Rating) else "single"
    (var,) = [v for v in variables(instrument)  # not its "please specify" text variable
              if v.question == question.id and v.kind == kind]
    known = None if levels is None or var.name not in levels.plain else levels.of(frame, var)
    if known is not None and var.codes:
        # Plain float answers: the count of each option's position is its code's count.
        counted = {float(c): int(known[1][i]) for i, c in enumerate(var.codes)}
        base, counts = sum(counted.values()), counted
    else:
        base, counts = _code_counts(frame[var.name], var.codes)
    return [{
        "question": question.id, "variable": var.name, "code": o.code, "label": o.label,
        "count": counts.get(float(o.code), 0), "base": base,
        "share": (counts.get(float(o.code), 0) / base) if base else None,
        "selections_base": None, "share_of_selections": None,
    } for o in var.options]


def _code_counts(answers: pd.Series, codes: Sequence[int]) -> tuple[int, dict[float, int]]:
    """The answers that are one of ``codes`` (the base) and the count of each code."""
    if answers.dtype == np.float64 and codes:
        counted = dict(zip([float(c) for c in codes], code_counts(answers.to_numpy(), codes),
                           strict=True))
        return sum(counted.values()), counted
    valid = answers[answers.isin([float(c) for c in codes])]
    value_counts = valid.value_counts()
    return len(valid), {float(c): int(value_counts.get(float(c), 0)) for c in codes}


def _multiple(frame: pd.DataFrame, question: MultipleChoice) -> list[dict[str, object]]:
    names = [f"{question.id}_{o.code}" for o in question.options]
    # A tick is an answer of 1; a respondent with a tick answered the question.
    ticked = [(frame[name] == 1).to_numpy(dtype=bool, na_value=False) for name in names]
    base = int(np.logical_or.reduce(ticked).sum()) if ticked else 0
    counts = {name: int(t.sum()) for name, t in zip(names, ticked, strict=True)}
    selections = sum(counts.values())
    return [{
        "question": question.id, "variable": name, "code": o.code, "label": o.label,
        "count": int(counts[name]), "base": base,
        "share": int(counts[name]) / base if base else None,
        "selections_base": selections,
        "share_of_selections": int(counts[name]) / selections if selections else None,
    } for name, o in zip(names, question.options, strict=True)]


def frequency_table(frame: pd.DataFrame, instrument: Instrument, *,
                    levels: SubgroupLevels | None = None) -> pd.DataFrame:
    """Counts and shares for every single-choice, rating and multiple-choice question, one
    row per option or point. ``levels``: single-choice questions' levels already read from
    ``frame`` (:class:`~survey.stats.levels.SubgroupLevels`), whose counts are taken for
    the questions whose columns hold plain floats instead of reading those columns again."""
    rows: list[dict[str, object]] = []
    for question in instrument.questions():
        if isinstance(question, SingleChoice | Rating):
            rows += _single(frame, instrument, question, levels)
        elif isinstance(question, MultipleChoice):
            rows += _multiple(frame, question)
    table = pd.DataFrame(rows, columns=FREQUENCY_COLUMNS)
    # Counts stay whole numbers even where single-choice rows leave them empty.
    return table.astype({"count": "int64", "base": "int64", "selections_base": "Int64"})
