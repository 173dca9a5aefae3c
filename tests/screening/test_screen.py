"""screen_responses: partition, reasons, counts with overlaps, settings, the example's defects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.analysis import AttentionCheck, ScreeningSpec, SiteSpec
from survey.errors import ParameterError
from survey.instrument import load_instrument
from survey.responses import read_response_file
from survey.screening import screen_responses
from tests.conftest import ROOT

NAN = np.nan


def _planted(frame):
    """Row 2 out of scale, row 3 missing village, row 4 repeats R1's id, row 5 straight-lines."""
    f = frame(5, respondent_id=pd.array(["R1", "R2", "R1", "R4", "R5"], dtype="string"),
              village=[1.0, NAN, 1.0, 1.0, 2.0])
    f.loc[2, "sat_1"] = 7.0
    f.loc[5, [f"sat_{j}" for j in range(1, 7)]] = 5.0
    return f


class TestScreenResponses:
    def test_partition_and_reasons(self, mini, frame):
        """valid and set_aside split the input; every set-aside row carries its reasons."""
        s = screen_responses(_planted(frame), mini)
        assert s.reasons["reason"].to_dict() == {2: "out_of_scale", 3: "missing_required",
                                                   4: "duplicate_id"}
        assert list(s.valid.index) == [5, 6]
        assert s.reasons.loc[2, "flags"] == ""

    def test_flag_only_rules_keep_the_respondent(self, mini, frame):
        """The straight-liner is reported and stays valid."""
        s = screen_responses(_planted(frame), mini)
        flagged = s.problems[s.problems["action"] == "flag"]
        assert flagged["row"].tolist() == [5]
        assert 5 in s.valid.index

    def test_every_reason_of_a_row(self, mini, frame):
        """A row found by two set-aside rules lists both, in rule order."""
        f = _planted(frame)
        f.loc[4, "sat_2"] = 0.0
        s = screen_responses(f, mini)
        assert s.reasons.loc[4, "reason"] == "out_of_scale;duplicate_id"

    def test_counts_by_rule_with_overlaps(self, mini, frame):
        """Findings, respondents, only-reason and overlap counts per rule."""
        f = _planted(frame)
        f.loc[4, "sat_2"] = 0.0
        counts = screen_responses(f, mini).counts_by_rule().set_index("rule")
        assert counts.loc["out_of_scale", ["findings", "respondents", "only_reason",
                                           "with_other_rules"]].tolist() == [2, 2, 1, 1]
        assert counts.loc["duplicate_id", "only_reason"] == 0

    def test_overlaps_matrix(self, mini, frame):
        """The pair (out_of_scale, duplicate_id) shares one respondent."""
        f = _planted(frame)
        f.loc[4, "sat_2"] = 0.0
        matrix = screen_responses(f, mini).overlaps()
        assert matrix.loc["out_of_scale", "duplicate_id"] == 1
        assert matrix.loc["out_of_scale", "out_of_scale"] == 2

    def test_settings_change_actions_and_switch_rules_off(self, mini, frame):
        """straight_lining set_aside sets row 5 aside; duplicate_id off keeps row 4."""
        spec = ScreeningSpec.model_validate({"straight_lining": {"action": "set_aside"},
                                             "duplicate_id": {"enabled": False}})
        s = screen_responses(_planted(frame), mini, settings=spec)
        assert sorted(s.set_aside.index) == [2, 3, 5]
        assert ("duplicate_id", "set_aside") not in s.rules

    def test_attention_checks_from_the_spec(self, mini, frame):
        """An attention check failing sets the respondent aside by default."""
        spec = ScreeningSpec(attention_checks=(AttentionCheck(variable="aware", expected=[2]),))
        s = screen_responses(frame(2, aware=[2.0, 1.0], aware_level=[NAN, 1.0]), mini,
                             settings=spec)
        assert s.reasons["reason"].to_dict() == {3: "attention_check"}

    def test_attention_check_on_an_unknown_variable(self, mini, frame):
        """A check naming a variable the responses lack is a user error."""
        spec = ScreeningSpec(attention_checks=(AttentionCheck(variable="nope", expected=[1]),))
        with pytest.raises(ParameterError):
            screen_responses(frame(1), mini, settings=spec)

    def test_fieldwork_counts_come_from_screening(self, mini, frame):
        """returned = rows, valid = rows kept; issued as given."""
        fw = screen_responses(_planted(frame), mini, issued=6).fieldwork
        assert (fw.issued, fw.returned, fw.valid) == (6, 5, 2)

    def test_sites(self, mini, frame):
        """Per-site records from the site variable's codes."""
        sites = (SiteSpec(code=1, name="石门村", issued=4), SiteSpec(code=2, name="黄泥岭村"))
        fw = screen_responses(_planted(frame), mini, site_variable="village",
                              sites=sites).fieldwork
        by_site = {s.site: s for s in fw.sites}
        assert (by_site["石门村"].returned, by_site["石门村"].valid) == (3, 1)
        assert (by_site["黄泥岭村"].returned, by_site["黄泥岭村"].valid) == (1, 1)
        assert "rows_without_site" in [p.code for p in fw.problems]

    def test_progress_reaches_the_end(self, mini, frame):
        """The progress callback ends at 1."""
        seen: list[float] = []
        screen_responses(frame(2), mini, progress=seen.append)
        assert seen[-1] == 1.0

    def test_to_dict_contract(self, mini, frame):
        """The validate --json keys, problems each with a rule."""
        data = screen_responses(_planted(frame), mini).to_dict()
        assert {"fieldwork", "counts_by_rule", "problems", "n_valid", "n_set_aside",
                "overlaps"} <= set(data)
        assert all("rule" in p for p in data["problems"])
        assert (data["n_valid"], data["n_set_aside"]) == (2, 3)


