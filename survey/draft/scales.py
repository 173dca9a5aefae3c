"""Answer scales recognised by their labels: satisfaction, agreement and yes/no.

A family is the full list of labels of one scale as questionnaires print it, most
favourable first. Labels seen in a column are matched against every family; the family
that holds all of them (with the fewest labels missing) is taken, and its missing labels are
options nobody chose (the draft lists them to check). 不了解, 说不清, 不清楚 and 不适用 are
valid answers left out of every rate (a scale's ``excluded`` codes, code 9 and up).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["EXCLUDED_LABELS", "ScaleMatch", "match_scale", "with_codes"]

#: Answers that say "cannot judge": kept, but out of every denominator.
EXCLUDED_LABELS = ("不了解", "说不清", "不清楚", "不适用", "不知道", "无法评价")


@dataclass(frozen=True)
class _Family:
    name: str
    builtin: str | None
    labels: tuple[str, ...]
    satisfied: int  # how many of the first labels count as satisfied
    kind: str  # satisfaction | agreement | yesno


_FAMILIES = (
    _Family("sat3", "sat3", ("满意", "基本满意", "不满意"), 2, "satisfaction"),
    _Family("sat3_neutral", None, ("满意", "一般", "不满意"), 1, "satisfaction"),
    _Family("sat4", "sat4", ("非常满意", "比较满意", "不太满意", "非常不满意"), 2, "satisfaction"),
    _Family("sat4_very", None, ("很满意", "比较满意", "不太满意", "很不满意"), 2, "satisfaction"),
    _Family("sat5", "sat5", ("非常满意", "满意", "一般", "不满意", "非常不满意"), 2,
            "satisfaction"),
    _Family("sat5_fairly", None, ("非常满意", "比较满意", "一般", "不太满意", "非常不满意"), 2,
            "satisfaction"),
    _Family("sat5_basic", None, ("很满意", "比较满意", "基本满意", "不太满意", "很不满意"), 2,
            "satisfaction"),
    _Family("sat5_basic_very", None, ("非常满意", "比较满意", "基本满意", "不满意", "非常不满意"),
            2, "satisfaction"),
    _Family("agree5", "agree5", ("非常同意", "同意", "一般", "不同意", "非常不同意"), 2, "agreement"),
    _Family("agree5_fairly", None, ("非常同意", "比较同意", "一般", "不太同意", "非常不同意"), 2,
            "agreement"),
    _Family("yesno", "yesno", ("是", "否"), 0, "yesno"),
)


def _key(label: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", label))


@dataclass(frozen=True)
class ScaleMatch:
    """A recognised scale: its options (code, label) most favourable first, the satisfied
    and excluded codes, the built-in scale it equals (``sat5`` …) if any, what kind of scale
    it is and the labels nobody chose."""

    name: str
    builtin: str | None
    options: tuple[tuple[int, str], ...]
    satisfied: tuple[int, ...]
    excluded: tuple[int, ...]
    kind: str
    unseen: tuple[str, ...]
    labels_seen: tuple[str, ...]


def match_scale(labels: list[str]) -> ScaleMatch | None:
    """The scale whose labels hold every label seen, or ``None``.

    >>> m = match_scale(["满意", "非常满意", "一般", "不了解"])
    >>> m.name, m.options[0], m.excluded, m.unseen
    ('sat5_dk', (5, '非常满意'), (9,), ('不满意', '非常不满意'))
    >>> match_scale(["1部", "2部"]) is None
    True
    """
    keys = [_key(label) for label in labels]
    excluded = [k for k in EXCLUDED_LABELS if k in keys]
    scored = {k for k in keys if k not in EXCLUDED_LABELS}
    if not scored:
        return None
    best: _Family | None = None
    for family in _FAMILIES:
        if scored <= set(family.labels) and (
                best is None or len(family.labels) - len(scored)
                < len(best.labels) - len(scored)):
            best = family
    if best is None or (best.kind == "yesno" and len(scored) < 2):
        return None
    n = len(best.labels)
    codes = list(range(n, 0, -1)) if best.kind != "yesno" else [1, 2]
    options = [(c, label) for c, label in zip(codes, best.labels, strict=True)]
    options += [(9 + i, label) for i, label in enumerate(excluded)]
    builtin = best.builtin
    if excluded:
        builtin = f"{builtin}_dk" if excluded == ["不了解"] and builtin in ("sat5", "sat3") \
            else None
    name = best.name + ("_dk" if excluded else "")
    return ScaleMatch(
        name=name, builtin=builtin, options=tuple(options),
        satisfied=tuple(codes[:best.satisfied]), excluded=tuple(9 + i for i in range(len(excluded))),
        kind=best.kind, unseen=tuple(label for label in best.labels if label not in scored),
        labels_seen=tuple(labels),
    )


def with_codes(match: ScaleMatch, code_of: dict[str, int]) -> ScaleMatch:
    """``match`` with the file's own codes (an SPSS file may code 非常满意 as 1): options in
    the scale's order, each with its code in ``code_of`` (labels the file does not label are
    left out); the built-in name is kept only where the codes equal the built-in scale's."""
    from survey.instrument.model import BUILTIN_SCALES

    keyed = {_key(label): code for label, code in code_of.items()}
    options = tuple((keyed[_key(label)], label) for _, label in match.options
                    if _key(label) in keyed)
    old_to_new = {old: keyed[_key(label)] for old, label in match.options if _key(label) in keyed}
    satisfied = tuple(old_to_new[c] for c in match.satisfied if c in old_to_new)
    excluded = tuple(old_to_new[c] for c in match.excluded if c in old_to_new)
    builtin = match.builtin
    if builtin is not None:
        scale = BUILTIN_SCALES[builtin]
        if (tuple((o.code, o.label) for o in scale.options) != options
                or scale.satisfied != satisfied or scale.excluded != excluded):
            builtin = None
    name = match.name if builtin is not None or options == match.options else f"{match.name}_coded"
    return ScaleMatch(name=name, builtin=builtin, options=options, satisfied=satisfied,
                      excluded=excluded, kind=match.kind,
                      unseen=tuple(lb for lb in match.unseen if _key(lb) not in keyed),
                      labels_seen=match.labels_seen)
