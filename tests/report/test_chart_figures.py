"""The chart figures, plain dicts written without plotly.py, are what plotly.py makes of
them: every attribute exists and validates (plotly raises otherwise) and plotly.py's figure
JSON, less its template, is the same text the page carries."""

from __future__ import annotations

import json

import plotly.graph_objects as go
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.report.charts import figure
from survey.report.model import Chart, Series, Table

TABLE = Table(id="t", number="表 1", caption="c", columns=("a",), rows=(("x",),))


def _through_plotly(fig: dict) -> dict:
    """The figure built with plotly.graph_objects from the same attributes."""
    traces = [go.Bar(**{k: v for k, v in t.items() if k != "type"}) for t in fig["data"]]
    built = go.Figure(traces, layout=fig["layout"]).to_plotly_json()
    built["layout"].pop("template", None)
    return {"data": built["data"], "layout": built["layout"]}


def _text(fig: dict) -> str:
    return json.dumps(fig, ensure_ascii=False, sort_keys=True, allow_nan=False)


_LABEL = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=40)
_SHARE = st.one_of(st.none(), st.floats(0, 1), st.sampled_from([0.0, 0.05, 0.08, 1.0]))


@st.composite
def _charts(draw) -> Chart:
    kind = draw(st.sampled_from(["diverging", "bars", "ranking"]))
    unit = draw(st.sampled_from(["share", "points", "scale"]))
    n = draw(st.integers(1, 6))
    categories = tuple(draw(st.lists(_LABEL | st.just("非常满意 & <b>很好</b> 的服务质量评价内容"),
                                     min_size=n, max_size=n)))

    def series(role: str, shade: int, intervals: bool) -> Series:
        values = tuple(draw(st.lists(_SHARE, min_size=n, max_size=n)))
        texts = tuple("" if v is None else f"{v:.2%}" for v in values)
        counts = tuple(draw(st.lists(st.none() | st.integers(0, 500), min_size=n, max_size=n)))
        low = high = ()
        if intervals:
            low = tuple(None if v is None else max(0.0, v - 0.05) for v in values)
            high = tuple(None if v is None else min(1.0, v + 0.05) for v in values)
        return Series(draw(_LABEL), values, texts, role, shade,
                      draw(st.sampled_from([(), counts])), low, high)

    if kind == "diverging":
        roles = draw(st.lists(st.sampled_from(["positive", "negative", "neutral"]),
                              min_size=1, max_size=7))
        made = tuple(series(r, roles[:k].count(r), False) for k, r in enumerate(roles))
    elif kind == "ranking":
        made = (series("plain", 0, draw(st.booleans())),)
    else:
        made = tuple(series("plain", 0, False) for _ in range(draw(st.integers(1, 4))))
    return Chart(id="c", number="图 1", caption="c", chart_type=kind, categories=categories,
                 series=made, table=TABLE, axis_title=draw(_LABEL), unit=unit)


class TestFigureAsPlotly:
    @settings(max_examples=120, deadline=None)
    @given(_charts(), st.sampled_from(["zh-CN", "en"]))
    def test_random_charts(self, chart, lang):
        """Any chart (gaps, intervals, escapes, long CJK labels, every role and unit)."""
        fig = figure(chart, lang)
        assert _text(fig) == _text(_through_plotly(fig))

    def test_example_charts(self, example_full_report):
        """Every chart of the example's full report, in Chinese and English."""
        charts = [b for s in example_full_report.sections for b in s.blocks
                  if isinstance(b, Chart)]
        assert {c.chart_type for c in charts} >= {"diverging", "ranking"}
        for chart in charts:
            for lang in ("zh-CN", "en"):
                fig = figure(chart, lang)
                assert _text(fig) == _text(_through_plotly(fig))
