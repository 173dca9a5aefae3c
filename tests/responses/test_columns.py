"""Matching file columns to instrument variables: by map, name, number, text; ambiguity."""

from __future__ import annotations

import pytest

from survey.errors import ResponseFileError
from survey.instrument import load_instrument
from survey.responses.columns import read_column_map, resolve_columns
from tests.conftest import ROOT

MINI = ROOT / "tests/responses/data/mini.yaml"


@pytest.fixture(scope="module")
def mini():
    return load_instrument(MINI)


def _targets(report):
    return {m.column: m.target for m in report.matched}


class TestResolveColumns:
    def test_by_name(self, mini):
        """Headers equal to variable names match by name."""
        report = resolve_columns(["respondent_id", "village", "sat_1"], mini, platform="generic")
        assert _targets(report) == {"respondent_id": "respondent_id", "village": "village",
                                    "sat_1": "sat_1"}
        assert {m.how for m in report.matched} == {"name"}

    def test_by_question_number_and_option(self, mini):
        """'1、您所在的村' is question 1; '4、(植被恢复效果)' is the matrix row sat_2."""
        report = resolve_columns(["序号", "1、您所在的村", "4、(植被恢复效果)", "第5题(施工噪声大)"],
                                 mini, platform="wjx")
        assert _targets(report) == {"序号": "respondent_id", "1、您所在的村": "village",
                                    "4、(植被恢复效果)": "sat_2", "第5题(施工噪声大)": "reasons_2"}

    def test_by_text_when_the_number_disagrees(self, mini):
        """A header numbered 9 whose text is question 1's matches question 1 by text."""
        report = resolve_columns(["9、您所在的村"], mini, platform="wjx")
        assert _targets(report) == {"9、您所在的村": "village"}
        assert report.matched[0].how == "text"

    def test_by_item_text_alone(self, mini):
        """A header that is a matrix row's text matches that row."""
        report = resolve_columns(["信息公开"], mini, platform="generic")
        assert _targets(report) == {"信息公开": "sat_5"}

    def test_radical_lookalikes_in_headers(self, mini):
        """'8、您的意⻅或建议' (⻅ U+2EC5) matches '您的意见或建议'."""
        report = resolve_columns(["8、您的意\u2ec5或建议"], mini, platform="wjx")
        assert _targets(report) == {"8、您的意\u2ec5或建议": "suggestion"}

    def test_explicit_map_wins(self, mini):
        """A column map sends 'Q_A' to village, beating any other match."""
        report = resolve_columns(["Q_A", "village"], mini, platform="generic",
                                 column_map={"Q_A": "village"})
        assert _targets(report) == {"Q_A": "village"}
        assert [a.column for a in report.ambiguous] == ["village"]

    def test_map_to_unknown_variable_is_an_error(self, mini):
        """A map naming a variable the instrument lacks is refused with its name."""
        with pytest.raises(ResponseFileError) as info:
            resolve_columns(["x"], mini, platform="generic", column_map={"x": "nope"})
        assert info.value.code == "bad_column_map" and info.value.got == "nope"

    def test_two_equally_good_columns_for_one_variable_are_ambiguous(self, mini):
        """Two headers that both name question 1 leave village unmatched, and say why."""
        report = resolve_columns(["1、您所在的村", "Q1"], mini, platform="wjx")
        assert "village" in report.missing
        assert {a.column for a in report.ambiguous} == {"1、您所在的村", "Q1"}

    def test_the_stronger_match_wins(self, mini):
        """A match by number beats a match by text alone; the loser is reported."""
        report = resolve_columns(["1、您所在的村", "您所在的村"], mini, platform="wjx")
        assert _targets(report) == {"1、您所在的村": "village"}
        assert [a.column for a in report.ambiguous] == ["您所在的村"]

    def test_unmatched_and_missing_are_reported(self, mini):
        """A column nobody claims is unmatched; a variable without a column is missing."""
        report = resolve_columns(["respondent_id", "zzz"], mini, platform="generic")
        assert report.unmatched == ("zzz",)
        assert "village" in report.missing and "sat_6" in report.missing

    def test_joined_multiple_choice_by_question(self, mini):
        """The whole question's column of a multiple choice feeds every option variable."""
        report = resolve_columns(["5、您不满意的主要原因是（可多选）"], mini, platform="wjx")
        (match,) = report.matched
        assert (match.target, match.role) == ("reasons", "joined")
        assert not {"reasons_1", "reasons_2", "reasons_3"} & set(report.missing)

    def test_spss_variable_labels_match_by_text(self, mini):
        """A .sav variable Q1 labelled 您所在的村 matches village."""
        report = resolve_columns(["V1"], mini, platform="generic",
                                 column_labels={"V1": "您所在的村"})
        assert _targets(report) == {"V1": "village"}


class TestReadColumnMap:
    def test_yaml_map(self, tmp_path):
        """A YAML mapping, null meaning 'leave out'."""
        path = tmp_path / "map.yaml"
        path.write_text("村名: village\n备注: null\n", encoding="utf-8")
        assert read_column_map(path) == {"村名": "village", "备注": None}

    def test_csv_map(self, tmp_path):
        """A CSV with column and variable columns (GBK works too)."""
        path = tmp_path / "map.csv"
        path.write_bytes("column,variable\n村名,village\n".encode("gbk"))
        assert read_column_map(path) == {"村名": "village"}

    def test_csv_map_without_its_header(self, tmp_path):
        """A CSV without 'column,variable' is refused at row 1."""
        path = tmp_path / "map.csv"
        path.write_text("a,b\n1,2\n", encoding="utf-8")
        with pytest.raises(ResponseFileError) as info:
            read_column_map(path)
        assert info.value.row == 1

    def test_yaml_value_must_be_a_name(self, tmp_path):
        """A number as target is refused with its key and line."""
        path = tmp_path / "map.yaml"
        path.write_text("a: village\nb: 3\n", encoding="utf-8")
        with pytest.raises(ResponseFileError) as info:
            read_column_map(path)
        assert info.value.line == 2
