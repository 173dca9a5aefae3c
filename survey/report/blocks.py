"""Blocks for one question: heading, chart, the table with the same data, sentences.

- single choice: bars of option shares; table of counts and shares with the base;
- multiple choice: bars of the share of respondents; the table gives both shares (of
  respondents, adding up to more than 100 %, and of selections, adding up to 100 %);
- Likert matrix: diverging stacked bars centred on the neutral answer; the table gives
  every option's count and share per item, with the item's base;
- open question: the answers grouped by identical text, quoted as written (escaped when
  rendered, personal data replaced by a mark), with how many were asked and answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from survey.instrument.model import (
    LikertItem,
    LikertMatrix,
    MultipleChoice,
    NumberQuestion,
    OpenQuestion,
    Option,
    QuestionModel,
    Ranking,
    Rating,
    Scale,
    SingleChoice,
)
from survey.instrument.variables import variables
from survey.report import facts
from survey.report.format import is_missing
from survey.report.model import (
    Block,
    ChartType,
    Heading,
    Paragraph,
    Quote,
    Quotes,
    Series,
    SeriesRole,
)

if TYPE_CHECKING:
    from survey.report.context import Context
    from survey.results import GroupResults

__all__ = ["question_blocks", "question_heading", "single_choice_rows", "skip_note",
           "specify_blocks"]


#: A single-choice question with at most this many options (是/否, 是/否/不清楚) is shown
#: as its table alone: a bar chart of two or three shares adds a third of a page and
#: nothing the table's row does not say.
MAX_OPTIONS_WITHOUT_CHART = 3


def _options(g: GroupResults, q: SingleChoice) -> tuple[Option, ...]:
    if q.scale:
        return g.instrument.scale(q.scale).options
    return q.options or ()


def question_heading(ctx: Context, g: GroupResults, q: facts.AnyQuestion) -> str:
    """'第 7 题　您不满意的主要原因是（可多选）' with the question's printed number."""
    kind = ctx.say("multiple_tag") if isinstance(q, MultipleChoice) else ""
    return ctx.say("question_heading", number=g.instrument.number_of(q.id),
                   text=facts.question_label(q, ctx.lang), tag=kind)


def skip_note(ctx: Context, g: GroupResults, q: facts.AnyQuestion,
              answered: int) -> Paragraph | None:
    """The base of a question with skip logic: how many were asked, how many answered."""
    if not q.show_if:
        return None
    from survey.instrument.describe import describe_condition

    asked = facts.asked_count(g.screening.valid, g.instrument, q.id)
    return Paragraph(ctx.say("skip_note",
                             condition=describe_condition(q.show_if, g.instrument, ctx.lang),
                             asked=asked, answered=answered), style="note")


def _freq(g: GroupResults, question: str) -> pd.DataFrame:
    part = g.frequencies[g.frequencies["question"] == question]
    return part.reset_index(drop=True)


def single_choice_rows(ctx: Context, g: GroupResults, q: SingleChoice) -> tuple[
        list[str], list[int], list[float | None], int]:
    """Labels (in the report's language), counts, shares and the base of a single choice."""
    part = _freq(g, q.id)
    by_code = {o.code: o for o in _options(g, q)}
    labels = [facts.option_label(by_code[int(c)], ctx.lang) if int(c) in by_code else str(lbl)
              for c, lbl in zip(part["code"], part["label"], strict=True)]
    counts = [int(c) for c in part["count"]]
    shares = [None if is_missing(s) else float(s) for s in part["share"]]
    base = int(part["base"].iloc[0]) if len(part) else 0
    return labels, counts, shares, base


