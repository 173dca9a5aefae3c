"""Chart builders: a Chart (presentation-neutral) → plotly figure, checked trace by trace."""

from __future__ import annotations

import pytest

from survey.report.charts import figure, plot_config
from survey.report.model import Chart, Series, Table

TABLE = Table(id="t", number="表 1", caption="c", columns=("a",), rows=(("x",),))


def _chart(chart_type: str, series: list[Series], categories=("甲", "乙"), unit="share") -> Chart:
    return Chart(id="sr-00000000-x-f1", number="图 1", caption="c", chart_type=chart_type,
                 categories=tuple(categories), series=tuple(series), table=TABLE, unit=unit)


def _likert() -> Chart:
    return _chart("diverging", [
        Series("非常满意", (0.5, 0.2), ("50.00%", "20.00%"), "positive", 0, (5, 2)),
        Series("满意", (0.2, 0.2), ("20.00%", "20.00%"), "positive", 1, (2, 2)),
        Series("一般", (0.2, 0.2), ("20.00%", "20.00%"), "neutral", 0, (2, 2)),
        Series("不满意", (0.1, 0.3), ("10.00%", "30.00%"), "negative", 1, (1, 3)),
        Series("非常不满意", (0.0, 0.1), ("0.00%", "10.00%"), "negative", 0, (0, 1)),
    ])


class TestFigure:
    def test_diverging_splits_the_neutral_answer_across_zero(self):
        """一般 is drawn as two halves, −10 and +10 points; one legend entry."""
        fig = figure(_likert(), "zh-CN")
        neutral = [t for t in fig["data"] if t["name"] == "一般"]
        assert [list(t["x"]) for t in neutral] == [[-10.0, -10.0], [10.0, 10.0]]
        assert [t["showlegend"] for t in neutral] == [False, True]
        assert fig["layout"]["barmode"] == "relative"

    def test_diverging_puts_negative_answers_left(self):
        """不满意 and 非常不满意 have negative x; satisfied answers positive x."""
        fig = figure(_likert(), "zh-CN")
        x = {t["name"]: list(t["x"]) for t in fig["data"] if t["name"] != "一般"}
        assert x["不满意"] == [-10.0, -30.0] and x["非常不满意"] == [0.0, -10.0]
        assert x["非常满意"] == [50.0, 20.0] and x["满意"] == [20.0, 20.0]

    def test_diverging_stacks_from_the_centre_out(self):
        """Trace order: neutral half, 不满意, 非常不满意, neutral half, 满意, 非常满意."""
        names = [t["name"] for t in figure(_likert(), "zh-CN")["data"]]
        assert names == ["一般", "不满意", "非常不满意", "一般", "满意", "非常满意"]

    def test_diverging_axis_shows_shares_without_sign(self):
        """Tick labels read 50% on both sides of zero."""
        axis = figure(_likert(), "zh-CN")["layout"]["xaxis"]
        assert all(not t.startswith("-") for t in axis["ticktext"])
        assert axis["range"][0] == -axis["range"][1]

    def test_legend_reads_from_least_to_most_satisfied(self):
        """legendrank orders 非常不满意 … 非常满意."""
        data = figure(_likert(), "zh-CN")["data"]
        ranks = {t["name"]: t["legendrank"] for t in data if t.get("showlegend", True)}
        assert sorted(ranks, key=ranks.get) == ["非常不满意", "不满意", "一般", "满意", "非常满意"]

    def test_bars_plot_shares_in_percent_with_their_labels(self):
        """x = share × 100, text = the table's strings, categories kept as text."""
        chart = _chart("bars", [Series("比例", (0.25, 0.75), ("25.00%", "75.00%"),
                                       counts=(1, 3))], categories=("1", "10（非常满意）"))
        fig = figure(chart, "zh-CN")
        (trace,) = fig["data"]
        assert list(trace["x"]) == [25.0, 75.0]
        assert list(trace["text"]) == ["25.00%", "75.00%"]
        assert fig["layout"]["yaxis"]["type"] == "category"

    def test_ranking_draws_intervals_as_error_bars(self):
        """error_x: high − value above, value − low below, in percentage points."""
        chart = _chart("ranking", [Series("满意率", (0.9, 0.8), ("90.00%", "80.00%"),
                                          low=(0.85, 0.7), high=(0.95, 0.88))])
        (trace,) = figure(chart, "zh-CN")["data"]
        assert list(trace["error_x"]["array"]) == pytest.approx([5.0, 8.0])
        assert list(trace["error_x"]["arrayminus"]) == pytest.approx([5.0, 10.0])

    def test_scores_are_plotted_as_they_are(self):
        """A 100-point score of 87.5 is drawn at 87.5, not 8750."""
        chart = _chart("ranking", [Series("得分", (87.5,), ("87.50",))], categories=("甲",),
                       unit="points")
        (trace,) = figure(chart, "zh-CN")["data"]
        assert list(trace["x"]) == [87.5]

    def test_labels_are_literal_text(self):
        """Plotly's pseudo-HTML is escaped: a label <b>x</b> is shown, not made bold."""
        chart = _chart("bars", [Series("比例", (0.5,), ("50.00%",))], categories=("<b>x</b>",))
        (trace,) = figure(chart, "zh-CN")["data"]
        assert list(trace["y"]) == ["&lt;b&gt;x&lt;/b&gt;"]

    def test_figure_has_no_template(self):
        """plotly.py's default template is not shipped with every chart."""
        assert "template" not in figure(_likert(), "zh-CN")["layout"]


class TestPlotConfig:
    def test_chinese_locale_and_download_button_only(self):
        """zh-CN interface strings; the mode bar offers only 'download as PNG'."""
        config = plot_config(_likert(), "zh-CN")
        assert config["locale"] == "zh-CN"
        assert config["modeBarButtons"] == [["toImage"]]
        assert config["displaylogo"] is False
