"""Indicator scoring under the evaluation's rules, and totals with 不适用 weights redistributed."""

from survey.scoring.indicators import IndicatorScore, format_measure, score_indicator
from survey.scoring.totals import Redistribution, redistribute

__all__ = ["IndicatorScore", "Redistribution", "format_measure", "redistribute", "score_indicator"]
