"""survey: satisfaction surveys for budget-performance evaluations (预算绩效评价).

The chain: instrument → responses → screening → statistics → scoring → report.

>>> import survey
>>> sorted(survey.__all__)[:3]
['Alpha', 'AnalysisResults', 'AnalysisSpec']
"""

from survey._version import __version__
from survey.analysis import AnalysisSpec, load_analysis
from survey.audit import Audit
from survey.errors import (
    AnalysisSpecError,
    InstrumentError,
    MissingFileError,
    Reason,
    ReportFileError,
    ResponseFileError,
    SurveyError,
)
from survey.audit import audit_file, audit_text, extract_claims
from survey.forms import build_forms, import_xlsform, render_questionnaire
from survey.instrument import (
    Instrument,
    check_instrument,
    load_instrument,
    parse_condition,
    variable_table,
    variables,
)
from survey.pipeline import AnalysisResults, run_analysis, write_outputs
from survey.report import build_report, render_page, render_section
from survey.responses import read_responses, read_table
from survey.responses.inspect import inspect_file
from survey.responses.read import read_response_file
from survey.scoring import IndicatorScore, score_indicator
from survey.screening import Fieldwork, Screening, build_fieldwork, screen_responses
from survey.stats import (
    KMO,
    Alpha,
    Bartlett,
    bartlett_sphericity,
    clopper_pearson_interval,
    cronbach_alpha,
    dimension_table,
    dissatisfaction_reasons,
    frequency_table,
    instrument_reliability,
    item_statistics,
    kmo,
    margin_of_error,
    rank_items,
    sample_size,
    satisfaction_table,
    scale_reliability,
    subgroup_differences,
    subgroup_table,
    top_box_rate,
    wilson_interval,
)

__all__ = [
    "Alpha",
    "AnalysisResults",
    "AnalysisSpec",
    "AnalysisSpecError",
    "Audit",
    "Bartlett",
    "Fieldwork",
    "IndicatorScore",
    "Instrument",
    "InstrumentError",
    "KMO",
    "MissingFileError",
    "Reason",
    "ReportFileError",
    "ResponseFileError",
    "Screening",
    "SurveyError",
    "__version__",
    "audit_file",
    "audit_text",
    "bartlett_sphericity",
    "build_fieldwork",
    "build_forms",
    "build_report",
    "check_instrument",
    "clopper_pearson_interval",
    "cronbach_alpha",
    "dimension_table",
    "dissatisfaction_reasons",
    "extract_claims",
    "frequency_table",
    "import_xlsform",
    "inspect_file",
    "instrument_reliability",
    "item_statistics",
    "kmo",
    "load_analysis",
    "load_instrument",
    "margin_of_error",
    "parse_condition",
    "rank_items",
    "read_response_file",
    "read_responses",
    "read_table",
    "render_page",
    "render_questionnaire",
    "render_section",
    "run_analysis",
    "sample_size",
    "satisfaction_table",
    "scale_reliability",
    "score_indicator",
    "screen_responses",
    "subgroup_differences",
    "subgroup_table",
    "top_box_rate",
    "variable_table",
    "variables",
    "wilson_interval",
    "write_outputs",
]
