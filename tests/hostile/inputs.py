"""Small hostile inputs, each made on demand: the reproducers of the robustness run.

Each builder writes one file into a folder and returns its path. The tests in this folder
assert what the toolkit does with them; ``benchmarks/hostile_inputs.py`` times them.
"""

from __future__ import annotations

from pathlib import Path


def alias_bomb(folder: Path, levels: int = 10, fan: int = 9) -> Path:
    """A ~500-byte instrument whose nested aliases expand to ``fan ** levels`` values."""
    lines = ['a0: &a0 ["lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * fan)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"id: bomb\ntitle: x\nsections: *a{levels}")
    path = folder / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def deep_yaml(folder: Path, depth: int = 1000) -> Path:
    """An instrument whose ``sections`` value is nested ``depth`` lists deep."""
    path = folder / "deep.yaml"
    path.write_text("id: deep\ntitle: x\nsections: " + "[" * depth + "]" * depth + "\n",
                    encoding="utf-8")
    return path


def control_label(folder: Path, char: str = "\\e") -> Path:
    """A valid instrument whose first question text holds a control character escape."""
    path = folder / "control.yaml"
    path.write_text(
        "id: ctl\ntitle: Control\nsections:\n  - id: s1\n    title: One\n    questions:\n"
        f'      - {{id: q1, type: single, text: "Red{char}[31m alert",'
        " options: [{code: 1, label: Yes}, {code: 2, label: No}]}\n",
        encoding="utf-8")
    return path
