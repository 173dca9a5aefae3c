"""Custom scales drew wrongly in the diverging chart: on a 7-level scale the legend ran
没有投入, 10%, 30%, 20%, 40% … and the middle level sat right of 0; on an 8-level scale a
satisfied level was grey. The legend follows the scale, the neutral centre is split across
zero, and colour follows satisfied (blue) / neutral (grey) / dissatisfied (orange)."""

from __future__ import annotations

import pytest

from survey.pipeline import run_analysis
from survey.report import build_report
from survey.report.charts import figure
from tests.issues.conftest import write_analysis

LEVELS7 = ["没有投入", "10%", "20%", "30%", "40%", "50%", "60%"]
LEVELS8 = ["一级", "二级", "三级", "四级", "五级", "六级", "七级", "八级"]


def _instrument(labels: list[str], satisfied: list[int]) -> str:
    options = ", ".join(f"[{i}, '{label}']" for i, label in enumerate(labels, start=1))
    return f"""id: t
title: 测试问卷
group: {{id: g, name: 受访群众}}
scales:
  custom:
    options: [{options}]
    satisfied: {satisfied}
sections:
  - id: s1
    title: 评价
    questions:
      - id: q_sat
        type: likert_matrix
        text: 请评价
        scale: custom
        items:
          - {{id: sat_1, text: 甲}}
          - {{id: sat_2, text: 乙}}
"""


def _traces(tmp_path, labels: list[str], satisfied: list[int]) -> list[dict]:
    k = len(labels)
    rows = [{"respondent_id": f"R{i}", "sat_1": 1 + i % k, "sat_2": 1 + (i * 3) % k}
            for i in range(4 * k)]
    report = build_report(run_analysis(write_analysis(tmp_path, _instrument(labels, satisfied),
                                                      rows), generated_at="2026-11-21"))
    (chart,) = [c for c in report.section("questions").charts() if c.chart_type == "diverging"]
    return figure(chart, "zh-CN")["data"]


def _legend(traces: list[dict]) -> list[str]:
    shown = [t for t in traces if t.get("showlegend", True)]
    return [t["name"] for t in sorted(shown, key=lambda t: t["legendrank"])]


def _blue(colour: str) -> bool:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return b > r + 40


def _orange(colour: str) -> bool:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return r > b + 40


class TestSevenLevels:
    def test_legend_follows_the_scale(self, tmp_path):
        """Least to most favourable: 没有投入, 10%, 20%, … 60%."""
        assert _legend(_traces(tmp_path, LEVELS7, [6, 7])) == LEVELS7

    def test_middle_level_is_split_across_zero(self, tmp_path):
        """30% (the 4th of 7) is drawn half left, half right of 0, with equal widths."""
        traces = [t for t in _traces(tmp_path, LEVELS7, [6, 7]) if t["name"] == "30%"]
        assert len(traces) == 2
        left, right = sorted(traces, key=lambda t: t["x"][0])
        assert [-x for x in left["x"]] == pytest.approx(right["x"])
        assert all(x < 0 for x in left["x"]) and all(x > 0 for x in right["x"])

    def test_colours_follow_the_roles(self, tmp_path):
        """50%, 60% blue; 没有投入, 10%, 20% orange; 30%, 40% grey (neither)."""
        colour = {t["name"]: t["marker"]["color"] for t in _traces(tmp_path, LEVELS7, [6, 7])}
        assert all(_blue(colour[n]) for n in ("50%", "60%"))
        assert all(_orange(colour[n]) for n in ("没有投入", "10%", "20%"))
        assert not any(_blue(colour[n]) or _orange(colour[n]) for n in ("30%", "40%"))
        assert len({colour[n] for n in LEVELS7}) == 7


class TestEightLevels:
    def test_every_satisfied_level_is_blue(self, tmp_path):
        """六级, 七级, 八级 satisfied: three distinct blues; no grey among them."""
        traces = _traces(tmp_path, LEVELS8, [6, 7, 8])
        colour = {t["name"]: t["marker"]["color"] for t in traces}
        assert all(_blue(colour[n]) for n in ("六级", "七级", "八级"))
        assert len({colour[n] for n in ("六级", "七级", "八级")}) == 3
        assert _legend(traces) == LEVELS8


class TestLegendRoom:
    def test_wrapped_legend_gets_room_above_the_bars(self, tmp_path):
        """Seven long labels wrap to more than one legend row: the top margin grows."""
        from survey.report.charts import _legend_rows

        labels = ["完全没有效果", "基本没有效果", "效果较差", "说不上好坏", "效果较好", "效果很好",
                  "效果非常显著"]
        assert _legend_rows(labels) >= 2
        assert _legend_rows(["非常满意", "满意", "一般"]) == 1
