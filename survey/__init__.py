"""survey: satisfaction surveys for budget-performance evaluations (预算绩效评价).

The chain: instrument → responses → screening → statistics → scoring → report.

>>> import survey
>>> sorted(survey.__all__)[:3]
['Alpha', 'AnalysisResults', 'AnalysisSpec']
"""

import importlib
from typing import Any

from survey._version import __version__

# Each public name and the module that defines it. The modules are imported on first use
# (PEP 562), so `import survey` and `survey --help` load none of the stages.
_EXPORTS: dict[str, str] = {
    "AnalysisSpec": "survey.analysis",
    "load_analysis": "survey.analysis",
    "Audit": "survey.audit",
    "audit_file": "survey.audit",
    "audit_text": "survey.audit",
    "extract_claims": "survey.audit",
    "AnalysisSpecError": "survey.errors",
    "InstrumentError": "survey.errors",
    "MissingFileError": "survey.errors",
    "Reason": "survey.errors",
    "ReportFileError": "survey.errors",
    "ResponseFileError": "survey.errors",
    "SurveyError": "survey.errors",
    "build_forms": "survey.forms",
    "import_xlsform": "survey.forms",
    "render_questionnaire": "survey.forms",
    "check_instrument": "survey.instrument",
    "Instrument": "survey.instrument",
    "load_instrument": "survey.instrument",
    "parse_condition": "survey.instrument",
    "variable_table": "survey.instrument",
    "variables": "survey.instrument",
    "AnalysisResults": "survey.pipeline",
    "run_analysis": "survey.pipeline",
    "write_outputs": "survey.pipeline",
    "build_report": "survey.report",
    "parse_formats": "survey.report.formats",
    "render_docx": "survey.report.word",
    "render_page": "survey.report",
    "render_section": "survey.report",
    "render_section_docx": "survey.report.word",
    "render_xlsx": "survey.report.xlsx",
    "read_responses": "survey.responses",
    "read_table": "survey.responses",
    "inspect_file": "survey.responses.inspect",
    "read_response_file": "survey.responses.read",
    "IndicatorScore": "survey.scoring",
    "score_indicator": "survey.scoring",
    "build_fieldwork": "survey.screening",
    "Fieldwork": "survey.screening",
    "screen_responses": "survey.screening",
    "Screening": "survey.screening",
    "Alpha": "survey.stats",
    "Bartlett": "survey.stats",
    "bartlett_sphericity": "survey.stats",
    "clopper_pearson_interval": "survey.stats",
    "cronbach_alpha": "survey.stats",
    "dimension_table": "survey.stats",
    "dissatisfaction_reasons": "survey.stats",
    "frequency_table": "survey.stats",
    "instrument_reliability": "survey.stats",
    "item_statistics": "survey.stats",
    "KMO": "survey.stats",
    "kmo": "survey.stats",
    "margin_of_error": "survey.stats",
    "rank_items": "survey.stats",
    "sample_size": "survey.stats",
    "satisfaction_table": "survey.stats",
    "scale_reliability": "survey.stats",
    "subgroup_differences": "survey.stats",
    "subgroup_table": "survey.stats",
    "top_box_rate": "survey.stats",
    "wilson_interval": "survey.stats",
}

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
    "parse_formats",
    "rank_items",
    "read_response_file",
    "read_responses",
    "read_table",
    "render_docx",
    "render_page",
    "render_questionnaire",
    "render_section",
    "render_section_docx",
    "render_xlsx",
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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'survey' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
