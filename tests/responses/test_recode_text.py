"""Free-text columns converted once per distinct cell give what converting every cell gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.instrument.variables import Variable
from survey.responses.personal import REDACTED, redact_text
from survey.responses.platforms import MISSING_TEXTS
from survey.responses.recode import Converted, Text, _mark, _spread

VAR = Variable(name="suggestion", question="q9", section="s1", kind="open", label="您的建议",
               options=())


def _every_cell(converter: Text, values: pd.Series, out: Converted) -> None:
    """The conversion before it worked on distinct cells: every cell trimmed, looked up and
    redacted as a column."""
    text = values.astype("string").str.strip()
    text = text.mask(text == "")
    codes, uniques = pd.factorize(text.str.replace("（", "(").str.replace("）", ")"),
                                  use_na_sentinel=True)
    kinds = [MISSING_TEXTS.get(str(u), "") for u in uniques]
    if any(kinds):
        _mark(out, values, (converter.var.name,), codes, kinds)
        marked = _spread(np.array(kinds, dtype=object), codes, fill="") != ""
        text = text.mask(marked)
    if converter.withhold:
        text = text.mask(text.notna(), REDACTED)
    elif converter.redact:
        text = redact_text(text)
    out.text[converter.var.name] = text


cells = st.one_of(st.none(), st.sampled_from([
    "", "  ", "很好", " 很好 ", "(跳过)", "（跳过）", " (空) ", "(空)", "请联系 13812345678",
    "110105194912310021", "a@b.cn", "1.2.3.4", "<NA>", "nan", "NA"]), st.text(max_size=6))

#: Fewer texts, so that chunks share them: each changed by trimming, a marker or redaction,
#: or not at all.
few_cells = st.one_of(st.none(), st.sampled_from(
    ["", "很好", " 很好 ", "(跳过)", "（空）", "请联系 13812345678", "a@b.cn", "fine"]))


def assert_as_every_cell(converter: Text, series: pd.Series) -> None:
    """``converter`` gives ``series`` the text and markers converting every cell gives."""
    fast, slow = Converted(), Converted()
    converter.convert(series, None, fast)
    _every_cell(converter, series, slow)
    pd.testing.assert_series_equal(fast.text["suggestion"], slow.text["suggestion"],
                                   check_exact=True)
    assert len(fast.markers) == len(slow.markers)
    for a, b in zip(fast.markers, slow.markers, strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)


class TestText:
    @given(st.lists(cells, max_size=30), st.sampled_from([object, "string", "str"]),
           st.booleans(), st.booleans(), st.integers(2, 50))
    def test_same_as_every_cell(self, values, dtype, redact, withhold, first_row):
        """Trimmed text, blanks and platform markers missing, markers recorded, personal
        data redacted or withheld: the same series and markers either way."""
        series = pd.Series(values, dtype=dtype, name="建议",
                           index=pd.RangeIndex(first_row, first_row + len(values), name="row"))
        assert_as_every_cell(Text(VAR, "建议", redact=redact, withhold=withhold), series)

    @settings(max_examples=300)
    @given(st.lists(st.lists(few_cells, max_size=8), min_size=1, max_size=4),
           st.sampled_from([object, "string", "str"]), st.booleans(), st.booleans())
    def test_chunks_in_turn_as_each_alone(self, chunks, dtype, redact, withhold):
        """One converter reading a column's chunks in turn (the texts that stayed
        themselves remembered from chunk to chunk) gives each chunk what converting every
        cell gives."""
        converter = Text(VAR, "建议", redact=redact, withhold=withhold)
        first_row = 2
        for values in chunks:
            series = pd.Series(values, dtype=dtype, name="建议", index=pd.RangeIndex(
                first_row, first_row + len(values), name="row"))
            first_row += len(values)
            assert_as_every_cell(converter, series)
