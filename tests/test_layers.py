"""The layer contract: data flows one way, instrument → … → report → pipeline/cli.

A module may import from its own layer and the layers before it, never from a later one;
``forms`` and ``responses`` are siblings and do not import each other; ``audit`` reads other
people's reports and depends only on the base modules and ``stats.intervals``.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

BASE = {"errors", "rounding", "locale", "jsonable", "_version", "_yaml"}
RANK = {
    "instrument": 1, "analysis": 1,
    "forms": 2, "responses": 2,
    "screening": 3,
    "stats": 4,
    "scoring": 5,
    "report": 6,
    "pipeline": 7, "cli": 7, "__init__": 7, "__main__": 7,
}
AUDIT_MAY_USE = BASE | {"stats.intervals", "audit"}


def _layer(module: str) -> str:
    """'survey.stats.reliability' → 'stats'."""
    return module.split(".")[1] if module.count(".") >= 1 else "__init__"


def _imports(path: Path) -> list[tuple[int, str]]:
    """Runtime imports of survey modules (those under ``if TYPE_CHECKING:`` are annotations only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
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
                                          and own_rank != 7):
                problems.append(f"{rel}:{line} ({own}) imports {module} ({target})")
    return problems


def test_imports_flow_one_way():
    """No module imports from a later stage of the chain."""
    assert _violations() == []
