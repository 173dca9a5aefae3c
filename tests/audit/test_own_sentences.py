"""The report's own sentences audit with no error whatever the figures.

The multiple-choice sentence gives two shares of one option: of the people who answered
(the base n) and of all selections (S ≥ n). The second used to be checked against n
("占全部 4023 次选择的 12.23%" read as a share of 800 people, an error in a correct report).
"""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from survey.audit import audit_text

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = yaml.safe_load((ROOT / "survey/locales/zh-CN/report.yaml").read_text(encoding="utf-8"))


def _sentence(rng: random.Random) -> tuple[str, int, int, int]:
    base = rng.randint(20, 3000)
    count = rng.randint(1, base)
    selections = rng.randint(base, base * 6)
    count = min(count, selections)
    text = TEMPLATES["report_multiple_sentence"].format(
        number=rng.randint(1, 40), base=base, label="交通出行", share=f"{100 * count / base:.2f}%",
        count=count, selections=selections, share_selections=f"{100 * count / selections:.2f}%")
    return text, base, count, selections


def test_share_of_selections_is_checked_against_the_selections() -> None:
    text = ("本次调查回收有效问卷 800 份。\n\n在回答第 5 题的 800 人中，选择“交通”的最多，"
            "比例为 61.50%（492 人），占全部 4023 次选择的 12.23%。")
    audit = audit_text(text)
    assert list(audit.errors) == []
    shares = {c.text: c.n for c in audit.claims if c.kind.value == "share"}
    assert shares == {"61.50": 800, "12.23": 4023}


def test_a_wrong_share_of_selections_is_still_found() -> None:
    # 492 / 4023 = 12.2297%: 12.24% is no count out of 4023 (492.4 to 492.6)
    text = "在回答第 5 题的 800 人中，选择“交通”的最多，比例为 61.50%（492 人），占全部 4023 次选择的 12.24%。"
    assert [f.code for f in audit_text(text).errors] == ["percentage_impossible_for_n"]


def test_report_multiple_choice_sentences_never_raise_an_error() -> None:
    rng = random.Random(20261203)
    for _ in range(300):
        text, base, count, selections = _sentence(rng)
        audit = audit_text(f"本次调查回收有效问卷 {base} 份。\n\n{text}")
        assert list(audit.errors) == [], (text, [f.message for f in audit.errors])
