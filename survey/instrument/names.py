"""Variable names derived from a question and an option code: a leaf module, read by the
variable table (:mod:`survey.instrument.variables`) and the document checks alike."""

from __future__ import annotations

__all__ = ["option_variable", "specify_variable"]


def option_variable(question_id: str, code: int) -> str:
    """Name of the 0/1 (multiple choice) or rank (ranking) variable of one option.

    >>> option_variable("reasons", 3)
    'reasons_3'
    """
    return f"{question_id}_{code}"


def specify_variable(question_id: str, code: int) -> str:
    """Name of the text variable of an "other, please specify" option.

    >>> specify_variable("reasons", 6)
    'reasons_6_text'
    """
    return f"{question_id}_{code}_text"
