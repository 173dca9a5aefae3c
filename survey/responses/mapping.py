"""Map a response table onto an instrument's variables: labels and option numbers to codes.

A cell may hold a code (``4``), its printed label (``满意``), or, in a platform's code
download, the option's position in the printed list (问卷星 ``1`` = the first option, which
is code 5 on a scale printed 非常满意 … 非常不满意). Labels are compared after
normalisation (full-width forms, radical look-alikes, spaces and punctuation do not count).
A label that no option has is an error naming its row and column, never a silent missing
value. A multiple-choice question may arrive as one 0/1 column per option or as one column
of codes or labels joined by ``┋``, ``,``, ``，``, ``;`` or ``|``; "other" text written as
``其他〖…〗`` goes to the question's other-text variable where the instrument has one.

Platform markers are kept apart from answers: ``(跳过)``/``-3`` (the platform's logic skipped
the question) and ``(空)``/``-2`` (shown, left empty) become missing values and are listed
in :attr:`Mapped.markers` with their kind, so screening can tell them apart.

Conversion works on each column's distinct values (:func:`pandas.factorize`), so a million
rows cost as much Python work as their distinct labels.

The work is in three steps: :mod:`survey.responses.plan` decides from the header which
column feeds which variable and how, :mod:`survey.responses.recode` turns each column's
cells into codes, and :mod:`survey.responses.assemble` runs the plan over the row chunks
and assembles the frame, markers and report. This module is the entry point.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

import pandas as pd

from survey.instrument.model import Instrument
from survey.responses.assemble import MARKER_COLUMNS, Mapped, run_plan
from survey.responses.columns import DURATION_COLUMN
from survey.responses.plan import Numbers, plan_mapping
from survey.responses.platforms import Platform

__all__ = ["DURATION_COLUMN", "MARKER_COLUMNS", "Mapped", "Numbers", "map_responses", "map_table"]


def map_table(
    chunks: Iterable[pd.DataFrame],
    headers: list[str],
    instrument: Instrument,
    *,
    file: str | None = None,
    platform: Platform | Literal["auto"] = "auto",
    column_map: Mapping[str, str | None] | None = None,
    numbers: Numbers = "auto",
    keep_personal: bool = False,
    value_labels: Mapping[str, Mapping[float, str]] | None = None,
    column_labels: Mapping[str, str] | None = None,
    samples: pd.DataFrame | None = None,
) -> Mapped:
    """Map a table (given as row chunks with the header ``headers``) onto ``instrument``."""
    plan = plan_mapping(headers, instrument, file=file, platform=platform,
                        column_map=column_map, numbers=numbers, keep_personal=keep_personal,
                        value_labels=value_labels, column_labels=column_labels, samples=samples)
    return run_plan(plan, chunks, file=file)



def map_responses(
    raw: pd.DataFrame,
    instrument: Instrument,
    *,
    file: str | None = None,
    platform: Platform | Literal["auto"] = "auto",
    column_map: Mapping[str, str | None] | None = None,
    numbers: Numbers = "auto",
    keep_personal: bool = False,
) -> pd.DataFrame:
    """Map ``raw`` (cells indexed by file row) onto the instrument's variables.

    >>> from survey.instrument.model import Instrument
    >>> inst = Instrument.model_validate({"id": "t", "title": "t", "group": {"id": "g", "name": "g"},
    ...     "sections": [{"id": "s", "title": "s", "questions": [
    ...         {"id": "q1", "type": "single", "text": "您的性别", "options": [[1, "男"], [2, "女"]]}]}]})
    >>> raw = pd.DataFrame({"respondent_id": ["A", "B"], "q1": ["女", "1"]}, index=[2, 3])
    >>> map_responses(raw, inst)["q1"].tolist()
    [2.0, 1.0]
    """
    return map_table([raw], list(raw.columns), instrument, file=file, platform=platform,
                     column_map=column_map, numbers=numbers, keep_personal=keep_personal,
                     samples=raw.head(2000)).frame
