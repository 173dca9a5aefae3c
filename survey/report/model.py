"""What goes in a report, before any HTML: typed, presentation-neutral, frozen.

:func:`survey.report.build.build_report` makes these from the results;
:mod:`survey.report.html` renders them. Templates branch on ``kind`` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["Block", "Chart", "Paragraph", "Report", "Section", "Table"]


@dataclass(frozen=True)
class Paragraph:
    """A sentence or two of narrative, written from the numbers."""

    text: str
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Table:
    """A table of already formatted cells; ``numeric`` marks right-aligned columns."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    note: str | None = None
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Chart:
    """A plotly figure (as its JSON dict) with the same data as a table."""

    id: str
    caption: str
    figure: dict[str, Any]
    table: Table
    kind: Literal["chart"] = "chart"


Block = Paragraph | Table | Chart


@dataclass(frozen=True)
class Section:
    """One section of the report; also written alone as an embeddable fragment."""

    id: str
    heading: str
    blocks: tuple[Block, ...]
    provenance: str


@dataclass(frozen=True)
class Report:
    """A whole report."""

    title: str
    lang: str
    generated_at: str
    sections: tuple[Section, ...] = field(default=())
