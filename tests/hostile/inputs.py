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
        "id: ctl\ntitle: Control\ngroup: {id: g, name: G}\nsections:\n  - id: s1\n    title: One\n    questions:\n"
        f'      - {{id: q1, type: single, text: "Red{char}[31m alert",'
        " options: [{code: 1, label: Yes}, {code: 2, label: No}]}\n",
        encoding="utf-8")
    return path


def huge_rating(folder: Path, maximum: int = 300_000_000, key: str = "max") -> Path:
    """An instrument with one rating question whose ``key`` (max, or ranks of a ranking)
    is ``maximum``."""
    if key == "ranks":
        question = (f"{{id: q1, type: ranking, text: Rank, ranks: {maximum}, options: "
                    "[{code: 1, label: A}, {code: 2, label: B}]}")
    else:
        question = f"{{id: q1, type: rating, text: Rate, min: 0, {key}: {maximum}}}"
    path = folder / "range.yaml"
    path.write_text("id: rng\ntitle: Range\ngroup: {id: g, name: G}\nsections:\n  - id: s1\n    title: One\n"
                    f"    questions:\n      - {question}\n", encoding="utf-8")
    return path


def _xlsform(path: Path, survey_rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label", "relevant"])
    for row in survey_rows:
        sheet.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    choices.append(["yn", "1", "Yes"])
    choices.append(["yn", "2", "No"])
    book.save(path)
    return path


def nested_groups(folder: Path, depth: int = 3000) -> Path:
    """An XLSForm whose one question sits inside ``depth`` nested groups."""
    rows: list[list[object]] = [["begin_group", f"g{i}", f"Group {i}"] for i in range(depth)]
    rows.append(["select_one yn", "q1", "Question"])
    rows += [["end_group", f"g{i}"] for i in reversed(range(depth))]
    return _xlsform(folder / "groups.xlsx", rows)


def deep_relevant(folder: Path, depth: int = 3000) -> Path:
    """An XLSForm whose second question is relevant under ``depth`` pairs of brackets."""
    relevant = "(" * depth + "${q1} = '1'" + ")" * depth
    return _xlsform(folder / "relevant.xlsx", [["select_one yn", "q1", "First"],
                                               ["select_one yn", "q2", "Second", relevant]])


def deep_condition(folder: Path, depth: int = 3000) -> Path:
    """An instrument whose show_if holds ``depth`` pairs of brackets."""
    path = folder / "condition.yaml"
    cond = "(" * depth + "q1 == 1" + ")" * depth
    path.write_text(
        "id: c\ntitle: C\ngroup: {id: g, name: G}\nsections:\n  - id: s1\n    title: One\n"
        "    questions:\n      - {id: q1, type: single, text: A, options: [[1, Y], [2, N]]}\n"
        f"      - {{id: q2, type: single, text: B, options: [[1, Y], [2, N]], show_if: '{cond}'}}\n",
        encoding="utf-8")
    return path


def _pad(path: Path, unpacked: int) -> Path:
    """Add one member of ``unpacked`` zero bytes to the zip archive at ``path``."""
    import zipfile

    chunk = bytes(1 << 20)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED,
                         compresslevel=1) as archive, \
            archive.open("xl/media/padding.bin", "w", force_zip64=True) as member:
        for _ in range(unpacked >> 20):
            member.write(chunk)
    return path


def xlsx_bomb(folder: Path, unpacked: int = 64 << 20) -> Path:
    """A small response workbook with a member that unpacks to ``unpacked`` bytes."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["id", "q1"])
    book.active.append([1, 2])
    path = folder / "bomb.xlsx"
    book.save(path)
    return _pad(path, unpacked)


def xlsform_bomb(folder: Path, unpacked: int = 64 << 20) -> Path:
    """A one-question XLSForm with a member that unpacks to ``unpacked`` bytes."""
    return _pad(_xlsform(folder / "form.xlsx", [["select_one yn", "q1", "First"]]), unpacked)


def docx_bomb(folder: Path, unpacked: int = 64 << 20) -> Path:
    """A one-paragraph Word report with a member that unpacks to ``unpacked`` bytes."""
    import docx

    document = docx.Document()
    document.add_paragraph("α = 0.85")
    path = folder / "report.docx"
    document.save(str(path))
    return _pad(path, unpacked)


def uncalculated_formula(folder: Path) -> Path:
    """A response workbook whose q2 cell in row 3 is a formula saved without its value."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "q1", "q2"])
    sheet.append(["A1", 3, 4])
    sheet.append(["A2", 2, "=B3+1"])  # openpyxl writes formulas but never calculates them
    path = folder / "formula.xlsx"
    book.save(path)
    return path


def large_instrument(folder: Path, megabytes: int = 16) -> Path:
    """A well-formed instrument of ``megabytes`` MB: many single-choice questions."""
    question = ("      - {id: q%d, type: single, text: 您对本村道路硬化的情况是否满意（请选择一项）,"
                " options: [[1, 满意], [2, 基本满意], [3, 不满意]]}\n")
    head = "id: big\ntitle: Big\ngroup: {id: g, name: G}\nsections:\n  - id: s1\n    title: One\n    questions:\n"
    path = folder / "large.yaml"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(head)
        written, i = len(head), 0
        while written < megabytes << 20:
            line = question % i
            handle.write(line)
            written += len(line.encode())
            i += 1
    return path
