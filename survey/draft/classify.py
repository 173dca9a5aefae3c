"""What each column of a response file holds, guessed from its header and its answers.

:func:`classify_table` turns a :class:`~survey.responses.read.RawTable` into drafted
questions (:class:`DraftQuestion`), each with the reason it was read that way, and the
things it could not decide (:class:`Undecided`). Nothing here writes a file.

Rules, in order, for each column:

1. the platform's metadata (序号, 提交答卷时间, 所用时间, 来源, 来自IP) and personal data are
   never questions: the respondent id becomes ``id_column``, the rest is listed and left out;
2. split columns of one question (``第6题(运动)``, ``6、(运动)``) with only 0/1 answers are a
   multiple choice; with scale answers they are a matrix's rows; headers ``N、题干—子题`` that
   share N and 题干 are a matrix too;
3. value labels (SPSS, Stata) give the options in code order; otherwise labels seen give
   them, in the scale's order when a scale is recognised (:mod:`survey.draft.scales`), else
   by the first number in the label (``1部``, ``800-999元``), else as first seen, never by
   frequency; ``其他…〖写的内容〗`` makes an "other, please specify" option;
4. answers joined by ``┋`` are a multiple choice;
5. whole numbers from 0 to 10 without labels are a rating where the column's name says so
   (评分, 推荐程度, score …), else option codes of a single choice (a code download's 性别: 1
   or 2), named by their codes until their texts are written; other numbers are a number
   question; text with many different answers is an open question.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from survey.draft.scales import ScaleMatch, match_scale, with_codes
from survey.locale import Language
from survey.locale import text as locale_text
from survey.responses.platforms import parse_header, split_other
from survey.responses.read import RawTable

__all__ = ["DraftQuestion", "DraftTable", "Undecided", "classify_table"]

_MULTI_SEPARATORS = ("┋", "|")
_MATRIX_DASH = re.compile(r"^(.+?)\s*[—–]+\s*(.+)$")
_FIRST_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_OTHER = ("其他", "其它")
#: Metadata kinds of :func:`survey.responses.platforms.parse_header` (never questions).
_META = {"submitted_at", "duration", "source", "ip", "personal", "started_at", "finished_at"}
#: An answer column with more distinct texts than this share of its answers is open text.
_OPEN_SHARE = 0.5
_MAX_OPTIONS = 40
#: Answers longer than this on average are sentences, not options.
_OPEN_LENGTH = 12
#: Unlabelled codes in a column named for satisfaction (sat_1, 满意度) read as sat5 when
#: this share of them lies in 1–5 (the rest are planted or mistyped codes to screen).
_SATISFACTION_NAME = re.compile(r"(?:^|_|\b)sat|满意", re.IGNORECASE)
#: A column whose answers are points on a scale, by its name (评分, 打几分, 推荐程度, 重要性,
#: score, rating): whole numbers without labels in it are a rating, elsewhere option codes.
_RATING_NAME = re.compile(r"评分|打分|分数|得分|分值|几分|满分|评价|程度|推荐|星级|同意|认可|重要|可能性"
                          r"|意愿|score|rating|rate|scale|nps",
                          re.IGNORECASE)
_IN_SCALE_SHARE = 0.95
_SAT5_LABELS = ("非常满意", "满意", "一般", "不满意", "非常不满意")


@dataclass(frozen=True)
class Undecided:
    """Something to check: where (a column, a question or the whole file) and what.

    The sentence is the locale key ``key`` (``survey/locales/<lang>/draft.yaml``) filled with
    ``values``, so it is written in the language of the run that prints it; ``where`` and
    ``what`` give it in English.
    """

    place: Literal["column", "question", "file"]
    name: str
    key: str
    values: tuple[tuple[str, object], ...] = ()

    def where_in(self, lang: Language) -> str:
        """Where, in ``lang``: ``column '3、性别'`` / ``第 3 列…``."""
        return locale_text(lang, f"draft_where_{self.place}", name=self.name)

    def what_in(self, lang: Language) -> str:
        """What to check, in ``lang``."""
        return locale_text(lang, self.key, **dict(self.values))

    def describe(self, lang: Language) -> str:
        """``where: what`` in ``lang``, as printed after a draft."""
        return locale_text(lang, "draft_undecided_line", where=self.where_in(lang),
                    what=self.what_in(lang))

    @property
    def where(self) -> str:
        return self.where_in("en")

    @property
    def what(self) -> str:
        return self.what_in("en")


@dataclass(frozen=True)
class DraftQuestion:
    """One drafted question: what the YAML will say and why.

    ``options`` are ``(code, label, specify)``; ``scale`` a recognised scale; ``items`` the
    matrix rows ``(item id, text, column)``; ``columns`` the file's columns it reads;
    ``why`` the reason, written beside it as a comment.
    """

    id: str
    number: int | None
    text: str
    type: str
    columns: tuple[str, ...]
    why: str
    options: tuple[tuple[int, str, bool], ...] = ()
    scale: ScaleMatch | None = None
    items: tuple[tuple[str, str, str], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = True


@dataclass(frozen=True)
class DraftTable:
    """The drafted questions of one file, its id column and metadata left out."""

    questions: tuple[DraftQuestion, ...]
    id_column: str | None
    metadata: tuple[tuple[str, str], ...]
    undecided: tuple[Undecided, ...]
    platform: str
    rows: int
    #: The id column when the reader would not find it by itself (``id_column`` in YAML).
    own_id: str | None = None
    #: No column identifies the questionnaires: they are known by their rows (``ids: row``).
    row_ids: bool = False


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def _asks_text(label: str) -> bool:
    """An option that asks for text (其他【请注明】, 其他（请说明）)."""
    return _fold(label).startswith(_OTHER) and any(w in label for w in ("注明", "说明", "填写"))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _number_key(label: str, first_seen: int) -> tuple[int, float, int]:
    """Sort key: labels without a number first (没有投入), then by their first number,
    "other" last; ties keep the order first seen."""
    if _fold(label).startswith(_OTHER):
        return (2, 0.0, first_seen)
    match = _FIRST_NUMBER.search(label)
    if match is None:
        return (0, 0.0, first_seen)
    return (1, float(match.group()), first_seen)


def _labels_in_order(labels: list[str]) -> tuple[list[str], str]:
    """(labels in a natural order, how that order was chosen)."""
    numbered = [label for label in labels if _FIRST_NUMBER.search(label)]
    if len(numbered) >= max(2, len(labels) // 2):
        ordered = sorted(labels, key=lambda lb: _number_key(lb, labels.index(lb)))
        return ordered, "options ordered by the number in each label"
    ordered = sorted(labels, key=lambda lb: (_fold(lb).startswith(_OTHER), labels.index(lb)))
    return ordered, "options in the order first seen in the file (no number or scale to order by)"


class _Classifier:
    def __init__(self, table: RawTable, pair: RawTable | None) -> None:
        self.table, self.frame, self.pair = table, table.frame, pair
        self.undecided: list[Undecided] = []
        self.used_ids: set[str] = set()
        self._present: dict[str, pd.Series] = {}

    def _id(self, number: int | None, column: str) -> str:
        if number is not None:
            base = f"q{number}"
        elif re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,50}", column):
            base = column  # a variable name already (sat_1, Q5a): kept
        else:
            base = "q_" + re.sub(r"\W+", "_", column, flags=re.ASCII).strip("_")
        if base == "q_" or not re.match(r"^[A-Za-z][A-Za-z0-9_]*$", base):
            base = f"q_col{list(self.frame.columns).index(column) + 1}"
        name, k = base[:60], 2
        while name in self.used_ids:
            name, k = f"{base[:56]}_{k}", k + 1
        self.used_ids.add(name)
        return name

    def _values(self, column: str) -> pd.Series:
        if column not in self._present:  # read_table strips cells and blanks are NA
            self._present[column] = self.frame[column].dropna()
        return self._present[column]

    def _seen(self, values: pd.Series) -> list[str]:
        return list(pd.unique(values))

    # -- options of one column -------------------------------------------------------
    def _coded_options(self, column: str, labels: list[str]
                       ) -> tuple[list[tuple[int, str, bool]], ScaleMatch | None, str]:
        """Options of a labelled column: value labels, a recognised scale, the paired code
        download's codes, or the labels' natural order."""
        value_labels = self.table.value_labels.get(column)
        if value_labels:
            pairs = sorted(value_labels.items())
            scale = match_scale([label for _, label in pairs])
            if scale is not None:
                scale = with_codes(scale, {str(lb): int(c) for c, lb in pairs})
                return [], scale, f"value labels {', '.join(f'{c:g}={lb}' for c, lb in pairs)}"
            return ([(int(c), str(lb), _asks_text(str(lb))) for c, lb in pairs],
                    None, "options from the file's value labels")
        base = []
        specify = set()
        for label in labels:
            head, other = split_other(label)
            if head not in base:
                base.append(head)
            if other is not None:
                specify.add(head)
        scale = match_scale(base)
        if scale is not None:
            return [], scale, f"answers {', '.join(base)}"
        paired = self._paired_codes(column)
        if paired:
            options = []
            for code, label in sorted(paired.items()):
                head, other = split_other(label)
                options.append((code, head, other is not None or head in specify))
            deduped: dict[int, tuple[int, str, bool]] = {}
            for code, head, spec in options:
                if code not in deduped:
                    deduped[code] = (code, head, spec)
                else:
                    deduped[code] = (code, head, deduped[code][2] or spec)
            for code in range(1, max(deduped) + 1):
                if code not in deduped:  # the platform numbers options by position
                    deduped[code] = (code, f"（第 {code} 个选项，无人选择）", False)
                    self.undecided.append(Undecided("column", column, "draft_option_unchosen",
                                                    (("code", code),)))
            return sorted(deduped.values()), None, "codes from the paired code download"
        ordered, how = _labels_in_order(base)
        if "first seen" in how:
            self.undecided.append(Undecided("column", column, "draft_order_first_seen"))
        return [(i, label, label in specify) for i, label in enumerate(ordered, 1)], None, how

    def _paired_codes(self, column: str) -> dict[int, str]:
        """Row-by-row pairing with the code download of the same survey."""
        if self.pair is None or column not in self.pair.frame.columns:
            return {}
        joined = pd.DataFrame({"label": self.frame[column], "code": self.pair.frame[column]})
        joined = joined.dropna()
        if joined.empty or not joined["code"].map(_is_number).all():
            return {}
        out: dict[int, str] = {}
        for label, code in joined.drop_duplicates().itertuples(index=False):
            c = int(float(code))
            head, _ = split_other(str(label))
            if c in out and out[c] != head:
                self.undecided.append(Undecided("column", column, "draft_code_two_labels",
                                                (("code", c), ("first", out[c]),
                                                 ("second", head))))
                continue
            out[c] = head
        return out

    # -- one column --------------------------------------------------------------------
    def single(self, column: str, number: int | None, text: str) -> DraftQuestion:
        values = self._values(column)
        qid = self._id(number, column)
        if values.empty and column not in self.table.value_labels:
            self.undecided.append(Undecided("column", column, "draft_no_answers"))
            return DraftQuestion(qid, number, text, "open", (column,), "no answers to judge by")
        seen = self._seen(values)
        if any(s in v for v in seen[:200] for s in _MULTI_SEPARATORS[:1]):
            return self.multiple_joined(column, number, text, qid, values)
        numeric = column not in self.table.value_labels and all(_is_number(v) for v in seen)
        if numeric and self._paired_codes(column):
            numeric = False
        if numeric:
            return self._numeric(column, number, text, qid, values, seen)
        wordy = bool(seen) and sum(len(v) for v in seen) / len(seen) > _OPEN_LENGTH
        if len(seen) > _MAX_OPTIONS or (len(seen) > 10 and len(seen) > _OPEN_SHARE * len(values)) \
                or (wordy and match_scale(seen) is None and self._paired_codes(column) == {}
                    and column not in self.table.value_labels):
            return DraftQuestion(qid, number, text, "open", (column,),
                                 f"{len(seen)} different texts in {len(values)} answers: "
                                 "read as an open question")
        options, scale, why = self._coded_options(column, seen)
        if scale is not None:
            return self._scaled(column, number, text, qid, scale, why)
        return DraftQuestion(qid, number, text, "single", (column,),
                             f"single choice, {len(options)} options; {why}",
                             options=tuple(options))

    def _scaled(self, column: str, number: int | None, text: str, qid: str,
                scale: ScaleMatch, why: str) -> DraftQuestion:
        if scale.unseen:
            self.undecided.append(Undecided("column", column, "draft_scale_unseen",
                                            (("scale", scale.name),
                                             ("options", "、".join(scale.unseen)))))
        reason = f"{_KIND_WORDS[scale.kind]} scale {scale.name} recognised from {why}"
        return DraftQuestion(qid, number, text, "single", (column,), reason, scale=scale)

    def _numeric(self, column: str, number: int | None, text: str, qid: str,
                 values: pd.Series, seen: list[str]) -> DraftQuestion:
        numbers = pd.to_numeric(values)
        whole = bool((numbers == numbers.round()).all())
        low, high = float(numbers.min()), float(numbers.max())
        in_five = float(numbers.isin([1, 2, 3, 4, 5]).mean())
        if _SATISFACTION_NAME.search(f"{column} {text}") and in_five >= _IN_SCALE_SHARE:
            scale = match_scale(list(_SAT5_LABELS))
            outside = int((~numbers.isin([1, 2, 3, 4, 5])).sum())
            self.undecided.append(Undecided(
                "column", column,
                "draft_sat5_by_name_outside" if outside else "draft_sat5_by_name",
                (("outside", outside),)))
            return DraftQuestion(qid, number, text, "single", (column,),
                                 "codes 1–5 in a column named for satisfaction: sat5", scale=scale)
        if whole and low >= 0 and high <= 10 and len(seen) <= 11:
            if not _RATING_NAME.search(f"{column} {text}"):
                return self._codes(column, number, text, qid, int(low), int(high))
            self.undecided.append(Undecided("column", column, "draft_numbers_as_rating",
                                            (("low", f"{low:g}"), ("high", f"{high:g}"))))
            return DraftQuestion(qid, number, text, "rating", (column,),
                                 f"whole numbers {low:g}–{high:g} without labels: a rating",
                                 minimum=0 if low >= 0 and high <= 10 and low < 1 else 1,
                                 maximum=10 if high > 5 else 5)
        return DraftQuestion(qid, number, text, "number", (column,),
                             f"numbers from {low:g} to {high:g}"
                             + ("" if whole else ", with decimals"), integer=whole)

    def _codes(self, column: str, number: int | None, text: str, qid: str,
               low: int, high: int) -> DraftQuestion:
        """Option codes without their texts (a code download: 3、性别 answered 1 or 2): a
        single choice whose options are the codes from 1 (0 when answered) to the highest,
        each named by its code (选项 1) until the evaluator writes its text. A mean of such codes
        means nothing, so the column is no rating unless its name says it is one."""
        first = min(low, 1)
        self.undecided.append(Undecided("column", column, "draft_codes_as_options",
                                        (("low", first), ("high", high))))
        options = tuple((code, f"选项 {code}", False) for code in range(first, high + 1))
        return DraftQuestion(qid, number, text, "single", (column,),
                             f"whole numbers {low}–{high} without labels, in a column not "
                             "named as a rating: option codes", options=options)

    def multiple_joined(self, column: str, number: int | None, text: str, qid: str,
                        values: pd.Series) -> DraftQuestion:
        parts: list[str] = []
        specify: set[str] = set()
        for cell in pd.unique(values):
            for part in str(cell).split("┋"):
                head, other = split_other(part.strip())
                if head and head not in parts:
                    parts.append(head)
                if other is not None:
                    specify.add(head)
        paired = self._paired_split(number)
        if paired:
            options = [(i, label, label in specify or _asks_text(label))
                       for i, label in enumerate(paired, 1)]
            for label in parts:
                if label not in paired:
                    self.undecided.append(Undecided("column", column, "draft_answer_no_code_column",
                                                    (("answer", label),)))
            how = "options in the order of the code download's columns"
        else:
            ordered, how = _labels_in_order(parts)
            if "first seen" in how:
                self.undecided.append(Undecided("column", column, "draft_order_first_seen"))
            options = [(i, label, label in specify) for i, label in enumerate(ordered, 1)]
        return DraftQuestion(qid, number, text, "multiple", (column,),
                             f"answers joined by ┋: multiple choice, {len(options)} options; {how}",
                             options=tuple(options))

    def _paired_split(self, number: int | None) -> list[str]:
        if self.pair is None or number is None:
            return []
        labels = []
        for column in self.pair.frame.columns:
            header = parse_header(str(column), self.pair.platform)
            if header.question == number and header.kind == "option" and header.option:
                labels.append(_raw_option(str(column)) or header.option)
        return labels

    def split_group(self, number: int, columns: list[str]) -> DraftQuestion:
        """Columns ``第N题(选项)``: 0/1 answers make a multiple choice, scale answers a matrix."""
        headers = [parse_header(c, self.table.platform) for c in columns]
        seen = sorted({v for c in columns for v in self._seen(self._values(c))})
        qid = self._id(number, columns[0])
        if set(seen) <= {"0", "1", "0.0", "1.0"}:
            options = tuple((i, _raw_option(c) or (h.option or c),
                             _asks_text(_raw_option(c) or h.option or ""))
                            for i, (c, h) in enumerate(zip(columns, headers, strict=True), 1))
            stem = next((h.text for h in headers if h.text), None) or f"第{number}题"
            return DraftQuestion(qid, number, stem, "multiple", tuple(columns),
                                 f"{len(columns)} columns of 0/1 answers headed 第{number}题(选项): "
                                 "multiple choice", options=options)
        items = tuple((f"{qid}_{i}", h.option or c, c)
                      for i, (c, h) in enumerate(zip(columns, headers, strict=True), 1))
        stem = next((h.text for h in headers if h.text), None) or f"第{number}题"
        return self._matrix(qid, number, stem, items, seen)

    def _matrix(self, qid: str, number: int | None, text: str,
                items: tuple[tuple[str, str, str], ...], seen: list[str]) -> DraftQuestion:
        columns = tuple(c for _, _, c in items)
        labels = [lb for c in columns for lb in self._seen(self._values(c))]
        labels = list(dict.fromkeys(labels))
        value_labels = next((self.table.value_labels[c] for c in columns
                             if c in self.table.value_labels), None)
        scale = match_scale([str(v) for v in value_labels.values()] if value_labels else labels)
        if scale is not None and value_labels:
            scale = with_codes(scale, {str(lb): int(c) for c, lb in value_labels.items()})
        if scale is None:
            self.undecided.append(Undecided("question", str(number), "draft_matrix_no_scale",
                                            (("answers", "、".join(labels[:8])),)))
            return DraftQuestion(qid, number, text, "group", columns, "matrix without a scale",
                                 items=items)
        if scale.unseen:
            self.undecided.append(Undecided("question", str(number), "draft_scale_unseen",
                                            (("scale", scale.name),
                                             ("options", "、".join(scale.unseen)))))
        return DraftQuestion(qid, number, text, "likert_matrix", columns,
                             f"{len(items)} rows answered on the {_KIND_WORDS[scale.kind]} scale "
                             f"{scale.name}: a matrix", scale=scale, items=items)


_KIND_WORDS = {"satisfaction": "satisfaction", "agreement": "agreement", "yesno": "yes/no"}


def _raw_option(column: str) -> str | None:
    """The option as the header prints it (``第6题(其他【请注明】)`` → ``其他【请注明】``)."""
    match = re.match(r"^第\s*\d+\s*题\s*\((.*)\)$", column.strip())
    return match.group(1) if match else None


def _expand(c: _Classifier, question: DraftQuestion) -> list[DraftQuestion]:
    """A matrix whose answers match no scale becomes one single choice per row."""
    if question.type != "group":
        return [question]
    return [c.single(column, question.number, f"{question.text}—{text}")
            for _, text, column in question.items]


def classify_table(table: RawTable, pair: RawTable | None = None) -> DraftTable:
    """Draft the questions of ``table``; ``pair`` is the other download of the same survey
    (问卷星's code download for a text download, or the other way round)."""
    c = _Classifier(table, pair)
    questions: list[DraftQuestion] = []
    metadata: list[tuple[str, str]] = []
    id_column: str | None = None
    columns = [str(col) for col in table.frame.columns]
    headers = {col: parse_header(col, table.platform, table.frame[col].dropna().head(200))
               for col in columns}
    done: set[str] = set()
    own_id = None
    if not any(h.kind == "respondent_id" for h in headers.values()):
        own_id = _id_guess(table.frame)
        if own_id is None:
            c.undecided.append(Undecided("file", "", "draft_no_id_column"))
        else:
            done.add(own_id)
            id_column = own_id
    for col in columns:
        if col in done:
            continue
        header = headers[col]
        label = table.column_labels.get(col)
        if header.kind == "respondent_id" and id_column is None:
            id_column = col
            continue
        if header.kind in _META:
            metadata.append((col, header.kind))
            continue
        if header.kind == "option" and header.question is not None:
            group = [k for k in columns if headers[k].kind == "option"
                     and headers[k].question == header.question]
            done.update(group)
            questions += _expand(c, c.split_group(header.question, group))
            continue
        text = header.text or label or col
        dash = _MATRIX_DASH.match(text) if header.question is not None else None
        if dash and header.kind == "question":
            stem = dash.group(1)
            dashed = {k: m for k in columns if headers[k].question == header.question
                      and (m := _MATRIX_DASH.match(headers[k].text or "")) and m.group(1) == stem}
            if len(dashed) > 1:
                done.update(dashed)
                qid = c._id(header.question, col)
                items = tuple((f"{qid}_{i}", m.group(2), k)
                              for i, (k, m) in enumerate(dashed.items(), 1))
                questions += _expand(c, c._matrix(qid, header.question, stem, items, []))
                continue
        if label and header.question is None and text == col:
            text = label
        questions.append(c.single(col, header.question, text if text != col or
                                  header.question is None else col))
    questions = _merge_rows(questions)
    return DraftTable(questions=tuple(questions), id_column=id_column,
                      metadata=tuple(metadata), undecided=tuple(c.undecided),
                      platform=table.platform, rows=len(table.frame), own_id=own_id,
                      row_ids=id_column is None)


def _merge_rows(questions: list[DraftQuestion]) -> list[DraftQuestion]:
    """Adjacent unnumbered columns on one satisfaction or agreement scale (an SPSS file's
    sat_1, sat_2, sat_3) become the rows of one matrix, as the questionnaire printed them."""
    out: list[DraftQuestion] = []
    run: list[DraftQuestion] = []

    def flush() -> None:
        scale = run[0].scale if run else None
        if len(run) > 1 and scale is not None:  # a run holds scaled questions only
            first = run[0]
            items = tuple((q.id, q.text, q.columns[0]) for q in run)
            out.append(DraftQuestion(
                f"{first.id}_m", None, "请对以下方面作出评价", "likert_matrix",
                tuple(q.columns[0] for q in run),
                f"{len(run)} adjacent columns on the {scale.name} scale "
                "read as the rows of one matrix (the matrix's own wording is not in the file)",
                scale=scale, items=items))
        else:
            out.extend(run)
        run.clear()

    for q in questions:
        mergeable = (q.type == "single" and q.number is None and q.scale is not None
                     and q.scale.kind != "yesno")
        if mergeable and run and run[0].scale is not None and q.scale is not None \
                and run[0].scale.options == q.scale.options:
            run.append(q)
            continue
        flush()
        if mergeable:
            run.append(q)
        else:
            out.append(q)
    flush()
    return out


_ID_NAMES = ("id", "编号", "序号", "问卷编号", "问卷号", "答卷编号", "no", "code")


def _id_guess(frame: pd.DataFrame) -> str | None:
    """A column that identifies questionnaires: named like an id and never repeated, else
    the first column whose values are all present and all different."""
    def unique(column: str) -> bool:
        values = frame[column]
        return bool(values.notna().all() and values.is_unique)
    columns = [str(c) for c in frame.columns]
    named = [c for c in columns if _fold(c).lower() in _ID_NAMES and unique(c)]
    if named:
        return named[0]
    return next((c for c in columns[:3] if unique(c) and len(frame) > 1), None)
