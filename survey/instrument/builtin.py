"""The built-in scales and score mappings as plain data: a leaf module, so that both the
models (:mod:`survey.instrument.model`, which builds :data:`~survey.instrument.model.BUILTIN_SCALES`
from it) and the document checks (:mod:`survey.instrument.checks`) read it without importing
each other."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BUILTIN_DEFINITIONS", "SCORE_MAPPINGS", "ScaleDefinition"]

#: Weighted-score mappings (满意度赋分), points from the first printed (most satisfied)
#: scored option to the last. The names match ``survey.stats.conventions.NAMED_MAPPINGS``.
SCORE_MAPPINGS: dict[str, tuple[float, ...]] = {
    "100/80/60/40/20": (100.0, 80.0, 60.0, 40.0, 20.0),
    "100/80/60/30/0": (100.0, 80.0, 60.0, 30.0, 0.0),
    "100/75/50/25/0": (100.0, 75.0, 50.0, 25.0, 0.0),
}


@dataclass(frozen=True)
class ScaleDefinition:
    """A built-in scale: ``(code, label, English label)`` options in printed order, the
    satisfied and excluded codes, its names and its score mapping (a :data:`SCORE_MAPPINGS`
    key)."""

    options: tuple[tuple[int, str, str], ...]
    label: str
    label_en: str
    satisfied: tuple[int, ...] = ()
    excluded: tuple[int, ...] = ()
    scores: str | None = None
    ordered: bool = True

    @property
    def codes(self) -> tuple[int, ...]:
        """The option codes in printed order."""
        return tuple(code for code, _, _ in self.options)


_SAT5 = ((5, "非常满意", "Very satisfied"), (4, "满意", "Satisfied"), (3, "一般", "Neutral"),
         (2, "不满意", "Dissatisfied"), (1, "非常不满意", "Very dissatisfied"))
_SAT4 = ((4, "非常满意", "Very satisfied"), (3, "比较满意", "Fairly satisfied"),
         (2, "不太满意", "Not very satisfied"), (1, "非常不满意", "Very dissatisfied"))
_SAT3 = ((3, "满意", "Satisfied"), (2, "基本满意", "Basically satisfied"),
         (1, "不满意", "Dissatisfied"))
_AGREE5 = ((5, "非常同意", "Strongly agree"), (4, "同意", "Agree"), (3, "一般", "Neutral"),
           (2, "不同意", "Disagree"), (1, "非常不同意", "Strongly disagree"))
_DK = (9, "不了解", "Don't know")

#: Scales every instrument may reference without declaring them. ``*_dk`` variants add
#: 不了解 (code 9), a valid answer left out of every rate.
BUILTIN_DEFINITIONS: dict[str, ScaleDefinition] = {
    "sat5": ScaleDefinition(_SAT5, satisfied=(5, 4), label="五级满意度",
                            label_en="5-point satisfaction", scores="100/80/60/40/20"),
    "sat5_dk": ScaleDefinition((*_SAT5, _DK), satisfied=(5, 4), excluded=(9,),
                               label="五级满意度（含不了解）",
                               label_en="5-point satisfaction with don't know",
                               scores="100/80/60/40/20"),
    "sat4": ScaleDefinition(_SAT4, satisfied=(4, 3), label="四级满意度",
                            label_en="4-point satisfaction"),
    "sat3": ScaleDefinition(_SAT3, satisfied=(3, 2), label="三级满意度",
                            label_en="3-level satisfaction"),
    "sat3_dk": ScaleDefinition((*_SAT3, _DK), satisfied=(3, 2), excluded=(9,),
                               label="三级满意度（含不了解）",
                               label_en="3-level satisfaction with don't know"),
    "agree5": ScaleDefinition(_AGREE5, satisfied=(5, 4), label="五级认同度",
                              label_en="5-point agreement", scores="100/80/60/40/20"),
    "yesno": ScaleDefinition(((1, "是", "Yes"), (2, "否", "No")), label="是/否",
                             label_en="Yes/no", ordered=False),
}
