"""Cells to codes: labels, option positions, joined picks, rankings, markers, other text."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from survey.errors import ResponseFileError
from survey.instrument import load_instrument
from survey.responses.mapping import map_responses, map_table
from tests.conftest import ROOT

MINI = ROOT / "tests/responses/data/mini.yaml"
SAT = [f"sat_{j}" for j in range(1, 7)]


@pytest.fixture(scope="module")
def mini():
    return load_instrument(MINI)


def _generic(**columns):
    base = {"respondent_id": ["R1", "R2"], "village": ["1", "2"], "aware": ["1", "2"],
            "aware_level": ["2", None], **{s: ["4", "5"] for s in SAT},
            "reasons": [None, None], "visits": ["3", None], "priorities": [None, None],
            "suggestion": [None, None]}
    base.update(columns)
    return pd.DataFrame(base, index=pd.RangeIndex(2, 4, name="row"))


def _wjx_text():
    """A 问卷星 按选项文本 download of the mini questionnaire (four answers)."""
    return pd.DataFrame({
        "序号": ["1", "2", "3", "4"],
        "提交答卷时间": ["2026/9/8 10:00:00"] * 4,
        "所用时间": ["125秒", "2分5秒", "40秒", "300秒"],
        "来源": ["手机提交"] * 4, "来源详情": ["直接访问"] * 4,
        "来自IP": ["1.2.3.4(上海-上海)", "5.6.7.8(北京-北京)", "1.2.3.4(上海-上海)", "9.9.9.9"],
        "1、您所在的村": ["石门村", "黄泥岭村", "青岚社区", "石门村"],
        "2、您是否知道本项目？": ["是", "否", "是", "是"],
        "3、您对项目的了解程度": ["了解一些", "(跳过)", "(跳过)", "非常了解"],
        "4、(地质安全隐患消除)": ["满意", "不满意", "非常满意", "满意"],
        "4、(植被恢复效果)": ["满意", "满意", "非常满意", "满意"],
        "4、(扬尘控制)": ["满意", "满意", "非常满意", "满意"],
        "4、(施工影响控制)": ["满意", "满意", "非常满意", "满意"],
        "4、(信息公开)": ["一般", "满意", "非常满意", "满意"],
        "4、(总体效果)": ["满意", "满意", "非常满意", "满意"],
        "5、您不满意的主要原因是（可多选）": ["(跳过)", "复绿效果不明显┋其他〖补偿款，没到位〗",
                                      "(跳过)", "(跳过)"],
        "6、您去过治理现场几次？": ["3", "(空)", "0", "2"],
        "7、请按重要程度排序": ["安全→道路", "绿化→安全→道路", "(空)", "道路"],
        "8、您的意见或建议": ["很好", "(空)", "希望继续", "(空)"],
    }, index=pd.RangeIndex(2, 6, name="row"))


class TestMapResponses:
    def test_labels_and_codes_mix(self, mini):
        """A column may hold codes and printed labels; both become codes."""
        frame = map_responses(_generic(village=["黄泥岭村", "3"], sat_1=["满意", "非常满意"]), mini)
        assert frame["village"].tolist() == [2.0, 3.0]
        assert frame["sat_1"].tolist() == [4.0, 5.0]

    def test_labels_compare_after_normalisation(self, mini):
        """' 黄泥岭村 ' with spaces and a full-width form still matches."""
        frame = map_responses(_generic(village=[" 黄泥岭村 ", "青岚社区"]), mini)
        assert frame["village"].tolist() == [2.0, 3.0]

    def test_unknown_label_names_row_and_column(self, mini):
        """A label no option has is an error at its row and column, never NaN."""
        with pytest.raises(ResponseFileError) as info:
            map_responses(_generic(sat_2=["满意", "很好"]), mini, file="r.csv")
        err = info.value
        assert (err.code, err.row, err.column, err.got) == ("unknown_label", 3, "sat_2", "很好")

    def test_out_of_scale_code_is_kept_for_screening(self, mini):
        """A 6 on a five-point scale stays 6 so that screening can report it."""
        assert map_responses(_generic(sat_3=["6", "3.5"]), mini)["sat_3"].tolist() == [6.0, 3.5]

    def test_joined_multiple_choice(self, mini):
        """'1,2' and '施工噪声大' fill the 0/1 option variables."""
        frame = map_responses(_generic(reasons=["1,2", "施工噪声大"]), mini)
        assert frame[["reasons_1", "reasons_2", "reasons_3"]].values.tolist() == [
            [1.0, 1.0, 0.0], [0.0, 1.0, 0.0]]

    def test_unknown_pick_in_joined_cell(self, mini):
        """A pick that is no option is an error naming it."""
        with pytest.raises(ResponseFileError) as info:
            map_responses(_generic(reasons=["1,9", None]), mini)
        assert info.value.got == "9" and info.value.row == 2

    def test_number_variable(self, mini):
        """A number question keeps its number; text in it is an error."""
        assert map_responses(_generic(visits=["12", "0"]), mini)["visits"].tolist() == [12.0, 0.0]
        with pytest.raises(ResponseFileError) as info:
            map_responses(_generic(visits=["12", "很多"]), mini)
        assert info.value.code == "not_a_number" and info.value.row == 3

    def test_whitespace_only_cell_is_missing(self, mini):
        """A cell of spaces is an empty answer, not an unknown label."""
        assert math.isnan(map_responses(_generic(aware_level=["   ", None]), mini)["aware_level"][2])


@pytest.fixture(scope="module")
def mapped(mini):
    raw = _wjx_text()
    return map_table([raw], list(raw.columns), mini, samples=raw)


class TestMapTableWjx:
    def test_recognised_as_wjx(self, mapped):
        """The 问卷星 meta columns make it a wjx download."""
        assert mapped.report.platform == "wjx"

    def test_meta_columns(self, mapped):
        """序号 is the id, 所用时间 seconds, 来自IP only a key."""
        frame = mapped.frame
        assert frame["respondent_id"].tolist() == ["1", "2", "3", "4"]
        assert frame["duration_seconds"].tolist() == [125.0, 125.0, 40.0, 300.0]
        assert frame["ip_key"].tolist() == [0, 1, 0, 2]
        assert "来自IP" not in frame

    def test_matrix_rows_and_labels(self, mapped):
        """Matrix rows are separate columns; 满意 is 4 on the sat5 scale."""
        assert mapped.frame["sat_1"].tolist() == [4.0, 2.0, 5.0, 4.0]

    def test_markers_are_missing_and_listed(self, mapped):
        """(跳过) and (空) become missing values, listed with their kinds."""
        frame, markers = mapped.frame, mapped.markers
        assert frame["aware_level"].isna().tolist() == [False, True, True, False]
        skipped = markers[(markers["column"] == "aware_level")]
        assert skipped[["row", "kind"]].values.tolist() == [[3, "skipped"], [4, "skipped"]]
        empty = markers[(markers["column"] == "visits")]
        assert empty[["row", "kind"]].values.tolist() == [[3, "empty"]]

    def test_other_text_goes_to_its_specify_variable(self, mapped):
        """'其他〖补偿款，没到位〗' ticks option 3 and keeps the text (its comma too)."""
        frame = mapped.frame
        assert frame.loc[3, ["reasons_1", "reasons_2", "reasons_3"]].tolist() == [1.0, 0.0, 1.0]
        assert frame.loc[3, "reasons_3_text"] == "补偿款，没到位"

    def test_ranking_joined_by_arrows(self, mapped):
        """'绿化→安全→道路' ranks 绿化 1, 安全 2, 道路 3; unranked options stay missing."""
        frame = mapped.frame
        ranks = frame[["priorities_1", "priorities_2", "priorities_3"]]
        assert ranks.loc[3].tolist() == [2.0, 1.0, 3.0]
        assert ranks.loc[5].isna().tolist() == [True, True, False]

    def test_report_lists_ignored_and_personal_columns(self, mapped):
        """Submission time and source are ignored; the IP column is personal."""
        assert set(mapped.report.ignored) == {"提交答卷时间", "来源", "来源详情"}
        assert mapped.report.personal == (("来自IP", "ip"),)


class TestOptionPositions:
    def test_platform_numbers_are_positions(self, mini):
        """In a 问卷星 code download, 1 on the sat5 matrix is the first option: 非常满意 = 5."""
        raw = pd.DataFrame({"序号": [1, 2], "所用时间": ["60秒", "70秒"], "来自IP": [None, None],
                            "1、您所在的村": [1, 3], "2、您是否知道本项目？": [1, 2],
                            "3、您对项目的了解程度": [3, -3],
                            **{f"4、({t})": [1, 5] for t in
                               ("地质安全隐患消除", "植被恢复效果", "扬尘控制", "施工影响控制",
                                "信息公开", "总体效果")},
                            "第5题(复绿效果不明显)": [-3, 1], "第5题(施工噪声大)": [-3, 0],
                            "第5题(其他)": [-3, 0], "6、您去过治理现场几次？": [-2, 4],
                            "第7题(安全)": [1, -2], "第7题(绿化)": [2, -2], "第7题(道路)": [-3, -2],
                            "8、您的意见或建议": ["-2", "好"]},
                           index=pd.RangeIndex(2, 4, name="row"))
        mapped = map_table([raw], list(raw.columns), mini, samples=raw.astype("string"))
        frame = mapped.frame
        assert frame["sat_1"].tolist() == [5.0, 1.0]
        assert frame["aware_level"].tolist()[0] == 3.0 and math.isnan(frame["aware_level"][3])
        assert frame["reasons_1"].isna().tolist() == [True, False]
        assert mapped.markers.groupby("kind").size().to_dict() == {"empty": 4, "skipped": 5}

    def test_position_beyond_the_options(self, mini):
        """Option number 7 of a 3-option question is recorded as an invalid position."""
        raw = _generic(village=["7", "1"])
        mapped = map_table([raw], list(raw.columns), mini, numbers="position")
        assert math.isnan(mapped.frame["village"][2])
        assert mapped.markers[["row", "column", "kind", "value"]].values.tolist() == [
            [2, "village", "invalid_position", "7"]]

    def test_codes_stay_codes_in_generic_files(self, mini):
        """An evaluator's own table holds codes: 1 on the sat5 matrix is 非常不满意."""
        assert map_responses(_generic(sat_1=["1", "5"]), mini)["sat_1"].tolist() == [1.0, 5.0]
