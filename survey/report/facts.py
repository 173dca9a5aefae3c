"""What the report reads from the results, in one place.

The report's section builders never reach into the pipeline's objects directly: they ask
this module. That keeps the seam to the computing stages narrow — when a stage adds a
figure (KMO, satisfaction by dimension, a margin of error), only this module learns where
it lives — and it holds the few pieces of counting the report needs that no stage provides:

- the answer distribution of each Likert item (counts per option, base = valid answers
  that are not excluded codes such as 不了解), used for the diverging bars;
- how many valid respondents were *asked* a question with skip logic (its base);
- open answers, grouped by identical text (after trimming and collapsing spaces), with
  personal data (phone numbers, ID-card numbers, e-mail addresses) replaced by a mark;
- summaries of number and ranking questions, which the frequency table leaves out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from survey.instrument.model import (
    Instrument,
    LikertItem,
    LikertMatrix,
    MultipleChoice,
    OpenQuestion,
    Option,
    QuestionModel,
    SingleChoice,
)
from survey.instrument.variables import Variable, variables
from survey.locale import Language

if TYPE_CHECKING:
    from survey.analysis import FieldworkSpec
    from survey.results import AnalysisResults, GroupResults

__all__ = [
    "Distribution",
    "OpenAnswers",
    "asked_count",
    "group_name",
    "item_label",
    "likert_distribution",
    "open_answers",
    "option_label",
    "profile_questions",
    "question_label",
    "reason_questions",
    "redact",
    "fieldwork_spec",
    "number_summary",
    "question_numbers",
    "ranking_summary",
    "redact_all",
    "specify_columns",
]

AnyQuestion = QuestionModel


def group_name(g: GroupResults, lang: Language) -> str:
    """The respondent group's name in ``lang`` (Chinese when no English name is given)."""
    group = g.instrument.group
    return group.name_en if lang == "en" and group.name_en else group.name


def question_label(q: AnyQuestion, lang: Language) -> str:
    """The question's text in ``lang``."""
    return q.text_en if lang == "en" and q.text_en else q.text


def likert_items(instrument: Instrument) -> list[LikertItem]:
    """Every matrix item of ``instrument``, in printed order."""
    return [item for q in instrument.questions() if isinstance(q, LikertMatrix)
            for item in q.items]


def item_label(item: LikertItem, lang: Language) -> str:
    """A Likert item's text in ``lang``."""
    return item.text_en if lang == "en" and item.text_en else item.text


def option_label(option: Option, lang: Language) -> str:
    """An option's label in ``lang``."""
    return option.label_en if lang == "en" and option.label_en else option.label


def fieldwork_spec(results: AnalysisResults, group: str) -> FieldworkSpec | None:
    """What the analysis spec says about a group's fieldwork (mode, sampling, dates …)."""
    for g in results.spec.groups:
        if g.id == group:
            return g.fieldwork
    return None


def profile_questions(instrument: Instrument) -> tuple[str, ...]:
    """Ids of the respondent-profile questions (受访者基本情况).

    A section marked ``role: profile`` when the instrument says so; otherwise the first
    section, when the instrument has more than one and the first holds only single-choice
    questions (the usual 基本情况 block: village, age, years lived …).
    """
    marked = [s for s in instrument.sections if s.role == "profile"]
    if marked:
        return tuple(q.id for s in marked for q in s.questions)
    if len(instrument.sections) < 2:
        return ()
    first = instrument.sections[0]
    if first.questions and all(isinstance(q, SingleChoice) for q in first.questions):
        return tuple(q.id for q in first.questions)
    return ()


def _satisfaction_variables(instrument: Instrument) -> set[str]:
    return {v.name for v in variables(instrument)
            if v.kind in ("likert_item", "single") and v.satisfaction}


def reason_questions(instrument: Instrument) -> tuple[str, ...]:
    """Ids of questions that ask why a respondent is dissatisfied (不满意原因).

    A multiple-choice or open question whose skip logic reads satisfaction items
    (``show_if: any(sat_1..sat_6 <= 2)``), or whose text asks about dissatisfaction
    (不满意 / dissatisf…).
    """
    from survey.instrument.logic import parse_condition

    sat = _satisfaction_variables(instrument)
    found = []
    for q in instrument.questions():
        if not isinstance(q, MultipleChoice | OpenQuestion):
            continue
        reads_sat = bool(q.show_if and set(parse_condition(q.show_if).references) & sat)
        asks = "不满意" in q.text or "dissatisf" in (q.text_en or "").lower()
        if reads_sat or asks:
            found.append(q.id)
    return tuple(found)


