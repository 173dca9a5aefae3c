"""Reports: results → typed structure → HTML page and embeddable fragments."""

from survey.report.build import build_report
from survey.report.html import render_page, render_section
from survey.report.model import Chart, Paragraph, Report, Section, Table

__all__ = ["Chart", "Paragraph", "Report", "Section", "Table", "build_report", "render_page",
           "render_section"]
