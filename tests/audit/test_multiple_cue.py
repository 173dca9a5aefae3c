"""Where a table's 多选 is said: the paragraph introducing it, not the next question's."""

from __future__ import annotations

from survey.audit import audit_text

TWO_TABLES = """本次回收有效问卷 200 份。

表 1 性别分布

| 选项 | 人数 | 比例 |
|---|---|---|
| 男 | 90 | 45.00% |
| 女 | 110 | {female} |

第 6 题为多选题，结果如表 2。

表 2 关注的问题

| 选项 | 人数 | 比例 |
|---|---|---|
| 交通 | 120 | 60.00% |
| 教育 | 100 | 50.00% |
| 医疗 | 80 | 40.00% |
"""


def _shares(text: str) -> dict[str, bool]:
    audit = audit_text(text, kind="md")
    return {c.text: bool(c.details.get("multiple_choice")) for c in audit.claims
            if c.kind.value == "share"}


def test_introduction_above_the_caption_makes_the_table_multiple() -> None:
    audit = audit_text(TWO_TABLES.format(female="55.00%"), kind="md")
    assert list(audit.errors) == []
    assert _shares(TWO_TABLES.format(female="55.00%")) == {
        "45.00": False, "55.00": False, "60.00": True, "50.00": True, "40.00": True}


def test_next_questions_cue_does_not_leak_into_a_single_choice_table() -> None:
    # 45% + 65% = 110%: table 1 stays single choice, so its sum is still checked
    codes = [f.code for f in audit_text(TWO_TABLES.format(female="65.00%"), kind="md").errors]
    assert "shares_do_not_sum" in codes


def test_a_note_after_the_table_still_counts() -> None:
    text = ("本次回收有效问卷 200 份。\n\n表 2 关注的问题\n\n| 选项 | 人数 | 比例 |\n|---|---|---|\n"
            "| 交通 | 120 | 60.00% |\n| 教育 | 100 | 50.00% |\n\n注：本题可多选，比例之和大于 100%。\n")
    assert list(audit_text(text, kind="md").errors) == []
    assert set(_shares(text).values()) == {True}
