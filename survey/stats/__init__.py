"""Reliability, validity and satisfaction: numbers only, no formatting."""

from survey.stats.conventions import Convention, clopper_pearson_interval, item_estimate
from survey.stats.differences import subgroup_differences
from survey.stats.frequencies import frequency_table
from survey.stats.intervals import feldt_interval, normal_quantile, wilson_interval
from survey.stats.reliability import Alpha, Caveat, cronbach_alpha, item_statistics
from survey.stats.sample_size import SampleSize, margin_of_error, sample_size
from survey.stats.satisfaction import (
    dimension_table,
    dissatisfaction_reasons,
    rank_items,
    satisfaction_items,
    satisfaction_table,
    subgroup_table,
    top_box_rate,
)

__all__ = [
    "Alpha",
    "Caveat",
    "Convention",
    "SampleSize",
    "clopper_pearson_interval",
    "cronbach_alpha",
    "dimension_table",
    "dissatisfaction_reasons",
    "feldt_interval",
    "frequency_table",
    "item_estimate",
    "item_statistics",
    "margin_of_error",
    "normal_quantile",
    "rank_items",
    "sample_size",
    "satisfaction_items",
    "satisfaction_table",
    "subgroup_differences",
    "subgroup_table",
    "top_box_rate",
    "wilson_interval",
]
