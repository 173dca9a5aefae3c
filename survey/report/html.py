"""Render a :class:`~survey.report.model.Report` as HTML: a full page or one fragment.

The page inlines plotly.js once, so it works offline; a fragment has no ``<html>``,
``<head>`` or ``<body>``, keeps its CSS under the ``survey-report`` class and expects the
host page to load plotly.js once for all its fragments. Autoescape is on, undefined names
fail loudly, and no clock is read: the same report gives byte-identical HTML.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import plotly.offline
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from survey.report.model import Chart, Report, Section

__all__ = ["render_page", "render_section"]


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("survey", "report/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["plot"] = _plot_script
    return env


def _plot_script(chart: Chart) -> Markup:
    """The ``Plotly.newPlot`` call for ``chart`` (JSON escaped for a <script> element)."""
    figure = json.dumps(chart.figure, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    figure = figure.replace("</", "<\\/")
    config = '{"displaylogo":false,"responsive":true,"staticPlot":false,"modeBarButtonsToRemove":["lasso2d","select2d"]}'
    return Markup(  # noqa: S704 - figure JSON is escaped above; ids are ours
        f'(function(f){{Plotly.newPlot("{chart.id}",f.data,f.layout,{config});}})({figure});'
    )


@cache
def _css() -> str:
    return resources.files("survey").joinpath("report", "static", "report.css").read_text("utf-8")


@cache
def _plotly_js() -> str:
    return plotly.offline.get_plotlyjs()


def render_section(report: Report, section: Section) -> str:
    """One section as an embeddable fragment (no page chrome, CSS scoped, no plotly.js)."""
    return _environment().get_template("fragment.html.j2").render(
        report=report, section=section, css=_css())


def render_page(report: Report) -> str:
    """The whole report as a self-contained page (plotly.js inlined once)."""
    return _environment().get_template("page.html.j2").render(
        report=report, css=_css(), plotly_js=Markup(_plotly_js()))  # noqa: S704 - plotly's own bundle
