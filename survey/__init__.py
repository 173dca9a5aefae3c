"""survey: satisfaction surveys for budget-performance evaluations (预算绩效评价).

The chain: instrument → responses → screening → statistics → scoring → report.

>>> import survey
>>> sorted(survey.__all__)[:3]
['Alpha', 'AnalysisResults', 'AnalysisSpec']
"""

from survey._version import __version__
from survey.analysis import AnalysisSpec, load_analysis
from survey.audit import Audit, audit_file
from survey.errors import (
    AnalysisSpecError,
    InstrumentError,
    MissingFileError,
    Reason,
    ReportFileError,
    ResponseFileError,
    SurveyError,
)
from survey.instrument import Instrument, load_instrument, parse_condition, variable_table, variables
from survey.pipeline import AnalysisResults, run_analysis, write_outputs
from survey.report import build_report, render_page, render_section
from survey.responses import read_responses, read_table
from survey.scoring import IndicatorScore, score_indicator
from survey.screening import Fieldwork, Screening, build_fieldwork, screen_responses
from survey.stats import (
    Alpha,
    cronbach_alpha,
    frequency_table,
    item_statistics,
    satisfaction_table,
    top_box_rate,
    wilson_interval,
)

__all__ = [
    "Alpha",
    "AnalysisResults",
    "AnalysisSpec",
    "AnalysisSpecError",
    "Audit",
    "Fieldwork",
    "IndicatorScore",
    "Instrument",
    "InstrumentError",
    "MissingFileError",
    "Reason",
    "ReportFileError",
    "ResponseFileError",
    "Screening",
    "SurveyError",
    "__version__",
    "audit_file",
    "build_fieldwork",
    "build_report",
    "cronbach_alpha",
    "frequency_table",
    "item_statistics",
    "load_analysis",
    "load_instrument",
    "parse_condition",
    "read_responses",
    "read_table",
    "render_page",
    "render_section",
    "run_analysis",
    "satisfaction_table",
    "score_indicator",
    "screen_responses",
    "top_box_rate",
    "variable_table",
    "variables",
    "wilson_interval",
    "write_outputs",
]