def _share_sentences(ctx: Context, number: int, text_: str, labels: list[str], counts: list[int],
                     shares: list[float | None], base: int, valid: int) -> str:
    """The most chosen option, and the next one, each with share, count and base. A base
    smaller than the ``valid`` questionnaires (a skipped or unanswered question) is named as
    the answers to the question, not as a second count of valid questionnaires."""
    if base == 0:
        return ctx.say("no_answers")
    order = sorted(range(len(labels)), key=lambda i: (-counts[i], i))
    top = order[0]
    key = "share_sentence" if base == valid else "share_sentence_answered"
    sentence = ctx.say(key, number=number, question=text_, base=base,
                       label=labels[top], share=ctx.f.pct(shares[top]), count=counts[top])
    if len(order) > 1 and counts[order[1]] > 0:
        second = order[1]
        sentence += ctx.say("share_runner_up", label=labels[second],
                            share=ctx.f.pct(shares[second]), count=counts[second])
    return sentence + ctx.say("full_stop")


def _counts_chart(
    ctx: Context, section: str, g: GroupResults, q: SingleChoice | Rating, first_column: str,
    labels: list[str], counts: Sequence[int], shares: list[float | None], base: int,
    *, draw: bool = True,
) -> list[Block]:
    """Bars of each answer's share with the same counts as a table (total row, base note),
    then the skip-logic note when the question was not asked of everyone. With ``draw``
    false, the table alone."""
    f = ctx.f
    texts = [f.pct(s) for s in shares]
    rows = [(lbl, str(c), t) for lbl, c, t in zip(labels, counts, texts, strict=True)]
    rows.append((ctx.say("total"), str(base), f.pct(1.0) if base else f.na))
    caption = ctx.say("question_caption", group=facts.group_name(g, ctx.lang),
                      number=g.instrument.number_of(q.id))
    table = ctx.table(section, caption, (ctx.say(first_column), ctx.say("col_count"),
                                         ctx.say("col_share")), rows,
                      numeric=(False, True, True), total_rows=(len(rows) - 1,),
                      note=ctx.say("base_note", base=base))
    series = Series(name=ctx.say("col_share"), values=tuple(shares), texts=tuple(texts),
                    counts=tuple(counts))
    blocks: list[Block] = [ctx.chart(section, caption, "bars", labels, [series], table,
                                     axis_title=ctx.say("axis_share")) if draw else table]
    note = skip_note(ctx, g, q, base)
    if note:
        blocks.append(note)
    return blocks


def _single(ctx: Context, section: str, g: GroupResults, q: SingleChoice) -> list[Block]:
    labels, counts, shares, base = single_choice_rows(ctx, g, q)
    blocks = _counts_chart(ctx, section, g, q, "col_option", labels, counts, shares, base,
                           draw=len(labels) > MAX_OPTIONS_WITHOUT_CHART)
    blocks.append(Paragraph(_share_sentences(ctx, g.instrument.number_of(q.id),
                                             facts.question_label(q, ctx.lang), labels, counts,
                                             shares, base, len(g.screening.valid))))
    return blocks


