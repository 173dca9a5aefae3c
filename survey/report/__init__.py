"""Reports: results → typed structure (:func:`build_report`) → HTML page and fragments.

The structure (:class:`Report` of :class:`Section` objects holding headings, paragraphs,
tables, charts and open answers) is built first and is testable without HTML; rendering
(:func:`render_page`, :func:`render_section`) only turns it into markup.

The names are imported on first use (PEP 562): ``survey.report.formats``, which ``survey
run`` reads while parsing its arguments, loads neither the report builder nor a renderer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

# Each public name and the module that defines it.
_EXPORTS: dict[str, str] = {
    "build_report": "survey.report.build",
    **dict.fromkeys(("plotly_js", "plotly_js_version", "render_page", "render_section"),
                    "survey.report.html"),
    **dict.fromkeys(("Chart", "Heading", "KeyFigure", "Paragraph", "Provenance", "Quote",
                     "Quotes", "Report", "Section", "Series", "Table"), "survey.report.model"),
}

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


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'survey.report' has no attribute {name!r}")
    value = vars(importlib.import_module(module))[name]
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
