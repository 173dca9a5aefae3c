"""Pure chart builders: a :class:`~survey.report.model.Chart` → a plotly figure (JSON-ready dict).

- ``diverging``: a Likert matrix as stacked horizontal bars centred on zero. Negative
  answers extend left, positive answers right, and the neutral answer is split in half
  across the centre line (Robbins & Heiberger 2011, "Plotting Likert and other rating
  scales"). The axis shows shares without sign.
- ``bars``: option shares of a single- or multiple-choice question, horizontal, in the
  questionnaire's option order (long Chinese labels read better on the y axis).
- ``ranking``: rates, highest on top, with their confidence intervals as error bars.

Figures are plain dicts of plotly.js attributes (traces ``type: "bar"``), written without
loading plotly.py: the figure :mod:`plotly.graph_objects` gives for them, less its template,
so the page carries only what it draws (the tests build every figure with plotly.py, which
validates each attribute, and compare). Labels are escaped for plotly's pseudo-HTML (``<`` and ``&``), widths are fixed so
the page prints on A4 as it looks on screen.
"""

from __future__ import annotations

import math
from typing import Any

from survey.locale import Language
from survey.report.context import say
from survey.report.model import Chart, Series

__all__ = ["FONT_FAMILY", "WIDTH", "figure", "plot_config"]

#: CJK-first font stack, the same as the stylesheet's.
FONT_FAMILY = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
               '"Microsoft YaHei", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif')
#: Latin-first stack for English reports (CJK fonts draw Latin quotes full-width).
FONT_FAMILY_EN = ('"Helvetica Neue", Arial, "Liberation Sans", "Noto Sans", "Noto Sans CJK SC", '
                  '"Source Han Sans SC", "Microsoft YaHei", sans-serif')
#: Chart width in CSS pixels: fits an A4 page with 15 mm margins (180 mm ≈ 680 px).
WIDTH = 660

_INK = "#1f2933"
_GRID = "#e4e7eb"
_PLAIN = "#2f6690"
_COLOURS = {
    # colour-blind-safe diverging pair (blue for positive, orange for negative), darkest
    # (farthest from the centre) to lightest; greys for the neutral middle
    "positive": ("#1f5a85", "#6fa3cf", "#a9c9e4"),
    "negative": ("#b5482a", "#e59866", "#f2c4a5"),
    "neutral": ("#c5cad1", "#dde1e6", "#eceff2"),
}
_SEQUENTIAL = ("#1f5a85", "#3f7fb0", "#6fa3cf", "#a9c9e4", "#d3e3f1", "#c5cad1", "#8a939e")