def multiple_choice(ctx: Context, section: str, g: GroupResults, q: MultipleChoice) -> list[Block]:
    """Chart, table with both shares, note on the two bases, and the leading option's sentence."""
    part = _freq(g, q.id)
    f = ctx.f
    by_code = {o.code: o for o in q.options}
    labels = [facts.option_label(by_code[int(c)], ctx.lang) for c in part["code"]]
    counts = [int(c) for c in part["count"]]
    shares = [None if is_missing(s) else float(s) for s in part["share"]]
    of_selections = [None if is_missing(s) else float(s) for s in part["share_of_selections"]]
    base = int(part["base"].iloc[0]) if len(part) else 0
    selections = 0 if part.empty or is_missing(part["selections_base"].iloc[0]) \
        else int(part["selections_base"].iloc[0])
    texts = [f.pct(s) for s in shares]
    rows = [(lbl, str(c), t, f.pct(s)) for lbl, c, t, s
            in zip(labels, counts, texts, of_selections, strict=True)]
    rows.append((ctx.say("total_selections"), str(selections), f.na,
                 f.pct(1.0) if selections else f.na))
    caption = ctx.say("question_caption", group=facts.group_name(g, ctx.lang),
                      number=g.instrument.number_of(q.id))
    table = ctx.table(
        section, caption,
        (ctx.say("col_option"), ctx.say("col_count"), ctx.say("col_share_respondents"),
         ctx.say("col_share_selections")), rows,
        numeric=(False, True, True, True), total_rows=(len(rows) - 1,),
        note=ctx.say("multiple_note", base=base, selections=selections))
    series = Series(name=ctx.say("col_share_respondents"), values=tuple(shares),
                    texts=tuple(texts), counts=tuple(counts))
    chart = ctx.chart(section, caption, "bars", labels, [series], table,
                      axis_title=ctx.say("axis_share_respondents"))
    blocks: list[Block] = [chart]
    note = skip_note(ctx, g, q, base)
    if note:
        blocks.append(note)
    if base:
        top = sorted(range(len(labels)), key=lambda i: (-counts[i], i))[0]
        blocks.append(Paragraph(ctx.say(
            "multiple_sentence", number=g.instrument.number_of(q.id), base=base,
            label=labels[top], share=f.pct(shares[top]), count=counts[top],
            selections=selections, share_selections=f.pct(of_selections[top]))))
    else:
        blocks.append(Paragraph(ctx.say("no_answers")))
    return blocks


def scale_roles(options: tuple[int, ...], satisfied: tuple[int, ...] | set[int]
                ) -> list[tuple[SeriesRole, int]]:
    """Role and shade of each scored option, given in the scale's printed order.

    The options are read from least to most favourable (the satisfied codes are the
    favourable end, whichever way the scale is printed). Satisfied options are
    ``positive``; options below the scale's centre are ``negative``; the rest (the middle
    option of an odd scale, and any unsatisfied option above the centre) are ``neutral``,
    drawn across zero. Shade 0 is the option farthest from the centre in its role, so
    shades are distinct within a role and count outwards from 0.

    >>> scale_roles((5, 4, 3, 2, 1), {5, 4})
    [('positive', 0), ('positive', 1), ('neutral', 0), ('negative', 1), ('negative', 0)]
    >>> [r for r, _ in scale_roles((1, 2, 3, 4, 5, 6, 7), {6, 7})]
    ['negative', 'negative', 'negative', 'neutral', 'neutral', 'positive', 'positive']
    """
    k = len(options)
    positive = set(satisfied)
    if not positive:
        return [("plain", i) for i in range(k)]
    at = [i for i, c in enumerate(options) if c in positive]
    rest = [i for i, c in enumerate(options) if c not in positive]
    ascending = not rest or sum(at) / len(at) > sum(rest) / len(rest)
    rank = list(range(k)) if ascending else list(range(k - 1, -1, -1))  # 0 = least favourable
    centre = (k - 1) / 2
    role: dict[int, SeriesRole] = {}
    for i, c in enumerate(options):
        role[i] = "positive" if c in positive else "negative" if rank[i] < centre else "neutral"
    out: list[tuple[SeriesRole, int]] = []
    for i in range(k):
        same = sorted((j for j in range(k) if role[j] == role[i]),
                      key=lambda j: -rank[j] if role[i] == "positive" else rank[j])
        if role[i] == "neutral":  # nearest the centre first
            same = sorted(same, key=lambda j: abs(rank[j] - centre))
        out.append((role[i], same.index(i)))
    return out


def _roles(g: GroupResults, q: LikertMatrix) -> list[tuple[SeriesRole, int]]:
    """Role and shade of each scored option of the matrix's scale (printed order)."""
    scale = g.instrument.scale(q.scale)
    scored = tuple(o.code for o in scale.options if o.code not in scale.excluded)
    return scale_roles(scored, set(scale.satisfied))


def _favourable(scale: Scale, item: LikertItem) -> tuple[int, ...]:
    """The favourable codes of one item: the scale's satisfied codes, mirrored for a
    reverse-keyed item (the satisfaction stage's reading, ``scale_levels``)."""
    from survey.stats.conventions import scale_levels

    return scale_levels(scale.codes, scale.satisfied, scale.excluded, reverse=item.reverse)[1]


