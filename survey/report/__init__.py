"""Reports: results → typed structure (:func:`build_report`) → HTML page and fragments.

The structure (:class:`Report` of :class:`Section` objects holding headings, paragraphs,
tables, charts and open answers) is built first and is testable without HTML; rendering
(:func:`render_page`, :func:`render_section`) only turns it into markup.
"""

from survey.report.build import build_report
from survey.report.html import plotly_js, plotly_js_version, render_page, render_section
from survey.report.model import (
    Chart,
    Heading,
    KeyFigure,
    Paragraph,
    Provenance,
    Quote,
    Quotes,
    Report,
    Section,
    Series,
    Table,
)

__all__ = [
    "Chart",
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
    "build_report",
    "plotly_js",
    "plotly_js_version",
    "render_page",
    "render_section",
]
