"""The way back: an XLSForm (ODK, KoboToolbox) as a questionnaire definition.

:func:`import_xlsform` reads the ``survey``, ``choices`` and ``settings`` sheets and writes
a YAML definition that ``survey instrument check`` accepts. It maps

=============================================== =========================================
XLSForm                                         definition
=============================================== =========================================
top-level ``begin_group``                       a section (questions outside groups form
                                                sections of their own)
``select_one L`` (``likert`` appearance over    ``single`` (``rating`` for a likert line
consecutive whole-number choices: ``rating``)   of numbers); ``or_other`` adds 其他（请注明）
``select_multiple L``                           ``multiple``; ``count-selected(.)`` limits
                                                become ``min_picks``/``max_picks``
a group of ``select_one`` on one list           ``likert_matrix`` on that list's scale
(``table-list``/``field-list``)
a group of ``integer`` ranks ``<group>_<code>`` ``ranking`` (as this toolkit writes it);
or ``rank L``                                   ``rank L`` becomes ``ranking`` too
``integer``/``decimal``, ``range``              ``number`` (range from ``. >= a and . <= b``),
                                                ``range`` with whole steps → ``rating``
``text``                                        ``open``, or the "please specify" text of the
                                                select just before it (``<q>_<code>_text``)
``relevant``                                    ``show_if`` (comparisons, ``selected()``,
                                                ``and``/``or``/``not``, a group's relevant
                                                passed to its questions)
``required``, ``label::<lang>``, ``hint``      ``required``, ``text``/``text_en``, ``note``
=============================================== =========================================

Choice names that are not whole numbers become codes 1, 2, … in list order (references in
``relevant`` follow). Lists used by matrices, or by several questions, become declared
scales; a list equal to a built-in scale (``sat5`` …) is referenced by its name. Columns
prefixed ``survey_`` (written by :mod:`survey.forms.xlsform`) restore satisfied and
excluded codes, scores, dimensions and reverse keying exactly.

What has no counterpart (a ``relevant`` outside the supported subset, repeats, GPS, photo,
date questions, ``choice_filter`` …) is left out and listed in :attr:`Imported.notes`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from openpyxl import load_workbook

from survey._yaml import key_path
from survey.errors import InstrumentError, MissingFileError
from survey.forms._atomic import write_text_atomic
from survey.instrument.checks import reference_problems
from survey.instrument.model import BUILTIN_SCALES, DEFER_CHECKS, Instrument

__all__ = ["Imported", "import_xlsform", "xlsform_definition"]

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_META_TYPES = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber",
               "username", "email", "audit", "calculate", "note", "hidden", "start-geopoint",
               "background-audio", "xml-external", "csv-external"}
_TRUE = {"yes", "true", "true()", "1"}


@dataclass(frozen=True)
class Imported:
    """What :func:`import_xlsform` did: the definition written, and what was left out."""

    path: Path | None
    definition: dict[str, Any]
    notes: tuple[str, ...]

    @property
    def questions(self) -> int:
        """Questions in the definition."""
        return sum(len(s["questions"]) for s in self.definition["sections"])


# --------------------------------------------------------------------------- reading

def _sheet(book: Any, name: str, path: Path, required: bool = True) -> list[dict[str, Any]]:
    found = next((ws for ws in book.worksheets if ws.title.strip().lower() == name), None)
    if found is None:
        if required:
            raise InstrumentError(f"no {name!r} sheet", code="not_an_xlsform", file=str(path),
                                  expected="an XLSForm with survey, choices and settings sheets")
        return []
    rows = list(found.iter_rows(values_only=True))
    if not rows:
        return []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    out = []
    for number, values in enumerate(rows[1:], start=2):
        row = {h: v for h, v in zip(header, values, strict=False) if h and v not in (None, "")}
        if row:
            row["_row"] = number
            out.append(row)
    return out


def _lang_columns(rows: list[dict[str, Any]], base: str) -> tuple[str | None, str | None]:
    """The Chinese and English columns for ``base`` (label, hint): ``label::Chinese (zh)``…"""
    names = {k for row in rows for k in row if k.split("::")[0].strip().lower() == base}
    zh = en = None
    for name in sorted(names):
        lang = name.split("::", 1)[1].lower() if "::" in name else ""
        if any(tag in lang for tag in ("zh", "chinese", "中文", "汉语")):
            zh = zh or name
        elif any(tag in lang for tag in ("(en)", "english", "英文")) or lang.strip() == "en":
            en = en or name
    plain = base if base in names else None
    others = sorted(n for n in names if n not in (zh, en, plain))
    zh = zh or plain or (others[0] if others else None) or en
    return zh, (en if en != zh else None)


def _text(row: dict[str, Any], column: str | None) -> str | None:
    if column is None or row.get(column) in (None, ""):
        return None
    return str(row[column]).strip()


def _clean_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9_]", "_", name)
    if not cleaned or not cleaned[0].isalpha():
        cleaned = "q" + cleaned
    return cleaned[:64]


# --------------------------------------------------------------------------- relevant

_TOKEN = re.compile(r"\s*(\$\{[^}]+\}|'[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?|!=|<=|>=|=|<|>|"
                    r"\(|\)|,|[A-Za-z_][A-Za-z0-9_:.-]*|\.)")


class _Relevant:
    """Translate the common subset of XPath ``relevant`` into the expression language."""

    def __init__(
        self, fields: dict[str, dict[str, Any]], codes: dict[str, dict[str, int]]
    ) -> None:
        self.fields = fields  # field name → {"id": new id, "kind": …, "list": list name}
        self.codes = codes    # list name → {choice name: code}

    def translate(self, text: str) -> str:
        tokens = [m.group(1) for m in _TOKEN.finditer(text)]
        if "".join(tokens).replace(" ", "") != re.sub(r"\s+", "", text):
            raise ValueError("unsupported characters")
        self.tokens, self.i = tokens, 0
        result = self._or()
        if self.i != len(self.tokens):
            raise ValueError(f"unexpected {self.tokens[self.i]!r}")
        return result

    def _peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _take(self, expected: str | None = None) -> str:
        token = self._peek()
        if token is None or (expected is not None and token != expected):
            raise ValueError(f"expected {expected or 'more'}")
        self.i += 1
        return token

    def _or(self) -> str:
        parts = [self._and()]
        while self._peek() == "or":
            self._take()
            parts.append(self._and())
        return _joined(parts, "or")

    def _and(self) -> str:
        parts = [self._atom()]
        while self._peek() == "and":
            self._take()
            parts.append(self._atom())
        return _joined(parts, "and")

    def _field(self, token: str) -> dict[str, Any]:
        if not token.startswith("${"):
            raise ValueError(f"{token!r} is not a field reference")
        name = token[2:-1].strip()
        if name not in self.fields:
            raise ValueError(f"refers to {name!r}, which is not carried over")
        return self.fields[name]

    def _value(self, token: str, info: dict[str, Any]) -> int | float | str:
        raw = token[1:-1] if token[:1] in "'\"" else token
        listed = info.get("list")
        if listed is not None:
            code = self.codes[listed].get(raw)
            if code is None:
                raise ValueError(f"{raw!r} is not a choice of {listed!r}")
            return code
        try:
            number = float(raw)
        except ValueError:
            return raw
        return int(number) if number.is_integer() else number

    def _atom(self) -> str:
        token = self._take()
        if token == "(":
            inner = self._or()
            self._take(")")
            return inner
        if token == "not":
            self._take("(")
            inner = self._or()
            self._take(")")
            return f"not ({inner})"
        if token == "selected":
            self._take("(")
            info = self._field(self._take())
            self._take(",")
            code = self._value(self._take(), info)
            self._take(")")
            if info["kind"] == "multiple":
                return f"{info['id']}_{code} == 1"
            return f"{info['id']} == {code}"
        if token == "count-selected":
            self._take("(")
            info = self._field(self._take())
            self._take(")")
            op = self._take()
            value = int(float(self._take()))
            if info["kind"] != "multiple" or op not in (">", ">=", "=", "!=", "<", "<="):
                raise ValueError("count-selected on a field that is not a multiple choice")
            names = f"{info['id']}_{info['codes'][0]}..{info['id']}_{info['codes'][-1]}"
            op = "==" if op == "=" else op
            return f"count({names} == 1) {op} {value}"
        if token.startswith("${"):
            info = self._field(token)
            op = self._take()
            if op not in ("=", "!=", "<", "<=", ">", ">="):
                raise ValueError(f"unsupported operator {op!r}")
            value_token = self._take()
            if value_token in ("''", '""'):
                if info["kind"] == "multiple":
                    return (f"not answered({info['id']}_{info['codes'][0]})" if op == "="
                            else f"answered({info['id']}_{info['codes'][0]})")
                return f"not answered({info['id']})" if op == "=" else f"answered({info['id']})"
            if info["kind"] == "multiple":
                raise ValueError("compare a multiple choice with selected()")
            value = self._value(value_token, info)
            shown = repr(value) if isinstance(value, str) else value
            return f"{info['id']} {'==' if op == '=' else op} {shown}"
        raise ValueError(f"unsupported {token!r}")


def _joined(parts: list[str], word: str) -> str:
    """Join with ``and``/``or``; ``a_1 == 1 or a_2 == 1`` becomes ``any(a_1..a_2 == 1)``.

    >>> _joined(["q_1 <= 2", "q_2 <= 2", "q_3 <= 2"], "or")
    'any(q_1..q_3 <= 2)'
    """
    if len(parts) == 1:
        return parts[0]
    pattern = r"([A-Za-z][A-Za-z0-9_]*?)(\d+) (==|!=|<=|>=|<|>) (\S+)"
    found = [re.fullmatch(pattern, p) for p in parts]
    if all(found) and len({(m.group(1), m.group(3), m.group(4)) for m in found if m}) == 1:
        numbers = [int(m.group(2)) for m in found if m]
        if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            prefix, op, value = found[0].group(1, 3, 4)  # type: ignore[union-attr]
            quantifier = "any" if word == "or" else "all"
            return f"{quantifier}({prefix}{numbers[0]}..{prefix}{numbers[-1]} {op} {value})"
    return "(" + f" {word} ".join(parts) + ")"


# --------------------------------------------------------------------------- building

@dataclass
class _Builder:
    path: Path
    notes: list[str] = field(default_factory=list)
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    codes: dict[str, dict[str, int]] = field(default_factory=dict)
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    sections: list[dict[str, Any]] = field(default_factory=list)
    scales: dict[str, dict[str, Any]] = field(default_factory=dict)
    scale_names: dict[str, str] = field(default_factory=dict)
    list_use: dict[str, int] = field(default_factory=dict)
    used_ids: set[str] = field(default_factory=set)

    # -- choices -------------------------------------------------------------------------
    def read_choices(self, rows: list[dict[str, Any]]) -> None:
        zh, en = _lang_columns(rows, "label")
        for row in rows:
            listed = str(row.get("list_name", row.get("list name", ""))).strip()
            if not listed or row.get("name") in (None, ""):
                continue
            self.lists.setdefault(listed, []).append({
                "name": str(row["name"]).strip(), "label": _text(row, zh) or str(row["name"]),
                "label_en": _text(row, en),
                "satisfied": str(row.get("survey_satisfied", "")).lower() in _TRUE,
                "excluded": str(row.get("survey_excluded", "")).lower() in _TRUE,
                "score": row.get("survey_score"),
                "specify": str(row.get("survey_specify", "")).lower() in _TRUE,
                "ordered": str(row.get("survey_ordered", "")).lower() not in ("no", "false"),
            })
        for listed, choices in self.lists.items():
            names = [c["name"] for c in choices]
            if all(re.fullmatch(r"-?\d+", n) for n in names) and len(set(names)) == len(names):
                self.codes[listed] = {n: int(n) for n in names}
            else:
                self.codes[listed] = {n: k for k, n in enumerate(names, start=1)}
                self.notes.append(f"choice list {listed!r}: names {', '.join(names[:6])}"
                                  f"{' …' if len(names) > 6 else ''} became codes "
                                  f"1–{len(names)}")

    def options(self, listed: str) -> list[Any]:
        out = []
        for choice in self.lists[listed]:
            code = self.codes[listed][choice["name"]]
            if choice["specify"]:
                option: Any = {"code": code, "label": choice["label"], "specify": True}
                if choice["label_en"]:
                    option["label_en"] = choice["label_en"]
            else:
                english = [choice["label_en"]] if choice["label_en"] else []
                option = [code, choice["label"], *english]
            out.append(option)
        return out

    def scale(self, listed: str) -> str:
        """The scale name for a list: a built-in one when equal, else a declared one."""
        if listed in self.scale_names:
            return self.scale_names[listed]
        choices = self.lists[listed]
        pairs = [(self.codes[listed][c["name"]], c["label"]) for c in choices]
        for name, scale in BUILTIN_SCALES.items():
            if [(o.code, o.label) for o in scale.options] == pairs:
                self.scale_names[listed] = name
                return name
        name = _clean_name(listed)
        while name in BUILTIN_SCALES or name in self.scales:
            name += "_form"
        declared: dict[str, Any] = {"options": [
            [c, label, *([ch["label_en"]] if ch["label_en"] else [])]
            for (c, label), ch in zip(pairs, choices, strict=True)]}
        satisfied = [c for (c, _), ch in zip(pairs, choices, strict=True) if ch["satisfied"]]
        excluded = [c for (c, _), ch in zip(pairs, choices, strict=True) if ch["excluded"]]
        scores = [ch["score"] for ch in choices if not ch["excluded"]]
        if satisfied:
            declared["satisfied"] = satisfied
        if excluded:
            declared["excluded"] = excluded
        if scores and all(isinstance(s, int | float) or re.fullmatch(r"-?\d+(\.\d+)?", str(s))
                          for s in scores):
            declared["scores"] = [float(s) for s in scores]
        if not all(ch["ordered"] for ch in choices):
            declared["ordered"] = False
        self.scales[name] = declared
        self.scale_names[listed] = name
        return name

    # -- survey --------------------------------------------------------------------------
    def new_id(self, name: str) -> str:
        new = _clean_name(name)
        while new in self.used_ids:
            new += "_"
        if new != name:
            self.notes.append(f"field {name!r} is called {new!r} "
                              "(ids are ASCII letters, digits, _)")
        self.used_ids.add(new)
        return new


def _type(row: dict[str, Any]) -> tuple[str, str | None, bool]:
    raw = re.sub(r"\s+", " ", str(row.get("type", "")).strip())
    parts = raw.split(" ")
    head = parts[0].lower().replace("-", "_") if parts else ""
    if head in ("begin", "end") and len(parts) > 1:
        return f"{head}_{parts[1].lower()}", None, False
    listed = parts[1] if len(parts) > 1 else None
    return head, listed, len(parts) > 2 and parts[2].lower() == "or_other"


def _required(row: dict[str, Any]) -> bool:
    return str(row.get("required", "")).strip().lower() in _TRUE


def _range(constraint: str | None) -> tuple[float | None, float | None]:
    if not constraint:
        return None, None
    low = re.search(r"\.\s*>=?\s*(-?\d+(?:\.\d+)?)", constraint)
    high = re.search(r"\.\s*<=?\s*(-?\d+(?:\.\d+)?)", constraint)
    def number(match: re.Match[str] | None) -> float | None:
        if match is None:
            return None
        value = float(match.group(1))
        return int(value) if value.is_integer() else value

    return number(low), number(high)


def xlsform_definition(path: str | Path) -> tuple[dict[str, Any], list[str]]:
    """The definition (a plain mapping, as YAML holds it) and notes on what was left out."""
    path = Path(path)
    if not path.is_file():
        raise MissingFileError.for_path(path, "XLSForm")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip or XML errors of a file that is not a workbook
        raise InstrumentError(f"cannot read the workbook: {exc}", code="not_an_xlsform",
                              file=str(path)) from exc
    survey_rows = _sheet(book, "survey", path)
    choice_rows = _sheet(book, "choices", path, required=False)
    settings_rows = _sheet(book, "settings", path, required=False)
    builder = _Builder(path)
    builder.read_choices(choice_rows)
    _walk(builder, survey_rows)
    settings = settings_rows[0] if settings_rows else {}
    title = str(settings.get("form_title") or path.stem)
    form_id = str(settings.get("form_id") or path.stem)
    definition: dict[str, Any] = {"id": _clean_name(form_id), "title": title}
    if settings.get("survey_title_en"):
        definition["title_en"] = str(settings["survey_title_en"])
    if settings.get("version") not in (None, ""):
        definition["version"] = str(settings["version"])
    group = {"id": str(settings.get("survey_group_id") or "respondents"),
             "name": str(settings.get("survey_group_name") or "受访者"),
             "name_en": str(settings.get("survey_group_name_en") or "Respondents")}
    definition["group"] = group
    if settings.get("survey_cover_letter"):
        try:
            letter = json.loads(str(settings["survey_cover_letter"]))
        except json.JSONDecodeError:
            builder.notes.append("settings: survey_cover_letter is not JSON; no cover letter")
        else:
            definition["cover_letter"] = letter
    if settings.get("survey_id_column"):
        definition["id_column"] = str(settings["survey_id_column"])
    if builder.scales:
        definition["scales"] = builder.scales
    definition["sections"] = builder.sections
    if not builder.sections:
        raise InstrumentError("the survey sheet has no question this toolkit can carry over",
                              code="empty_xlsform", file=str(path))
    return definition, builder.notes


def _walk(b: _Builder, rows: list[dict[str, Any]]) -> None:
    label_zh, label_en = _lang_columns(rows, "label")
    hint_zh, hint_en = _lang_columns(rows, "hint")
    relevant = _Relevant(b.fields, b.codes)
    # top level: groups become sections; loose questions gather in sections of their own
    loose: dict[str, Any] | None = None
    i = 0

    def text_of(row: dict[str, Any]) -> tuple[str, str | None]:
        zh = _text(row, label_zh) or str(row.get("name", ""))
        return zh, _text(row, label_en)

    def children(start: int) -> tuple[list[dict[str, Any]], int]:
        """Rows inside the group opened at ``start`` and the index after its end."""
        depth, j = 0, start
        while j < len(rows):
            kind = _type(rows[j])[0]
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
                               f"({raw}) is not carried over: {exc}")
        parts = [p for p in (inherited, own) if p]
        if len(parts) == 2:
            return f"({parts[0]}) and ({parts[1]})"
        return parts[0] if parts else None

    def add(question: dict[str, Any], section: dict[str, Any]) -> None:
        section["questions"].append({k: v for k, v in question.items() if v not in (None, "")})

    def base(row: dict[str, Any], qid: str, kind: str, inherited: str | None) -> dict[str, Any]:
        zh, en = text_of(row)
        return {"id": qid, "type": kind, "text": zh, "text_en": en,
                "note": _text(row, hint_zh), "note_en": _text(row, hint_en),
                "show_if": show_if(row, inherited, f"{row.get('name')!r}")}

    def question(row: dict[str, Any], section: dict[str, Any], inherited: str | None) -> None:
        kind, listed, or_other = _type(row)
        name = str(row.get("name", "")).strip()
        if kind in _META_TYPES or not name:
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
                q.update(min=codes[0], max=codes[-1], required=_required(row),
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
            q["required"] = _required(row)
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
            q["required"] = _required(row)
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
            q["required"] = _required(row)
            b.fields[name] = {"id": qid, "kind": "ranking"}
            add(q, section)
        elif kind in ("integer", "decimal"):
            q = base(row, qid, "number", inherited)
            low, high = _range(row.get("constraint"))
            q.update(min=low, max=high, integer=kind == "integer", required=_required(row))
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
            q["required"] = _required(row)
            b.fields[name] = {"id": qid, "kind": "number"}
            add(q, section)
        elif kind in ("text", "string"):
            q = base(row, qid, "open", inherited)
            q["required"] = _required(row)
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
        plain = [r for r in inner if _type(r)[0] not in _META_TYPES]
        types = [_type(r) for r in plain]
        survey_type = str(row.get("survey_type", ""))
        if _type(row)[0] == "begin_repeat":
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
                        "reverse": str(r.get("survey_reverse", "")).lower() in _TRUE or None}
                items.append({k: v for k, v in item.items() if v not in (None, "")})
                b.fields[str(r["name"])] = {"id": item_id, "kind": "single", "list": listed}
                if r.get("relevant"):
                    b.notes.append(f"survey row {r['_row']}: the relevant of matrix row "
                                   f"{r['name']!r} is not carried over (a matrix is asked whole)")
            satisfied = BUILTIN_SCALES[scale].satisfied if scale in BUILTIN_SCALES \
                else b.scales[scale].get("satisfied")
            q = {"id": qid, "type": "likert_matrix", "text": zh, "text_en": en,
                 "note": _text(row, hint_zh), "note_en": _text(row, hint_en), "show_if": cond,
                 "scale": scale, "required": all(_required(r) for r in plain), "items": items}
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
            highs = [_range(r.get("constraint"))[1] for r in plain]
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
            kind = _type(rows[j])[0]
            if kind in ("begin_group", "begin_repeat"):
                j = group(j, section, cond)
            else:
                question(rows[j], section, cond)
                j += 1
        return after

    while i < len(rows):
        row = rows[i]
        kind = _type(row)[0]
        if kind in ("begin_group", "begin_repeat"):
            inner, after = children(i)
            nested = any(_type(r)[0] in ("begin_group", "begin_repeat") for r in inner)
            survey_type = str(row.get("survey_type", ""))
            as_question = survey_type in ("likert_matrix", "ranking") or (
                not nested and "list" in str(row.get("appearance", "")).lower()
                and len({_type(r)[1] for r in inner if _type(r)[0] == "select_one"}) == 1
                and all(_type(r)[0] in ("select_one", *_META_TYPES) for r in inner))
            if as_question or kind == "begin_repeat":
                if loose is None:
                    loose = _new_section(b, len(b.sections) + 1)
                    b.sections.append(loose)
                i = group(i, loose, None)
                continue
            zh, en = text_of(row)
            sid = b.new_id(str(row.get("name") or f"s{len(b.sections) + 1}"))
            section = {"id": sid, "title": zh, "title_en": en, "note": _text(row, hint_zh),
                       "note_en": _text(row, hint_en), "role": row.get("survey_role"),
                       "questions": []}
            cond = show_if(row, None, f"group {row.get('name')!r}")
            j = i + 1
            while j < after - 1:
                if _type(rows[j])[0] in ("begin_group", "begin_repeat"):
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
        if kind not in _META_TYPES:
            if loose is None:
                loose = _new_section(b, len(b.sections) + 1)
                b.sections.append(loose)
            question(row, loose, None)
        i += 1
    b.sections[:] = [s for s in b.sections if s["questions"]]
    _promote_scales(b)


def _end_label(label: str | None) -> str | None:
    """``0（非常不满意）`` → ``非常不满意``; a bare number → None."""
    if not label:
        return None
    match = re.fullmatch(r"\s*-?\d+\s*[（(]?\s*(.*?)\s*[)）]?\s*", label)
    text = match.group(1) if match else label
    return text or None


def _new_section(b: _Builder, number: int) -> dict[str, Any]:
    sid = b.new_id(f"s{number}")
    return {"id": sid, "title": f"第{number}部分", "title_en": f"Part {number}", "questions": []}


def _promote_scales(b: _Builder) -> None:
    """Single-choice questions on a list that a matrix or another question uses take its scale."""
    shared = {lst for lst, n in b.list_use.items() if n > 1} | set(b.scale_names)
    for section in b.sections:
        for q in section["questions"]:
            listed = q.pop("_list", None)
            if listed is None or any(isinstance(o, dict) for o in q.get("options", [])):
                continue
            if listed in shared or _is_builtin(b, listed):
                q.pop("options", None)
                q["scale"] = b.scale(listed)


def _is_builtin(b: _Builder, listed: str) -> bool:
    pairs = [(b.codes[listed][c["name"]], c["label"]) for c in b.lists[listed]]
    return any([(o.code, o.label) for o in s.options] == pairs for s in BUILTIN_SCALES.values())


class _Dumper(yaml.SafeDumper):
    pass


class _Flow(list):  # type: ignore[type-arg]
    """A list written in flow style (``[1, 是]``)."""


_Dumper.add_representer(_Flow, lambda d, v: d.represent_sequence(
    "tag:yaml.org,2002:seq", v, flow_style=True))


def _flow_options(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _flow_options(v, k) for k, v in value.items()}
    if isinstance(value, list):
        if key in ("options",) or (key in ("satisfied", "excluded", "scores")):
            return [_Flow(v) if isinstance(v, list) else _flow_options(v) for v in value] \
                if key == "options" else _Flow(value)
        return [_flow_options(v) for v in value]
    return value


def render_definition(definition: dict[str, Any], source: str) -> str:
    """The definition as YAML in the bundled instruments' style, with a provenance header."""
    body = yaml.dump(_flow_options(definition), Dumper=_Dumper, allow_unicode=True,
                     sort_keys=False, width=100)
    todo = []
    if "cover_letter" not in definition:
        todo.append("add the cover letter")
    if definition["group"]["id"] == "respondents":
        todo.append("name the respondent group")
    if any("satisfied" not in s for s in definition.get("scales", {}).values()):
        todo.append("mark satisfied codes on declared scales")
    header = f"# Imported from {source} by `survey instrument import`.\n"
    if todo:
        header += f"# Before fielding: {'; '.join(todo)}.\n"
    return header + body


def import_xlsform(path: str | Path, out: str | Path | None = None) -> Imported:
    """Read an XLSForm and, when ``out`` is given, write its definition there (atomically).

    The definition is checked before anything is written; a problem that remains (ids that
    clash once choices become variables, for instance) raises :class:`InstrumentError`.
    """
    definition, notes = xlsform_definition(path)
    problems = [f"{key_path(loc)}: {message}" for loc, message in reference_problems(definition)]
    if not problems:
        try:
            Instrument.model_validate(definition, context={DEFER_CHECKS: True})
        except ValueError as exc:
            problems.append(str(exc).splitlines()[0])
    if problems:
        raise InstrumentError(
            f"the imported definition is not valid: {problems[0]}", code="import_invalid",
            file=str(path),
            hint=f"{len(problems) - 1} more problem(s)." if len(problems) > 1 else None)
    written = None
    if out is not None:
        written = Path(out)
        write_text_atomic(written, render_definition(definition, Path(path).name))
    return Imported(path=written, definition=definition, notes=tuple(notes))