def _variables_of(instrument: Instrument, question: str) -> list[Variable]:
    return [v for v in variables(instrument) if v.question == question]


def asked_count(valid: pd.DataFrame, instrument: Instrument, question: str) -> int:
    """Valid respondents the question was shown to (all of them without skip logic).

    Only the answers the condition reads are checked against their scales (a mistyped code
    opens no question)."""
    from survey.instrument.logic import parse_condition
    from survey.screening.rules import in_scale, shown_mask

    first = _variables_of(instrument, question)[0]
    if not first.show_if:
        return len(valid)
    read = in_scale(valid, instrument, parse_condition(first.show_if).references)
    return int(shown_mask(read, first).sum())


@dataclass(frozen=True)
class Distribution:
    """Answers to one Likert item: counts per option and the base they are shares of.

    ``n`` counts valid answers that are not excluded codes (不了解); ``excluded`` counts
    the excluded ones; ``counts`` follows the scale's printed option order.
    """

    item: str
    label: str
    n: int
    excluded: int
    counts: tuple[int, ...]

    def share(self, index: int) -> float | None:
        """Share of option ``index`` among the ``n`` answers (``None`` when n = 0)."""
        return self.counts[index] / self.n if self.n else None


def likert_distribution(
    valid: pd.DataFrame, instrument: Instrument, matrix: LikertMatrix, lang: Language
) -> tuple[Distribution, ...]:
    """Counts per option for every item of ``matrix`` among ``valid`` respondents (each
    code counted by comparing the answers with it: no table of every value is made)."""
    scale = instrument.scale(matrix.scale)
    out = []
    for item in matrix.items:
        answers = pd.to_numeric(valid[item.id], errors="coerce").to_numpy(
            dtype="float64", na_value=np.nan)
        counts = {code: int(np.count_nonzero(answers == float(code)))
                  for code in {*scale.excluded, *(o.code for o in scale.options)}}
        excluded = sum(counts[c] for c in scale.excluded)
        per_option = tuple(counts[o.code] for o in scale.options)
        n = sum(c for o, c in zip(scale.options, per_option, strict=True)
                if o.code not in scale.excluded)
        out.append(Distribution(item=item.id, label=item_label(item, lang), n=n,
                                excluded=excluded, counts=per_option))
    return tuple(out)


def redact(answer: str, mark: str) -> str:
    """``answer`` with phone numbers, ID-card numbers, e-mail and IP addresses replaced by
    ``mark`` (the responses stage's rules, :func:`survey.responses.personal.redact_text`).

    >>> redact("请联系 13912345678", "〔已隐去〕")
    '请联系 〔已隐去〕'
    """
    from survey.responses.personal import REDACTED, redact_text

    return str(redact_text(pd.Series([answer], dtype="object")).iloc[0]).replace(REDACTED, mark)


def _clean(answer: object) -> str:
    if answer is None or (isinstance(answer, float) and math.isnan(answer)) or answer is pd.NA:
        return ""
    text = str(answer)
    text = "".join(ch for ch in text if ch.isprintable() or ch == " ")
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class OpenAnswers:
    """Open answers to one question: grouped (text, count), most frequent first."""

    question: str
    asked: int
    answered: int
    groups: tuple[tuple[str, int], ...]


def redact_all(texts: list[str], mark: str) -> list[str]:
    """:func:`redact` over many answers at once."""
    if not texts:
        return []
    from survey.responses.personal import REDACTED, redact_text

    out = redact_text(pd.Series(texts, dtype="object"))
    return [str(t).replace(REDACTED, mark) for t in out]


