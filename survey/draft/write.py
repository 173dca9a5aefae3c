"""Drafted questions → instrument YAML and analysis-spec YAML, every guess as a comment.

The text is written line by line (not dumped) so that each item carries, beside it, the
column it came from and why it was read that way; things to check are listed at the top.
Strings are written as JSON strings, which YAML reads as they are.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from survey.draft.classify import DraftQuestion, DraftTable, Undecided
from survey.draft.profile import profile_runs, title_from_file_name

__all__ = ["DraftFile", "analysis_yaml", "column_map", "column_map_yaml", "instrument_id",
           "instrument_yaml"]

INSTRUMENT_SCHEMA = "https://survey.invalid/schema/instrument.schema.json"


@dataclass(frozen=True)
class DraftFile:
    """One response file drafted: its path, the instrument id, the drafted table, the file
    it was paired with (the other 问卷星 download) if any."""

    path: Path
    id: str
    table: DraftTable
    pair: Path | None = None


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())


def instrument_id(path: Path, taken: set[str]) -> str:
    """A valid, unused instrument id from a file name (``wjx_800_800_0``)."""
    base = re.sub(r"_{2,}", "_", re.sub(r"[^A-Za-z0-9_]+", "_", path.stem)).strip("_") \
        or "survey"
    if not base[0].isalpha():
        base = f"s_{base}"
    base, name, k = base[:60], base[:60], 2
    while name in taken:
        name, k = f"{base[:56]}_{k}", k + 1
    return name


def _schema_line(schema: Path | None, out: Path, name: str) -> list[str]:
    if schema is None:
        return []
    return [f"# yaml-language-server: $schema={os.path.relpath(schema / name, out)}"]


def _scale_block(questions: tuple[DraftQuestion, ...]) -> tuple[list[str], dict[int, str]]:
    """Custom scales (those not built in), named once; the scale name of each question."""
    lines: list[str] = []
    names: dict[int, str] = {}
    declared: dict[tuple[object, ...], str] = {}
    for i, q in enumerate(questions):
        if q.scale is None:
            continue
        if q.scale.builtin is not None:
            names[i] = q.scale.builtin
            continue
        key = (q.scale.options, q.scale.satisfied, q.scale.excluded)
        if key not in declared:
            declared[key] = q.scale.name
            if not lines:
                lines.append("scales:")
            lines.append(f"  {q.scale.name}:   # labels seen: "
                         f"{_comment('、'.join(q.scale.labels_seen))}")
            options = ", ".join(f"[{c}, {_q(lb)}]" for c, lb in q.scale.options)
            lines.append(f"    options: [{options}]")
            if q.scale.kind == "yesno":
                lines.append("    ordered: false")
            if q.scale.satisfied:
                lines.append(f"    satisfied: [{', '.join(map(str, q.scale.satisfied))}]"
                             "   # the top two levels count as satisfied")
            if q.scale.excluded:
                lines.append(f"    excluded: [{', '.join(map(str, q.scale.excluded))}]"
                             "   # cannot judge: left out of every rate")
        names[i] = declared[key]
    return lines, names


def _question(q: DraftQuestion, scale: str | None) -> list[str]:
    where = ", ".join(repr(c) for c in q.columns[:3]) + (" …" if len(q.columns) > 3 else "")
    out = [f"      # from column {where}: {_comment(q.why)}"]
    qtype = q.type
    if qtype == "single" and q.scale is not None and q.scale.kind != "yesno":
        qtype = "likert_matrix"  # one satisfaction or agreement question is a one-row matrix
        out.append("      # one question on a satisfaction/agreement scale: a one-row matrix, "
                   "so it counts in the satisfaction figures")
        out += [f"      - id: {q.id}_m", "        type: likert_matrix",
                f"        text: {_q(q.text)}", f"        scale: {scale}",
                f"        items: [{{id: {q.id}, text: {_q(q.text)}}}]"]
        if q.scale.kind != "satisfaction":
            out.append("        satisfaction: false")
        return out
    out += [f"      - id: {q.id}", f"        type: {qtype}", f"        text: {_q(q.text)}"]
    if qtype == "single":
        if scale is not None:
            out.append(f"        scale: {scale}")
        else:
            out.append("        options:")
            for code, label, specify in q.options:
                extra = ", specify: true" if specify else ""
                out.append(f"          - {{code: {code}, label: {_q(label)}{extra}}}")
    elif qtype == "multiple":
        out.append("        min_picks: 0")
        out.append("        options:")
        for code, label, specify in q.options:
            extra = ", specify: true" if specify else ""
            out.append(f"          - {{code: {code}, label: {_q(label)}{extra}}}")
    elif qtype == "likert_matrix":
        out.append(f"        scale: {scale}")
        if q.scale is not None and q.scale.kind != "satisfaction":
            out.append("        satisfaction: false")
        out.append("        items:")
        for item_id, text, column in q.items:
            out.append(f"          - {{id: {item_id}, text: {_q(text)}}}   # column {column!r}")
    elif qtype == "rating":
        out.append(f"        min: {int(q.minimum or 0)}")
        out.append(f"        max: {int(q.maximum or 10)}")
    elif qtype == "number" and not q.integer:
        out.append("        integer: false")
    if qtype in ("single", "multiple", "rating", "number", "likert_matrix"):
        out.append("        required: false   # the draft does not know which answers were "
                   "required")
    return out


def instrument_yaml(draft: DraftFile, *, schema: Path | None, out: Path) -> str:
    """The draft instrument of one file."""
    table = draft.table
    lines = _schema_line(schema, out, "instrument.schema.json")
    lines.append(f"# Draft instrument made by `survey draft` from {draft.path.name} "
                 f"({table.platform}, {table.rows} rows). Check it, then run "
                 "`survey instrument check`.")
    if draft.pair is not None:
        lines.append(f"# Paired with {draft.pair.name} (the other download of the same "
                     "survey): codes and labels agree.")
    lines += _undecided_lines(table.undecided)
    if table.metadata:
        lines.append("# Platform metadata left out (never carried into an output):")
        lines += [f"#   {column!r}: {kind}" for column, kind in table.metadata]
    title = title_from_file_name(draft.path)
    lines += [f"id: {draft.id}", f"title: {_q(title or draft.path.stem)}"
              + ("" if title else "   # the file name: write the questionnaire's title"),
              "group: {id: respondents, name: 受访者}"]
    if table.own_id is not None:
        lines.append(f"id_column: {_q(table.own_id)}   # every value different: read as the "
                     "questionnaire's id")
    if table.row_ids:
        lines.append("ids: row   # no column identifies the questionnaires: each is known by its "
                     "row in the file")
    scale_lines, names = _scale_block(table.questions)
    lines += scale_lines
    if not table.questions:
        raise ValueError("no questions")
    lines.append("sections:")
    contents = 0
    for n, (profile, positions) in enumerate(profile_runs(table.questions), start=1):
        contents += not profile
        title = "基本情况" if profile else "调查内容" + ("（续）" if contents > 1 else "")
        lines += [f"  - id: s{n}", f"    title: {title}"]
        if profile:
            lines.append("    role: profile   # 性别, 年龄 … : reported as 受访者基本情况")
        lines.append("    questions:")
        for i in positions:
            lines += _question(table.questions[i], names.get(i))
    return "\n".join(lines) + "\n"


def _undecided_lines(undecided: tuple[Undecided, ...]) -> list[str]:
    if not undecided:
        return ["# Nothing left undecided."]
    return ["# To check (the draft could not decide these):"] + [
        f"#   - {u.where}: {_comment(u.what)}" for u in undecided]


def column_map(draft: DraftFile) -> dict[str, str]:
    """``{file header: variable}`` for the columns the reader may not place by itself: the
    rows of a matrix (``N、题干—子题`` headers, one-row matrices) and the 0/1 columns of a
    multiple choice (``第6题(运动)``, ``3.渠道:电视``)."""
    out: dict[str, str] = {}
    for q in draft.table.questions:
        if q.type == "likert_matrix":
            out.update({column: item_id for item_id, _, column in q.items})
        elif q.type == "single" and q.scale is not None and q.scale.kind != "yesno":
            out[q.columns[0]] = q.id
        elif q.type == "multiple" and len(q.columns) > 1:  # one 0/1 column per option
            out.update({column: f"{q.id}_{code}"
                        for column, (code, _, _) in zip(q.columns, q.options, strict=True)})
    return out


def column_map_yaml(draft: DraftFile, mapping: dict[str, str]) -> str:
    """The column map file: one ``header: variable`` line each."""
    lines = [(f"# Column map drafted by `survey draft` for {draft.path.name}: the file's "
              "header, then the instrument's variable.")]
    lines += [f"{_q(column)}: {variable}" for column, variable in mapping.items()]
    return "\n".join(lines) + "\n"


def _report_title(survey: str | None) -> str:
    """调查报告 after the survey's title: 社区服务满意度调查 → 社区服务满意度调查报告,
    社区服务满意度问卷 → 社区服务满意度调查报告.

    >>> _report_title("社区服务满意度问卷"), _report_title(None)
    ('社区服务满意度调查报告', '问卷调查报告')
    """
    if not survey:
        return "问卷调查报告"
    stem = re.sub(r"(调查)?问卷$", "", survey)
    return stem + ("报告" if stem.endswith("调查") else "调查报告")


def analysis_yaml(drafts: list[DraftFile], *, schema: Path | None, out: Path,
                  instruments: dict[str, Path]) -> str:
    """One analysis spec with a group per drafted file (a paired download is one group)."""
    lines = _schema_line(schema, out, "analysis.schema.json")
    lines.append("# Draft analysis made by `survey draft`. Run it with: survey run "
                 "analysis.yaml --out report")
    titles = {title_from_file_name(d.path) for d in drafts}
    title = titles.pop() if len(titles) == 1 else None
    lines += ["report:", f"  title: {_q(_report_title(title))}"
              + ("" if title else "   # write the report's title"),
              "  language: zh-CN", "groups:"]
    satisfaction_groups = []
    for draft in drafts:
        responses = os.path.relpath(draft.path.resolve(), out.resolve())
        online = draft.table.platform in ("wjx", "tencent")
        lines += [f"  - id: {draft.id}",
                  f"    instrument: {_q(instruments[draft.id].name)}",
                  f"    responses: {_q(responses)}",
                  *([f"    column_map: {_q(draft.id + '.columns.yaml')}"]
                    if column_map(draft) else []),
                  "    fieldwork: {mode: online}   # online: no questionnaires were issued, "
                  "so no return rate" if online else
                  "    fieldwork: {}   # say how they were collected and how many were handed "
                  "out: {mode: paper, issued: N} (or online, interview)"]
        if any(q.scale is not None and q.scale.kind == "satisfaction"
               for q in draft.table.questions):
            satisfaction_groups.append(draft.id)
    lines.append("convention: top_two_box   # 满意率; or weighted_100, mean, mean_percent, "
                 "mean_rescaled")
    if satisfaction_groups:
        lines.append("# An indicator scored from a group's satisfaction; set the weight and "
                     "target your index system gives, then remove the #:")
        lines.append("# indicators:")
        for gid in satisfaction_groups:
            lines.append(f"#   - {{code: C1, name: 满意度, group: {gid}, weight: 5, "
                         "target: 90%, rule: proportional}")
    return "\n".join(lines) + "\n"
