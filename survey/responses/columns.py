"""Which column of a response file holds which variable of the instrument.

A header is matched, in this order:

1. by an explicit column map (``{header: variable}``, from a YAML or CSV file);
2. by name: the header is a variable name, a multiple-choice question id (its answers
   joined in one cell), the instrument's id column or ``duration_seconds``;
3. by the platform's own columns (问卷星 ``序号`` is the respondent id, ``所用时间`` the
   completion time, ``来自IP`` the IP address; 腾讯问卷 ``编号``, ``答题时长`` …);
4. by question number: ``N、题干`` is the instrument's N-th question when the header's text
   agrees with the question's (equal, one containing the other, or similar); the option or
   matrix row in the header (``第6题(运动)``, ``N.题干:行标题``, ``Q5_3``) picks the variable;
5. by question text after normalisation (full-width forms, CJK radical look-alikes,
   punctuation, spaces and annotations such as ``[多选题]`` do not count), and for SPSS and
   Stata files by the variable label.

A header that fits two variables equally well, or two headers that fit one variable, are
*ambiguous*: neither is used, and the report says so. Nothing is guessed silently.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher, get_close_matches
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from survey._yaml import read_yaml
from survey.errors import MissingFileError, ResponseFileError
from survey.instrument.model import Instrument
from survey.instrument.variables import Variable, variables
from survey.locale import Language, text
from survey.responses._text import fold, label_key, text_key
from survey.responses.personal import IP_KEY_COLUMN
from survey.responses.platforms import Header, Platform, parse_header

__all__ = [
    "DURATION_COLUMN",
    "Ambiguity",
    "ColumnMatch",
    "MappingReport",
    "Note",
    "is_other_text",
    "option_label_keys",
    "read_column_map",
    "resolve_columns",
]

#: Optional column with each questionnaire's completion time in seconds.
DURATION_COLUMN = "duration_seconds"

Role = Literal["id", "duration", "ip", "variable", "joined", "personal"]
How = Literal["map", "name", "platform", "number", "text", "label"]
_STRENGTH: dict[str, int] = {"map": 5, "name": 4, "platform": 3, "number": 2, "label": 1,
                             "text": 1}
_IGNORE = "ignore"


@dataclass(frozen=True)
class ColumnMatch:
    """One file column and what it feeds: a variable, a question's joined answers, the id …"""

    column: str
    target: str
    role: Role
    how: How

    def to_dict(self) -> dict[str, str]:
        """JSON-ready mapping."""
        return {"column": self.column, "target": self.target, "role": self.role, "how": self.how}


@dataclass(frozen=True)
class Ambiguity:
    """A column left unused because it fits several targets, or shares its target."""

    column: str
    candidates: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping."""
        return {"column": self.column, "candidates": list(self.candidates), "reason": self.reason}


@dataclass(frozen=True)
class Note:
    """Something done to the values that the user should know, with the numbers involved."""

    code: str
    values: tuple[tuple[str, str], ...] = ()

    def sentence(self, lang: Language = "en") -> str:
        """The note in ``lang`` (``survey/locales/<lang>/screening.yaml``)."""
        return text(lang, f"mapping_note_{self.code}", **dict(self.values))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (with the English sentence)."""
        return {"code": self.code, "message": self.sentence("en"), **dict(self.values)}


