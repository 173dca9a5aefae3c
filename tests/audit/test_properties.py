"""Properties: figures computed correctly from any data never raise an error finding; the
audit layer imports only what the layer contract allows."""

from __future__ import annotations

import ast
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from survey.audit.run import audit_text
from tests.conftest import ROOT

_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "truncate": ROUND_DOWN}
_LEVELS = ["非常满意", "满意", "一般", "不满意", "非常不满意"]


def share(k: int, n: int, decimals: int, mode: str) -> str:
    value = Decimal(100 * k) / Decimal(n)
    return str(value.quantize(Decimal(1).scaleb(-decimals), rounding=_MODES[mode]))


@st.composite
def distributions(draw):
    options = draw(st.integers(2, 5))
    counts = draw(st.lists(st.integers(0, 120), min_size=options, max_size=options)
                  .filter(lambda c: sum(c) > 0))
    return counts, draw(st.integers(0, 2)), draw(st.sampled_from(list(_MODES)))


class TestNoFalseAlarms:
    @settings(max_examples=150, deadline=None)
    @given(distributions())
    def test_correct_share_lists(self, drawn):
        """Counts and shares of any answer distribution, rounded one common way: no error."""
        counts, decimals, mode = drawn
        n = sum(counts)
        parts = [f"“{_LEVELS[i]}”的 {k} 人，占 {share(k, n, decimals, mode)}%"
                 for i, k in enumerate(counts)]
        text = f"在 {n} 名受访者中，选择" + "；".join(parts) + "。"
        assert [f.code for f in audit_text(text).errors] == []

    @settings(max_examples=150, deadline=None)
    @given(distributions())
    def test_correct_shares_without_counts(self, drawn):
        """Shares alone, with their base: no error, whatever the rounding."""
        counts, decimals, mode = drawn
        n = sum(counts)
        shares = "、".join(f"{share(k, n, decimals, mode)}%" for k in counts)
        labels = "”“".join(_LEVELS[:len(counts)])
        text = f"在 {n} 份有效问卷中，选择“{labels}”的比例分别为 {shares}。"
        assert [f.code for f in audit_text(text).errors] == []

    @settings(max_examples=150, deadline=None)
    @given(distributions())
    def test_counts_with_shares_of_an_earlier_base(self, drawn):
        """Counts beside their shares of 调查人数, the valid count in the section before: no error."""
        counts, decimals, mode = drawn
        n = sum(counts)
        parts = [f"表示“{_LEVELS[i]}”的有{k}人，占调查人数的{share(k, n, decimals, mode)}%"
                 for i, k in enumerate(counts)]
        text = f"一、调查概况\n共回收有效问卷{n}份。\n二、调查结果\n" + "；".join(parts) + "。"
        assert [f.code for f in audit_text(text).errors] == []

    @settings(max_examples=150, deadline=None)
    @given(distributions(), st.integers(0, 30), st.booleans())
    def test_satisfaction_rate_from_level_counts(self, drawn, unknown, without_unknown):
        """(非常满意 + 满意) ÷ n, with or without the 不了解 answers, in any rounding: no error."""
        counts, decimals, mode = drawn
        counts = (counts + [0, 0])[:5] if len(counts) >= 2 else counts
        n = sum(counts) + unknown
        base = n - unknown if without_unknown else n
        satisfied = sum(counts[:2])
        if base == 0:
            return
        listed = "、".join(f"{_LEVELS[i]}{k}人" for i, k in enumerate(counts))
        text = (f"本次共回收有效问卷{n}份。\n{listed}、不了解{unknown}人，"
                f"满意率为{share(satisfied, base, decimals, mode)}%。")
        assert [f.code for f in audit_text(text).errors] == []

    @settings(max_examples=150, deadline=None)
    @given(distributions(), st.integers(0, 40), st.booleans())
    def test_shares_of_the_returned_or_issued_count(self, drawn, extra, of_issued):
        """Shares with no base beside them, of the returned or the issued count: no error."""
        counts, decimals, mode = drawn
        returned = sum(counts)
        issued = returned + extra
        over = issued if of_issued else returned
        listed = "，".join(f"认为“{_LEVELS[i]}”的占{share(k, over, decimals, mode)}%"
                           for i, k in enumerate(counts))
        text = f"一、概况\n本次共发放问卷{issued}份，回收问卷{returned}份。\n二、结果\n关于服务，{listed}。"
        assert [f.code for f in audit_text(text).errors] == []

    @settings(max_examples=150, deadline=None)
    @given(issued=st.integers(1, 2000), data=st.data(), decimals=st.integers(0, 2),
           mode=st.sampled_from(list(_MODES)))
    def test_correct_fieldwork(self, issued, data, decimals, mode):
        """Any issued ≥ returned ≥ valid with their rates: no error."""
        returned = data.draw(st.integers(1, issued))
        valid = data.draw(st.integers(0, returned))
        text = (f"本次发放问卷 {issued} 份，回收 {returned} 份，回收率 {share(returned, issued, decimals, mode)}%；"
                f"有效问卷 {valid} 份，有效率 {share(valid, returned, decimals, mode)}%，"
                f"有效回收率 {share(valid, issued, decimals, mode)}%。")
        assert [f.code for f in audit_text(text).errors] == []


_ALLOWED = ("survey.audit", "survey.errors", "survey.rounding", "survey.locale",
            "survey._archive")


def test_audit_layer_imports_only_its_contract():
    """survey/audit uses survey.errors, .rounding, .locale and ._archive
    (the zip-bomb check before a .docx is opened), nothing else."""
    used = set()
    for path in Path(ROOT, "survey", "audit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                used.add(node.module)
            elif isinstance(node, ast.Import):
                used |= {alias.name for alias in node.names}
    survey_modules = {m for m in used if m == "survey" or m.startswith("survey.")}
    assert survey_modules and all(m.startswith(_ALLOWED) for m in survey_modules), survey_modules
