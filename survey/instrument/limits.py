"""Label lengths the SPSS file format can carry, checked before anything is written.

An SPSS ``.sav`` file keeps a variable label of at most 256 bytes and a value label of at
most 120 bytes; text is stored as UTF-8, so a Chinese character takes 3 bytes (85 and 40
characters). A longer label would be cut without a word, so the definition is checked
instead and every overlong label is reported with where it comes from.

Reference: IBM SPSS Statistics, *Command Syntax Reference*, VARIABLE LABELS ("labels can
be up to 255 bytes", 256 in the file record) and VALUE LABELS ("up to 120 bytes").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from survey.instrument.model import (
    Instrument,
    LikertMatrix,
    MultipleChoice,
    Ranking,
    Rating,
    SingleChoice,
)
from survey.instrument.variables import variables
from survey.locale import Language

__all__ = ["VALUE_LABEL_BYTES", "VARIABLE_LABEL_BYTES", "LabelProblem", "label_problems"]

VARIABLE_LABEL_BYTES = 256
VALUE_LABEL_BYTES = 120


@dataclass(frozen=True)
class LabelProblem:
    """One label too long for SPSS: which variable, where it is written, how long it is."""

    variable: str
    what: Literal["variable label", "value label"]
    text: str
    size: int
    limit: int
    loc: tuple[str | int, ...]

    @property
    def message(self) -> str:
        """A sentence naming the variable, the sizes and the fix."""
        shown = self.text if len(self.text) <= 24 else self.text[:24] + "…"
        return (f"the {self.what} of variable {self.variable!r} ({shown!r}) is {self.size} bytes "
                f"in UTF-8; SPSS keeps at most {self.limit}: shorten it")


def _label(text: str, lang: Language, english: str | None) -> str:
    return (english or text) if lang == "en" else text


def label_problems(instrument: Instrument, lang: Language = "zh-CN") -> list[LabelProblem]:
    """Every variable or value label of ``instrument`` longer than SPSS keeps."""
    problems = []
    for var in variables(instrument):
        si, qi = instrument.location_of(var.question)
        qloc: tuple[str | int, ...] = ("sections", si, "questions", qi)
        question = instrument.question(var.question)
        label = _label(var.label, lang, var.label_en)
        size = len(label.encode())
        if size > VARIABLE_LABEL_BYTES:
            loc = qloc + ("text",)
            if isinstance(question, LikertMatrix):
                k = [i.id for i in question.items].index(var.name)
                loc = qloc + ("items", k, "text")
            elif isinstance(question, MultipleChoice | Ranking | SingleChoice) \
                    and var.kind != "single":
                code = var.specify_of if var.specify_of is not None \
                    else int(var.name.rsplit("_", 1)[1])
                k = [o.code for o in question.options or ()].index(code)
                loc = qloc + ("options", k)
            problems.append(LabelProblem(var.name, "variable label", label, size,
                                         VARIABLE_LABEL_BYTES, loc))
        for k, option in enumerate(var.options):
            value = _label(option.label, lang, option.label_en)
            size = len(value.encode())
            if size <= VALUE_LABEL_BYTES:
                continue
            scale = getattr(question, "scale", None)
            if isinstance(question, Rating):
                loc = qloc + ("min_label" if option.code == question.min else "max_label",)
            elif scale and scale in instrument.scales:
                loc = ("scales", scale, "options", k)
            else:
                loc = qloc + ("options", k)
            problems.append(LabelProblem(var.name, "value label", value, size,
                                         VALUE_LABEL_BYTES, loc))
    return problems
