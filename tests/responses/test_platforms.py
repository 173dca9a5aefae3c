"""Platform downloads: recognising 问卷星 and 腾讯问卷, parsing headers and completion times."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey.responses.platforms import detect_platform, parse_duration, parse_header, split_other

WJX_META = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
TENCENT_META = ["编号", "开始答题时间", "结束答题时间", "答题时长"]


class TestDetectPlatform:
    def test_wjx_from_its_meta_columns(self):
        """The 问卷星 meta columns identify a 问卷星 download."""
        assert detect_platform([*WJX_META, "1、性别"]) == "wjx"

    def test_wjx_from_split_columns_alone(self):
        """第N题(选项) columns are 问卷星's even without the meta columns."""
        assert detect_platform(["id", "第6题(运动)"]) == "wjx"

    def test_tencent_from_its_meta_columns(self):
        """编号, 开始答题时间, 结束答题时间, 答题时长 identify 腾讯问卷."""
        assert detect_platform([*TENCENT_META, "1.您的性别"]) == "tencent"

    def test_generic_otherwise(self):
        """An evaluator's own table is generic."""
        assert detect_platform(["respondent_id", "sat_1", "sat_2"]) == "generic"

    def test_one_shared_name_is_not_enough(self):
        """A table with only a 序号 column is not taken for a platform download."""
        assert detect_platform(["序号", "q1"]) == "generic"


class TestParseHeader:
    def test_numbered_question(self):
        """'4、年龄 ' is question 4 with text 年龄."""
        h = parse_header("4、年龄 ", "wjx")
        assert (h.question, h.text, h.option, h.kind) == (4, "年龄", None, "question")

    def test_wjx_split_option_with_parentheses_inside(self):
        """The option of '第8题(ACG文化(动漫、游戏等))' keeps its inner parentheses."""
        h = parse_header("第8题(ACG文化(动漫、游戏等))", "wjx")
        assert (h.question, h.option, h.kind) == (8, "ACG文化(动漫、游戏等)", "option")

    def test_newer_wjx_split_header(self):
        """'6、(运动)' is option 运动 of question 6."""
        h = parse_header("6、(运动)", "wjx")
        assert (h.question, h.option, h.kind) == (6, "运动", "option")

    def test_tencent_split_header(self):
        """'3.您的爱好:运动' is option 运动 of question 3."""
        h = parse_header("3.您的爱好:运动", "tencent")
        assert (h.question, h.text, h.option) == (3, "您的爱好", "运动")

    def test_trailing_parenthesis_is_left_to_the_instrument(self):
        """'4、年龄(周岁)' keeps its text whole and offers 周岁 as a possible option."""
        h = parse_header("4、年龄(周岁)", "wjx")
        assert (h.text, h.option, h.option_in_text) == ("年龄(周岁)", None, "周岁")

    def test_q_style_with_row_position(self):
        """'Q5_3' is row or option 3 of question 5."""
        h = parse_header("Q5_3", "generic")
        assert (h.question, h.position, h.kind) == (5, 3, "option")

    @pytest.mark.parametrize(("header", "kind"), [
        ("序号", "respondent_id"), ("所用时间", "duration"), ("来自IP", "ip"),
        ("提交答卷时间", "submitted_at"), ("来源详情", "source"),
    ])
    def test_wjx_meta_columns(self, header, kind):
        """问卷星's meta columns have their kinds."""
        assert parse_header(header, "wjx").kind == kind

    def test_radical_lookalike_header(self):
        """A header written with ⻅ (U+2EC5) parses as one with 见."""
        h = parse_header("9、您的意\u2ec5和建议", "wjx")
        assert h.text == "您的意见和建议"

    def test_personal_column_by_header(self):
        """A column headed 手机号码 is personal data."""
        assert parse_header("手机号码", "generic").kind == "phone"


class TestParseDuration:
    def test_reads_platform_forms(self):
        """125秒, 2分5秒, 0:02:05, 2:05 and 125 are all 125 seconds."""
        seconds, bad = parse_duration(pd.Series(["125秒", "2分5秒", "0:02:05", "2:05", "125"]))
        assert seconds.tolist() == [125.0] * 5
        assert not bad.any()

    def test_hours(self):
        """1小时2分3秒 is 3723 seconds."""
        seconds, _ = parse_duration(pd.Series(["1小时2分3秒"]))
        assert seconds.tolist() == [3723.0]

    def test_flags_text_that_is_not_a_time(self):
        """'很快' is not a duration; a missing time is missing, not bad."""
        seconds, bad = parse_duration(pd.Series(["很快", None]))
        assert bad.tolist() == [True, False]
        assert seconds.isna().all()

    def test_numbers_pass_through(self):
        """A numeric column is already seconds."""
        seconds, bad = parse_duration(pd.Series([30, 60]))
        assert seconds.tolist() == [30.0, 60.0] and not bad.any()


class TestSplitOther:
    def test_other_text_in_lenticular_brackets(self):
        """'其他【请注明】〖亲友赠送的〗' splits into the label and the written text."""
        assert split_other("其他【请注明】〖亲友赠送的〗") == ("其他【请注明】", "亲友赠送的")

    def test_empty_other_text_is_none(self):
        """'其他〖〗' carries no text."""
        assert split_other("其他〖〗") == ("其他", None)


def _parse_duration_reference(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The former reading of a text column: every distinct cell through ``_one_duration``."""
    from survey.responses.platforms import _one_duration

    parsed = [None if pd.isna(v) else _one_duration(str(v)) for v in values]
    seconds = pd.Series([np.nan if p is None else float(p) for p in parsed],
                        index=values.index, dtype="float64")
    bad = pd.Series([not pd.isna(v) and p is None for v, p in zip(values, parsed, strict=True)],
                    index=values.index, dtype=bool)
    return seconds, bad


_DURATION_CELLS = st.one_of(
    st.none(), st.text(alphabet="0123456789", min_size=1, max_size=22),
    st.sampled_from(["125秒", "2:05", "１２", " 12", "12 ", "1e3", "+5", "-5", "", "0",
                     "007", "9223372036854775807", "9223372036854775808", "很快", "12.5"]))


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(_DURATION_CELLS, max_size=12),
       dtype=st.sampled_from(["string", "str", object]), skip=st.integers(0, 2))
def test_duration_text_read_as_before(cells, dtype, skip):
    """Digits-only columns (read by pyarrow at once) and any other text give the seconds
    and the bad cells of reading each cell in Python (blanks, leading zeros, 22 digits,
    sliced Arrow memory)."""
    values = pd.Series(cells, dtype=dtype).iloc[skip:]
    seconds, bad = parse_duration(values)
    want_seconds, want_bad = _parse_duration_reference(values)
    pd.testing.assert_series_equal(seconds, want_seconds, check_names=False)
    pd.testing.assert_series_equal(bad, want_bad, check_names=False)
