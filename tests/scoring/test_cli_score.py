"""``survey score``: the calculator form, JSON contract and user errors."""

from __future__ import annotations

import json

import pytest

from survey.cli import main


def run_json(capsys, *args):
    """``survey score … --json`` in Chinese (the language these tests check)."""
    assert main(["score", *args, "--json", "--lang", "zh-CN"]) == 0
    return json.loads(capsys.readouterr().out)


class TestScoreCommand:
    def test_ratio_reading(self, capsys):
        """5 × 92.3% ÷ 95% = 4.86."""
        d = run_json(capsys, "--rule", "proportional", "--weight", "5", "--target", "95%",
                     "--actual", "92.3%")
        assert d["score"] == 4.86 and d["rule"] == "proportional"
        assert d["sentence"] == "实际值为 92.30%，未达到目标值（≥95%），按比例得 4.86 分（5 × 92.30% ÷ 95%）。"
        assert d["reading_code"] == "ratio" and d["rounding"] == "四舍五入保留 2 位小数"

    def test_shortfall_reading(self, capsys):
        """5 − 5 × 2.7% = 4.87; shares as 0.95 / 0.923 too."""
        d = run_json(capsys, "--rule", "proportional", "--reading", "shortfall", "--weight", "5",
                     "--target", "0.95", "--actual", "0.923")
        assert d["score"] == 4.87 and d["actual"] == 0.923

    def test_per_point_with_deduct(self, capsys):
        d = run_json(capsys, "--rule", "per-point", "--deduct", "0.5", "--weight", "5",
                     "--target", "95%", "--actual", "92.3%")
        assert d["score"] == 3.65 and d["rule"] == "per_point"

    def test_tiers(self, capsys):
        d = run_json(capsys, "--rule", "tiers", "--tiers", "90%:5,80%:4,60%:2", "--weight", "5",
                     "--target", "90%", "--actual", "85%")
        assert d["score"] == 4 and d["band"] == "80%（含）至 90%"

    def test_threshold(self, capsys):
        d = run_json(capsys, "--rule", "threshold", "--floor", "60%", "--weight", "5",
                     "--target", "90%", "--actual", "85%", "--reading", "linear")
        assert d["score"] == 4.17

    def test_text_output_and_english(self, capsys):
        assert main(["score", "--rule", "direct", "--weight", "5", "--target", "95%",
                     "--actual", "92.3%", "--lang", "en", "--n", "46"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("From 46 valid questionnaires, the actual value is 92.30%, scored ")
        assert "4.62 points" in out and "rounded half-up to 2 decimals" in out

    @pytest.mark.parametrize(("args", "needle"), [
        (["--rule", "per_point"], "deduct"),
        (["--rule", "proportional", "--actual", "92"], "Write 92% for a percentage"),
        (["--rule", "proportional", "--actual", "abc"], "expected a share such as 92.3%"),
        (["--rule", "tiers", "--tiers", "90%"], "bound:score"),
    ])
    def test_user_errors_exit_2(self, capsys, args, needle):
        base = {"--weight": "5", "--target": "95%", "--actual": "92.3%"}
        for key, value in zip(args[::2], args[1::2], strict=True):
            base[key] = value
        argv = ["score", *[x for kv in base.items() for x in kv]]
        if "--rule" not in base:
            argv += ["--rule", "proportional"]
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert needle in err and "Traceback" not in err
