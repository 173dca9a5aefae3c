"""Validation: screening rules with reasons, and the fieldwork record."""

from survey.screening.fieldwork import (
    Fieldwork,
    FieldworkProblem,
    Rate,
    SiteCount,
    build_fieldwork,
)
from survey.screening.screen import RULES, Screening, screen_responses

__all__ = [
    "RULES",
    "Fieldwork",
    "FieldworkProblem",
    "Rate",
    "Screening",
    "SiteCount",
    "build_fieldwork",
    "screen_responses",
]
