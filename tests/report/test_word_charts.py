"""The bar chart XML written without python-pptx is python-pptx's, text for text (its
``ChartXmlWriter`` is the reference here)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx.chart.data import CategoryChartData
from pptx.chart.xmlwriter import ChartXmlWriter
from pptx.enum.chart import XL_CHART_TYPE

from survey.report.word_charts import _column_letter, bar_chart_xml


def _pptx(stacked: bool, categories, series, fmt: str) -> str:
    data = CategoryChartData(number_format=fmt)
    data.categories = list(categories)
    for name, values in series:
        data.add_series(name, values, number_format=fmt)
    kind = XL_CHART_TYPE.BAR_STACKED if stacked else XL_CHART_TYPE.BAR_CLUSTERED
    return ChartXmlWriter(kind, data).xml


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=15)
_VALUE = st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False),
                   st.sampled_from([0.0, 0.1438, 1.0, 4.13, 0.5]))


class TestBarChartXml:
    @settings(max_examples=150, deadline=None)
    @given(st.booleans(),
           st.lists(_TEXT | st.sampled_from(["很满意", "a & b", "<1>", "“引号”"]),
                    min_size=1, max_size=12),
           st.integers(1, 4), st.data(), st.sampled_from(["0.00%", "0%", "0.0", "0"]))
    def test_same_text_as_pptx(self, stacked, categories, n_series, data, fmt):
        """Any text categories and series (gaps, escapes, CJK) give pptx's text."""
        series = [(data.draw(_TEXT), data.draw(st.lists(_VALUE, min_size=len(categories),
                                                        max_size=len(categories))))
                  for _ in range(n_series)]
        assert bar_chart_xml(stacked, categories, series, fmt) == \
            _pptx(stacked, categories, series, fmt)

    def test_many_series_columns(self):
        """Series past column Z are named AA, AB… as pptx names them."""
        series = [(f"s{k}", [k / 10, None]) for k in range(30)]
        assert bar_chart_xml(True, ["a", "b"], series, "0.0") == \
            _pptx(True, ["a", "b"], series, "0.0")

    def test_no_categories(self):
        """No categories is an error, as in pptx."""
        with pytest.raises(ValueError, match="no categories"):
            bar_chart_xml(False, [], [("s", [])], "0")
        with pytest.raises(ValueError, match="no categories"):
            _pptx(False, [], [("s", [])], "0")


class TestColumnLetter:
    def test_letters(self):
        """Excel's column names, as openpyxl writes them."""
        from openpyxl.utils import get_column_letter

        assert [_column_letter(n) for n in range(1, 800)] == \
            [get_column_letter(n) for n in range(1, 800)]
