"""Sentences that state a p-value: the relation sign is always there (p = 0.006, p < 0.001,
never "p 0.006" or "p = < 0.001"), and a difference called significant states the
Holm-adjusted p it was judged on next to the unadjusted p the table shows.

Independent figures: scipy on the raw staff file (department × 资金拨付及时性, Kruskal–Wallis)
and Bartlett's χ² by its textbook formula.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
import pandas as pd
from scipy import stats

from survey.report import build_report
from tests.conftest import ROOT


def _staff_valid() -> pd.DataFrame:
    raw = pd.read_excel(ROOT / "analyses/data/staff.xlsx", engine="openpyxl")
    return raw[~raw["respondent_id"].isin(["S031", "S044"])]


def _paragraphs(report, section: str) -> list[str]:
    return list(report.section(section).paragraphs())


def _bartlett_p(frame: pd.DataFrame) -> float:
    n, p = frame.shape
    chi2 = -(n - 1 - (2 * p + 5) / 6) * np.log(np.linalg.det(np.corrcoef(frame.T)))
    return float(stats.chi2.sf(chi2, p * (p - 1) / 2))


class TestBartlettSentence:
    def test_p_above_one_in_a_thousand_is_stated_with_equals(self, example_results):
        """Staff: Bartlett p ≈ 0.006 reads 'p = 0.006' in both languages."""
        p = _bartlett_p(_staff_valid()[["sat_1", "sat_2", "sat_3"]])
        assert 0.001 < p < 0.05
        stated = f"{p:.3f}"
        for lang in ("zh-CN", "en"):
            texts = _paragraphs(build_report(replace(example_results, lang=lang)), "reliability")
            hits = [t for t in texts if "Bartlett" in t and "12.37" in t]
            assert hits and all(f"p = {stated}" in t for t in hits), hits

    def test_p_below_one_in_a_thousand_has_no_equals(self, example_results):
        """Residents: Bartlett p < 0.001 reads 'p < 0.001', never 'p = < 0.001'."""
        for lang in ("zh-CN", "en"):
            texts = _paragraphs(build_report(replace(example_results, lang=lang)), "reliability")
            hits = [t for t in texts if "Bartlett" in t and "683.87" in t]
            assert hits and all("p < 0.001" in t and "= <" not in t for t in hits), hits


class TestDifferenceSentence:
    def test_significant_difference_states_raw_and_holm_p(self, example_results):
        """Department × sat_1: the sentence gives p = 0.010 (as the table) and the Holm p 0.030."""
        staff = _staff_valid()
        groups = [g["sat_1"].to_numpy() for _, g in staff.groupby("department")]
        h, p = stats.kruskal(*groups)
        holm = min(1.0, 3 * p)  # the smallest of the three item p-values of the family
        texts = _paragraphs(build_report(example_results, detail="full"), "annex")
        hits = [t for t in texts if f"{h:.2f}" in t and "Kruskal" in t]
        assert len(hits) == 1
        assert f"p = {p:.3f}" in hits[0]
        assert re.search(rf"Holm[^，,]*p = {holm:.3f}", hits[0]), hits[0]

    def test_english_sentence_says_the_same_numbers(self, example_results):
        """--lang en gives the same raw and Holm-adjusted p."""
        texts = _paragraphs(build_report(replace(example_results, lang="en"), detail="full"),
                            "annex")
        hits = [t for t in texts if "13.27" in t]
        assert len(hits) == 1
        assert "p = 0.010" in hits[0] and re.search(r"Holm[- ]adjusted p = 0\.030", hits[0])
