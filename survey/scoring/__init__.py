"""Indicator scoring under the evaluation's rules."""

from survey.scoring.indicators import IndicatorScore, score_indicator

__all__ = ["IndicatorScore", "score_indicator"]
