"""What goes in a report, before any HTML: typed, presentation-neutral, frozen.

:func:`survey.report.build.build_report` makes these from the results and
:mod:`survey.report.html` renders them. Every string in them is final, already formatted
text in the report's language (numbers rounded half-up, with their bases), so the whole
structure can be tested without rendering. Templates branch on ``kind`` only.

A :class:`Chart` always carries the :class:`Table` with the same data: each series' ``texts``
are the strings printed in the table, so a reader without the chart (or without
JavaScript, or on paper) loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from survey.locale import Language

__all__ = [
    "Block",
    "Chart",
    "Detail",
    "Heading",
    "KeyFigure",
    "Paragraph",
    "Provenance",
    "Quote",
    "Quotes",
    "Report",
    "Section",
    "Series",
    "Table",
]

ParagraphStyle = Literal["body", "lead", "note", "warning"]
SeriesRole = Literal["plain", "positive", "negative", "neutral", "excluded"]
ChartType = Literal["diverging", "bars", "ranking"]


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section (a respondent group, a question)."""

    text: str
    level: Literal[3, 4] = 3
    kind: Literal["heading"] = "heading"


@dataclass(frozen=True)
class Paragraph:
    """A sentence or two of narrative, written from the numbers.

    ``style``: ``body`` (ordinary text), ``lead`` (a section's opening summary), ``note``
    (definitions, bases, small print) or ``warning`` (a problem the reader must see).
    """

    text: str
    style: ParagraphStyle = "body"
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Table:
    """A numbered table of formatted cells.

    ``numeric`` marks right-aligned columns; ``total_rows`` are emphasised rows (合计, 总体);
    ``group_starts`` are rows that open a new block of a grouped table (a new question in
    the respondent-profile table), drawn with a rule above. Numeric cells stay on one line
    unless ``wrap_numbers`` (cells holding a count and its share, "173（57.67%）").
    """

    id: str
    number: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    note: str | None = None
    total_rows: tuple[int, ...] = ()
    group_starts: tuple[int, ...] = ()
    wrap_numbers: bool = False
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Series:
    """One series of a chart: a value per category, with the text printed for it.

    ``values`` are in the chart's unit (a share 0–1); ``None`` draws nothing. ``role``
    decides colour and, for diverging bars, the side: ``negative`` left of zero,
    ``positive`` right, ``neutral`` split in half across zero. ``low``/``high`` give an
    interval per category (drawn as error bars) when not empty. ``counts`` are the
    numbers of people behind each value (shown on hover).
    """

    name: str
    values: tuple[float | None, ...]
    texts: tuple[str, ...]
    role: SeriesRole = "plain"
    shade: int = 0
    counts: tuple[int | None, ...] = ()
    low: tuple[float | None, ...] = ()
    high: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class Chart:
    """A numbered chart and the table with the same data.

    ``chart_type``: ``diverging`` (Likert matrix: stacked bars centred on the neutral
    answer), ``bars`` (option shares of a single- or multiple-choice question) or
    ``ranking`` (satisfaction figures, highest first, with their intervals). ``unit`` says
    what the values are: ``share`` (0–1, drawn as percentages), ``points`` (0–100) or
    ``scale`` (a mean level or score, drawn as is).
    """

    id: str
    number: str
    caption: str
    chart_type: ChartType
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    table: Table
    axis_title: str = ""
    note: str | None = None
    unit: str = "share"
    kind: Literal["chart"] = "chart"


@dataclass(frozen=True)
class Quote:
    """One open answer as the respondents wrote it (grouped: ``count`` wrote the same)."""

    text: str
    count: int
    count_text: str


@dataclass(frozen=True)
class Quotes:
    """Open answers to one question, grouped and counted, with their base."""

    caption: str
    quotes: tuple[Quote, ...]
    note: str
    kind: Literal["quotes"] = "quotes"


Block = Heading | Paragraph | Table | Chart | Quotes


Detail = Literal["appendix", "full"]


@dataclass(frozen=True)
class Provenance:
    """Where the report's numbers come from: labelled lines (n, missing data, rules,
    conventions, toolkit, inputs). Stated once per report (数据来源与口径)."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Section:
    """One section of the report; also written alone as an embeddable fragment.

    ``anchor`` is the section's DOM id, unique across reports (it starts with the report's
    ``id_prefix``) and the same on every run. ``source`` is the section's compact source
    line (its n, missing-data rule, toolkit and date), printed with the section when it
    stands alone as a fragment; the page states the full :class:`Provenance` once.
    """

    id: str
    number: str
    heading: str
    blocks: tuple[Block, ...]
    source: str
    anchor: str

    def tables(self) -> tuple[Table, ...]:
        """Every table of the section, including those beside charts, in order."""
        return tuple(b.table if isinstance(b, Chart) else b for b in self.blocks
                     if isinstance(b, Table | Chart))

    def charts(self) -> tuple[Chart, ...]:
        """Every chart of the section, in order."""
        return tuple(b for b in self.blocks if isinstance(b, Chart))

    def paragraphs(self) -> tuple[str, ...]:
        """The text of every paragraph, in order."""
        return tuple(b.text for b in self.blocks if isinstance(b, Paragraph))


@dataclass(frozen=True)
class KeyFigure:
    """A headline figure on the report's first screen."""

    label: str
    value: str
    detail: str


@dataclass(frozen=True)
class Report:
    """A whole report: title block, headline figures, sections, and the page's labels.

    ``id_prefix`` is derived from the inputs (not random), so ids are deterministic and
    fragments of two different reports can share a host page. ``plotly_locale`` is the
    plotly.js locale for the charts' interface strings. ``labels`` holds the few words of
    page chrome (table of contents, the no-JavaScript notice …) in the report's language.

    ``detail`` is how much the report holds: ``appendix`` (the survey appendix of an
    evaluation report: fieldwork, respondents, reliability, each question, satisfaction,
    indicators) or ``full`` (the same, then a technical annex section ``annex`` with the
    difference tests, item statistics and screening detail). Every renderer (HTML page,
    fragments, Word) shows exactly ``sections``: the choice is made here, not in templates.
    ``provenance`` is the report's 数据来源与口径, stated once.
    """

    title: str
    subtitle: str
    lang: Language
    generated_at: str
    id_prefix: str
    plotly_locale: str
    meta: tuple[tuple[str, str], ...]
    key_figures: tuple[KeyFigure, ...]
    sections: tuple[Section, ...]
    provenance: Provenance
    detail: Detail = "appendix"
    labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def section(self, section_id: str) -> Section:
        """The section with id ``section_id``."""
        for s in self.sections:
            if s.id == section_id:
                return s
        raise KeyError(section_id)
