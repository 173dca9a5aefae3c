"""Reliability, validity and satisfaction: numbers only, no formatting."""

from survey.stats.conventions import Convention, clopper_pearson_interval, item_estimate
from survey.stats.differences import subgroup_differences
from survey.stats.frequencies import frequency_table
from survey.stats.intervals import feldt_interval, normal_quantile, wilson_interval
from survey.stats.reliability import (
    Alpha,
    Caveat,
    ScaleReliability,
    cronbach_alpha,
    instrument_reliability,
    item_statistics,
    scale_reliability,
)
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
from survey.stats.validity import KMO, Bartlett, bartlett_sphericity, kmo

__all__ = [
    "Alpha",
    "Bartlett",
    "Caveat",
    "Convention",
    "KMO",
    "SampleSize",
    "ScaleReliability",
    "bartlett_sphericity",
    "clopper_pearson_interval",
    "cronbach_alpha",
    "dimension_table",
    "dissatisfaction_reasons",
    "feldt_interval",
    "frequency_table",
    "instrument_reliability",
    "item_estimate",
    "item_statistics",
    "kmo",
    "margin_of_error",
    "normal_quantile",
    "rank_items",
    "sample_size",
    "satisfaction_items",
    "satisfaction_table",
    "scale_reliability",
    "subgroup_differences",
    "subgroup_table",
    "top_box_rate",
    "wilson_interval",
]
