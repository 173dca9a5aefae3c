"""Reliability, validity and satisfaction: numbers only, no formatting."""

from survey.stats.frequencies import frequency_table
from survey.stats.intervals import feldt_interval, normal_quantile, wilson_interval
from survey.stats.reliability import Alpha, Caveat, cronbach_alpha, item_statistics
from survey.stats.satisfaction import satisfaction_items, satisfaction_table, top_box_rate

__all__ = [
    "Alpha",
    "Caveat",
    "cronbach_alpha",
    "feldt_interval",
    "frequency_table",
    "item_statistics",
    "normal_quantile",
    "satisfaction_items",
    "satisfaction_table",
    "top_box_rate",
    "wilson_interval",
]
