"""Every report the toolkit writes audits clean: random analyses, HTML and Word.

Each case draws an instrument (two to three satisfaction matrices of 3–8 items on a random
built-in scale, a single-choice and a multiple-choice question) and answers from a
one-factor model whose loading runs from none (α near 0 or negative) to strong (α above
0.9), with some respondents left out of the fieldwork (issued > returned). The analysis runs
through the whole chain with the technical annex (α, α if deleted, corrected item–total r,
KMO, Bartlett), and both the HTML page and the .docx are audited: no error, and no warning
beyond those listed in :data:`EXPLAINED` with their reason.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from survey.audit import audit_file

#: Warnings a correct report of ours may raise, by code, with the reason it is not a mistake.
#: Empty: every report generated here audits without a single warning.
EXPLAINED: dict[str, str] = {}

_SCALES = {"sat5": (1, 5), "sat4": (1, 4), "sat3": (1, 3), "agree5": (1, 5)}


def _instrument(rng: np.random.Generator, folder: Path) -> tuple[Path, list[list[str]], str]:
    scale = str(rng.choice(list(_SCALES)))
    matrices: list[list[str]] = []
    lines = [
        "id: rnd", "title: 随机生成的满意度调查问卷", "group: {id: public, name: 受益群众}",
        "sections:", "  - id: s1", "    title: 基本情况", "    questions:",
        "      - {id: gender, type: single, text: 您的性别, options: [[1, 男], [2, 女]]}",
        "      - id: channel", "        type: multiple", "        text: 您通过哪些渠道了解本项目？（可多选）",
        "        options: [[1, 村务公开栏], [2, 微信群], [3, 广播], [4, 入户宣传]]",
        "  - id: s2", "    title: 满意度评价", "    questions:",
    ]
    for m in range(int(rng.integers(2, 4))):
        items = [f"m{m}_{j}" for j in range(1, int(rng.integers(3, 9)) + 1)]
        matrices.append(items)
        lines += [f"      - id: q{m}", "        type: likert_matrix",
                  f"        text: 请您对第{m + 1}组方面作出评价", f"        scale: {scale}",
                  "        items:"]
        lines += [f"          - {{id: {item}, text: 方面{item}}}" for item in items]
    path = folder / "instrument.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, matrices, scale


def _answers(rng: np.random.Generator, n: int, matrices: list[list[str]],
             scale: str) -> list[dict[str, object]]:
    low, high = _SCALES[scale]
    loading = float(rng.choice([0.0, 0.3, 0.8, 1.5]))
    latent = rng.normal(size=n)
    rows: list[dict[str, object]] = [
        {"respondent_id": f"P{i + 1:04d}", "gender": int(rng.integers(1, 3))} for i in range(n)]
    for i, row in enumerate(rows):
        picks = rng.choice(4, size=int(rng.integers(1, 4)), replace=False) + 1
        for code in range(1, 5):
            row[f"channel_{code}"] = int(code in picks)
        for items in matrices:
            centre = high - 0.8 + loading * latent[i]
            for item in items:
                value = centre + rng.normal(scale=0.9)
                row[item] = int(np.clip(np.rint(value), low, high))
    return rows


def _analysis(seed: int, folder: Path, language: str = "zh-CN") -> Path:
    rng = np.random.default_rng(seed)
    instrument, matrices, scale = _instrument(rng, folder)
    n = int(rng.choice([23, 46, 77, 150, 413]))
    rows = _answers(rng, n, matrices, scale)
    with (folder / "answers.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    issued = n + int(rng.integers(0, 30))
    spec = folder / "analysis.yaml"
    spec.write_text(f"""
report: {{title: 随机项目满意度调查报告, project: 随机项目, detail: full, language: {language}}}
groups:
  - id: public
    instrument: {instrument}
    responses: answers.csv
    fieldwork: {{issued: {issued}, returned: {n}, mode: paper, sampling: 随机抽取}}
indicators:
  - {{code: C1, name: 群众满意度, group: public, weight: 10, target: {{">=": 0.85}}}}
""", encoding="utf-8")
    return spec


@pytest.fixture(scope="module", params=[11, 23, 37, 52, 68])
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One random analysis run through the chain, written as HTML and .docx."""
    from survey.pipeline import run_analysis, write_outputs

    folder = tmp_path_factory.mktemp(f"own{request.param}")
    results = run_analysis(_analysis(request.param, folder), generated_at="2026-12-03")
    return write_outputs(results, folder / "out", formats="html,docx")


@pytest.mark.parametrize("role", ["report", "docx"])
def test_own_report_audits_clean(written: dict[str, Path], role: str) -> None:
    audit = audit_file(written[role])
    assert [(f.line, f.code, f.message) for f in audit.errors] == []
    unexplained = [(f.line, f.code, f.message) for f in audit.warnings if f.code not in EXPLAINED]
    assert unexplained == []
    kinds = {c.kind.value for c in audit.claims}
    # the annex states reliability and validity: the audit must have read them, or a clean
    # record would prove nothing
    assert {"alpha", "kmo", "returned", "issued"} <= kinds, sorted(kinds)


@pytest.fixture(scope="module", params=[11, 52])
def written_en(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same random analyses reported in English."""
    from survey.pipeline import run_analysis, write_outputs

    folder = tmp_path_factory.mktemp(f"own_en{request.param}")
    results = run_analysis(_analysis(request.param, folder, "en"), generated_at="2026-12-03")
    return write_outputs(results, folder / "out", formats="html,docx")


@pytest.mark.parametrize("role", ["report", "docx"])
def test_own_english_report_audits_clean(written_en: dict[str, Path], role: str) -> None:
    """An English report's fieldwork, α, KMO and shares with their counts are read, and
    none is flagged."""
    audit = audit_file(written_en[role], lang="en")
    assert [(f.line, f.code, f.message) for f in audit.findings] == []
    kinds = {c.kind.value for c in audit.claims}
    assert {"alpha", "kmo", "issued", "returned", "valid", "return_rate", "share"} <= kinds, sorted(kinds)