def likert_matrix(ctx: Context, section: str, g: GroupResults, q: LikertMatrix) -> list[Block]:
    """Diverging bars and the distribution table of a Likert matrix, with high/low sentences.

    The bars show the answers as given (one colour per option, the same for every row);
    the favourable share (满意率 on a satisfaction matrix) counts the satisfied codes,
    mirrored for reverse-keyed items, which are marked.
    """
    f = ctx.f
    scale = g.instrument.scale(q.scale)
    dist = facts.likert_distribution(g.screening.valid, g.instrument, q, ctx.lang)
    scored_idx = [i for i, o in enumerate(scale.options) if o.code not in scale.excluded]
    excluded_idx = [i for i, o in enumerate(scale.options) if o.code in scale.excluded]
    roles = _roles(g, q)
    favourable = [_favourable(scale, item) for item in q.items]
    has_positive = bool(scale.satisfied)
    labels = [ctx.say("reverse_mark", label=d.label) if item.reverse else d.label
              for d, item in zip(dist, q.items, strict=True)]
    series = []
    for (role, shade), i in zip(roles, scored_idx, strict=True):
        option = scale.options[i]
        values = tuple(d.share(i) for d in dist)
        series.append(Series(name=facts.option_label(option, ctx.lang), values=values,
                             texts=tuple(f.pct(v) for v in values), role=role, shade=shade,
                             counts=tuple(d.counts[i] for d in dist)))
    share_name = ctx.say("col_positive_share" if q.satisfaction else "col_favourable_share")
    columns = [ctx.say("col_item")]
    columns += [facts.option_label(scale.options[i], ctx.lang) for i in scored_idx]
    columns += [facts.option_label(scale.options[i], ctx.lang) for i in excluded_idx]
    columns.append(ctx.say("col_n"))
    if has_positive:
        columns.append(share_name)
    rows = []
    for d, label, fav in zip(dist, labels, favourable, strict=True):
        row = [label]
        row += [ctx.say("count_share", count=d.counts[i], share=f.pct(d.share(i)))
                for i in scored_idx]
        row += [str(d.counts[i]) for i in excluded_idx]
        row.append(str(d.n))
        if has_positive:
            k = sum(c for o, c in zip(scale.options, d.counts, strict=True) if o.code in fav)
            row.append(f.pct(k / d.n if d.n else None))
        rows.append(tuple(row))
    caption = ctx.say("question_caption", group=facts.group_name(g, ctx.lang),
                      number=g.instrument.number_of(q.id))
    or_ = ctx.say("or")
    positive_labels = or_.join(ctx.say("quoted", text=facts.option_label(o, ctx.lang))
                               for o in scale.options if o.code in scale.satisfied)
    note = ctx.say("likert_note", measure=share_name, positive=positive_labels) \
        if has_positive else ctx.say("likert_note_plain")
    if any(item.reverse for item in q.items) and has_positive:
        mirrored = next(fav for fav, item in zip(favourable, q.items, strict=True) if item.reverse)
        note += ctx.say("likert_reverse_note", positive=or_.join(
            ctx.say("quoted", text=facts.option_label(o, ctx.lang))
            for o in scale.options if o.code in mirrored))
    if excluded_idx:
        note += ctx.say("likert_excluded_note", labels=ctx.say("list_sep").join(
            facts.option_label(scale.options[i], ctx.lang) for i in excluded_idx))
    table = ctx.table(section, caption, tuple(columns), rows,
                      numeric=(False, *[True] * (len(columns) - 1)), note=note, wrap_numbers=True)
    chart_type: ChartType = "diverging" if has_positive else "bars"
    if not has_positive:  # no satisfied codes: plain stacked shares, printed order
        series = [Series(s.name, s.values, s.texts, "plain", shade=n, counts=s.counts)
                  for n, s in enumerate(series)]
    chart = ctx.chart(section, caption, chart_type, labels, series, table,
                      axis_title=ctx.say("axis_share"))
    blocks: list[Block] = [chart]
    if has_positive and dist:
        blocks.append(Paragraph(_likert_sentence(ctx, scale, dist, labels, favourable,
                                                 share_name)))
    return blocks


