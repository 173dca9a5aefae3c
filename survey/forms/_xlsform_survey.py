"""Turning the ``survey`` sheet's rows into the definition's sections and questions.

:func:`walk` goes through the rows once: a top-level group becomes a section (loose
questions gather in sections of their own); a group of ``select_one`` rows on one list
becomes a ``likert_matrix``, a group of ``integer`` ranks a ``ranking``; each other row
becomes the question its ``type`` matches (``single``, ``rating``, ``multiple``,
``ranking``, ``number``, ``open``), with ``relevant`` translated into ``show_if`` and a
group's condition passed to its questions. Rows with no counterpart are noted, not kept.
"""

from __future__ import annotations

import re
from typing import Any

from survey.errors import InstrumentError, shorten
from survey.forms._xlsform_builder import Builder, promote_scales
from survey.forms._xlsform_relevant import Relevant
from survey.forms._xlsform_sheets import (
    META_TYPES,
    TRUE_WORDS,
    cell_text,
    constraint_range,
    is_required,
    lang_columns,
    row_type,
)
from survey.instrument.model import BUILTIN_SCALES

#: Deepest nesting of groups carried over; the walk below recurses once per level.
MAX_GROUP_DEPTH = 20


def _check_nesting(b: Builder, rows: list[dict[str, Any]]) -> None:
    """Refuse groups nested deeper than :data:`MAX_GROUP_DEPTH`, naming the row."""
    depth = 0
    for row in rows:
        kind = row_type(row)[0]
        if kind in ("begin_group", "begin_repeat"):
            depth += 1
            if depth > MAX_GROUP_DEPTH:
                raise InstrumentError(
                    f"survey row {row['_row']}: groups are nested more than {MAX_GROUP_DEPTH} "
                    "levels deep", code="xlsform_too_deep", file=str(b.path),
                    expected=f"at most {MAX_GROUP_DEPTH} levels of begin_group")
        elif kind in ("end_group", "end_repeat"):
            depth = max(depth - 1, 0)


