"""Results → :class:`~survey.report.model.Report`: which sections, tables, charts, sentences.

Every number is formatted here, half-up, with its base; every sentence comes from the
locale files. Nothing here writes files or HTML.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from survey._version import __version__
from survey.locale import Language, text
from survey.report.charts import bar_chart, ranking_chart
from survey.report.model import Block, Chart, Paragraph, Report, Section, Table
from survey.rounding import format_number, format_percent

if TYPE_CHECKING:
    from survey.pipeline import AnalysisResults, GroupResults

__all__ = ["build_report"]


def _pct(value: float | None, lang: Language) -> str:
    return text(lang, "not_available") if value is None or pd.isna(value) else format_percent(value)


def _num(value: float | None, lang: Language, decimals: int = 3) -> str:
    if value is None or pd.isna(value):
        return text(lang, "not_available")
    return f"{format_number(value, decimals, strip=False)}"


def _group_name(g: GroupResults, lang: Language) -> str:
    group = g.instrument.group
    return group.name_en if lang == "en" and group.name_en else group.name


def _provenance(results: AnalysisResults, groups: list[GroupResults], lang: Language) -> str:
    rules = sorted({r for g in groups for r in g.screening.problems["rule"].unique()}
                   | {"out_of_scale", "missing_required", "duplicate_id"})
    hashes = ", ".join(f"{f.path} {f.sha256[:12]}" for f in results.inputs)
    n = " / ".join(f"{_group_name(g, lang)} {len(g.screening.valid)}" for g in groups)
    return text(lang, "provenance", n=n, missing=text(lang, "missing_listwise"),
                rules=", ".join(rules), convention="top_two_box/mean_of_items",
                version=__version__, hashes=hashes)


def _fieldwork(results: AnalysisResults, lang: Language) -> Section:
    rows, blocks = [], []
    na = text(lang, "not_available")
    for g in results.groups:
        fw = g.screening.fieldwork
        name = _group_name(g, lang)
        rows.append((name, na if fw.issued is None else str(fw.issued), str(fw.returned),
                     str(fw.valid), _pct(fw.return_rate, lang), _pct(fw.valid_rate, lang),
                     _pct(fw.valid_return_rate, lang)))
        key = "fieldwork_sentence" if fw.issued else "fieldwork_sentence_online"
        blocks.append(Paragraph(text(lang, key, group=name, issued=fw.issued, returned=fw.returned,
                                     valid=fw.valid, return_rate=_pct(fw.return_rate, lang),
                                     valid_rate=_pct(fw.valid_rate, lang))))
        blocks += [Paragraph(text(lang, "fieldwork_problem", message=p.message)) for p in fw.problems]
    columns = tuple(text(lang, k) for k in ("col_group", "col_issued", "col_returned", "col_valid",
                                            "col_return_rate", "col_valid_rate",
                                            "col_valid_return_rate"))
    table = Table(caption=text(lang, "sec_fieldwork"), columns=columns, rows=tuple(rows),
                  numeric=(False, *[True] * 6))
    return Section("fieldwork", text(lang, "sec_fieldwork"), (table, *blocks),
                   _provenance(results, list(results.groups), lang))


def _alpha_band(alpha: float) -> str:
    if alpha >= 0.9:
        return "band_excellent"
    if alpha >= 0.8:
        return "band_good"
    if alpha >= 0.7:
        return "band_acceptable"
    if alpha >= 0.6:
        return "band_questionable"
    return "band_poor"


def _reliability(results: AnalysisResults, lang: Language) -> Section:
    blocks: list[Block] = []
    for g in results.groups:
        name = _group_name(g, lang)
        a = g.alpha
        if a.alpha is None:
            reason = text(lang, f"reason_{a.reason}")
            blocks.append(Paragraph(text(lang, "alpha_undefined", group=name, reason=reason)))
            continue
        blocks.append(Paragraph(text(lang, "alpha_defined", group=name, k=a.n_items,
                                     n=a.n_respondents, alpha=_num(a.alpha, lang),
                                     band=text(lang, _alpha_band(a.alpha)))))
        labels = {v: lbl for v, lbl in zip(g.satisfaction["item"], g.satisfaction["label"], strict=True)}
        rows = tuple(
            (str(labels.get(r.item, r.item)), _num(r.mean, lang, 2), _num(r.sd, lang, 2),
             _num(r.item_total_r, lang), _num(r.corrected_item_total_r, lang),
             _num(r.alpha_if_deleted, lang))
            for r in g.item_stats.itertuples(index=False)
        )
        columns = tuple(text(lang, k) for k in ("col_item", "col_mean", "col_sd", "col_itr",
                                                "col_citc", "col_aid"))
        blocks.append(Table(caption=name, columns=columns, rows=rows,
                            numeric=(False, *[True] * 5)))
    return Section("reliability", text(lang, "sec_reliability"), tuple(blocks),
                   _provenance(results, list(results.groups), lang))


def _questions(results: AnalysisResults, lang: Language) -> Section:
    blocks: list[Block] = []
    for gi, g in enumerate(results.groups):
        freq = g.frequencies
        for qi, (question_id, part) in enumerate(freq.groupby("question", sort=False)):
            question = g.instrument.question(str(question_id))
            title = question.text_en if lang == "en" and question.text_en else question.text
            base = int(part["base"].iloc[0])
            multiple = part["selections_base"].notna().any()
            labels = [str(x) for x in part["label"]]
            shares = [0.0 if pd.isna(s) else float(s) for s in part["share"]]
            if multiple:
                columns = tuple(text(lang, k) for k in ("col_option", "col_count",
                                                        "col_share_respondents",
                                                        "col_share_selections"))
                rows = tuple((str(r.label), str(r.count), _pct(r.share, lang),
                              _pct(r.share_of_selections, lang))
                             for r in part.itertuples(index=False))
                note = text(lang, "multiple_note", base=base,
                            selections=int(part["selections_base"].iloc[0]))
            else:
                columns = tuple(text(lang, k) for k in ("col_option", "col_count", "col_share"))
                rows = tuple((str(r.label), str(r.count), _pct(r.share, lang))
                             for r in part.itertuples(index=False))
                note = None
            table = Table(caption=f"{_group_name(g, lang)} · {title}", columns=columns, rows=rows,
                          numeric=(False, *[True] * (len(columns) - 1)), note=note)
            figure = bar_chart(labels, shares, [_pct(s, lang) for s in shares])
            blocks.append(Chart(id=f"survey-q-{gi}-{qi}", caption=table.caption, figure=figure,
                                table=table))
            if base and not multiple:
                top = part.loc[part["count"].idxmax()]
                blocks.append(Paragraph(text(lang, "share_sentence", base=base, label=top["label"],
                                             share=_pct(top["share"], lang), count=int(top["count"]))))
    return Section("questions", text(lang, "sec_questions"), tuple(blocks),
                   _provenance(results, list(results.groups), lang))


def _satisfaction(results: AnalysisResults, lang: Language) -> Section:
    blocks: list[Block] = [Paragraph(text(lang, "convention_note"))]
    level = f"{format_number(results.spec.confidence * 100, 1)}%"
    for gi, g in enumerate(results.groups):
        name = _group_name(g, lang)
        sat = g.satisfaction
        items = sat[sat["item"] != "overall"].copy()
        overall = sat[sat["item"] == "overall"]
        if not overall.empty and pd.notna(overall["value"].iloc[0]):
            o = overall.iloc[0]
            blocks.append(Paragraph(text(lang, "overall_sentence", group=name, rate=_pct(o["value"], lang),
                                         n=int(o["n"]), level=level, low=_pct(o["ci_low"], lang),
                                         high=_pct(o["ci_high"], lang))))
        ranked = items.assign(rank=items["value"].rank(method="min", ascending=False))
        ranked = ranked.sort_values(["rank", "item"], kind="stable")
        english = {v.id: v.text_en for q in g.instrument.questions()
                   for v in getattr(q, "items", ()) if v.text_en}
        labels = [english.get(i, lbl) if lang == "en" else lbl
                  for i, lbl in zip(ranked["item"], ranked["label"], strict=True)]
        rows = tuple(
            (str(int(r.rank)) if pd.notna(r.rank) else text(lang, "not_available"), label,
             str(int(r.n)), str(int(r.n_satisfied)), _pct(r.value, lang),
             f"{_pct(r.ci_low, lang)}–{_pct(r.ci_high, lang)}")
            for r, label in zip(ranked.itertuples(index=False), labels, strict=True)
        )
        columns = (text(lang, "col_rank"), text(lang, "col_item"), text(lang, "col_n"),
                   text(lang, "col_satisfied"), text(lang, "col_rate"),
                   text(lang, "col_ci_level", level=level))
        table = Table(caption=text(lang, "ranking_caption", group=name), columns=columns, rows=rows,
                      numeric=(True, False, True, True, True, True))
        rates = [0.0 if pd.isna(v) else float(v) for v in ranked["value"]]
        figure = ranking_chart(labels, rates, [_pct(v, lang) for v in rates])
        blocks.append(Chart(id=f"survey-sat-{gi}", caption=table.caption, figure=figure, table=table))
    return Section("satisfaction", text(lang, "sec_satisfaction"), tuple(blocks),
                   _provenance(results, list(results.groups), lang))


def _indicators(results: AnalysisResults, lang: Language) -> Section:
    rows = []
    for s in results.indicators:
        target = f"{s.comparator.replace('>=', '≥').replace('<=', '≤')}{format_percent(s.target, 0)}"
        rows.append((s.code, s.name, format_number(s.weight), target, _pct(s.actual, lang),
                     text(lang, "not_available") if s.score is None else format_number(s.score),
                     s.sentence))
    columns = tuple(text(lang, k) for k in ("col_code", "col_indicator", "col_weight", "col_target",
                                            "col_actual", "col_score", "col_process"))
    table = Table(caption=text(lang, "sec_indicators"), columns=columns, rows=tuple(rows),
                  numeric=(False, False, True, True, True, True, False))
    return Section("indicators", text(lang, "sec_indicators"), (table,),
                   _provenance(results, list(results.groups), lang))


def _data_quality(results: AnalysisResults, lang: Language) -> Section:
    blocks: list[Block] = []
    for g in results.groups:
        s = g.screening
        name = _group_name(g, lang)
        blocks.append(Paragraph(text(lang, "data_quality_sentence", group=name,
                                     returned=len(g.responses), set_aside=len(s.set_aside),
                                     valid=len(s.valid))))
        problems = s.problems.sort_values(["action", "row"], ascending=[False, True], kind="stable")
        rows = tuple(
            (str(p.row), str(p.respondent_id), text(lang, f"rule_{p.rule}"), str(p.column),
             "" if p.value is None else str(p.value), text(lang, f"action_{p.action}"))
            for p in problems.itertuples(index=False)
        )
        columns = tuple(text(lang, k) for k in ("col_row", "col_respondent", "col_rule",
                                                "col_column", "col_value", "col_action"))
        blocks.append(Table(caption=name, columns=columns, rows=rows,
                            numeric=(True, False, False, False, False, False)))
    return Section("data-quality", text(lang, "sec_data_quality"), tuple(blocks),
                   _provenance(results, list(results.groups), lang))


def build_report(results: AnalysisResults) -> Report:
    """The report's structure for ``results``, in the order of a survey appendix."""
    lang = results.lang
    sections = (
        _fieldwork(results, lang),
        _reliability(results, lang),
        _questions(results, lang),
        _satisfaction(results, lang),
        _indicators(results, lang),
        _data_quality(results, lang),
    )
    return Report(title=results.spec.report.title, lang=lang, generated_at=results.generated_at,
                  sections=sections)
