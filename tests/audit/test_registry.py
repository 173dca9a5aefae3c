"""The registry: every claim kind and finding code declared once, with its details type,
severities and messages; extractors and checks bound with explicit precedence; the audit
package free of import cycles and of function-level imports."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from survey.audit import registry
from survey.audit.checks import CHECKS
from survey.audit.claims import extract_claims
from survey.audit.context import Context
from survey.audit.findings import make_finding
from survey.audit.inline import read_patterns
from survey.audit.registry import (
    CODES,
    KINDS,
    ClaimKind,
    CountDetails,
    KindSpec,
    Severity,
    ShareDetails,
    make_details,
)
from survey.audit.text import document_from_lines
from survey.locale import _table
from tests.conftest import ROOT

AUDIT = Path(ROOT, "survey", "audit")

LAZY_IMPORTS = {
    # lxml (the .docx reader) is loaded only when a .docx report is read
    ("text.py", "lxml"),
}
"""The function-level imports survey/audit may have: heavy and rarely needed."""


def _locale(lang: str) -> dict[str, str]:
    return dict(_table(lang))  # type: ignore[arg-type]


class TestDeclarations:
    def test_every_kind_declared_once(self):
        """Each ClaimKind has its KindSpec, and each spec is filed under its own kind."""
        assert set(KINDS) == set(ClaimKind)
        assert all(spec.kind is kind for kind, spec in KINDS.items())

    @pytest.mark.parametrize("lang", ["en", "zh-CN"])
    def test_every_kind_has_a_name(self, lang):
        """The reader's word for every kind exists in both languages."""
        messages = _locale(lang)
        assert [s.name_key for s in KINDS.values() if s.name_key not in messages] == []

    @pytest.mark.parametrize("lang", ["en", "zh-CN"])
    def test_every_code_variant_has_its_message(self, lang):
        """Each declared variant's message and each code's title exist."""
        messages = _locale(lang)
        missing = [k for spec in CODES.values() for k in spec.message_keys() if k not in messages]
        assert missing == []

    @pytest.mark.parametrize("lang", ["en", "zh-CN"])
    def test_no_message_for_an_undeclared_variant(self, lang):
        """A locale key named after a code is one of its declared messages (no stale ones)."""
        declared = {k for spec in CODES.values() for k in spec.message_keys()}
        stale = [key for key in _locale(lang) for code in CODES
                 if (key == f"audit_{code}" or key.startswith(f"audit_{code}_"))
                 and key not in declared]
        assert stale == []

    def test_codes_are_the_published_list(self):
        """The 19 codes first published in ``--json`` output stay (new checks add codes)."""
        published = {
            "returned_exceeds_issued", "valid_exceeds_returned", "rate_mismatch",
            "reliability_out_of_range", "correlation_out_of_range", "kmo_out_of_range",
            "bartlett_out_of_range", "percentage_impossible_for_n", "inconsistent_rounding",
            "shares_do_not_sum", "implied_n_differs", "identical_coefficients",
            "alpha_inconsistent_with_item_deleted", "reliability_without_variance",
            "figure_contradiction", "indicator_score_mismatch", "sample_size_formula",
            "satisfaction_rate_undefined", "multiple_choice_over_selections"}
        assert published <= set(CODES)
        assert CODES["rate_over_issued"].severities(None) == (Severity.WARNING,)
        assert "arithmetic_statement" in CODES
        assert CODES["reliability_out_of_range"].severities("negative") == (Severity.WARNING,)
        assert CODES["identical_coefficients"].severities(None) == (Severity.ERROR,
                                                                    Severity.WARNING)


class TestBinding:
    def test_every_code_raised_by_a_check(self):
        """Each declared code is named by at least one bound check."""
        raised = {code for c in registry.checks() for code in c.codes}
        assert raised == set(CODES)

    def test_checks_in_declared_order(self):
        """check_claims runs the bound checks by their order field."""
        bound = registry.checks()
        assert [c.order for c in bound] == sorted(c.order for c in bound)
        assert tuple(c.function for c in bound) == CHECKS
        assert CHECKS[0].__name__ == "check_fieldwork_order"

    def test_extractor_precedence_is_explicit(self):
        """Tables first (by their headers, then rows of fractions), then sentence readers, then share lists, then arithmetic statements
        (which claim no number); no two share a priority."""
        bound = registry.extractors()
        priorities = [e.priority for e in bound]
        assert len(set(priorities)) == len(priorities) == len(bound)
        names = [e.name.rsplit(".", 1)[-1] for e in bound]
        assert names[0] == "extract" and bound[0].scope == "document"
        assert bound[1].name == "survey.audit.fractions.extract_rows"  # a PDF table's (n/N) rows
        assert [e.name for e in bound[-2:]] == ["survey.audit.shares.extract",
                                                "survey.audit.statements.extract"]
        assert names.index("_respectively") < names.index("_fieldwork") < names.index("_satisfaction")

    def test_duplicate_priority_refused(self):
        """Binding a second extractor at a taken priority is a programming error."""
        with pytest.raises(ValueError, match="priority 21 is taken"):
            registry.extractor(priority=21, name="test.duplicate")(lambda ctx, block: [])

    def test_undeclared_code_refused(self):
        """A check may only name declared codes."""
        with pytest.raises(ValueError, match="undeclared codes"):
            registry.check("no_such_code", order=999)

    def test_finding_with_undeclared_severity_refused(self):
        """make_finding refuses a severity the code does not declare."""
        doc = document_from_lines(["本次发放问卷30份，回收有效问卷46份。"])
        claim = extract_claims(doc)[0]
        with pytest.raises(ValueError, match="not declared with severity warning"):
            make_finding(doc, "returned_exceeds_issued", Severity.WARNING, [claim], "en",
                         returned="46", issued="30")