def walk(b: Builder, rows: list[dict[str, Any]]) -> None:
    label_zh, label_en = lang_columns(rows, "label")
    hint_zh, hint_en = lang_columns(rows, "hint")
    relevant = Relevant(b.fields, b.codes)
    _check_nesting(b, rows)
    # top level: groups become sections; loose questions gather in sections of their own
    loose: dict[str, Any] | None = None
    i = 0

    def text_of(row: dict[str, Any]) -> tuple[str, str | None]:
        zh = cell_text(row, label_zh) or str(row.get("name", ""))
        return zh, cell_text(row, label_en)

    def children(start: int) -> tuple[list[dict[str, Any]], int]:
        """Rows inside the group opened at ``start`` and the index after its end."""
        depth, j = 0, start
        while j < len(rows):
            kind = row_type(rows[j])[0]
            if kind in ("begin_group", "begin_repeat"):
                depth += 1
            elif kind in ("end_group", "end_repeat"):
                depth -= 1
                if depth == 0:
                    return rows[start + 1: j], j + 1
            j += 1
        return rows[start + 1:], len(rows)

    def show_if(row: dict[str, Any], inherited: str | None, what: str) -> str | None:
        own = None
        raw = row.get("relevant")
        if raw not in (None, ""):
            try:
                own = relevant.translate(str(raw))
            except ValueError as exc:
                b.notes.append(f"survey row {row['_row']}: the relevant of {what} "
                               f"({shorten(str(raw))}) is not carried over: {exc}")
        parts = [p for p in (inherited, own) if p]
        if len(parts) == 2:
            return f"({parts[0]}) and ({parts[1]})"
        return parts[0] if parts else None

    def add(question: dict[str, Any], section: dict[str, Any]) -> None:
        section["questions"].append({k: v for k, v in question.items() if v not in (None, "")})

    def base(row: dict[str, Any], qid: str, kind: str, inherited: str | None) -> dict[str, Any]:
        zh, en = text_of(row)
        return {"id": qid, "type": kind, "text": zh, "text_en": en,
                "note": cell_text(row, hint_zh), "note_en": cell_text(row, hint_en),
                "show_if": show_if(row, inherited, f"{row.get('name')!r}")}

    def question(row: dict[str, Any], section: dict[str, Any], inherited: str | None) -> None:
        kind, listed, or_other = row_type(row)
        name = str(row.get("name", "")).strip()
        if kind in META_TYPES or not name:
            return
        if kind in ("select_one", "select_multiple", "rank") and (listed not in b.lists):
            b.notes.append(f"survey row {row['_row']}: {name!r} uses choice list {listed!r}, "
                           "which the choices sheet does not have")
            return
        if kind == "text" and section["questions"]:
            previous = section["questions"][-1]
            match = re.fullmatch(rf"{re.escape(previous['id'])}_(\d+)_text", name)
            specify = [o for o in previous.get("options", []) if isinstance(o, dict)
                       and match and o.get("code") == int(match.group(1))]
            if specify:
                b.fields[name] = {"id": name, "kind": "text"}
                b.used_ids.add(name)
                return
        qid = b.new_id(name)
        if kind == "select_one":
            appearance = str(row.get("appearance", "")).lower()
            codes = [b.codes[listed][c["name"]] for c in b.lists[listed]]
            survey_type = str(row.get("survey_type", ""))
            is_rating = survey_type == "rating" or (
                "likert" in appearance and codes == list(range(codes[0], codes[0] + len(codes)))
                and all(re.match(rf"\s*{c}\b", ch["label"])
                        for c, ch in zip(codes, b.lists[listed], strict=True)))
            if is_rating and survey_type in ("", "rating"):
                q = base(row, qid, "rating", inherited)
                first, last = b.lists[listed][0], b.lists[listed][-1]
                q.update(min=codes[0], max=codes[-1], required=is_required(row),
                         min_label=_end_label(first["label"]), max_label=_end_label(last["label"]),
                         min_label_en=_end_label(first["label_en"]),
                         max_label_en=_end_label(last["label_en"]))
                b.fields[name] = {"id": qid, "kind": "single"}
                add(q, section)
                return
            q = base(row, qid, "single", inherited)
            b.list_use[listed] = b.list_use.get(listed, 0) + 1
            q["_list"] = listed
            q["options"] = b.options(listed)
            if or_other:
                q["options"].append({"code": max(codes) + 1, "label": "其他", "label_en": "Other",
                                     "specify": True})
            q["required"] = is_required(row)
            b.fields[name] = {"id": qid, "kind": "single", "list": listed}
            add(q, section)
        elif kind == "select_multiple":
            q = base(row, qid, "multiple", inherited)
            q["options"] = b.options(listed)
            codes = [b.codes[listed][c["name"]] for c in b.lists[listed]]
            if or_other:
                q["options"].append({"code": max(codes) + 1, "label": "其他", "label_en": "Other",
                                     "specify": True})
            constraint = str(row.get("constraint", ""))
            low = re.search(r"count-selected\(\s*\.\s*\)\s*>=\s*(\d+)", constraint)
            high = re.search(r"count-selected\(\s*\.\s*\)\s*<=\s*(\d+)", constraint)
            q["required"] = is_required(row)
            if low:
                q["min_picks"] = int(low.group(1))
            elif not q["required"]:
                q["min_picks"] = 0
            if high:
                q["max_picks"] = int(high.group(1))
            b.fields[name] = {"id": qid, "kind": "multiple", "list": listed, "codes": codes}
            add(q, section)
        elif kind == "rank":
            q = base(row, qid, "ranking", inherited)
            q["options"] = b.options(listed)
            q["required"] = is_required(row)
            b.fields[name] = {"id": qid, "kind": "ranking"}
            add(q, section)
        elif kind in ("integer", "decimal"):
            q = base(row, qid, "number", inherited)
            minimum, maximum = constraint_range(row.get("constraint"))
            q.update(min=minimum, max=maximum, integer=kind == "integer",
                     required=is_required(row))
            unit = re.fullmatch(r"单位[：:]\s*(.+)", q.get("note") or "")
            if unit:
                unit_en = re.fullmatch(r"Unit:\s*(.+)", q.get("note_en") or "")
                q.update(unit=unit.group(1), unit_en=unit_en.group(1) if unit_en else None,
                         note=None, note_en=None)
            b.fields[name] = {"id": qid, "kind": "number"}
            add(q, section)
        elif kind == "range":
            params = dict(re.findall(r"(\w+)\s*=\s*(-?\d+(?:\.\d+)?)",
                                     str(row.get("parameters", ""))))
            start, end = int(float(params.get("start", 1))), int(float(params.get("end", 10)))
            step = float(params.get("step", 1))
            whole = step == 1 and end - start <= 20
            q = base(row, qid, "rating" if whole else "number", inherited)
            if q["type"] == "rating":
                q.update(min=start, max=end)
            else:
                q.update(min=start, max=end, integer=step.is_integer())
            q["required"] = is_required(row)
            b.fields[name] = {"id": qid, "kind": "number"}
            add(q, section)
        elif kind in ("text", "string"):
            q = base(row, qid, "open", inherited)
            q["required"] = is_required(row)
            b.fields[name] = {"id": qid, "kind": "text"}
            add(q, section)
        else:
            b.used_ids.discard(qid)
            b.notes.append(f"survey row {row['_row']}: {name!r} ({kind}) has no matching "
                           "question type and is not carried over")

    def group(start: int, section: dict[str, Any], inherited: str | None) -> int:
        """A group inside a section: a matrix, a ranking, or its questions in line."""
        row = rows[start]
        inner, after = children(start)
        name = str(row.get("name", "")).strip()
        cond = show_if(row, inherited, f"group {name!r}")
        plain = [r for r in inner if row_type(r)[0] not in META_TYPES]
        types = [row_type(r) for r in plain]
        survey_type = str(row.get("survey_type", ""))
        if row_type(row)[0] == "begin_repeat":
            b.notes.append(f"survey row {row['_row']}: repeat {name!r} is not carried over "
                           "(one row per respondent has no place for repeated answers)")
            return after
        if plain and survey_type != "ranking" and all(k == "select_one" for k, _, _ in types) \
                and len({lst for _, lst, _ in types}) == 1 and types[0][1] in b.lists \
                and (survey_type == "likert_matrix" or "list" in str(row.get("appearance", ""))
                     or len(plain) > 1):
            listed = str(types[0][1])
            zh, en = text_of(row)
            qid = b.new_id(name)
            scale = b.scale(listed)
            items = []
            for r in plain:
                item_id = b.new_id(str(r["name"]))
                item_zh, item_en = text_of(r)
                item = {"id": item_id, "text": item_zh, "text_en": item_en,
                        "dimension": r.get("survey_dimension"),
                        "reverse": str(r.get("survey_reverse", "")).lower() in TRUE_WORDS or None}
                items.append({k: v for k, v in item.items() if v not in (None, "")})
                b.fields[str(r["name"])] = {"id": item_id, "kind": "single", "list": listed}
                if r.get("relevant"):
                    b.notes.append(f"survey row {r['_row']}: the relevant of matrix row "
                                   f"{r['name']!r} is not carried over (a matrix is asked whole)")
            satisfied = BUILTIN_SCALES[scale].satisfied if scale in BUILTIN_SCALES \
                else b.scales[scale].get("satisfied")
            q: dict[str, Any] = {"id": qid, "type": "likert_matrix", "text": zh, "text_en": en,
                 "note": cell_text(row, hint_zh), "note_en": cell_text(row, hint_en), "show_if": cond,
                 "scale": scale, "required": all(is_required(r) for r in plain), "items": items}
            wanted = str(row.get("survey_satisfaction", "")).lower()
            if wanted in ("no", "false") or not satisfied:
                q["satisfaction"] = False
                if not satisfied and wanted not in ("no", "false"):
                    b.notes.append(f"matrix {qid!r}: scale {scale!r} says no satisfied codes, so "
                                   "it is not counted in satisfaction rates (add satisfied: "
                                   "[...] to the scale and remove satisfaction: false)")
            add(q, section)
            return after
        ranks = [r for r in plain
                 if re.fullmatch(rf"{re.escape(name)}_(\d+)", str(r.get("name", "")))]
        if plain and len(ranks) == len(plain) and all(k == "integer" for k, _, _ in types) \
                and (survey_type == "ranking"
                     or all("!=" in str(r.get("constraint", "")) for r in plain)):
            zh, en = text_of(row)
            qid = b.new_id(name)
            highs = [constraint_range(r.get("constraint"))[1] for r in plain]
            options = []
            for r in plain:
                code = int(str(r["name"]).rsplit("_", 1)[1])
                item_zh, item_en = text_of(r)
                options.append([code, item_zh] + ([item_en] if item_en else []))
                b.fields[str(r["name"])] = {"id": f"{qid}_{code}", "kind": "rank"}
                b.used_ids.add(f"{qid}_{code}")
            q = {"id": qid, "type": "ranking", "text": zh, "text_en": en, "show_if": cond,
                 "options": options, "ranks": int(highs[0]) if highs[0] is not None else None}
            add(q, section)
            return after
        j = start + 1
        while j < after - 1:
            kind = row_type(rows[j])[0]
            if kind in ("begin_group", "begin_repeat"):
                j = group(j, section, cond)
            else:
                question(rows[j], section, cond)
                j += 1
        return after

    while i < len(rows):
        row = rows[i]
        kind = row_type(row)[0]
        if kind in ("begin_group", "begin_repeat"):
            inner, after = children(i)
            nested = any(row_type(r)[0] in ("begin_group", "begin_repeat") for r in inner)
            survey_type = str(row.get("survey_type", ""))
            as_question = survey_type in ("likert_matrix", "ranking") or (
                not nested and "list" in str(row.get("appearance", "")).lower()
                and len({row_type(r)[1] for r in inner if row_type(r)[0] == "select_one"}) == 1
                and all(row_type(r)[0] in ("select_one", *META_TYPES) for r in inner))
            if as_question or kind == "begin_repeat":
                if loose is None:
                    loose = _new_section(b, len(b.sections) + 1)
                    b.sections.append(loose)
                i = group(i, loose, None)
                continue
            zh, en = text_of(row)
            sid = b.new_id(str(row.get("name") or f"s{len(b.sections) + 1}"))
            section: dict[str, Any] = {"id": sid, "title": zh, "title_en": en, "note": cell_text(row, hint_zh),
                       "note_en": cell_text(row, hint_en), "role": row.get("survey_role"),
                       "questions": []}
            cond = show_if(row, None, f"group {row.get('name')!r}")
            j = i + 1
            while j < after - 1:
                if row_type(rows[j])[0] in ("begin_group", "begin_repeat"):
                    j = group(j, section, cond)
                else:
                    question(rows[j], section, cond)
                    j += 1
            if section["questions"]:
                b.sections.append({k: v for k, v in section.items() if v not in (None, "")})
            loose = None
            i = after
            continue
        if kind in ("end_group", "end_repeat"):
            i += 1
            continue
        if kind not in META_TYPES:
            if loose is None:
                loose = _new_section(b, len(b.sections) + 1)
                b.sections.append(loose)
            question(row, loose, None)
        i += 1
    b.sections[:] = [s for s in b.sections if s["questions"]]
    promote_scales(b)


def _end_label(label: str | None) -> str | None:
    """``0（非常不满意）`` → ``非常不满意``; a bare number → None."""
    if not label:
        return None
    match = re.fullmatch(r"\s*-?\d+\s*[（(]?\s*(.*?)\s*[)）]?\s*", label)
    text = match.group(1) if match else label
    return text or None


def _new_section(b: Builder, number: int) -> dict[str, Any]:
    sid = b.new_id(f"s{number}")
    return {"id": sid, "title": f"第{number}部分", "title_en": f"Part {number}", "questions": []}
