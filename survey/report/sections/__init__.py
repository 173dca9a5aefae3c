"""One module per report section, each with ``build(ctx) -> Section``.

:data:`SECTIONS` is the order of a Chinese survey appendix (问卷调查报告): who and what was
surveyed, how they were sampled, questionnaires issued and returned, who answered,
reliability and validity, question by question, satisfaction and its ranking, the
indicator it feeds, and the data-quality appendix.
"""

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

#: Section builders in report order.
SECTIONS = (
    overview,
    methods,
    fieldwork,
    profile,
    reliability,
    questions,
    satisfaction,
    indicators,
    data_quality,
)

__all__ = ["SECTIONS"]
