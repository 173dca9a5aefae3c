"""The audit on the corpus of own-written texts that reproduce real published reports.

Each text's sidecar names the findings the audit must raise; a consistent text must raise no
error (see tests/audit/corpus/README.md). The totals are those ``tests/audit/score.py`` prints.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _load_score():
    spec = importlib.util.spec_from_file_location("audit_corpus_score", HERE / "score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


score = _load_score()
CASES = score.load_corpus()


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_text(case):
    outcome = score.score_case(case)
    assert not outcome.unexpected_errors, outcome.unexpected_errors
    assert not outcome.unexpected_warnings, outcome.unexpected_warnings
    unmarked = [(e.code, e.line, e.why) for e in outcome.missing if not e.missed]
    assert not unmarked, f"expected findings not raised: {unmarked}"


def test_recall_over_the_corpus():
    result = score.score(CASES)
    assert result.recall >= score.RECALL_FLOOR, score.report(result)
    assert result.false_errors_on_consistent == 0


def test_sidecar_errors_name_the_file(tmp_path):
    (tmp_path / "x-01.txt").write_text("发放问卷 30 份。\n", encoding="utf-8")
    (tmp_path / "x-01.yaml").write_text(
        "source: s\nconsistent: true\nexpected:\n  - {code: rate_mismatch, line: 1, "
        "severity: error, why: w}\n", encoding="utf-8")
    with pytest.raises(score.CorpusError, match="x-01.yaml: a consistent text cannot expect"):
        score.load_corpus(tmp_path)
    (tmp_path / "x-01.yaml").unlink()
    with pytest.raises(score.CorpusError, match="texts without a sidecar: x-01.txt"):
        score.load_corpus(tmp_path)


def test_an_unraised_finding_fails_the_text(tmp_path):
    (tmp_path / "x-01.txt").write_text("本次调查共发放问卷 300 份，收回 286 份。\n",
                                        encoding="utf-8")
    (tmp_path / "x-01.yaml").write_text(
        "source: s\nconsistent: false\nexpected:\n  - {code: rate_mismatch, line: 1, "
        "severity: error, why: w}\n", encoding="utf-8")
    (case,) = score.load_corpus(tmp_path)
    outcome = score.score_case(case)
    assert not outcome.ok and [e.code for e in outcome.missing] == ["rate_mismatch"]