def _mix(a: str, b: str, t: float) -> str:
    """The colour a fraction ``t`` of the way from hex colour ``a`` to ``b``."""
    x = [int(a[i:i + 2], 16) for i in (1, 3, 5)]
    y = [int(b[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(p + (q - p) * t):02x}" for p, q in zip(x, y, strict=True))


def shade_colour(role: str, shade: int, count: int) -> tuple[str, bool]:
    """Colour of the ``shade``-th of ``count`` options with ``role`` (0 = farthest from the
    centre, darkest), and whether its label needs dark text. Any number of shades has a
    colour of its role: the role's ramp is spread over them.

    >>> shade_colour("positive", 0, 2), shade_colour("positive", 1, 2)
    (('#1f5a85', False), ('#6fa3cf', True))
    >>> shade_colour("positive", 3, 4)[0] == shade_colour("positive", 2, 3)[0]
    True
    """
    ramp = _COLOURS.get(role, _COLOURS["neutral"])
    if count <= len(ramp):
        return ramp[shade], role == "neutral" or shade > 0
    t = shade / (count - 1) * (len(ramp) - 1)
    low = min(int(t), len(ramp) - 2)
    return _mix(ramp[low], ramp[low + 1], t - low), role == "neutral" or shade > 0


#: Segments narrower than this share get no printed label (the table has it).
_MIN_LABELLED = 0.08


def _escape(text: str) -> str:
    """Plotly renders a subset of HTML in labels; make every label literal text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _wrap(text: str, lang: Language) -> str:
    """Break long category labels so they do not eat the plot (escaped first)."""
    limit = 16 if lang == "zh-CN" else 30
    if len(text) <= limit:
        return _escape(text)
    if " " in text:
        lines: list[str] = []
        current = ""
        for word in text.split(" "):
            if current and len(current) + 1 + len(word) > limit:
                lines.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        lines.append(current)
    else:
        lines = [text[i:i + limit] for i in range(0, len(text), limit)]
    return "<br>".join(_escape(line) for line in lines)


def _layout(height: int, lang: Language, **extra: Any) -> dict[str, Any]:
    family = FONT_FAMILY_EN if lang == "en" else FONT_FAMILY
    layout: dict[str, Any] = {
        "width": WIDTH, "height": height, "autosize": False,
        "margin": {"l": 10, "r": 24, "t": 8, "b": 36, "pad": 4},
        "font": {"family": family, "size": 12, "color": _INK},
        "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
        "separators": ".,", "showlegend": False, "bargap": 0.32,
        "hoverlabel": {"font": {"family": family, "size": 12}},
        "xaxis": {"gridcolor": _GRID, "zeroline": False, "automargin": True, "fixedrange": True,
                  "ticks": "", "tickfont": {"size": 11}},
        "yaxis": {"automargin": True, "autorange": "reversed", "fixedrange": True,
                  "type": "category",
                  "ticks": "", "ticklen": 4, "tickcolor": "#ffffff"},
    }
    layout.update(extra)
    return layout


def _hover(lang: Language, category: str, series: Series, i: int) -> str:
    value = series.texts[i]
    count = series.counts[i] if i < len(series.counts) else None
    name = "" if series.role == "plain" and len(series.name) == 0 else series.name
    if count is None:
        return _escape(say(lang, "hover_value", label=category, name=name, value=value))
    return _escape(say(lang, "hover_count", label=category, name=name, value=value, count=count))


def _pct(values: tuple[float | None, ...], sign: float = 1.0,
         half: bool = False) -> list[float | None]:
    return [None if v is None else sign * v * 100 * (0.5 if half else 1.0) for v in values]


def _plotted(chart: Chart, values: tuple[float | None, ...]) -> list[float | None]:
    """Values as drawn: shares in percent, points and scores as they are."""
    return _pct(values) if chart.unit == "share" else [None if v is None else float(v)
                                                       for v in values]


def _value_axis(chart: Chart, values: list[float | None],
                highs: list[float | None]) -> dict[str, Any]:
    """Range and tick suffix of the value axis for the chart's unit."""
    top = max([v for v in [*values, *highs] if v is not None] + [0.0])
    if chart.unit in ("share", "points"):
        upper = 100.0 if top > 60 else max(10.0, math.ceil(top * 1.25 / 10) * 10)
        return {"range": [0, upper], "ticksuffix": "%" if chart.unit == "share" else ""}
    return {"range": [0, max(1.0, top * 1.15)], "ticksuffix": ""}


def _bars(chart: Chart, lang: Language) -> dict[str, Any]:
    (series,) = chart.series[:1]
    cats = [_wrap(c, lang) for c in chart.categories]
    values = _plotted(chart, series.values)
    traces = [_bar(
        x=values, y=cats, orientation="h", text=[_escape(t) for t in series.texts],
        textposition="outside", cliponaxis=False, marker={"color": _PLAIN},
        hoverinfo="text", textfont={"size": 12},
        hovertext=[_hover(lang, c, series, i) for i, c in enumerate(chart.categories)],
    )]
    height = 48 + 26 * len(cats)
    layout = _layout(height, lang)
    axis = _value_axis(chart, values, [])
    top = max([v for v in values if v is not None] + [0.0])
    if top > axis["range"][1] * 0.82:  # room for the labels outside the bars
        axis["range"] = [0, top * 1.18]
    _merge(layout["xaxis"], {**axis, "title": {"text": _escape(chart.axis_title),
                                               "font": {"size": 11}}})
    return _figure(traces, layout)


def _ranking(chart: Chart, lang: Language) -> dict[str, Any]:
    (series,) = chart.series[:1]
    cats = [_wrap(c, lang) for c in chart.categories]
    values = _plotted(chart, series.values)
    highs = _plotted(chart, series.high) if series.high else []
    lows = _plotted(chart, series.low) if series.low else []
    plus = [None if v is None or h is None else h - v
            for v, h in zip(values, highs, strict=True)] if highs else None
    minus = [None if v is None or lo is None else v - lo
             for v, lo in zip(values, lows, strict=True)] if lows else None
    error = {"type": "data", "array": plus, "arrayminus": minus, "visible": True,
             "color": "#52606d", "thickness": 1.2, "width": 5} if plus else None
    axis = _value_axis(chart, values, highs)
    wide = axis["range"][1] * 0.18
    positions = ["inside" if v is not None and v >= wide else "outside" for v in values]
    traces = [_bar(
        x=values, y=cats, orientation="h", text=[_escape(t) for t in series.texts],
        textposition=positions, insidetextanchor="start", cliponaxis=False,
        textfont={"size": 12}, insidetextfont={"color": "#ffffff"},
        marker={"color": _PLAIN}, error_x=error, hoverinfo="text",
        hovertext=[_hover(lang, c, series, i) for i, c in enumerate(chart.categories)],
    )]
    layout = _layout(48 + 28 * len(cats), lang)
    _merge(layout["xaxis"], {**axis, "title": {"text": _escape(chart.axis_title),
                                               "font": {"size": 11}}})
    return _figure(traces, layout)


def _legend_rows(names: list[str]) -> int:
    """How many rows a horizontal legend of ``names`` takes across the figure (plotly wraps
    it): each entry is its symbol and gap (about 40 px) and its text (about 12 px a
    character at the legend's 11 px font, CJK counted wide)."""
    import unicodedata

    def width(name: str) -> int:
        return 40 + sum(12 if unicodedata.east_asian_width(c) in "WF" else 7 for c in name)

    rows, used = 1, 0
    for name in names:
        w = width(name)
        if used and used + w > WIDTH - 60:
            rows, used = rows + 1, 0
        used += w
    return rows


def _diverging(chart: Chart, lang: Language) -> dict[str, Any]:
    cats = [_wrap(c, lang) for c in chart.categories]
    negative = sorted((s for s in chart.series if s.role == "negative"), key=lambda s: -s.shade)
    positive = sorted((s for s in chart.series if s.role == "positive"), key=lambda s: -s.shade)
    neutral = sorted((s for s in chart.series if s.role == "neutral"), key=lambda s: s.shade)
    traces: list[dict[str, Any]] = []
    ranks = {id(s): n for n, s in enumerate(
        [*sorted(negative, key=lambda s: s.shade), *neutral,
         *sorted(positive, key=lambda s: -s.shade)], start=1)}

    counts = {role: sum(1 for s in chart.series if s.role == role)
              for role in ("positive", "negative", "neutral")}

    def bar(s: Series, sign: float, *, half: bool = False, legend: bool = True) -> dict[str, Any]:
        colour, dark = shade_colour(s.role, s.shade, counts.get(s.role, 1))
        labels = [] if half else [
            _escape(t) if v is not None and v >= _MIN_LABELLED else ""
            for v, t in zip(s.values, s.texts, strict=True)]
        return _bar(
            x=_pct(s.values, sign, half), y=cats, orientation="h", name=_escape(s.name),
            marker={"color": colour, "line": {"color": "#ffffff", "width": 0.6}},
            text=labels or None, textposition="inside", insidetextanchor="middle",
            textangle=0, constraintext="none",
            textfont={"color": _INK if dark else "#ffffff", "size": 11},
            legendgroup=s.name, showlegend=legend, legendrank=ranks[id(s)],
            hoverinfo="text", cliponaxis=False,
            hovertext=[_hover(lang, c, s, i) for i, c in enumerate(chart.categories)],
        )

    for s in neutral:
        traces.append(bar(s, -1.0, half=True, legend=False))
    traces += [bar(s, -1.0) for s in negative]
    for s in neutral:
        traces.append(bar(s, 1.0, half=True))
    traces += [bar(s, 1.0) for s in positive]
    extent = 0.0
    for i in range(len(cats)):
        mid = sum((s.values[i] or 0.0) for s in neutral) / 2
        left = mid + sum((s.values[i] or 0.0) for s in negative)
        right = mid + sum((s.values[i] or 0.0) for s in positive)
        extent = max(extent, left, right)
    limit = min(100, max(50, math.ceil(extent * 100 / 10) * 10 + 5))
    step = 25 if limit > 60 else 10
    ticks = [t for t in range(-100, 101, step) if abs(t) <= limit]
    extra = 20 * (_legend_rows([s.name for s in chart.series]) - 1)
    layout = _layout(
        88 + extra + 28 * len(cats), lang, barmode="relative", showlegend=True,
        margin={"l": 10, "r": 24, "t": 40 + extra, "b": 36, "pad": 4},
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": 1.0,
                "yanchor": "bottom", "traceorder": "normal", "font": {"size": 11},
                "itemclick": False, "itemdoubleclick": False})
    _merge(layout["xaxis"], {
        "range": [-limit, limit], "tickvals": ticks, "ticktext": [f"{abs(t)}%" for t in ticks],
        "zeroline": True, "zerolinecolor": "#52606d", "zerolinewidth": 1,
        "title": {"text": _escape(chart.axis_title), "font": {"size": 11}}})
    return _figure(traces, layout)


def _stacked(chart: Chart, lang: Language) -> dict[str, Any]:
    cats = [_wrap(c, lang) for c in chart.categories]
    traces = []
    for n, s in enumerate(chart.series):
        traces.append(_bar(
            x=_pct(s.values), y=cats, orientation="h", name=_escape(s.name),
            marker={"color": _SEQUENTIAL[n % len(_SEQUENTIAL)]},
            text=[_escape(t) if v is not None and v >= _MIN_LABELLED else ""
                  for v, t in zip(s.values, s.texts, strict=True)],
            textposition="inside", insidetextanchor="middle", hoverinfo="text", textangle=0,
            hovertext=[_hover(lang, c, s, i) for i, c in enumerate(chart.categories)],
        ))
    layout = _layout(
        96 + 34 * len(cats), lang, barmode="stack", showlegend=True,
        margin={"l": 10, "r": 24, "t": 40, "b": 36, "pad": 4},
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": 1.0,
                "yanchor": "bottom", "itemclick": False, "itemdoubleclick": False})
    _merge(layout["xaxis"], {"range": [0, 100], "ticksuffix": "%"})
    return _figure(traces, layout)


