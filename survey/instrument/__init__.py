"""The questionnaire spec: models, loading, skip logic and the variable table."""

from survey.instrument.load import check_instrument, load_instrument
from survey.instrument.logic import Condition, parse_condition
from survey.instrument.model import BUILTIN_SCALES, Instrument, Option, Scale
from survey.instrument.variables import Variable, variable_table, variables

__all__ = [
    "BUILTIN_SCALES",
    "Condition",
    "Instrument",
    "Option",
    "Scale",
    "Variable",
    "check_instrument",
    "load_instrument",
    "parse_condition",
    "variable_table",
    "variables",
]