@dataclass(frozen=True)
class MappingReport:
    """What matched, what did not, and what was ambiguous, for one response file.

    ``personal`` lists columns recognised as personal data (column, kind): they are left out
    of the responses unless kept on request. ``ignored`` are platform columns the analysis
    does not use (submission time, source). ``notes`` say what was done to the values
    (codes read as option positions, codes recoded through a file's value labels, "other"
    texts with no variable to hold them).
    """

    platform: Platform
    matched: tuple[ColumnMatch, ...]
    unmatched: tuple[str, ...] = ()
    ambiguous: tuple[Ambiguity, ...] = ()
    missing: tuple[str, ...] = ()
    personal: tuple[tuple[str, str], ...] = ()
    ignored: tuple[str, ...] = ()
    notes: tuple[Note, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (the ``mapping`` block of ``survey validate --json``)."""
        return {
            "platform": self.platform,
            "matched": [m.to_dict() for m in self.matched],
            "unmatched": list(self.unmatched),
            "ambiguous": [a.to_dict() for a in self.ambiguous],
            "missing": list(self.missing),
            "personal": [{"column": c, "kind": k} for c, k in self.personal],
            "ignored": list(self.ignored),
            "notes": [n.to_dict() for n in self.notes],
        }


def read_column_map(path: str | Path) -> dict[str, str | None]:
    """Read an explicit column map: ``{file header: variable}``.

    YAML (a mapping; ``null`` or ``ignore`` leaves a column out) or CSV with the columns
    ``column`` and ``variable``. The targets are checked against the instrument when the
    map is used.
    """
    path = Path(path)
    if not path.is_file():
        raise MissingFileError.for_path(path, "column map")
    if path.suffix.lower() in (".csv", ".txt"):
        from survey.responses.formats import detect_encoding

        try:
            text = path.read_bytes().decode(detect_encoding(path))
        except (UnicodeDecodeError, UnicodeError) as exc:
            raise ResponseFileError("cannot decode the column map", code="bad_column_map",
                                    file=str(path)) from exc
        rows = list(csv.DictReader(text.lstrip("\ufeff").splitlines()))
        if not rows or not {"column", "variable"} <= set(rows[0]):
            raise ResponseFileError("not a column map", code="bad_column_map", file=str(path),
                                    row=1, expected="a header row with 'column' and 'variable'",
                                    got=list(rows[0]) if rows else None)
        return {fold(r["column"] or ""): (r["variable"] or "").strip() or None for r in rows}
    doc = read_yaml(path, ResponseFileError, "column map")
    data = doc.data
    if not isinstance(data, dict) or not all(isinstance(k, str | int) for k in data):
        raise ResponseFileError("not a column map", code="bad_column_map", file=str(path),
                                expected="a mapping of file headers to variable names")
    out: dict[str, str | None] = {}
    for key, value in data.items():
        if value is not None and not isinstance(value, str):
            raise ResponseFileError("not a variable name", code="bad_column_map", file=str(path),
                                    key=str(key), line=doc.line_of((key,)),
                                    expected="a variable name or null", got=value)
        out[fold(str(key))] = value
    return out


# --- the instrument as matching targets --------------------------------------------------

@dataclass(frozen=True)
class _Question:
    id: str
    number: int
    key: str
    variables: tuple[Variable, ...]
    options: tuple[tuple[str, str], ...]  # (variable name, label key) of split columns
    kind: Literal["single", "joined", "ranked", "rows"]


def option_label_keys(label: str) -> set[str]:
    """A label's key, and the key without an "(请注明)" hint (其他【请注明】 ~ 其他)."""
    keys = {label_key(label)}
    stripped = fold(label).split("(", 1)[0]
    if stripped and "注明" in label:
        keys.add(label_key(stripped))
    return keys


def _questions(instrument: Instrument) -> list[_Question]:
    by_question: dict[str, list[Variable]] = {}
    for var in variables(instrument):
        by_question.setdefault(var.question, []).append(var)
    out = []
    for number, question in enumerate(instrument.questions(), start=1):
        vars_ = tuple(v for v in by_question.get(question.id, []) if not is_other_text(v))
        if not vars_:
            continue
        kinds = {v.kind for v in vars_}
        options: list[tuple[str, str]] = []
        kind: Literal["single", "joined", "ranked", "rows"]
        if kinds in ({"multiple_option"}, {"rank"}):
            labels = {f"{question.id}_{o.code}": o.label for o in getattr(question, "options", ())}
            options = [(v.name, label_key(labels.get(v.name, v.label))) for v in vars_]
            kind = "joined" if kinds == {"multiple_option"} else "ranked"
        elif len(vars_) > 1:
            options = [(v.name, text_key(v.label)) for v in vars_]
            kind = "rows"
        else:
            kind = "single"
        out.append(_Question(question.id, number, text_key(question.text), vars_,
                             tuple(options), kind))
    return out


def is_other_text(var: Variable) -> bool:
    """Variables holding "other, please specify" text (``other_text``)."""
    return var.kind == "other_text"


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return True
    if a == b or a in b or b in a:
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.6


# --- resolution --------------------------------------------------------------------------

@dataclass
class _Candidate:
    column: str
    target: str
    role: Role
    how: How


def resolve_columns(
    headers: Sequence[str],
    instrument: Instrument,
    *,
    platform: Platform,
    column_map: Mapping[str, str | None] | None = None,
    column_labels: Mapping[str, str] | None = None,
    samples: pd.DataFrame | None = None,
    file: str | None = None,
) -> MappingReport:
    """Match each header to a target; return what matched and what did not.

    ``samples`` (the first rows of the file) help recognise personal data by value;
    ``column_labels`` are SPSS/Stata variable labels. Raises
    :class:`~survey.errors.ResponseFileError` when the column map names an unknown target.
    """
    questions = _questions(instrument)
    by_number = {q.number: q for q in questions}
    names = {v.name for v in variables(instrument)}
    joined = {q.id for q in questions if q.kind in ("joined", "ranked")}
    candidates: list[_Candidate] = []
    personal: list[tuple[str, str]] = []
    ignored: list[str] = []
    unmatched: list[str] = []
    ambiguous: list[Ambiguity] = []
    mapped = {fold(k): v for k, v in (column_map or {}).items()}
    special: dict[str, Role] = {instrument.id_column: "id", DURATION_COLUMN: "duration",
                                "ip": "ip", IP_KEY_COLUMN: "ip"}

    for column in headers:
        key = fold(column)
        values = samples[column] if samples is not None and column in samples else None
        if key in mapped:
            target = mapped[key]
            if target is None or target == _IGNORE:
                ignored.append(column)
                continue
            role = _role_of(target, names, joined, special)
            if role is None:
                raise ResponseFileError(
                    "the column map names an unknown variable", code="bad_column_map",
                    file=file, column=column,
                    expected="a variable of the instrument, a multiple-choice question id, "
                             f"{instrument.id_column!r}, {DURATION_COLUMN!r}, 'ip' or 'ignore'",
                    got=target,
                )
            target = _target_of(target, role, instrument)
            candidates.append(_Candidate(column, target, role, "map"))
            continue
        role = _role_of(column, names, joined, special) if column != "ip" else None
        if role is not None:
            target = _target_of(column, role, instrument)
            candidates.append(_Candidate(column, target, role, "name"))
            continue
        header = parse_header(column, platform, values)
        if header.kind == "respondent_id":
            candidates.append(_Candidate(column, instrument.id_column, "id", "platform"))
        elif header.kind == "duration":
            candidates.append(_Candidate(column, DURATION_COLUMN, "duration", "platform"))
        elif header.kind == "ip":
            candidates.append(_Candidate(column, IP_KEY_COLUMN, "ip", "platform"))
            personal.append((column, "ip"))
        elif header.kind in ("phone", "name", "id_card", "email", "contact", "address"):
            # A numbered question the instrument asks (您的联系电话) is read as its variable,
            # whose text is then redacted; anything else personal is left out.
            found = _by_header(header, questions, by_number, column_labels) \
                if header.question is not None else None
            if isinstance(found, _Candidate):
                candidates.append(found)
            else:
                personal.append((column, header.kind))
        elif header.kind in ("submitted_at", "started_at", "source", "location", "meta"):
            ignored.append(column)
        else:
            found = _by_header(header, questions, by_number, column_labels)
            if isinstance(found, Ambiguity):
                ambiguous.append(found)
            elif found is None:
                unmatched.append(column)
            else:
                candidates.append(found)

    _check_map_columns(mapped, headers, file)
    matched, clashes = _settle(candidates)
    ambiguous += clashes
    covered = {m.target for m in matched}
    missing = []
    for q in questions:
        for var in q.variables:
            if var.name in covered or (q.kind in ("joined", "ranked") and q.id in covered):
                continue
            missing.append(var.name)
    if instrument.id_column not in covered and instrument.ids == "column":
        missing.insert(0, instrument.id_column)
    return MappingReport(
        platform=platform, matched=tuple(matched), unmatched=tuple(unmatched),
        ambiguous=tuple(ambiguous), missing=tuple(missing), personal=tuple(personal),
        ignored=tuple(ignored),
    )


def _check_map_columns(
    mapped: Mapping[str, str | None], headers: Sequence[str], file: str | None,
) -> None:
    """Raise for a column map entry whose column the file does not have (a typo there
    would otherwise be passed over in silence); entries that leave a column out may
    name columns other files have."""
    present = [fold(h) for h in headers]
    for column, target in mapped.items():
        if column in present or target is None or target == _IGNORE:
            continue
        close = get_close_matches(column, present, n=3, cutoff=0.5)
        raise ResponseFileError(
            "the column map names a column the file does not have", code="bad_column_map",
            file=file, column=column, expected=f"a column of the file for {target!r}",
            got=f"close: {close}" if close else f"columns {present[:12]}"
            + (" …" if len(present) > 12 else ""),
        )


def _role_of(
    target: str, names: set[str], joined: set[str], special: dict[str, Role],
) -> Role | None:
    if target in special:
        return special[target]
    if target in names:
        return "variable"
    if target in joined:
        return "joined"
    return None


def _target_of(target: str, role: Role, instrument: Instrument) -> str:
    if role == "id":
        return instrument.id_column
    if role == "duration":
        return DURATION_COLUMN
    if role == "ip":
        return IP_KEY_COLUMN
    return target


def _by_header(
    header: Header,
    questions: list[_Question],
    by_number: dict[int, _Question],
    column_labels: Mapping[str, str] | None,
) -> _Candidate | Ambiguity | None:
    column = header.column
    text = header.text
    how: How = "number"
    if header.question is None and column_labels and column_labels.get(column):
        text, how = column_labels[column], "label"
    if header.question is not None and header.question in by_number:
        question = by_number[header.question]
        if text is None or _similar(text_key(text), question.key):
            return _within(question, header, "number")
        by_text = _by_text(text, header.option, questions, column, "text")
        if isinstance(by_text, _Candidate):
            return by_text
        return Ambiguity(column, (question.id,),
                         f"question {header.question} is {question.id}, but the header's text "
                         "differs from the question's")
    if text is None:
        return None
    return _by_text(text, header.option, questions, column, "text" if how == "number" else how)


def _within(question: _Question, header: Header, how: How) -> _Candidate | Ambiguity | None:
    """The variable of ``question`` that the header's option, row or position names."""
    column = header.column
    option = header.option
    if option is None and header.position is None:
        if question.kind == "single":
            return _Candidate(column, question.variables[0].name, "variable", how)
        if question.kind in ("joined", "ranked"):
            if header.option_in_text:
                hit = _pick(question, header.option_in_text)
                if hit:
                    return _Candidate(column, hit, "variable", how)
            return _Candidate(column, question.id, "joined", how)
        if header.option_in_text and (hit := _pick(question, header.option_in_text)):
            return _Candidate(column, hit, "variable", how)
        return Ambiguity(column, tuple(v.name for v in question.variables),
                         f"question {question.id} has several rows; the header names none")
    if header.position is not None:
        if 1 <= header.position <= len(question.variables) and question.kind != "single":
            return _Candidate(column, question.variables[header.position - 1].name,
                              "variable", how)
        return Ambiguity(column, (question.id,),
                         f"question {question.id} has no row or option {header.position}")
    if question.kind == "single":
        return Ambiguity(column, (question.id,),
                         f"question {question.id} has one answer column; the header names "
                         f"option {option!r}")
    hit = _pick(question, option or "")
    if hit is None:
        return Ambiguity(column, (question.id,),
                         f"{option!r} is not a row or option of question {question.id}")
    return _Candidate(column, hit, "variable", how)


def _pick(question: _Question, option: str) -> str | None:
    wanted = {label_key(option), text_key(option)} | option_label_keys(option)
    hits = [name for name, key in question.options if key in wanted]
    if len(hits) == 1:
        return hits[0]
    if question.kind in ("joined", "ranked"):
        labels = dict(question.options)
        hits = [name for name, key in labels.items() if any(_strip_hint(w) == key for w in wanted)]
    return hits[0] if len(hits) == 1 else None


def _strip_hint(key: str) -> str:
    return key.replace("请注明", "")


def _by_text(
    text: str, option: str | None, questions: list[_Question], column: str, how: How,
) -> _Candidate | Ambiguity | None:
    key = text_key(text)
    if not key:
        return None
    hits: list[_Candidate | Ambiguity] = []
    for question in questions:
        if question.key == key:
            fake = Header(column, question.number, None, option, "question")
            found = _within(question, fake, how)
            if found is not None:
                hits.append(found)
        elif question.kind == "rows" and option is None:
            for name, item_key in question.options:
                if item_key == key:
                    hits.append(_Candidate(column, name, "variable", how))
    if not hits and option is None:
        for sep in (":", "：", "-", "_"):
            folded = fold(text)
            if sep in folded:
                stem, tail = folded.rsplit(sep, 1)
                return _by_text(stem, tail, questions, column, how)
    good = [h for h in hits if isinstance(h, _Candidate)]
    if len(good) == 1:
        return good[0]
    if len(good) > 1:
        return Ambiguity(column, tuple(h.target for h in good),
                         "the header's text fits several questions")
    return hits[0] if hits else None


def _settle(candidates: list[_Candidate]) -> tuple[list[ColumnMatch], list[Ambiguity]]:
    """One column per target: the strongest match wins; a tie leaves the target unmatched."""
    by_target: dict[str, list[_Candidate]] = {}
    for c in candidates:
        by_target.setdefault(c.target, []).append(c)
    matched: list[ColumnMatch] = []
    clashes: list[Ambiguity] = []
    keep: set[tuple[str, str]] = set()
    for target, group in by_target.items():
        best = max(_STRENGTH[c.how] for c in group)
        top = [c for c in group if _STRENGTH[c.how] == best]
        if len(top) == 1:
            keep.add((top[0].column, target))
            for other in group:
                if other is not top[0]:
                    clashes.append(Ambiguity(other.column, (target,),
                                             f"{target} is already read from {top[0].column!r}"))
        else:
            for c in top:
                clashes.append(Ambiguity(
                    c.column, (target,),
                    f"columns {', '.join(repr(t.column) for t in top)} all fit {target}"))
    for c in candidates:
        if (c.column, c.target) in keep:
            matched.append(ColumnMatch(c.column, c.target, c.role, c.how))
    return matched, clashes
