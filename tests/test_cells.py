"""Formula injection: no text the toolkit writes into a spreadsheet or CSV can run.

A question text ``=HYPERLINK("http://evil","x")`` and an option label ``=cmd|' /C calc'!A0``
went into codebook.xlsx, entry.xlsx and xlsform.xlsx as live formulas, and into codebook.csv
unescaped; an XLSForm label that is harmless text became a live formula after
``instrument import`` then ``build``. Every written cell is read back here with openpyxl
(``data_type == "f"`` is a formula) and every CSV field with the csv module.
"""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from survey._cells import FORMULA_STARTS, neutralise, save_workbook, write_csv
from survey.cli import main
from survey.forms import build_forms
from survey.instrument import load_instrument
from tests.conftest import ROOT

HOSTILE = """id: hostile
title: "=HYPERLINK(\\"http://evil.example\\",\\"点我\\")"
group: {id: g, name: "@SUM(1+1)"}
sections:
  - id: s1
    title: "+cmd|' /C calc'!A0"
    questions:
      - id: q1
        type: single
        text: "=HYPERLINK(\\"http://evil.example\\",\\"x\\")"
        options: [[1, "=cmd|' /C calc'!A0"], [2, "-2+3"]]
      - id: q2
        type: likert_matrix
        text: "@请评价"
        scale: sat5
        items:
          - {id: sat_1, text: "=1+1"}
          - {id: sat_2, text: "\\t=2+2"}
"""


def _formula_cells(path: Path) -> list[str]:
    book = openpyxl.load_workbook(path)
    return [f"{ws.title}!{cell.coordinate}={cell.value!r}" for ws in book.worksheets
            for row in ws.iter_rows() for cell in row if cell.data_type == "f"]


def _csv_fields(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [field for row in csv.reader(handle) for field in row]


@pytest.fixture
def built(tmp_path):
    (tmp_path / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "forms"
    build_forms(load_instrument(tmp_path / "hostile.yaml"), out)
    return out


class TestNoLiveFormula:
    @pytest.mark.parametrize("name", ["codebook.xlsx", "entry.xlsx", "xlsform.xlsx"])
    def test_workbooks_store_the_text_as_text(self, built, name):
        assert _formula_cells(built / name) == []
        book = openpyxl.load_workbook(built / name)
        texts = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
                 if isinstance(c.value, str) and c.value.startswith("=HYPERLINK")]
        if name != "entry.xlsx":  # the entry sheet names questions by number, not by text
            assert texts, "the hostile text itself should still be there, as text"

    def test_codebook_csv_fields_cannot_run(self, built):
        fields = _csv_fields(built / "codebook.csv")
        assert not [f for f in fields if f.startswith(FORMULA_STARTS)]
        assert "'=1+1" in fields and "'+cmd|' /C calc'!A0" in fields

    def test_import_then_build_keeps_text(self, built, tmp_path):
        """An XLSForm label that is text stays text through import and a second build."""
        definition = tmp_path / "imported.yaml"
        assert main(["instrument", "import", str(built / "xlsform.xlsx"),
                     "--out", str(definition)]) in (0, 1)
        again = tmp_path / "again"
        build_forms(load_instrument(definition), again)
        for name in ("codebook.xlsx", "entry.xlsx", "xlsform.xlsx"):
            assert _formula_cells(again / name) == []


class TestWriters:
    @settings(deadline=None)
    @given(st.lists(st.text(max_size=12), min_size=1, max_size=8))
    def test_csv_fields_are_the_texts_neutralised(self, texts):
        """Read back field by field, each is its text with a quote before a formula start."""
        import tempfile

        frame = pd.DataFrame({"text": texts})
        with tempfile.TemporaryDirectory() as tmp:
            path = write_csv(frame, Path(tmp) / "x.csv")
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.reader(handle))
        fields = [row[0] if row else "" for row in rows[1:]]  # an empty text is an empty line
        assert fields == [neutralise(t) for t in texts]
        assert not [f for f in fields if f.startswith(FORMULA_STARTS)]

    def test_numbers_stay_numbers(self, tmp_path):
        book = openpyxl.Workbook()
        book.active.append([-5, 3.5, "=A1*2", "-x"])
        save_workbook(book, tmp_path / "x.xlsx")
        cells = list(openpyxl.load_workbook(tmp_path / "x.xlsx").active.iter_rows())[0]
        assert [c.value for c in cells] == [-5, 3.5, "=A1*2", "-x"]
        assert [c.data_type for c in cells] == ["n", "n", "s", "s"]



