"""Respondent ids as text: whole numbers lose a spreadsheet's ``.0``, integers keep every
digit (the former conversion through float64, kept here, rounded past 2**53)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from survey.responses.assemble import _id_text


def _through_float(values: pd.Series) -> list[object]:
    """The former conversion of numeric ids: through float64, whole ones as integers."""
    array = values.to_numpy(dtype="float64", na_value=np.nan)
    whole = np.isfinite(array) & (np.mod(array, 1) == 0)
    text = values.astype("string")
    if whole.any():
        text[whole] = pd.Series(array[whole].astype("int64"), index=values.index[whole]
                                ).astype("string")
    return text.tolist()


class TestIdText:
    @given(st.lists(st.integers(-2**63, 2**63 - 1), max_size=20))
    def test_integers_keep_every_digit(self, ids):
        assert _id_text(pd.Series(ids, dtype="int64")).tolist() == [str(i) for i in ids]

    @given(st.lists(st.one_of(st.none(), st.integers(-2**53, 2**53)), max_size=20))
    def test_integers_a_float_holds_read_as_before(self, ids):
        """Within ±2**53 (every id a spreadsheet can hold as a number) nothing changes,
        blanks included."""
        values = pd.Series(ids, dtype="Int64")
        assert _id_text(values).tolist() == _through_float(values)

    def test_an_identity_card_number_is_not_rounded(self):
        """110105194912310021 stays itself (through a float it became …016)."""
        ids = pd.Series([110105194912310021, 13800000001], dtype="int64")
        assert _id_text(ids).tolist() == ["110105194912310021", "13800000001"]
        assert _through_float(ids)[0] == "110105194912310016"

    def test_floats_lose_only_a_whole_numbers_point_zero(self):
        assert _id_text(pd.Series([1.0, 2.5, None])).tolist() == ["1", "2.5", pd.NA]


_TEXT_IDS = st.lists(st.one_of(
    st.none(), st.text(alphabet="R0123456789-_#~", max_size=8),
    st.sampled_from([" R1", "R2 ", "\tR3", "R4\x1f", "R5\x0b", "\x85R6", "R7\u3000", "张三",
                     " 张三 ", "R\x00", "R 8", ""])), max_size=12)


@given(_TEXT_IDS, st.sampled_from(["str", "string", object]), st.integers(1, 3),
       st.integers(0, 2))
def test_text_ids_trimmed_as_before(ids, dtype, parts, skip):
    """Text ids, in Arrow memory of one or more chunks, sliced or not, or in Python
    objects: where nothing can need trimming the text is taken as it is, otherwise each id
    is trimmed; either way what trimming every id gives (ASCII and Unicode white space at
    either end, inside, a NUL byte)."""
    pieces = [pd.Series(ids[i::parts], dtype=dtype) for i in range(parts)]
    values = pd.concat(pieces, ignore_index=True).iloc[skip:]
    expected = values.astype("string").str.strip()
    pd.testing.assert_series_equal(_id_text(values), expected)
