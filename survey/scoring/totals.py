"""Totals of a set of scored indicators, with the weight of 不适用 indicators redistributed.

An indicator that is not applicable has no score, not 0. Its weight is redistributed to
the applicable indicators in proportion to their weights (the common practice in
performance evaluation: 按权重比例分配至其余指标), which is the same as scaling their total:

.. math:: S' = S \\cdot W / (W - W_{na}),\\qquad w'_i = w_i \\cdot W / (W - W_{na})

where W is the total weight, W_na the weight of the indicators not applicable and S the
points scored. The result says it in a sentence; nothing is scored 0 silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from survey.locale import Language, text
from survey.rounding import format_number, round_half_up
from survey.scoring.indicators import IndicatorScore

__all__ = ["Redistribution", "redistribute"]


@dataclass(frozen=True)
class Redistribution:
    """Totals before and after redistributing the weight of the indicators not applicable.

    ``rescaled_score`` and ``factor`` are ``None`` when no indicator is applicable.
    ``weights`` maps each applicable indicator's code to its redistributed weight.
    """

    total_weight: float
    applicable_weight: float
    not_applicable_weight: float
    not_applicable: tuple[str, ...]
    score: float
    factor: float | None
    rescaled_score: float | None
    weights: tuple[tuple[str, float], ...]
    decimals: int
    sentence: str | None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready mapping (``indicator_totals`` in results.json)."""
        return {
            "total_weight": self.total_weight, "applicable_weight": self.applicable_weight,
            "not_applicable_weight": self.not_applicable_weight,
            "not_applicable": list(self.not_applicable), "score": self.score,
            "factor": self.factor, "rescaled_score": self.rescaled_score,
            "weights": [{"code": c, "weight": w} for c, w in self.weights],
            "decimals": self.decimals, "sentence": self.sentence,
        }


def redistribute(scores: Sequence[IndicatorScore], *, lang: Language = "zh-CN") -> Redistribution:
    """Sum the points and redistribute the weight of the indicators not applicable.

    Scores are summed as rounded (each indicator's stated score); the rescaled total is
    rounded half-up to the largest ``decimals`` among them. ``sentence`` is ``None`` when
    every indicator is applicable.

    >>> from survey.scoring.indicators import IndicatorScore
    >>> def s(code, w, score):
    ...     return IndicatorScore(code, code, "g", w, ">=", 0.9, None, "top_two_box", 0,
    ...                           "proportional", "", "", None, score, None, "")
    >>> r = redistribute([s("A", 5, 4.87), s("B", 5, None)])
    >>> r.score, r.factor, r.rescaled_score
    (4.87, 2.0, 9.74)
    """
    total = sum(s.weight for s in scores)
    na = [s for s in scores if s.score is None]
    applicable = [s for s in scores if s.score is not None]
    w_na = sum(s.weight for s in na)
    w_app = total - w_na
    decimals = max((s.decimals for s in scores), default=2)
    points = round_half_up(sum(float(s.score) for s in applicable if s.score is not None),
                           decimals)
    factor = total / w_app if w_app > 0 else None
    rescaled = None if factor is None else round_half_up(points * factor, decimals)
    weights = tuple((s.code, s.weight * factor) for s in applicable) if factor else ()
    sentence = None
    if na:
        names = text(lang, "list_separator").join(f"{s.code} {s.name}" for s in na)
        if factor is None:
            sentence = text(lang, "redistribution_none_applicable", names=names,
                            weight=format_number(w_na))
        else:
            sentence = text(lang, "redistribution_sentence", names=names,
                            na_weight=format_number(w_na), total=format_number(total),
                            applicable=format_number(w_app), factor=format_number(factor, 4),
                            score=format_number(points, decimals),
                            rescaled=format_number(rescaled or 0, decimals))
    return Redistribution(
        total_weight=total, applicable_weight=w_app, not_applicable_weight=w_na,
        not_applicable=tuple(s.code for s in na), score=points, factor=factor,
        rescaled_score=rescaled, weights=weights, decimals=decimals, sentence=sentence)