class TestDetails:
    def test_typed_per_kind(self):
        """A claim's details are its kind's declared type."""
        doc = document_from_lines(["在 46 份有效问卷中，男性 31 人，占 67.39%；女性 15 人，占 32.61%。",
                                   "本次发放问卷30份，回收有效问卷28份。"])
        claims = extract_claims(doc)
        share = next(c for c in claims if c.kind is ClaimKind.SHARE)
        count = next(c for c in claims if c.kind is ClaimKind.ISSUED)
        assert isinstance(share.details, ShareDetails) and share.details.count == 31
        assert isinstance(count.details, CountDetails) and count.details.part is False

    def test_unknown_field_refused(self):
        """A misspelt detail names the kind and the field instead of vanishing."""
        with pytest.raises(TypeError, match="share: ShareDetails has no field cuont"):
            make_details(ClaimKind.SHARE, {"cuont": 3})

    def test_mapping_reads(self):
        """get/[]/in read the fields; get answers the default for another kind's field."""
        details = make_details(ClaimKind.SHARE, {"count": 31, "complete": True})
        assert details["count"] == 31 and details.get("complete") is True
        assert details.get("part") is None and details.get("bases", [7]) == [7]
        assert "count" in details and "bases" not in details
        with pytest.raises(KeyError):
            details["part"]

    def test_json_leaves_out_what_was_not_said(self):
        """Only fields away from their default reach ``--json``."""
        details = make_details(ClaimKind.INDICATOR, {"weight": "5", "rules": []})
        assert details.to_dict() == {"weight": "5", "rules": []}


class TestPatternKinds:
    def test_generic_reader(self):
        """A kind declared with patterns is read by the generic reader: its number, not a
        threshold (以上), and percentages when the match says so."""
        spec = KindSpec(ClaimKind.BASE, patterns=(re.compile(r"基数\s*(?P<num>\d+)\s*(?P<pct>%)?"),),
                        priority=85)
        doc = document_from_lines(["基数 46，另一基数 50 以上，基数 7%。"])
        ctx = Context(doc)
        found = [c for c in read_patterns(ctx, doc.blocks[0], spec) if c is not None]
        assert [(c.kind, c.text, c.percent) for c in found] == [
            (ClaimKind.BASE, "46", False), (ClaimKind.BASE, "7", True)]

    def test_spec_needs_priority_and_num(self):
        """A pattern kind without a priority, or a pattern without ``num``, is refused."""
        with pytest.raises(ValueError, match="needs a priority"):
            KindSpec(ClaimKind.BASE, patterns=(re.compile(r"(?P<num>\d+)"),))
        with pytest.raises(ValueError, match="num"):
            KindSpec(ClaimKind.BASE, patterns=(re.compile(r"\d+"),), priority=85)


class TestImports:
    def test_no_function_level_imports(self):
        """Every import in survey/audit is at module level, but the listed lazy heavy ones."""
        found = set()
        for path in sorted(AUDIT.rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            top = {id(n) for n in tree.body}
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in top:
                    names = [node.module] if isinstance(node, ast.ImportFrom) else [
                        a.name for a in node.names]
                    found |= {(str(path.relative_to(AUDIT)), n) for n in names}
        assert found == LAZY_IMPORTS

    def test_no_import_cycles(self):
        """The audit modules import one another without a cycle."""
        graph: dict[str, set[str]] = {}
        modules = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                   for p in AUDIT.rglob("*.py")}
        for path in AUDIT.rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            edges = graph.setdefault(name, set())
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if isinstance(node, ast.ImportFrom) and node.module in modules:
                    subs = {f"{node.module}.{a.name}" for a in node.names}
                    edges |= (subs & modules) or {node.module}
                elif isinstance(node, ast.Import):
                    edges |= {a.name for a in node.names if a.name in modules}
        # a package importing its own submodules is how packages work, not a cycle
        for name in graph:
            graph[name] -= {m for m in modules if name.startswith(m + ".")}
        state: dict[str, int] = {}

        def visit(node: str, path: list[str]) -> list[str] | None:
            state[node] = 1
            for nxt in sorted(graph.get(node, ())):
                if state.get(nxt) == 1:
                    return [*path, node, nxt]
                if nxt not in state:
                    cycle = visit(nxt, [*path, node])
                    if cycle:
                        return cycle
            state[node] = 2
            return None

        cycles = [c for n in sorted(graph) if n not in state and (c := visit(n, []))]
        assert cycles == []

    def test_audit_does_not_load_scipy(self):
        """Auditing a sample-size paragraph loads neither scipy nor pandas."""
        code = ("import sys; from survey.audit import audit_text; "
                "audit_text('置信水平95%，Z值取1.96，允许误差5%，p取0.5，n=384.16'); "
                "print(sorted(m for m in ('scipy', 'pandas', 'numpy') if m in sys.modules))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, cwd=ROOT)
        assert out.stdout.strip() == "[]"


class TestNormalQuantile:
    @pytest.mark.parametrize("level", [0.80, 0.90, 0.95, 0.98, 0.99, 0.999])
    def test_matches_scipy(self, level):
        """statistics.NormalDist's Φ⁻¹ agrees with scipy's ndtri to 1e-12."""
        from scipy import special

        from survey.audit.arithmetic import normal_quantile
        assert abs(normal_quantile(level) - float(special.ndtri(0.5 + level / 2))) < 1e-12

    def test_known_values(self):
        """1.959964 at 95% and 2.575829 at 99% (standard normal tables)."""
        from survey.audit.arithmetic import normal_quantile
        assert round(normal_quantile(0.95), 6) == 1.959964
        assert round(normal_quantile(0.99), 6) == 2.575829
