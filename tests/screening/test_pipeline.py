"""``survey run`` applies the same loading and screening: platform files, online fieldwork,
sites, explicit column maps, and no personal data in any output."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from survey.analysis import ScreeningSpec
from survey.pipeline import run_analysis, write_outputs
from tests.conftest import ROOT, shared_path


def _spec(tmp_path, group: str, screening: str = "") -> str:
    path = tmp_path / "spec.yaml"
    path.write_text(f"report: {{title: 测试, language: zh-CN}}\ngroups:\n{group}\n{screening}",
                    encoding="utf-8")
    return str(path)


class TestRunAnalysis:
    def test_wjx_download_online_with_sites(self, tmp_path):
        """The real 问卷星 file runs through the chain as an online survey with two sites."""
        group = f"""  - id: consumers
    instrument: {ROOT / "tests/responses/data/wjx_phone.yaml"}
    responses: {shared_path("data", "wjx", "wjx_800_800_0.xls")}
    fieldwork:
      mode: online
      site_variable: gender
      sites: [{{code: 1, name: 男}}, {{code: 2, name: 女}}]"""
        results = run_analysis(_spec(tmp_path, group), generated_at="2026-11-21")
        fw = results.groups[0].screening.fieldwork
        assert fw.return_rate is None and fw.mode == "online"
        assert [(s.site, s.returned) for s in fw.sites] == [("男", 427), ("女", 373)]
        data = results.to_dict()["screening"][0]
        assert data["mapping"]["platform"] == "wjx"
        assert {"rules", "overlaps", "mapping"} <= set(data)

    def test_column_map_from_the_spec(self, tmp_path):
        """A group's column_map (relative to the spec) maps renamed headers."""
        raw = pd.read_excel(ROOT / "analyses/data/staff.xlsx", engine="openpyxl")
        raw.rename(columns={"department": "所在部门"}).to_csv(tmp_path / "staff.csv", index=False)
        (tmp_path / "map.yaml").write_text("所在部门: department\n", encoding="utf-8")
        group = f"""  - id: staff
    instrument: {ROOT / "instruments/staff.yaml"}
    responses: staff.csv
    column_map: map.yaml
    fieldwork: {{issued: 50}}"""
        results = run_analysis(_spec(tmp_path, group), generated_at="2026-11-21")
        assert len(results.groups[0].screening.valid) == 46
        assert "column_map" in [f.role for f in results.inputs]

    def test_no_personal_data_in_results_or_report(self, tmp_path):
        """Phone numbers, names and IPs in the responses reach neither results.json nor HTML."""
        raw = pd.read_csv(ROOT / "analyses/data/residents.csv", encoding="gbk", dtype=str,
                          keep_default_na=False)
        raw["联系电话"] = [f"139{i:08d}" for i in range(len(raw))]
        raw["姓名"] = "张三"
        raw["IP"] = [f"10.0.{i // 250}.{i % 250}" for i in range(len(raw))]
        raw.loc[0, "suggestion"] = "有事请打 13912340000"
        raw.to_csv(tmp_path / "residents.csv", index=False, encoding="utf-8-sig")
        group = f"""  - id: residents
    instrument: {ROOT / "instruments/residents.yaml"}
    responses: residents.csv
    fieldwork: {{issued: 320}}"""
        results = run_analysis(_spec(tmp_path, group), generated_at="2026-11-21")
        written = write_outputs(results, tmp_path / "out")
        texts = [p.read_text(encoding="utf-8") for p in written.values() if p.suffix in
                 (".json", ".html")]
        for secret in ("13900000001", "13912340000", "张三", "10.0.0.1"):
            assert not any(secret in t for t in texts), secret
        data = json.loads((tmp_path / "out/results.json").read_text(encoding="utf-8"))
        assert {p["column"] for p in data["screening"][0]["mapping"]["personal"]} == {
            "联系电话", "姓名", "IP"}


class TestScreeningSpecDefaults:
    @pytest.mark.parametrize(("rule", "block", "enabled", "action"), [
        ("duplicate_ip", {"enabled": True}, True, "flag"),
        ("straight_lining", {"min_items": 5}, True, "flag"),
        ("speeding", {"min_seconds": 60}, True, "flag"),
        ("duplicate_id", {}, True, "set_aside"),
        ("mahalanobis", {"p_value": 0.01}, False, "flag"),
    ])
    def test_partial_blocks_keep_the_documented_defaults(self, rule, block, enabled, action):
        """Setting one option of a rule does not change its default switch or action."""
        setting = getattr(ScreeningSpec.model_validate({rule: block}), rule)
        assert (setting.enabled, setting.action) == (enabled, action)
