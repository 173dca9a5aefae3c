"""One module per report section, each with ``build(ctx) -> (heading, blocks)``.

:data:`SECTIONS` is the order of a Chinese survey appendix (问卷调查报告): who and what was
surveyed, how they were sampled, questionnaires issued and returned, who answered,
reliability and validity, question by question, satisfaction and its ranking, the
indicator it feeds, and the data-quality appendix. Each entry is a typed :class:`Part`:
the section's id, its missing-data note, its builder, when it applies and its part of the
technical annex.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from survey.report.sections import (
    data_quality,
    fieldwork,
    indicators,
    methods,
    overview,
    profile,
    questions,
    reliability,
    satisfaction,
)

if TYPE_CHECKING:
    from survey.report.context import Context
    from survey.report.model import Block


def _always(ctx: Context) -> bool:
    return True


@dataclass(frozen=True)
class Part:
    """One section of the report: ``id`` (its anchor), ``missing`` (the locale key of its
    missing-data note), ``build``, ``applies`` (whether these results have the section)
    and ``annex`` (its part of the technical annex, if any)."""

    id: str
    missing: str
    build: Callable[[Context], tuple[str, list[Block]]]
    applies: Callable[[Context], bool] = _always
    annex: Callable[[Context], list[Block]] | None = None


#: Section builders in report order.
SECTIONS = (
    Part(overview.ID, overview.MISSING, overview.build),
    Part(methods.ID, methods.MISSING, methods.build),
    Part(fieldwork.ID, fieldwork.MISSING, fieldwork.build),
    Part(profile.ID, profile.MISSING, profile.build, profile.applies),
    Part(reliability.ID, reliability.MISSING, reliability.build, reliability.applies,
         reliability.annex),
    Part(questions.ID, questions.MISSING, questions.build, annex=questions.annex),
    Part(satisfaction.ID, satisfaction.MISSING, satisfaction.build, satisfaction.applies,
         satisfaction.annex),
    Part(indicators.ID, indicators.MISSING, indicators.build, indicators.applies),
    Part(data_quality.ID, data_quality.MISSING, data_quality.build, annex=data_quality.annex),
)

__all__ = ["SECTIONS", "Part"]