def _old_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The former ``_safe``: every non-numeric cell through :func:`neutralise`, one call each."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise, na_action="ignore")
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe


_CELL_TEXT = st.one_of(st.sampled_from(["", "=1+1", "+", "-2", "@x", "\t=a", "\r", "a=b",
                                        "－1", " =1", "'=x", "满意"]),
                       st.text(max_size=6))
_BLANK = st.sampled_from([None, float("nan")])


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False, lineterminator="\r\n").encode()


class TestSafeFrame:
    """``_safe`` (text columns tested once per distinct text) writes what the per-cell
    former one wrote, and no field it writes starts a formula."""

    @settings(deadline=None, max_examples=200)
    @given(st.lists(st.one_of(_CELL_TEXT, _BLANK), min_size=0, max_size=30),
           st.sampled_from(["object", "str", "category"]),
           st.sampled_from(["text", "=name", "-", "@a"]))
    def test_text_columns_as_the_per_cell_rule(self, cells, dtype, name):
        from survey._cells import _safe

        frame = pd.DataFrame({name: pd.Series(cells, dtype=object).astype(dtype),
                              "n": range(len(cells))})
        new, old = _safe(frame), _old_safe(frame)
        assert _csv_bytes(new) == _csv_bytes(old)
        assert list(new.columns) == list(old.columns)
        for a, b in zip(new.iloc[:, 0].tolist(), old.iloc[:, 0].tolist(), strict=True):
            assert a == b or (pd.isna(a) and pd.isna(b))
        assert frame.iloc[:, 0].tolist() == frame.iloc[:, 0].tolist()  # input left alone
        written = [c for c in new.iloc[:, 0].tolist() if isinstance(c, str)]
        assert not [c for c in written if c.startswith(FORMULA_STARTS)]

    @settings(deadline=None, max_examples=100)
    @given(st.lists(st.one_of(_CELL_TEXT, _BLANK, st.integers(-3, 3), st.booleans(),
                              st.floats(allow_nan=False, width=16)), max_size=20))
    def test_mixed_columns_as_the_per_cell_rule(self, cells):
        from survey._cells import _safe

        frame = pd.DataFrame({"mixed": pd.Series(cells, dtype=object)})
        assert _csv_bytes(_safe(frame)) == _csv_bytes(_old_safe(frame))

    def test_texts_pyarrow_cannot_hold(self):
        """A lone surrogate (a text pyarrow refuses) is tested a distinct text at a time."""
        from survey._cells import _safe

        frame = pd.DataFrame({"t": ["=\ud800", "\ud800", None, "=\ud800", "-"]}, dtype=object)
        assert _safe(frame)["t"].tolist() == ["'=\ud800", "\ud800", None, "'=\ud800", "'-"]

    @pytest.mark.parametrize("encoding", ["utf-8-sig", "UTF-8-SIG", "utf-8", "gbk"])
    def test_file_as_pandas_wrote_it(self, tmp_path, encoding):
        """The bytes of the former ``to_csv(path, encoding=...)`` (its byte-order mark
        included), the field holding a CR quoted."""
        frame = pd.DataFrame({"=t": ["=1", "满意", None, "a\rb", "x,y"], "n": [1, 2, 3, 4, 5]})
        write_csv(frame, tmp_path / "new.csv", encoding=encoding)
        _old_safe(frame).to_csv(tmp_path / "old.csv", index=False, encoding=encoding,
                                lineterminator="\r\n")
        assert (tmp_path / "new.csv").read_bytes() == (tmp_path / "old.csv").read_bytes()

    def test_only_formula_cells_change(self):
        from survey._cells import _safe

        frame = pd.DataFrame({"t": ["=1", "ok", None, "=1", "-x", "x-"]})
        assert _safe(frame)["t"].tolist()[:2] == ["'=1", "ok"]
        assert _safe(frame)["t"].tolist()[3:] == ["'=1", "'-x", "x-"]
        assert frame["t"].tolist()[0] == "=1"


def test_every_spreadsheet_and_csv_goes_through_survey_cells():
    """No module but survey/_cells.py saves a workbook or writes a frame as CSV/Excel."""
    offenders = []
    for path in sorted((ROOT / "survey").rglob("*.py")):
        if path.name == "_cells.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("to_csv", "to_excel", "save")
                    and not (node.func.attr == "save" and _is_document(node))):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}()")
    assert offenders == []


def _is_document(node: ast.Call) -> bool:
    """``document.save(...)`` of python-docx is not a spreadsheet."""
    target = ast.unparse(node.func.value)
    return "doc" in target.lower()