codes = st.one_of(st.just(NAN), st.integers(-1, 7).map(float))


class TestScreeningProperties:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])
    @given(data=st.data())
    def test_partition_for_any_answers(self, mini, frame, data):
        """For any answers, valid ∪ set_aside is the input and they are disjoint."""
        n = data.draw(st.integers(1, 8))
        columns = {name: data.draw(st.lists(codes, min_size=n, max_size=n))
                   for name in ["village", "aware", "aware_level", "sat_1", "sat_2", "reasons_1"]}
        ids = data.draw(st.lists(st.sampled_from(["A", "B", "C", None]), min_size=n, max_size=n))
        f = frame(n, respondent_id=pd.array(ids, dtype="string"), **columns)
        s = screen_responses(f, mini)
        assert set(s.valid.index).isdisjoint(s.set_aside.index)
        assert sorted([*s.valid.index, *s.set_aside.index]) == list(f.index)
        assert s.reasons["reason"].str.len().gt(0).all()
        assert s.fieldwork.valid == len(s.valid) <= len(f)


class TestExampleFiles:
    def test_platform_markers_reach_the_rules(self, tmp_path):
        """A (跳过) on a question that should be shown is a skip violation."""
        instrument = load_instrument(ROOT / "tests/responses/data/mini.yaml")
        path = tmp_path / "wjx.csv"
        header = ["序号", "提交答卷时间", "所用时间", "1、您所在的村", "2、您是否知道本项目？",
                  "3、您对项目的了解程度", *[f"第4题({t})" for t in (
                      "地质安全隐患消除", "植被恢复效果", "扬尘控制", "施工影响控制", "信息公开",
                      "总体效果")], "5、您不满意的主要原因是（可多选）", "6、您去过治理现场几次？",
                  "7、请按重要程度排序", "8、您的意见或建议"]
        rows = [["1", "x", "100秒", "石门村", "是", "(跳过)", "满意", "满意", "一般", "满意", "满意",
                 "非常满意", "(跳过)", "(空)", "(空)", "(空)"]]
        path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
        loaded = read_response_file(path, instrument)
        s = screen_responses(loaded, instrument)
        assert s.problems[["rule", "column"]].values.tolist() == [
            ["missing_required", "aware_level"], ["skip_violation", "aware_level"]]