def _likert_sentence(ctx: Context, scale: Scale, dist: tuple[facts.Distribution, ...],
                     labels: list[str], favourable: list[tuple[int, ...]], measure: str) -> str:
    f = ctx.f
    options = scale.options
    rated = [(d, label, sum(c for o, c in zip(options, d.counts, strict=True) if o.code in fav))
             for d, label, fav in zip(dist, labels, favourable, strict=True) if d.n]
    if not rated:
        return ctx.say("no_answers")
    order = sorted(range(len(rated)), key=lambda j: (-rated[j][2] / rated[j][0].n, j))
    top, top_label, k_top = rated[order[0]]
    key = "likert_top" if len(order) > 1 else "likert_single"
    sentence = ctx.say(key, item=top_label, n=top.n, measure=measure,
                       share=f.pct(k_top / top.n), count=k_top)
    if len(order) > 1:
        low, low_label, k_low = rated[order[-1]]
        sentence += ctx.say("likert_low", item=low_label, n=low.n,
                            share=f.pct(k_low / low.n), count=k_low)
    return sentence + ctx.say("full_stop")


#: Open answers the survey appendix quotes per question (the most frequent first); the
#: technical annex quotes them all.
MAX_QUOTES = 5


def open_question(ctx: Context, g: GroupResults, q: OpenQuestion, *,
                  limit: int | None = MAX_QUOTES) -> list[Block]:
    """The grouped, redacted answers to an open question, with their base: the ``limit``
    most frequent (``None``: all), and how many more the technical annex lists."""
    answers = facts.open_answers(g.screening.valid, g.instrument, q, ctx.say("redacted"))
    note = ctx.say("open_note", asked=answers.asked, answered=answers.answered,
                   groups=len(answers.groups))
    if not answers.groups:
        return [Paragraph(ctx.say("open_none", asked=answers.asked), style="note")]
    caption = ctx.say("question_caption", group=facts.group_name(g, ctx.lang),
                      number=g.instrument.number_of(q.id))
    ranked = sorted(answers.groups, key=lambda tn: -tn[1])  # stable: ties keep their order
    shown = ranked if limit is None else ranked[:limit]
    if len(shown) < len(ranked):
        note += ctx.say("open_more", shown=len(shown), more=len(ranked) - len(shown))
    quotes = tuple(Quote(text=t, count=n, count_text=ctx.say("people", n=n)) for t, n in shown)
    return [Quotes(caption=caption, quotes=quotes, note=note)]


def open_questions_in_full(ctx: Context) -> list[Block]:
    """Every open question whose answers the appendix cut to :data:`MAX_QUOTES`, in full."""
    blocks: list[Block] = []
    for g in ctx.results.groups:
        for q in g.instrument.questions():
            if not isinstance(q, OpenQuestion):
                continue
            answers = facts.open_answers(g.screening.valid, g.instrument, q, ctx.say("redacted"))
            if len(answers.groups) > MAX_QUOTES:
                blocks += [Heading(question_heading(ctx, g, q), level=4),
                           *open_question(ctx, g, q, limit=None)]
    return blocks


