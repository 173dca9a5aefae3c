"""The layer contract: data flows one way, instrument → … → results → report → pipeline/cli.

A module may import from its own layer and the layers before it, never from a later one;
``forms`` and ``responses`` are siblings and do not import each other; ``audit`` reads other
people's reports and depends only on the base modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

BASE = {"errors", "redaction", "rounding", "locale", "jsonable", "_version", "_yaml", "_archive",
        "_atomic", "_cells", "quantities", "_staging"}
RANK = {
    "instrument": 1, "analysis": 1,
    "forms": 2, "responses": 2,
    "draft": 2.5,
    "screening": 3,
    "stats": 4,
    "scoring": 5,
    "results": 6,
    "report": 7,
    "pipeline": 8, "cli": 8, "__init__": 8, "__main__": 8,
}
AUDIT_MAY_USE = BASE | {"audit"}


def _layer(module: str) -> str:
    """'survey.stats.reliability' → 'stats'."""
    return module.split(".")[1] if module.count(".") >= 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    """Imports of survey modules, those under ``if TYPE_CHECKING:`` included: an annotation
    that names a later layer's type is a dependency on that layer all the same."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("survey"):
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("survey")]
    return found


def _violations() -> list[str]:
    problems = []
    for path in sorted((ROOT / "survey").rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        own = rel.parts[1] if len(rel.parts) > 1 else "__init__"
        own = own.removesuffix(".py")
        for line, module in _imports(path):
            if module == "survey":
                target = "__init__"
            else:
                target = _layer(module)
            if own == "audit":
                dotted = module.removeprefix("survey.")
                if not any(dotted == m or dotted.startswith(m + ".") for m in AUDIT_MAY_USE):
                    problems.append(f"{rel}:{line} audit imports {module}")
                continue
            if target in BASE or target == own:
                continue
            if target == "audit" and own in ("cli", "__init__"):
                continue
            own_rank, target_rank = RANK.get(own, 0), RANK.get(target, 99)
            if target_rank > own_rank or (target_rank == own_rank and target != own
                                          and own_rank != 8):
                problems.append(f"{rel}:{line} ({own}) imports {module} ({target})")
    return problems


def test_imports_flow_one_way():
    """No module imports from a later stage of the chain."""
    assert _violations() == []


def test_typing_only_imports_count(tmp_path):
    """An import under ``if TYPE_CHECKING:`` is a dependency too: the report may not name
    the pipeline's types even for annotations (they live in ``survey.results``)."""
    module = tmp_path / "m.py"
    module.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from survey.pipeline import AnalysisResults\n", encoding="utf-8")
    assert _imports(module) == [(3, "survey.pipeline")]


def test_results_sit_between_scoring_and_report():
    assert RANK["scoring"] < RANK["results"] < RANK["report"] < RANK["pipeline"]
