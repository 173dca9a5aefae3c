"""Reliability, validity and satisfaction: numbers only, no formatting."""

import importlib
from typing import Any

# Each public name and the module that defines it, imported on first use (PEP 562): the
# reliability command needs neither the satisfaction conventions nor scipy.stats.
_EXPORTS: dict[str, str] = {
    "clopper_pearson_interval": "survey.stats.conventions",
    "Convention": "survey.stats.conventions",
    "item_estimate": "survey.stats.conventions",
    "subgroup_differences": "survey.stats.differences",
    "frequency_table": "survey.stats.frequencies",
    "feldt_interval": "survey.stats.intervals",
    "normal_quantile": "survey.stats.intervals",
    "wilson_interval": "survey.stats.intervals",
    "Alpha": "survey.stats.reliability",
    "Caveat": "survey.stats.reliability",
    "cronbach_alpha": "survey.stats.reliability",
    "instrument_reliability": "survey.stats.reliability",
    "item_statistics": "survey.stats.reliability",
    "scale_reliability": "survey.stats.reliability",
    "ScaleReliability": "survey.stats.reliability",
    "margin_of_error": "survey.stats.sample_size",
    "sample_size": "survey.stats.sample_size",
    "SampleSize": "survey.stats.sample_size",
    "dimension_table": "survey.stats.satisfaction",
    "dissatisfaction_reasons": "survey.stats.satisfaction",
    "rank_items": "survey.stats.satisfaction",
    "satisfaction_items": "survey.stats.satisfaction",
    "satisfaction_table": "survey.stats.satisfaction",
    "subgroup_table": "survey.stats.satisfaction",
    "top_box_rate": "survey.stats.satisfaction",
    "Bartlett": "survey.stats.validity",
    "bartlett_sphericity": "survey.stats.validity",
    "KMO": "survey.stats.validity",
    "kmo": "survey.stats.validity",
}

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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'survey.stats' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
