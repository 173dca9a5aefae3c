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


_BEGIN = ("begin_group", "begin_repeat")
_END = ("end_group", "end_repeat")
#: How "other, please specify" is added to a choice list.
_OTHER = {"label": "其他", "label_en": "Other", "specify": True}

Row = dict[str, Any]
Section = dict[str, Any]


def walk(b: Builder, rows: list[Row]) -> None:
    """Sections and questions from the survey rows into ``b`` (see the module's docstring)."""
    _check_nesting(b, rows)
    _Walker(b, rows).walk()
    b.sections[:] = [s for s in b.sections if s["questions"]]
    promote_scales(b)


def _compact(mapping: dict[str, Any]) -> dict[str, Any]:
    """``mapping`` without its empty entries (None or "")."""
    return {k: v for k, v in mapping.items() if v not in (None, "")}


def _add(question: dict[str, Any], section: Section) -> None:
    section["questions"].append(_compact(question))


class _Walker:
    """One pass over the rows: each method reads one kind of row or group."""

    def __init__(self, b: Builder, rows: list[Row]) -> None:
        self.b, self.rows = b, rows
        self.label_zh, self.label_en = lang_columns(rows, "label")
        self.hint_zh, self.hint_en = lang_columns(rows, "hint")
        self.relevant = Relevant(b.fields, b.codes)
        self.loose: Section | None = None

    # ------------------------------------------------------------------ top level

    def walk(self) -> None:
        """Top level: groups become sections; loose questions gather in sections of their own."""
        i = 0
        while i < len(self.rows):
            row = self.rows[i]
            kind = row_type(row)[0]
            if kind in _BEGIN:
                if kind == "begin_repeat" or self._is_question_group(i):
                    i = self.group(i, self._loose_section(), None)
                else:
                    i = self.section(i)
                continue
            if kind not in _END and kind not in META_TYPES:
                self.question(row, self._loose_section(), None)
            i += 1

    def _is_question_group(self, start: int) -> bool:
        """A top-level group that is one question (a matrix or a ranking), not a section."""
        row = self.rows[start]
        inner, _ = self.children(start)
        nested = any(row_type(r)[0] in _BEGIN for r in inner)
        return str(row.get("survey_type", "")) in ("likert_matrix", "ranking") or (
            not nested and "list" in str(row.get("appearance", "")).lower()
            and len({row_type(r)[1] for r in inner if row_type(r)[0] == "select_one"}) == 1
            and all(row_type(r)[0] in ("select_one", *META_TYPES) for r in inner))

    def _loose_section(self) -> Section:
        if self.loose is None:
            self.loose = _new_section(self.b, len(self.b.sections) + 1)
            self.b.sections.append(self.loose)
        return self.loose

    def section(self, start: int) -> int:
        """The top-level group opened at ``start`` as a section; the index after its end."""
        row = self.rows[start]
        _, after = self.children(start)
        zh, en = self.text_of(row)
        sid = self.b.new_id(str(row.get("name") or f"s{len(self.b.sections) + 1}"))
        section: Section = {"id": sid, "title": zh, "title_en": en,
                            "note": cell_text(row, self.hint_zh),
                            "note_en": cell_text(row, self.hint_en),
                            "role": row.get("survey_role"), "questions": []}
        self.inline(start, after, section, self.show_if(row, None, f"group {row.get('name')!r}"))
        if section["questions"]:
            self.b.sections.append(_compact(section))
        self.loose = None
        return after

    def inline(self, start: int, after: int, section: Section, cond: str | None) -> None:
        """The rows between a group's begin (``start``) and end (``after - 1``), in line."""
        j = start + 1
        while j < after - 1:
            if row_type(self.rows[j])[0] in _BEGIN:
                j = self.group(j, section, cond)
            else:
                self.question(self.rows[j], section, cond)
                j += 1

    # ------------------------------------------------------------------ shared pieces

    def text_of(self, row: Row) -> tuple[str, str | None]:
        zh = cell_text(row, self.label_zh) or str(row.get("name", ""))
        return zh, cell_text(row, self.label_en)

    def children(self, start: int) -> tuple[list[Row], int]:
        """Rows inside the group opened at ``start`` and the index after its end."""
        depth, j = 0, start
        while j < len(self.rows):
            kind = row_type(self.rows[j])[0]
            if kind in _BEGIN:
                depth += 1
            elif kind in _END:
                depth -= 1
                if depth == 0:
                    return self.rows[start + 1: j], j + 1
            j += 1
        return self.rows[start + 1:], len(self.rows)

    def show_if(self, row: Row, inherited: str | None, what: str) -> str | None:
        """The row's ``relevant`` as ``show_if``, and-ed with its group's condition."""
        own = None
        raw = row.get("relevant")
        if raw not in (None, ""):
            try:
                own = self.relevant.translate(str(raw))
            except ValueError as exc:
                self.b.notes.append(f"survey row {row['_row']}: the relevant of {what} "
                                    f"({shorten(str(raw))}) is not carried over: {exc}")
        parts = [p for p in (inherited, own) if p]
        if len(parts) == 2:
            return f"({parts[0]}) and ({parts[1]})"
        return parts[0] if parts else None

    def base(self, row: Row, qid: str, kind: str, inherited: str | None) -> dict[str, Any]:
        zh, en = self.text_of(row)
        return {"id": qid, "type": kind, "text": zh, "text_en": en,
                "note": cell_text(row, self.hint_zh), "note_en": cell_text(row, self.hint_en),
                "show_if": self.show_if(row, inherited, f"{row.get('name')!r}")}

    # ------------------------------------------------------------------ one row

    def question(self, row: Row, section: Section, inherited: str | None) -> None:
        """One row as the question its ``type`` matches (or a note saying why not)."""
        kind, listed, _ = row_type(row)
        name = str(row.get("name", "")).strip()
        if kind in META_TYPES or not name:
            return
        if kind in ("select_one", "select_multiple", "rank") and listed not in self.b.lists:
            self.b.notes.append(f"survey row {row['_row']}: {name!r} uses choice list "
                                f"{listed!r}, which the choices sheet does not have")
            return
        if kind == "text" and self._is_specify(name, section):
            self.b.fields[name] = {"id": name, "kind": "text"}
            self.b.used_ids.add(name)
            return
        qid = self.b.new_id(name)
        build = {"select_one": self.single, "select_multiple": self.multiple,
                 "rank": self.rank, "integer": self.number, "decimal": self.number,
                 "range": self.slider, "text": self.open_text, "string": self.open_text}.get(kind)
        if build is None:
            self.b.used_ids.discard(qid)
            self.b.notes.append(f"survey row {row['_row']}: {name!r} ({kind}) has no matching "
                                "question type and is not carried over")
            return
        _add(build(row, qid, name, inherited), section)

    @staticmethod
    def _is_specify(name: str, section: Section) -> bool:
        """A text row ``<previous question>_<code>_text`` for one of its "other" options."""
        if not section["questions"]:
            return False
        previous = section["questions"][-1]
        match = re.fullmatch(rf"{re.escape(previous['id'])}_(\d+)_text", name)
        return match is not None and any(
            isinstance(o, dict) and o.get("code") == int(match.group(1))
            for o in previous.get("options", []))

    def _codes(self, listed: str) -> list[int]:
        return [self.b.codes[listed][c["name"]] for c in self.b.lists[listed]]

    def _options(self, listed: str, or_other: bool) -> list[Any]:
        options = self.b.options(listed)
        if or_other:
            options.append({"code": max(self._codes(listed)) + 1, **_OTHER})
        return options

    def single(self, row: Row, qid: str, name: str, inherited: str | None) -> dict[str, Any]:
        """``select_one``: a rating line when its list is numbered points, else a single
        choice."""
        _, listed, or_other = row_type(row)
        choices = self.b.lists[listed]
        codes = self._codes(listed)
        survey_type = str(row.get("survey_type", ""))
        is_rating = survey_type == "rating" or (
            "likert" in str(row.get("appearance", "")).lower()
            and codes == list(range(codes[0], codes[0] + len(codes)))
            and all(re.match(rf"\s*{c}\b", ch["label"])
                    for c, ch in zip(codes, choices, strict=True)))
        if is_rating and survey_type in ("", "rating"):
            q = self.base(row, qid, "rating", inherited)
            first, last = choices[0], choices[-1]
            q.update(min=codes[0], max=codes[-1], required=is_required(row),
                     min_label=_end_label(first["label"]), max_label=_end_label(last["label"]),
                     min_label_en=_end_label(first["label_en"]),
                     max_label_en=_end_label(last["label_en"]))
            self.b.fields[name] = {"id": qid, "kind": "single"}
            return q
        q = self.base(row, qid, "single", inherited)
        self.b.list_use[listed] = self.b.list_use.get(listed, 0) + 1
        q["_list"] = listed
        q["options"] = self._options(listed, or_other)
        q["required"] = is_required(row)
        self.b.fields[name] = {"id": qid, "kind": "single", "list": listed}
        return q

    def multiple(self, row: Row, qid: str, name: str, inherited: str | None) -> dict[str, Any]:
        """``select_multiple``, with ``count-selected(.)`` bounds as min/max picks."""
        _, listed, or_other = row_type(row)
        q = self.base(row, qid, "multiple", inherited)
        q["options"] = self._options(listed, or_other)
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
        self.b.fields[name] = {"id": qid, "kind": "multiple", "list": listed,
                               "codes": self._codes(listed)}
        return q

    def rank(self, row: Row, qid: str, name: str, inherited: str | None) -> dict[str, Any]:
        """``rank`` (ODK's ranking widget)."""
        q = self.base(row, qid, "ranking", inherited)
        q["options"] = self.b.options(row_type(row)[1])
        q["required"] = is_required(row)
        self.b.fields[name] = {"id": qid, "kind": "ranking"}
        return q

    def number(self, row: Row, qid: str, name: str, inherited: str | None) -> dict[str, Any]:
        """``integer``/``decimal``, its constraint as the range and 单位：… as the unit."""
        q = self.base(row, qid, "number", inherited)
        minimum, maximum = constraint_range(row.get("constraint"))
        q.update(min=minimum, max=maximum, integer=row_type(row)[0] == "integer",
                 required=is_required(row))
        unit = re.fullmatch(r"单位[：:]\s*(.+)", q.get("note") or "")
        if unit:
            unit_en = re.fullmatch(r"Unit:\s*(.+)", q.get("note_en") or "")
            q.update(unit=unit.group(1), unit_en=unit_en.group(1) if unit_en else None,
                     note=None, note_en=None)
        self.b.fields[name] = {"id": qid, "kind": "number"}
        return q

    def slider(self, row: Row, qid: str, name: str, inherited: str | None) -> dict[str, Any]:
        """``range``: a rating line for up to 21 whole points, a number otherwise."""
        params = dict(re.findall(r"(\w+)\s*=\s*(-?\d+(?:\.\d+)?)",
                                 str(row.get("parameters", ""))))
        start, end = int(float(params.get("start", 1))), int(float(params.get("end", 10)))
        step = float(params.get("step", 1))
        whole = step == 1 and end - start <= 20
        q = self.base(row, qid, "rating" if whole else "number", inherited)
        if q["type"] == "rating":
            q.update(min=start, max=end)
        else:
            q.update(min=start, max=end, integer=step.is_integer())
        q["required"] = is_required(row)
        self.b.fields[name] = {"id": qid, "kind": "number"}
        return q

    def open_text(self, row: Row, qid: str, name: str, inherited: str | None) -> dict[str, Any]:
        """``text``/``string``: an open question."""
        q = self.base(row, qid, "open", inherited)
        q["required"] = is_required(row)
        self.b.fields[name] = {"id": qid, "kind": "text"}
        return q

    # ------------------------------------------------------------------ groups

    def group(self, start: int, section: Section, inherited: str | None) -> int:
        """A group inside a section: a matrix, a ranking, or its questions in line; the index
        after its end."""
        row = self.rows[start]
        inner, after = self.children(start)
        name = str(row.get("name", "")).strip()
        cond = self.show_if(row, inherited, f"group {name!r}")
        plain = [r for r in inner if row_type(r)[0] not in META_TYPES]
        if row_type(row)[0] == "begin_repeat":
            self.b.notes.append(f"survey row {row['_row']}: repeat {name!r} is not carried "
                                "over (one row per respondent has no place for repeated "
                                "answers)")
        elif self._is_matrix(row, plain):
            _add(self.matrix(row, name, plain, cond), section)
        elif self._is_ranking(row, name, plain):
            _add(self.ranking(row, name, plain, cond), section)
        else:
            self.inline(start, after, section, cond)
        return after

    def _is_matrix(self, row: Row, plain: list[Row]) -> bool:
        """``select_one`` rows on one list: a matrix unless marked as a ranking."""
        types = [row_type(r) for r in plain]
        survey_type = str(row.get("survey_type", ""))
        return bool(plain) and survey_type != "ranking" \
            and all(k == "select_one" for k, _, _ in types) \
            and len({lst for _, lst, _ in types}) == 1 and types[0][1] in self.b.lists \
            and (survey_type == "likert_matrix" or "list" in str(row.get("appearance", ""))
                 or len(plain) > 1)

    def matrix(self, row: Row, name: str, plain: list[Row], cond: str | None
               ) -> dict[str, Any]:
        """A group of ``select_one`` rows on one list as a ``likert_matrix``."""
        listed = row_type(plain[0])[1]
        zh, en = self.text_of(row)
        qid = self.b.new_id(name)
        scale = self.b.scale(listed)
        items = []
        for r in plain:
            item_id = self.b.new_id(str(r["name"]))
            item_zh, item_en = self.text_of(r)
            items.append(_compact({
                "id": item_id, "text": item_zh, "text_en": item_en,
                "dimension": r.get("survey_dimension"),
                "reverse": str(r.get("survey_reverse", "")).lower() in TRUE_WORDS or None}))
            self.b.fields[str(r["name"])] = {"id": item_id, "kind": "single", "list": listed}
            if r.get("relevant"):
                self.b.notes.append(f"survey row {r['_row']}: the relevant of matrix row "
                                    f"{r['name']!r} is not carried over (a matrix is asked "
                                    "whole)")
        satisfied = BUILTIN_SCALES[scale].satisfied if scale in BUILTIN_SCALES \
            else self.b.scales[scale].get("satisfied")
        q: dict[str, Any] = {
            "id": qid, "type": "likert_matrix", "text": zh, "text_en": en,
            "note": cell_text(row, self.hint_zh), "note_en": cell_text(row, self.hint_en),
            "show_if": cond, "scale": scale, "required": all(is_required(r) for r in plain),
            "items": items}
        wanted = str(row.get("survey_satisfaction", "")).lower()
        if wanted in ("no", "false") or not satisfied:
            q["satisfaction"] = False
            if not satisfied and wanted not in ("no", "false"):
                self.b.notes.append(f"matrix {qid!r}: scale {scale!r} says no satisfied codes, "
                                    "so it is not counted in satisfaction rates (add "
                                    "satisfied: [...] to the scale and remove satisfaction: "
                                    "false)")
        return q

    @staticmethod
    def _is_ranking(row: Row, name: str, plain: list[Row]) -> bool:
        """``integer`` rows ``<group>_<code>`` that exclude each other (or marked so)."""
        ranks = [r for r in plain
                 if re.fullmatch(rf"{re.escape(name)}_(\d+)", str(r.get("name", "")))]
        return bool(plain) and len(ranks) == len(plain) \
            and all(row_type(r)[0] == "integer" for r in plain) \
            and (str(row.get("survey_type", "")) == "ranking"
                 or all("!=" in str(r.get("constraint", "")) for r in plain))

    def ranking(self, row: Row, name: str, plain: list[Row], cond: str | None
                ) -> dict[str, Any]:
        """A group of ``integer`` rank rows as a ``ranking`` question."""
        zh, en = self.text_of(row)
        qid = self.b.new_id(name)
        highs = [constraint_range(r.get("constraint"))[1] for r in plain]
        options = []
        for r in plain:
            code = int(str(r["name"]).rsplit("_", 1)[1])
            item_zh, item_en = self.text_of(r)
            options.append([code, item_zh] + ([item_en] if item_en else []))
            self.b.fields[str(r["name"])] = {"id": f"{qid}_{code}", "kind": "rank"}
            self.b.used_ids.add(f"{qid}_{code}")
        return {"id": qid, "type": "ranking", "text": zh, "text_en": en, "show_if": cond,
                "options": options, "ranks": int(highs[0]) if highs[0] is not None else None}


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
