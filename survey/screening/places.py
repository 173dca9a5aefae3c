"""Where a screening finding is, in the questionnaire's words (never a column name).

A finding's ``column`` is a variable (``sat_2``), a question id, the respondent-id column,
a platform column the reader adds (completion time, IP key) or ``*`` for the whole
questionnaire; :func:`finding_place` says each in words: 第 7 题第 2 小题, 问卷编号, 答题用时,
整份问卷.
"""

from __future__ import annotations

from survey.instrument.model import Instrument
from survey.instrument.variables import variable_place
from survey.locale import Language, text
from survey.responses.mapping import DURATION_COLUMN
from survey.responses.personal import IP_KEY_COLUMN

__all__ = ["finding_place"]


def finding_place(instrument: Instrument, column: str, lang: Language = "zh-CN") -> str:
    """The place of a finding at ``column`` in words (``column`` itself when the
    instrument does not know it)."""
    if column in ("*", "", "None"):
        return text(lang, "screening_place_questionnaire")
    if column == instrument.id_column:
        return text(lang, "screening_place_id")
    if column == DURATION_COLUMN:
        return text(lang, "screening_place_duration")
    if column == IP_KEY_COLUMN:
        return text(lang, "screening_place_ip")
    return variable_place(instrument, column, lang)
