"""``survey reliability``: the JSON contract, exit codes, and user errors without tracebacks."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from survey.cli import main
from survey.stats.reliability import cronbach_alpha
from tests.conftest import ROOT

ROWS = "a,b,c,d\n1,2,1,5\n2,2,3,4\n3,4,3,2\n4,4,5,1\n5,5,4,2\n2,3,2,4\n"


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


class TestReliabilityCommand:
    def test_json_contract_and_clean_exit(self, data_file, capsys):
        """--json prints the contract; a clean scale exits 0."""
        code = main(["reliability", str(data_file), "--items", "a,b,c", "--json"])
        block = _json(capsys)
        assert code == 0
        expected = cronbach_alpha(pd.read_csv(data_file)[["a", "b", "c"]])
        assert block["alpha"] == pytest.approx(expected.alpha)
        assert block["n_respondents"] == 6 and block["missing"] == "listwise"
        assert [row["item"] for row in block["items"]] == ["a", "b", "c"]
        assert set(block["kmo"]["per_item"]) == {"a", "b", "c"}
        assert block["bartlett"]["df"] == 3 and block["warnings"] == []

    def test_reverse_flag_reverses(self, data_file, capsys):
        """--reverse d scores d as low + high − d and says so."""
        main(["reliability", str(data_file), "--items", "a,b,c,d", "--reverse", "d",
              "--scale-range", "1,5", "--json"])
        block = _json(capsys)
        frame = pd.read_csv(data_file)
        assert block["reversed_items"] == ["d"]
        assert block["alpha"] == pytest.approx(cronbach_alpha(frame.assign(d=6 - frame["d"])).alpha)

    def test_unreversed_item_is_flagged_and_exits_1(self, data_file, capsys):
        """An item running against the others: a warning naming it, exit 1."""
        code = main(["reliability", str(data_file), "--items", "a,b,c,d", "--json"])
        block = _json(capsys)
        assert code == 1
        assert "reverse_keyed_suspected" in [w["code"] for w in block["warnings"]]

    def test_pairwise_flag(self, tmp_path, capsys):
        """--missing pairwise keeps rows with gaps and reports the policy."""
        path = tmp_path / "gaps.csv"
        path.write_text("a,b,c\n1,2,1\n2,,3\n3,4,3\n4,4,\n5,5,4\n2,3,2\n", encoding="utf-8")
        main(["reliability", str(path), "--items", "a,b,c", "--missing", "pairwise", "--json"])
        block = _json(capsys)
        assert block["missing"] == "pairwise" and block["n_respondents"] == 6
        assert block["n_pairwise_min"] == 4

    def test_dimensions(self, data_file, capsys):
        """--dimension NAME=A,B adds a block per dimension."""
        main(["reliability", str(data_file), "--items", "a,b,c", "--dimension", "x=a,b",
              "--json"])
        block = _json(capsys)
        assert [d["dimension"] for d in block["dimensions"]] == ["x"]

    def test_undefined_alpha_exits_1_with_reason(self, tmp_path, capsys):
        """Everyone gave the same answers: α is null with its reason, exit 1."""
        path = tmp_path / "same.csv"
        path.write_text("a,b\n5,5\n5,5\n5,5\n", encoding="utf-8")
        code = main(["reliability", str(path), "--items", "a,b", "--json"])
        block = _json(capsys)
        assert code == 1 and block["alpha"] is None and block["reason"] == "zero_total_variance"

    def test_summary_in_chinese_states_the_band(self, data_file, capsys):
        """The text summary in zh-CN states α and its band."""
        main(["reliability", str(data_file), "--items", "a,b,c", "--lang", "zh-CN"])
        out = capsys.readouterr().out
        assert "Cronbach's α" in out and "信度" in out and "KMO" in out

    def test_gbk_file_with_chinese_header(self, tmp_path, capsys):
        """A GBK CSV with Chinese column names is read."""
        path = tmp_path / "gbk.csv"
        path.write_bytes("满意1,满意2,满意3\n1,2,1\n2,2,3\n3,4,3\n4,4,5\n".encode("gbk"))
        code = main(["reliability", str(path), "--items", "满意1,满意2,满意3", "--json"])
        assert code in (0, 1) and _json(capsys)["n_items"] == 3

    def test_excel_file(self, tmp_path, capsys):
        """An .xlsx file is read the same way as its CSV."""
        path = tmp_path / "items.xlsx"
        pd.read_csv(io.StringIO(ROWS)).to_excel(path, index=False)
        main(["reliability", str(path), "--items", "a,b,c", "--json"])
        expected = cronbach_alpha(pd.read_csv(io.StringIO(ROWS))[["a", "b", "c"]])
        assert _json(capsys)["alpha"] == pytest.approx(expected.alpha)

    def test_spss_file(self, tmp_path, capsys):
        """An SPSS .sav file is read (only the item columns)."""
        import pyreadstat

        path = tmp_path / "items.sav"
        frame = pd.read_csv(io.StringIO(ROWS)).astype(float)
        pyreadstat.write_sav(frame, str(path))
        main(["reliability", str(path), "--items", "a,b,c", "--json"])
        assert _json(capsys)["alpha"] == pytest.approx(cronbach_alpha(frame[["a", "b", "c"]]).alpha)

    def test_instrument_takes_items_from_the_questionnaire(self, capsys):
        """--instrument reads the satisfaction items, their dimensions and labels."""
        code = main(["reliability", str(ROOT / "analyses" / "data" / "residents.csv"),
                     "--instrument", str(ROOT / "instruments" / "residents.yaml"), "--json"])
        block = _json(capsys)
        assert code in (0, 1)
        assert block["items_used"] == [f"sat_{i}" for i in range(1, 7)]
        assert [d["dimension"] for d in block["dimensions"]] == ["治理成效", "实施过程", "总体评价"]


class TestReliabilityUserErrors:
    def test_missing_column_exits_2_naming_it(self, data_file, capsys):
        """A column not in the file: exit 2, the column named, no traceback."""
        code = main(["reliability", str(data_file), "--items", "a,b,zz"])
        err = capsys.readouterr().err
        assert code == 2 and "'zz'" in err and "items.csv" in err and "Traceback" not in err

    def test_text_in_numeric_column_exits_2_naming_column_and_row(self, tmp_path, capsys):
        """Text among the codes: exit 2, file, row and column named."""
        path = tmp_path / "text.csv"
        path.write_text("a,b,c\n1,2,1\n2,满意,3\n3,4,3\n", encoding="utf-8")
        code = main(["reliability", str(path), "--items", "a,b,c"])
        err = capsys.readouterr().err
        assert code == 2 and "column 'b'" in err and "row 3" in err and "text.csv" in err

    def test_missing_file_exits_2(self, tmp_path, capsys):
        """A file that does not exist: exit 2."""
        code = main(["reliability", str(tmp_path / "nope.csv"), "--items", "a,b"])
        assert code == 2 and "not found" in capsys.readouterr().err

    def test_items_or_instrument_required(self, data_file, capsys):
        """Neither --items nor --instrument: exit 2 with a sentence."""
        assert main(["reliability", str(data_file)]) == 2
        assert "--items" in capsys.readouterr().err

    @pytest.mark.parametrize("level", ["0", "1", "95", "x"])
    def test_confidence_outside_zero_one_exits_2(self, data_file, level):
        """--confidence must lie strictly between 0 and 1."""
        with pytest.raises(SystemExit) as info:
            main(["reliability", str(data_file), "--items", "a,b", "--confidence", level])
        assert info.value.code == 2