def open_answers(
    valid: pd.DataFrame, instrument: Instrument,
    question: OpenQuestion | SingleChoice | MultipleChoice, mark: str,
    column: str | None = None,
) -> OpenAnswers:
    """Non-empty answers to ``question`` (or its text variable ``column``) among ``valid``,
    redacted and grouped by identical text, most frequent first."""
    column = column or question.id
    if column not in valid:
        return OpenAnswers(question=question.id, asked=0, answered=0, groups=())
    # Each distinct answer is cleaned and redacted once, then counted as often as it occurs.
    codes, distinct = pd.factorize(valid[column], use_na_sentinel=True)
    times = np.bincount(codes[codes >= 0], minlength=len(distinct)).tolist()
    cleaned = [(text, n) for text, n in zip(map(_clean, distinct), times, strict=True) if text]
    counts: dict[str, int] = {}
    for text, n in zip(redact_all([t for t, _ in cleaned], mark), (n for _, n in cleaned),
                       strict=True):
        counts[text] = counts.get(text, 0) + n
    ordered = tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return OpenAnswers(question=question.id, asked=asked_count(valid, instrument, question.id),
                       answered=sum(n for _, n in cleaned), groups=ordered)


def specify_columns(instrument: Instrument, question: str) -> tuple[tuple[int, str], ...]:
    """``(option code, text variable)`` of the question's "please specify" options."""
    return tuple((int(v.specify_of), v.name) for v in variables(instrument)
                 if v.question == question and v.kind == "other_text"
                 and v.specify_of is not None)


@dataclass(frozen=True)
class NumberSummary:
    """Valid answers to a number question: n, mean, sd, quartiles, extremes."""

    n: int
    mean: float | None
    sd: float | None
    minimum: float | None
    q1: float | None
    median: float | None
    q3: float | None
    maximum: float | None


def number_summary(valid: pd.DataFrame, instrument: Instrument, question: str) -> NumberSummary:
    """Summary of the valid answers to a number question (answers outside its range are
    not valid; screening sets such questionnaires aside or flags them)."""
    (var,) = _variables_of(instrument, question)
    values = pd.to_numeric(valid[var.name], errors="coerce")
    x = values[var.valid_answers(valid[var.name])].astype(float)
    n = len(x)
    if n == 0:
        return NumberSummary(0, None, None, None, None, None, None, None)
    q = x.quantile([0.25, 0.5, 0.75])
    return NumberSummary(n=n, mean=float(x.mean()), sd=float(x.std(ddof=1)) if n > 1 else None,
                         minimum=float(x.min()), q1=float(q.iloc[0]), median=float(q.iloc[1]),
                         q3=float(q.iloc[2]), maximum=float(x.max()))


@dataclass(frozen=True)
class RankedOption:
    """One option of a ranking question: how often ranked, ranked first, its mean rank, and
    the composite score Σ(count at rank r × (R − r + 1)) ÷ respondents (R = ranks given)."""

    code: int
    n_ranked: int
    n_first: int
    mean_rank: float | None
    score: float | None


def ranking_summary(valid: pd.DataFrame, instrument: Instrument, question: Any
                    ) -> tuple[tuple[RankedOption, ...], int]:
    """Per option of a ranking question, and the base (respondents ranking anything).

    The composite score is the one survey platforms print for ranking questions (问卷星
    "综合得分"): rank 1 earns R points, rank R earns 1, summed and divided by the
    respondents who answered the question.
    """
    from survey.instrument.variables import option_variable

    ranks_given = question.rank_count
    names = [option_variable(question.id, o.code) for o in question.options]
    block = valid[names].apply(pd.to_numeric, errors="coerce")
    block = block.where(block.isin([float(r) for r in range(1, ranks_given + 1)]))
    answered = block.notna().any(axis=1)
    base = int(answered.sum())
    out = []
    for o, name in zip(question.options, names, strict=True):
        col = block.loc[answered, name].dropna()
        points = float((ranks_given - col + 1).sum())
        out.append(RankedOption(
            code=o.code, n_ranked=len(col), n_first=int((col == 1).sum()),
            mean_rank=float(col.mean()) if len(col) else None,
            score=points / base if base else None))
    return tuple(out), base


def question_numbers(instrument: Instrument, names: Iterable[str]) -> tuple[int, ...]:
    """Printed numbers (第 N 题) of the questions that own variables ``names``, sorted."""
    owner = {v.name: v.question for v in variables(instrument)}
    owner.update({q.id: q.id for q in instrument.questions()})
    return tuple(sorted({instrument.number_of(owner[n]) for n in names if n in owner}))