def question_blocks(ctx: Context, section: str, g: GroupResults,
                    q: facts.AnyQuestion) -> list[Block]:
    """Heading and blocks for any question type."""
    blocks: list[Block] = [Heading(question_heading(ctx, g, q), level=4)]
    if isinstance(q, SingleChoice):
        blocks += _single(ctx, section, g, q)
        blocks += specify_blocks(ctx, g, q)
    elif isinstance(q, MultipleChoice):
        blocks += multiple_choice(ctx, section, g, q)
        blocks += specify_blocks(ctx, g, q)
    elif isinstance(q, Rating):
        blocks += _rating(ctx, section, g, q)
    elif isinstance(q, NumberQuestion):
        blocks += _number(ctx, section, g, q)
    elif isinstance(q, Ranking):
        blocks += _ranking(ctx, section, g, q)
    elif isinstance(q, LikertMatrix):
        blocks += likert_matrix(ctx, section, g, q)
    elif isinstance(q, OpenQuestion):
        blocks += open_question(ctx, g, q)
    else:
        blocks += _other(ctx, section, g, q)
    return blocks


def _other(ctx: Context, section: str, g: GroupResults, q: QuestionModel) -> list[Block]:
    """A question type this report does not chart: its counts when the frequency table has
    them, otherwise a note saying it is not tabulated here (never silently left out)."""
    qid = q.id
    part = _freq(g, qid)
    if part.empty:
        return [Paragraph(ctx.say("not_tabulated", type=q.type),
                          style="note")]
    f = ctx.f
    rows = [(str(lbl), str(int(c)), f.pct(None if is_missing(s) else float(s)))
            for lbl, c, s in zip(part["label"], part["count"], part["share"], strict=True)]
    base = int(part["base"].iloc[0])
    caption = ctx.say("question_caption", group=facts.group_name(g, ctx.lang),
                      number=g.instrument.number_of(qid))
    return [ctx.table(section, caption, (ctx.say("col_option"), ctx.say("col_count"),
                                         ctx.say("col_share")), rows,
                      numeric=(False, True, True), note=ctx.say("base_note", base=base))]


def specify_blocks(ctx: Context, g: GroupResults, q: SingleChoice | MultipleChoice) -> list[Block]:
    """What respondents wrote beside "other, please specify" options, grouped and redacted."""
    out: list[Block] = []
    options = {o.code: o for o in (_options(g, q) if isinstance(q, SingleChoice) else q.options)}
    for code, column in facts.specify_columns(g.instrument, q.id):
        answers = facts.open_answers(g.screening.valid, g.instrument, q, ctx.say("redacted"),
                                     column=column)
        label = facts.option_label(options[code], ctx.lang) if code in options else str(code)
        if not answers.groups:
            continue
        quotes = tuple(Quote(text=t, count=n, count_text=ctx.say("people", n=n))
                       for t, n in answers.groups)
        out.append(Quotes(caption=label, quotes=quotes,
                          note=ctx.say("specify_note", label=label, answered=answers.answered,
                                       groups=len(answers.groups))))
    return out


def _rating(ctx: Context, section: str, g: GroupResults, q: Rating) -> list[Block]:
    """A rating line (0–10): bars of each point's share, the table, mean and spread."""
    f = ctx.f
    part = _freq(g, q.id)
    (point,) = [v for v in variables(g.instrument) if v.question == q.id]
    by_code = {o.code: o for o in point.options}
    labels = [facts.option_label(by_code[int(c)], ctx.lang) for c in part["code"]]
    counts = [int(c) for c in part["count"]]
    shares = [None if is_missing(s) else float(s) for s in part["share"]]
    base = int(part["base"].iloc[0]) if len(part) else 0
    blocks = _counts_chart(ctx, section, g, q, "col_point", labels, counts, shares, base)
    if base:
        points = [int(c) for c in part["code"]]
        mean = sum(p * c for p, c in zip(points, counts, strict=True)) / base
        var = (sum(c * (p - mean) ** 2 for p, c in zip(points, counts, strict=True)) / (base - 1)
               if base > 1 else None)
        blocks.append(Paragraph(ctx.say(
            "rating_sentence", number=g.instrument.number_of(q.id), base=base,
            mean=f.num(mean, 2), sd=f.num(None if var is None else var ** 0.5, 2),
            low=q.min, high=q.max)))
    else:
        blocks.append(Paragraph(ctx.say("no_answers")))
    return blocks


