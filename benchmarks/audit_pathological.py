"""Audit inputs built to be slow: each must finish in under 2 seconds.

    python benchmarks/audit_pathological.py [--limit 2.0]

Every case is one document given to :func:`survey.audit.audit_text` (or, for the .docx
case, written to a temporary file and read by :func:`survey.audit.audit_file`). The cases
are the shapes that made earlier versions quadratic: one line of 200,000 digits, a
100,000-character line of text, long runs of separators between digits, thousands of
α-if-deleted tables, a .docx with very many paragraphs. The script prints each case's
seconds and exits 1 when one exceeds the limit.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from survey.audit import audit_file, audit_text


def _tables(count: int) -> str:
    block = ("总量表的 Cronbach's α 系数为 0.912，共 5 个题项。\n\n"
             "| 题项 | 删除该项后的 α |\n|---|---|\n"
             "| Q1 | 0.901 |\n| Q2 | 0.897 |\n| Q3 | 0.905 |\n| Q4 | 0.893 |\n| Q5 | 0.899 |\n")
    return "\n".join(f"## 第{i}部分\n\n{block}" for i in range(count))


def _spss(count: int) -> str:
    block = ("表 可靠性统计\nCronbach's Alpha\t基于标准化项的 Cronbach's Alpha\t项数\n.846\t.851\t6\n"
             "KMO 取样适切性量数。\t.812\n巴特利特球形度检验\t近似卡方\t538.46\n\t自由度\t15\n"
             "\t显著性\t.000\n对6个题项进行因子分析，KMO值为0.812，很适合做因子分析；Bartlett球形检验"
             "近似卡方值为538.46，自由度为15，p<0.001。方差解释率分别为52.31%和14.06%，累计方差解释率为66.37%。\n"
             "各题项校正的项总计相关性介于0.512~0.688之间，删除任一题项后的α系数介于0.809~0.831之间。\n\n")
    return "".join(block for _ in range(count))


def _docx(paragraphs: int) -> Path:
    from docx import Document  # noqa: PLC0415 - optional, only this case

    document = Document()
    for i in range(paragraphs):
        document.add_paragraph(f"本次共发放问卷 {300 + i % 7} 份。")
    path = Path(tempfile.mkdtemp()) / "many.docx"
    document.save(str(path))
    return path


def _flattened(count: int) -> str:
    block = ("表 服务态度满意度\n选项\n人数\n比例\n非常满意\n120\n48.0%\n满意\n80\n32.0%\n"
             "一般\n30\n12.0%\n不满意\n20\n8.0%\n合计\n250\n100%\n")
    return "\n".join(f"第{i}部分调查结果如下。\n{block}" for i in range(count))


CASES: dict[str, Callable[[], object]] = {
    "200,000 digits on one line": lambda: audit_text("1" * 200_000),
    "200,000 digits then a dot": lambda: audit_text("1" * 200_000 + ".x"),
    "digits and dots 1.1.1… (200,000)": lambda: audit_text("1." * 100_000),
    "digits and commas 1,1,1… (200,000)": lambda: audit_text("1," * 100_000),
    "100,000-character line of text": lambda: audit_text("满意度调查问卷回收" * 11_112),
    "percent run 12%12%… (100,000)": lambda: audit_text("12%" * 33_334),
    "numbers and units 5份5人… (100,000)": lambda: audit_text("5份5人" * 25_000),
    "rates 回收率96.25%，… (100,000)": lambda: audit_text("回收率96.25%，" * 9_000),
    "spaces between digits (100,000)": lambda: audit_text("1 " * 50_000 + "%"),
    "dashes 1-1-1… (200,000)": lambda: audit_text("1-" * 100_000 + "%"),
    # one paragraph of 100,000 characters full of figures, no full stop: every figure's
    # sentence and population used to be searched from the paragraph's start (quadratic)
    "CITC ranges 介于0.1~0.2，… (100,000)": lambda: audit_text("CITC介于0.1~0.2，" * 7_143),
    "α sentences Cronbach's α系数为0.9，… (100,000)": lambda: audit_text(
        "Cronbach's α系数为0.9，" * 5_264),
    "KMO grades KMO值为0.61，非常适合，… (100,000)": lambda: audit_text(
        "KMO值为0.61，非常适合，" * 7_693),
    "variance list 累计方差解释率分别为1%、1%、… (100,000)": lambda: audit_text(
        "累计方差解释率分别为" + "1%、" * 33_330),
    "SPSS leading dots .5 .5 … (200,000)": lambda: audit_text(" .5" * 66_667),
    # counts with their shares and counts per satisfaction level, thousands to a line: every
    # share used to walk all the line's counts for its base, and every level count all the
    # document's rates (65 s and 25 s before the fix)
    "fieldwork and count-share pairs 发放…回收…其中83人占调查人数43%，… (120,000)":
        lambda: audit_text("发放问卷200份，回收192份，其中83人占调查人数43%，" * 4_000),
    "count-share pairs 83人,占调查人数43%，… (78,000)": lambda: audit_text(
        "83人,占调查人数43%，" * 6_000),
    "level counts and 满意率 非常满意31人、满意33人…满意率为83.1%。 (70,000)": lambda: audit_text(
        "非常满意31人、满意33人、一般8人、不满意5人，满意率为83.1%。" * 2_000),
    "option lists 5年以下占20%、5-10年占30%… (87,000)": lambda: audit_text(
        "5年以下占20%、5-10年占30%、10年以上占50%；" * 3_000),
    # a share labelled by what follows it, and words spaced out letter by letter
    "labels after shares 有30%的受访者表示满意，… (100,000)": lambda: audit_text(
        "有30%的受访者表示满意，" * 8_334),
    # a PDF table's rows of shares over rows of their fractions, and one long line of both
    "fraction rows 50.00 50.00 / (1/2) (1/2) (100,000)": lambda: audit_text(
        "  50.00   50.00   50.00\n  (1/2)  (1/2)  (1/2)\n" * 2_174),
    "fractions on one line 1.5 (1/2) (1/2) … (100,000)": lambda: audit_text(
        "1.5 (1/2) (1/2) " * 6_250),
    # English sentences: fieldwork counts, and shares with their counts and base
    "English fieldwork 500 questionnaires were distributed and … (100,000)": lambda: audit_text(
        "500 questionnaires were distributed and 479 were returned, " * 1_695),
    "English shares Of 300 valid questionnaires, 89.33% (268 respondents) … (100,000)":
        lambda: audit_text("Of 300 valid questionnaires, 89.33% (268 respondents) said yes, " * 1_563),
    # short lines that are all labels (each was once the start of a row counted to the end)
    # and a medical table's n(%) rows
    "short label lines 甲 5 8(80.00) 2(20.00) (20,000 lines)": lambda: audit_text(
        ["甲 5 8(80.00) 2(20.00)"] * 20_000),
    "n(%) rows A 组 10 8(80.00) 2(20.00) … (100,000)": lambda: audit_text(
        ["A 组 10 8(80.00) 2(20.00) 0(0.00) 10(100.00)"] * 2_300),
    "letter-spaced words 回 收 3 份 有 效 问 卷 … (100,000)": lambda: audit_text(
        "回 收 3 份 有 效 问 卷 " * 6_667),
    # one cell per line: a label and a figure alternating, under a header, 100,000 lines
    "one cell per line 选项/人数/满意/40/… (100,000 lines)": lambda: audit_text(
        "选项\n人数\n" + "满意\n40\n" * 50_000),
    "one cell per line, no header 满意/40/… (100,000 lines)": lambda: audit_text("满意\n40\n" * 50_000),
    "two labels, then rows of one 组/满意/40/不满意/10/… (100,000 lines)": lambda: audit_text(
        "组\n满意\n40\n" + "不满意\n10\n" * 50_000),
}

# Throughput cases: many small units, so time grows with size; the figure that matters is
# lines (or paragraphs) per second, which a quadratic step would make fall with size.
SIZED: dict[str, tuple[int, Callable[[], object]]] = {
    "500 α-if-deleted tables": (500 * 12, lambda: audit_text(_tables(500), kind="md")),
    "2,000 α-if-deleted tables": (2_000 * 12, lambda: audit_text(_tables(2_000), kind="md")),
    "2,000 SPSS reliability write-ups (tab tables, .880)": (
        2_000 * 11, lambda: audit_text(_spss(2_000))),
    "2,000 option tables one cell per line": (2_000 * 20, lambda: audit_text(_flattened(2_000))),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=float, default=2.0)
    parser.add_argument("--docx-paragraphs", type=int, default=20_000)
    args = parser.parse_args()
    cases = dict(CASES)
    try:
        path = _docx(args.docx_paragraphs)
    except ImportError:
        print("python-docx missing: .docx case skipped")
    else:
        SIZED[f".docx with {args.docx_paragraphs:,} paragraphs"] = (
            args.docx_paragraphs, lambda: audit_file(path))
    slow = 0
    for name, run in cases.items():
        start = time.perf_counter()
        run()
        seconds = time.perf_counter() - start
        slow += seconds > args.limit
        print(f"{seconds:8.2f} s  {'SLOW ' if seconds > args.limit else 'ok   '}{name}")
    for name, (lines, run) in SIZED.items():
        start = time.perf_counter()
        run()
        seconds = time.perf_counter() - start
        print(f"{seconds:8.2f} s  {lines / seconds:8.0f} lines/s  {name}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
