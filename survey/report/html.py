"""Render a :class:`~survey.report.model.Report` as HTML: a full page or one fragment.

- :func:`render_page`: a self-contained page. plotly.js (the vendored partial bundle, see
  ``static/VENDOR.md``) is inlined once in ``<head>``, with the zh-CN locale for its
  interface strings; nothing is loaded from the network.
- :func:`render_section`: an embeddable fragment. No ``<html>``/``<head>``/``<body>``,
  every CSS rule under ``.survey-report``, ids prefixed with the report's ``id_prefix``,
  and no plotly.js: the host page loads it once for all fragments (:func:`plotly_js`
  gives the text; ``write_outputs`` writes it as ``plotly-basic.min.js``). Each
  fragment draws its charts at ``DOMContentLoaded`` if plotly.js is not there yet, so
  the host may load it anywhere before that, and shows its tables either way.

jinja2 autoescapes everything (respondents' free text included) and undefined names
fail loudly. Figures are serialised with sorted keys and no clock is read, so the same
report gives byte-identical HTML.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from survey._version import __version__
from survey.locale import Language
from survey.report.charts import figure, plot_config
from survey.report.model import Chart, Report, Section

__all__ = ["plotly_js", "plotly_js_version", "render_page", "render_section"]

#: The vendored partial plotly.js bundle (bar, pie and scatter traces).
PLOTLY_BUNDLE = "plotly-basic.min.js"
PLOTLY_LOCALES = {"zh-CN": "plotly-locale-zh-cn.js"}


def _static(name: str) -> str:
    return resources.files("survey").joinpath("report", "static", name).read_text("utf-8")


@cache
def plotly_js() -> str:
    """The text of the vendored partial plotly.js bundle (what a host page loads once)."""
    return _static(PLOTLY_BUNDLE)


def plotly_js_version() -> str:
    """The version in the vendored bundle's banner, e.g. ``'4.1.1'``.

    >>> plotly_js_version().count(".")
    2
    """
    match = re.search(r"plotly\.js \([^)]*\) v(\d+\.\d+\.\d+)", plotly_js()[:400])
    if match is None:
        raise ValueError(f"no version banner in survey/report/static/{PLOTLY_BUNDLE}")
    return match.group(1)


@cache
def _locale_js(locale: str) -> str | None:
    name = PLOTLY_LOCALES.get(locale)
    return None if name is None else _static(name)


@cache
def _css(name: str) -> str:
    return _static(name)


_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                 "\u2029": "\\u2029"}


def _script_json(value: Any) -> Markup:
    """JSON that is safe inside ``<script type="application/json">`` (no ``</script>``)."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    for char, escape in _JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)  # noqa: S704 - every <, > and & is escaped above


def _figure_json(chart: Chart, report: Report) -> Markup:
    try:
        hash(chart)
    except TypeError:  # a chart built with lists where its fields say tuples
        return _chart_json.__wrapped__(chart, report.lang, report.plotly_locale)
    return _chart_json(chart, report.lang, report.plotly_locale)


@lru_cache(maxsize=256)
def _chart_json(chart: Chart, lang: Language, locale: str) -> Markup:
    """A chart's figure and config as script JSON, made once for the page and its section's
    fragment (a chart is a frozen value: equal charts draw the same figure)."""
    spec = figure(chart, lang)
    spec["config"] = plot_config(chart, locale)
    return _script_json(spec)


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
    env.filters["figure_json"] = _figure_json
    return env


def _scripts(report: Report) -> dict[str, Any]:
    locale = _locale_js(report.plotly_locale)
    return {
        "css": Markup(_css("report.css")),  # noqa: S704 - our own stylesheet
        "draw_js": Markup(_static("draw.js")),  # noqa: S704 - our own script
        "locale_js": None if locale is None else Markup(locale),  # noqa: S704 - vendored
        "version": __version__,
    }


def render_section(report: Report, section: Section) -> str:
    """One section as an embeddable fragment (no page chrome, CSS scoped, no plotly.js)."""
    return _environment().get_template("fragment.html.j2").render(
        report=report, section=section, **_scripts(report))


def render_page(report: Report) -> str:
    """The whole report as a self-contained page (plotly.js inlined once)."""
    return _environment().get_template("page.html.j2").render(
        report=report, page_css=Markup(_css("page.css")),  # noqa: S704 - our own stylesheet
        plotly_js=Markup(plotly_js()),  # noqa: S704 - the vendored bundle
        **_scripts(report))
