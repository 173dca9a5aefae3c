"""The printable questionnaire: one A4 HTML page set, ready for a browser's Print to PDF.

Compute → structure → render: :func:`build_printed_form` turns an instrument into typed,
presentation-ready pieces (numbered questions, option columns, skip instructions in
words), and :func:`render_questionnaire` fills the jinja template
``forms/templates/questionnaire.html.j2`` with them (autoescaped; the stylesheet is
inlined, so the file is self-contained and prints the same offline).

Layout conventions of Chinese paper questionnaires are followed: a numbered cover letter
from the evaluator, 填写说明, sections numbered 一、二、…, questions numbered through
the whole form (第 N 题, as :meth:`Instrument.number_of` counts), a box (□) before each
option, each Likert matrix as a grid under its scale header, the routing written above the
question it governs, the closing thanks and an interviewer block.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypedDict

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from survey._atomic import write_text_atomic
from survey.forms._lang import choose, t
from survey.instrument.describe import skip_instruction
from survey.instrument.model import (
    Instrument,
    LikertMatrix,
    MultipleChoice,
    NumberQuestion,
    OpenQuestion,
    Option,
    QuestionModel,
    Ranking,
    Rating,
    SingleChoice,
)
from survey.locale import Language

__all__ = [
    "PrintedForm",
    "PrintedOption",
    "PrintedQuestion",
    "PrintedSection",
    "build_printed_form",
    "render_questionnaire",
    "write_questionnaire",
]

#: Usable line width of an A4 page with the stylesheet's margins, in em of body text.
LINE_EMS = 46.0
_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class PrintedOption:
    """One option as printed: its label, and whether a blank follows for "please specify"."""

    label: str
    specify: bool = False


@dataclass(frozen=True)
class PrintedQuestion:
    """One numbered question, ready for the template (which branches on ``kind`` only)."""

    number: int
    kind: str
    text: str
    hint: str
    note: str | None = None
    skip: str | None = None
    options: tuple[PrintedOption, ...] = ()
    columns: int = 1
    header: tuple[str, ...] = ()
    excluded_from: int | None = None
    answer_width: float = 0.0
    rows: tuple[tuple[str, str], ...] = ()
    points: tuple[int, ...] = ()
    low_label: str = ""
    high_label: str = ""
    end_span: int = 0
    middle_span: int = 0
    unit: str = ""
    lines: int = 0


@dataclass(frozen=True)
class PrintedSection:
    """A titled part of the form with its questions."""

    heading: str
    note: str | None
    questions: tuple[PrintedQuestion, ...]


@dataclass(frozen=True)
class PrintedForm:
    """Everything the template prints, in order, already in the chosen language."""

    lang: Language
    title: str
    serial_label: str
    greeting: str | None
    letter: tuple[str, ...]
    signature: tuple[str, ...]
    instructions_title: str
    instructions: tuple[str, ...]
    sections: tuple[PrintedSection, ...]
    closing: str
    interviewer_note: str
    interviewer_fields: tuple[str, ...]
    specify_before: str
    specify_after: str
    page_before: str
    page_middle: str
    page_after: str


def _ems(label: str) -> float:
    """Printed width of ``label`` in em: wide (CJK) characters 1, others about 0.55."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in label)


