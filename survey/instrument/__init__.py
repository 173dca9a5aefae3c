"""The questionnaire spec: models, loading and checking, skip logic and the variable table."""

from survey.instrument.describe import describe_condition, skip_instruction
from survey.instrument.limits import LabelProblem, label_problems
from survey.instrument.load import check_instrument, load_instrument
from survey.instrument.logic import Condition, parse_condition
from survey.instrument.model import BUILTIN_SCALES, SCORE_MAPPINGS, Instrument, Option, Scale
from survey.instrument.variables import Variable, variable_table, variables

__all__ = [
    "BUILTIN_SCALES",
    "SCORE_MAPPINGS",
    "Condition",
    "Instrument",
    "LabelProblem",
    "Option",
    "Scale",
    "Variable",
    "check_instrument",
    "describe_condition",
    "label_problems",
    "load_instrument",
    "parse_condition",
    "skip_instruction",
    "variable_table",
    "variables",
]
