"""Which drafted questions describe the respondent (受访者基本情况), and the survey's title
where the platform's file name carries it.

A report puts profile questions (性别, 年龄, 文化程度, 职业, 收入, 居住年限, 所在村 …) in
their own section, 受访者基本情况, before the question-by-question results; a draft marks
them with a ``role: profile`` section so the first report already does. Only a single
choice without a rating scale can be one: an age asked as a number is a number question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from survey.draft.classify import DraftQuestion

__all__ = ["PROFILE_WORDS", "is_profile", "profile_runs", "title_from_file_name"]

#: Words of a question text that make a single choice a profile question. Income is a
#: profile question only as a person's or household's income, not "share of income spent".
PROFILE_WORDS = (
    "性别", "年龄", "出生", "学历", "文化程度", "受教育", "教育程度", "职业", "从事",
    "身份", "户籍", "户口", "居住年限", "居住时间", "常住", "民族", "政治面貌", "婚姻",
    "工龄", "工作年限", "从业年限", "岗位", "职称", "职务", "年级", "家庭人口", "所在村",
    "所在社区", "所在乡镇", "所在街道", "所在单位", "所在部门", "所属部门", "所在地区",
)
_PROFILE = re.compile("|".join(map(re.escape, PROFILE_WORDS))
                      + r"|(?:月|年|个人|家庭|人均)收入|收入(?:水平|情况|状况|来源)|^(?:您的)?收入")
#: A question about a share or a change is not an attribute of the respondent.
_NOT_PROFILE = re.compile(r"比重|比例|占|变化|满意")

#: 问卷星's newer download names: ``{问卷ID}_按文本_{标题}_{N1}_{N2}`` (or 按序号).
_WJX_NAME = re.compile(r"^\d+_按(?:选项)?(?:文本|序号)_(?P<title>.+?)_\d+_\d+$")
#: What names a file rather than its survey, at the end of a file name: a copy number
#: (``(1)``, `` - 副本``), a date or number, the words 数据/结果/导出/汇总/原始/表, separators.
_FILE_WORDS = re.compile(r"(?:[（(]\d+[)）]|\s*-?\s*副本|[_\-\s.]*\d[\d\-_.]*|"
                         r"(?:原始|导出|汇总|录入|明细)?(?:数据|结果|导出|汇总|录入|明细|表)|[_\-\s.—]+)$")
#: Words that make a file name a survey's title.
_SURVEY_WORDS = re.compile(r"调查|问卷|满意度|测评|调研")


def is_profile(q: DraftQuestion) -> bool:
    """A single choice without a rating scale whose text names a respondent attribute.

    >>> from survey.draft.classify import DraftQuestion
    >>> is_profile(DraftQuestion("q3", 3, "您的性别", "single", ("3、您的性别",), ""))
    True
    >>> is_profile(DraftQuestion("q1", 1, "手机部数", "single", ("1、手机部数",), ""))
    False
    >>> [is_profile(DraftQuestion("q", 5, t, "single", (t,), "")) for t in
    ...  ("月收入", "您家庭的年收入", "爱好投入占收入比重", "您的收入水平")]
    [True, True, False, True]
    """
    return (q.type == "single" and q.scale is None and bool(_PROFILE.search(q.text))
            and not _NOT_PROFILE.search(q.text))


def profile_runs(questions: Sequence[DraftQuestion]) -> list[tuple[bool, list[int]]]:
    """The questions in their order, cut into runs of profile and other questions:
    ``[(is_profile, [positions])…]``. Questions keep their order (and their numbers), so a
    profile block in the middle of a questionnaire stays there.

    >>> from survey.draft.classify import DraftQuestion
    >>> qs = [DraftQuestion(f"q{i}", i, t, "single", (t,), "") for i, t in
    ...       enumerate(["手机部数", "性别", "年龄", "兴趣"], 1)]
    >>> profile_runs(qs)
    [(False, [0]), (True, [1, 2]), (False, [3])]
    """
    runs: list[tuple[bool, list[int]]] = []
    for i, q in enumerate(questions):
        flag = is_profile(q)
        if runs and runs[-1][0] == flag:
            runs[-1][1].append(i)
        else:
            runs.append((flag, [i]))
    return runs


def title_from_file_name(path: Path) -> str | None:
    """The survey title a file name carries, else ``None``: the title part of a 问卷星
    download's name, or a name that says it is a survey (调查, 问卷, 满意度, 测评, 调研) once
    what names the file rather than the survey (数据, 结果, 导出, a date, a copy number) is cut
    off its end.

    >>> title_from_file_name(Path("258873041_按文本_社区服务满意度调查_102_102.xlsx"))
    '社区服务满意度调查'
    >>> title_from_file_name(Path("2024年惠民补贴项目满意度调查数据_20241105(1).xlsx"))
    '2024年惠民补贴项目满意度调查'
    >>> title_from_file_name(Path("wjx_800_800_0.xls")) is None
    True
    >>> title_from_file_name(Path("原始数据.csv")), title_from_file_name(Path("问卷1.xlsx"))
    (None, None)
    """
    match = _WJX_NAME.match(path.stem)
    if match:
        return match.group("title")
    stem = path.stem.strip()
    while True:
        cut = _FILE_WORDS.sub("", stem).strip()
        if cut == stem:
            break
        stem = cut
    # a survey word and something it is about (问卷.xlsx alone names no survey)
    about = _SURVEY_WORDS.sub("", stem)
    return stem if _SURVEY_WORDS.search(stem) and len(about.strip("_- ")) >= 2 else None