def _columns(options: tuple[PrintedOption, ...]) -> int:
    """Columns for an option list: as many as fit on a line, balanced across rows."""
    if not options:
        return 1
    widest = max(_ems(o.label) + (9.0 if o.specify else 0.0) for o in options) + 3.2
    fit = max(1, min(5, int(LINE_EMS // widest)))
    n = len(options)
    if n <= fit:
        return n
    rows = math.ceil(n / fit)
    return math.ceil(n / rows)


def _options(options: tuple[Option, ...], lang: Language) -> tuple[PrintedOption, ...]:
    return tuple(PrintedOption(choose(o.label, o.label_en, lang), o.specify) for o in options)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _number_hint(q: NumberQuestion, lang: Language) -> str:
    kind = "int" if q.integer else "num"
    low, high = _number(q.min), _number(q.max)
    if q.min is not None and q.max is not None:
        return t(lang, f"form_{kind}_range", a=low, b=high)
    if q.min is not None:
        return t(lang, f"form_{kind}_min", a=low)
    if q.max is not None:
        return t(lang, f"form_{kind}_max", b=high)
    return t(lang, f"form_{kind}_any")


def _multiple_hint(q: MultipleChoice, lang: Language) -> str:
    low, high = q.min_picks, q.max_picks
    if high is None or high >= len(q.options):
        return t(lang, "form_multiple")
    if low == high:
        return t(lang, "form_multiple_exactly", k=high)
    if low <= 1:
        return t(lang, "form_multiple_max", k=high)
    return t(lang, "form_multiple_range", a=low, b=high)


class _Common(TypedDict):
    """The fields every kind of printed question has."""

    number: int
    text: str
    note: str | None
    skip: str | None


def _question(instrument: Instrument, q: QuestionModel, lang: Language) -> PrintedQuestion:
    common: _Common = {
        "number": instrument.number_of(q.id),
        "text": choose(q.text, q.text_en, lang),
        "note": choose(q.note, q.note_en, lang) if q.note else None,
        "skip": skip_instruction(q.id, instrument, lang),
    }
    shown = common["text"]
    optional = "" if q.required or isinstance(q, OpenQuestion) else t(lang, "form_optional")
    if isinstance(q, SingleChoice):
        source = instrument.scale(q.scale).options if q.scale else (q.options or ())
        options = _options(source, lang)
        return PrintedQuestion(kind="single", hint=_hint(t(lang, "form_single"), shown) + optional,
                               options=options, columns=_columns(options), **common)
    if isinstance(q, MultipleChoice):
        options = _options(q.options, lang)
        hint = _hint(_multiple_hint(q, lang), shown) + optional
        return PrintedQuestion(kind="multiple", hint=hint,
                               options=options, columns=_columns(options), **common)
    if isinstance(q, LikertMatrix):
        scale = instrument.scale(q.scale)
        header = tuple(choose(o.label, o.label_en, lang) for o in scale.options)
        first_excluded = next((i for i, o in enumerate(scale.options)
                               if o.code in scale.excluded), None)
        rows = tuple((t(lang, "form_row_number", k=k), choose(i.text, i.text_en, lang))
                     for k, i in enumerate(q.items, start=1))
        # 8.5 pt headers: about 3 mm per em plus the cell padding, so that a Chinese label
        # of up to five characters stays on one line; longer (English) labels wrap.
        width = min(21.0, max(14.0, round(3.05 * max(_ems(h) for h in header) + 2.0, 1)))
        return PrintedQuestion(kind="matrix", hint=_hint(t(lang, "form_matrix"), shown) + optional,
                               header=header, rows=rows, excluded_from=first_excluded,
                               answer_width=width, **common)
    if isinstance(q, Rating):
        points = tuple(range(q.min, q.max + 1))
        end_span = min(4, len(points) // 2)
        return PrintedQuestion(
            kind="rating", hint=t(lang, "form_rating", a=q.min, b=q.max) + optional,
            points=points, end_span=end_span, middle_span=len(points) - 2 * end_span,
            low_label=choose(q.min_label or "", q.min_label_en, lang),
            high_label=choose(q.max_label or "", q.max_label_en, lang), **common)
    if isinstance(q, NumberQuestion):
        return PrintedQuestion(kind="number", hint=_number_hint(q, lang) + optional,
                               unit=choose(q.unit or "", q.unit_en, lang), **common)
    if isinstance(q, Ranking):
        options = _options(q.options, lang)
        return PrintedQuestion(kind="ranking", hint=t(lang, "form_ranking", k=q.rank_count)
                               + optional, options=options, columns=_columns(options), **common)
    if isinstance(q, OpenQuestion):
        return PrintedQuestion(kind="open", hint="", lines=q.lines, **common)
    raise TypeError(f"unknown question type {type(q).__name__}")  # pragma: no cover


def _hint(hint: str, text: str) -> str:
    """The type hint, unless the question text already says it (（可多选） written in)."""
    core = hint.strip(" （）()")
    return "" if core and core in text else hint


def _numeral(n: int, lang: Language) -> str:
    """Section number: 一 … 十, 十一 … 九十九 in Chinese; digits in English."""
    if lang == "en":
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _NUMERALS[ones - 1]
    head = "" if tens == 1 else _NUMERALS[tens - 1]
    return head + "十" + ("" if ones == 0 else _NUMERALS[ones - 1])


def _letter(
    instrument: Instrument, lang: Language
) -> tuple[str | None, tuple[str, ...], tuple[str, ...]]:
    letter = instrument.cover_letter
    if letter is None:
        return None, (), ()
    en = lang == "en"
    greeting = (letter.greeting_en or t(lang, "form_greeting")) if en else letter.greeting
    evaluator = choose(letter.evaluator, letter.evaluator_en, lang)
    paragraphs = [
        t(lang, "form_letter_body", commissioned_by=choose(
            letter.commissioned_by, letter.commissioned_by_en, lang), evaluator=evaluator,
          purpose=choose(letter.purpose, letter.purpose_en, lang), minutes=letter.minutes),
        choose(letter.confidentiality, letter.confidentiality_en, lang),
        (letter.closing_en or t(lang, "form_thanks")) if en else letter.closing,
    ]
    if letter.contact:
        paragraphs.append(t(lang, "form_contact",
                            contact=choose(letter.contact, letter.contact_en, lang)))
    signature = tuple(x for x in (evaluator, letter.date or "") if x)
    return greeting, tuple(paragraphs), signature


def build_printed_form(instrument: Instrument, lang: Language = "zh-CN") -> PrintedForm:
    """The questionnaire as presentation-ready pieces in ``lang`` (structure, no HTML)."""
    sections = []
    for number, section in enumerate(instrument.sections, start=1):
        title = choose(section.title, section.title_en, lang)
        sections.append(PrintedSection(
            heading=t(lang, "form_section_heading", numeral=_numeral(number, lang), title=title),
            note=choose(section.note, section.note_en, lang) if section.note else None,
            questions=tuple(_question(instrument, q, lang) for q in section.questions),
        ))
    kinds = {q.kind for s in sections for q in s.questions}
    instructions = [t(lang, "form_instr_tick")]
    if "multiple" in kinds:
        instructions.append(t(lang, "form_instr_multiple"))
    if "matrix" in kinds:
        instructions.append(t(lang, "form_instr_matrix"))
    if kinds & {"number", "open"}:
        instructions.append(t(lang, "form_instr_write"))
    if any(q.skip for s in sections for q in s.questions):
        instructions.append(t(lang, "form_instr_skip"))
    greeting, letter, signature = _letter(instrument, lang)
    closing_thanks = instrument.cover_letter.closing if instrument.cover_letter else ""
    if lang == "en":
        cover = instrument.cover_letter
        closing_thanks = (cover.closing_en if cover else None) or t(lang, "form_thanks")
    return PrintedForm(
        lang=lang,
        title=choose(instrument.title, instrument.title_en, lang),
        serial_label=t(lang, "form_serial"),
        greeting=greeting, letter=letter, signature=signature,
        instructions_title=t(lang, "form_instructions_title"),
        instructions=tuple(instructions),
        sections=tuple(sections),
        closing=t(lang, "form_closing", thanks=closing_thanks or t(lang, "form_thanks")),
        interviewer_note=t(lang, "form_interviewer_note"),
        interviewer_fields=(t(lang, "form_interviewer"), t(lang, "form_place"),
                            t(lang, "form_date")),
        specify_before=t(lang, "form_specify_before"),
        specify_after=t(lang, "form_specify_after"),
        page_before=t(lang, "form_page_before"), page_middle=t(lang, "form_page_middle"),
        page_after=t(lang, "form_page_after"),
    )


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("survey", "forms/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )


def _css() -> str:
    return resources.files("survey").joinpath("forms", "templates", "questionnaire.css") \
        .read_text("utf-8")


def _css_string(value: str) -> str:
    """``value`` as a CSS string literal (for ``content:``)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_questionnaire(instrument: Instrument, lang: Language = "zh-CN") -> str:
    """The printable questionnaire as one self-contained HTML document (A4 print CSS)."""
    form = build_printed_form(instrument, lang)
    page_counter = (f"{_css_string(form.page_before)} counter(page) "
                    f"{_css_string(form.page_middle)} counter(pages) "
                    f"{_css_string(form.page_after)}")
    return _environment().get_template("questionnaire.html.j2").render(
        form=form, css=_css(), page_counter=page_counter,
    )


def write_questionnaire(
    instrument: Instrument, path: str | Path, lang: Language = "zh-CN"
) -> Path:
    """Write ``questionnaire.html`` (atomically) and return its path."""
    path = Path(path)
    write_text_atomic(path, render_questionnaire(instrument, lang))
    return path
