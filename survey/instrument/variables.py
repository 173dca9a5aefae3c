"""Instrument → variables: the single naming authority every later stage uses.

A single-choice question is one variable named after the question; a Likert matrix is one
variable per item (named by the item id); a multiple-choice question is one 0/1 variable per
option, ``<question id>_<code>``; an open question is one text variable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from survey.instrument.model import (
    Instrument,
    LikertMatrix,
    MultipleChoice,
    OpenQuestion,
    Option,
    SingleChoice,
)

__all__ = ["Variable", "variable_table", "variables"]

VariableKind = Literal["single", "likert_item", "multiple_option", "open"]


@dataclass(frozen=True)
class Variable:
    """One column of the response frame.

    ``options`` are the codes a valid answer may take (empty for open text);
    ``excluded`` codes are valid answers left out of rates (不了解);
    ``show_if`` is the question's skip condition (the variable is asked only where it holds).
    """

    name: str
    question: str
    section: str
    kind: VariableKind
    label: str
    options: tuple[Option, ...]
    scale: str | None = None
    excluded: tuple[int, ...] = ()
    satisfied: tuple[int, ...] = ()
    reverse: bool = False
    required: bool = False
    show_if: str | None = None
    dimension: str | None = None
    satisfaction: bool = False

    @property
    def codes(self) -> tuple[int, ...]:
        """Codes a valid answer may take."""
        return tuple(o.code for o in self.options)

    def label_of(self, code: int) -> str:
        """The printed label of ``code``."""
        for option in self.options:
            if option.code == code:
                return option.label
        raise KeyError(code)


_BINARY = (Option(code=0, label="未选"), Option(code=1, label="选中"))


def variables(instrument: Instrument) -> tuple[Variable, ...]:
    """The instrument's variables in questionnaire order."""
    out: list[Variable] = []
    for section in instrument.sections:
        for q in section.questions:
            common = {"question": q.id, "section": section.id, "show_if": q.show_if}
            if isinstance(q, SingleChoice):
                scale = instrument.scale(q.scale) if q.scale else None
                options = scale.options if scale else (q.options or ())
                out.append(Variable(
                    name=q.id, kind="single", label=q.text, options=tuple(options), scale=q.scale,
                    excluded=scale.excluded if scale else (), required=q.required, **common,
                ))
            elif isinstance(q, LikertMatrix):
                scale = instrument.scale(q.scale)
                for item in q.items:
                    out.append(Variable(
                        name=item.id, kind="likert_item", label=item.text, options=scale.options,
                        scale=q.scale, excluded=scale.excluded, satisfied=scale.satisfied,
                        reverse=item.reverse, required=q.required, dimension=item.dimension,
                        satisfaction=q.satisfaction, **common,
                    ))
            elif isinstance(q, MultipleChoice):
                for option in q.options:
                    out.append(Variable(
                        name=f"{q.id}_{option.code}", kind="multiple_option",
                        label=f"{q.text}：{option.label}", options=_BINARY,
                        required=q.required, **common,
                    ))
            elif isinstance(q, OpenQuestion):
                out.append(Variable(name=q.id, kind="open", label=q.text, options=(),
                                    required=q.required, **common))
    return tuple(out)


def variable_table(instrument: Instrument) -> pd.DataFrame:
    """The variables as a table (one row each), for codebooks and inspection."""
    rows = [
        {
            "name": v.name, "question": v.question, "section": v.section, "kind": v.kind,
            "label": v.label, "codes": v.codes, "scale": v.scale, "reverse": v.reverse,
            "required": v.required, "show_if": v.show_if, "dimension": v.dimension,
        }
        for v in variables(instrument)
    ]
    return pd.DataFrame(rows)