def figure(chart: Chart, lang: Language) -> dict[str, Any]:
    """The plotly figure (``data`` and ``layout``) drawing ``chart``."""
    if chart.chart_type == "diverging":
        return _diverging(chart, lang)
    if chart.chart_type == "ranking":
        return _ranking(chart, lang)
    if len(chart.series) > 1:
        return _stacked(chart, lang)
    return _bars(chart, lang)


def _bar(**attributes: Any) -> dict[str, Any]:
    """A bar trace: its attributes, those ``None`` left out (unset, as plotly.py leaves them)."""
    return {"type": "bar", **_unset_none(attributes)}


def _unset_none(attributes: dict[str, Any]) -> dict[str, Any]:
    return {k: _unset_none(v) if isinstance(v, dict) else v
            for k, v in attributes.items() if v is not None}


def _merge(target: dict[str, Any], update: dict[str, Any]) -> None:
    """``update`` set into ``target``, nested dicts merged (plotly.py's ``update``)."""
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value


def _figure(traces: list[dict[str, Any]], layout: dict[str, Any]) -> dict[str, Any]:
    return {"data": traces, "layout": _unset_none(layout)}


def plot_config(chart: Chart, locale: str) -> dict[str, Any]:
    """plotly.js config: locale, and a mode bar with only "download as PNG" (for Word)."""
    return {
        "locale": locale, "displaylogo": False, "responsive": False,
        "displayModeBar": "hover", "modeBarButtons": [["toImage"]],
        "toImageButtonOptions": {"format": "png", "filename": chart.id, "scale": 2},
    }