def _number(ctx: Context, section: str, g: GroupResults, q: NumberQuestion) -> list[Block]:
    """A number question: a summary table (n, mean, sd, quartiles, extremes) and a sentence."""
    f = ctx.f
    s = facts.number_summary(g.screening.valid, g.instrument, q.id)
    unit = (q.unit_en if ctx.lang == "en" and q.unit_en else q.unit) or ""
    caption = ctx.say("question_caption", group=facts.group_name(g, ctx.lang),
                      number=g.instrument.number_of(q.id))
    columns = tuple(ctx.say(k) for k in ("col_n", "col_mean", "col_sd", "col_min", "col_q1",
                                         "col_median", "col_q3", "col_max"))
    row = (str(s.n), f.num(s.mean, 2), f.num(s.sd, 2), f.plain(s.minimum), f.plain(s.q1),
           f.plain(s.median), f.plain(s.q3), f.plain(s.maximum))
    blocks: list[Block] = [ctx.table(section, caption, columns, [row], numeric=(True,) * 8,
                                     note=ctx.say("number_note", unit=unit or f.na))]
    note = skip_note(ctx, g, q, s.n)
    if note:
        blocks.append(note)
    if s.n:
        blocks.append(Paragraph(ctx.say(
            "number_sentence", number=g.instrument.number_of(q.id), n=s.n, unit=unit,
            mean=f.num(s.mean, 2), median=f.plain(s.median), low=f.plain(s.minimum),
            high=f.plain(s.maximum))))
    else:
        blocks.append(Paragraph(ctx.say("no_answers")))
    return blocks


def _ranking(ctx: Context, section: str, g: GroupResults, q: Ranking) -> list[Block]:
    """A ranking question: options by composite score (chart and table), with first places."""
    f = ctx.f
    ranked, base = facts.ranking_summary(g.screening.valid, g.instrument, q)
    by_code = {o.code: o for o in q.options}
    order = sorted(range(len(ranked)), key=lambda i: (
        ranked[i].score is None, -(ranked[i].score or 0.0), i))
    labels = [facts.option_label(by_code[ranked[i].code], ctx.lang) for i in order]
    scores = [ranked[i].score for i in order]
    texts = [f.num(v, 2) for v in scores]
    rows = []
    for position, i in enumerate(order, start=1):
        r = ranked[i]
        rows.append((str(position), labels[position - 1], f.num(r.score, 2), str(r.n_first),
                     f.pct(r.n_first / base if base else None), str(r.n_ranked),
                     f.num(r.mean_rank, 2)))
    caption = ctx.say("question_caption", group=facts.group_name(g, ctx.lang),
                      number=g.instrument.number_of(q.id))
    columns = tuple(ctx.say(k) for k in ("col_rank", "col_option", "col_rank_score",
                                         "col_first", "col_first_share", "col_ranked",
                                         "col_mean_rank"))
    table = ctx.table(section, caption, columns, rows,
                      numeric=(True, False, True, True, True, True, True),
                      note=ctx.say("ranking_question_note", base=base, ranks=q.rank_count))
    chart = ctx.chart(section, caption, "ranking", labels,
                      [Series(ctx.say("col_rank_score"), tuple(scores), tuple(texts),
                              counts=tuple(ranked[i].n_ranked for i in order))], table,
                      axis_title=ctx.say("col_rank_score"), unit="scale")
    blocks: list[Block] = [chart]
    note = skip_note(ctx, g, q, base)
    if note:
        blocks.append(note)
    if base:
        top = ranked[order[0]]
        blocks.append(Paragraph(ctx.say(
            "ranking_question_sentence", number=g.instrument.number_of(q.id), base=base,
            label=labels[0], score=f.num(top.score, 2), first=top.n_first,
            share=f.pct(top.n_first / base))))
    else:
        blocks.append(Paragraph(ctx.say("no_answers")))
    return blocks
