"""``survey inspect``: platform, encoding, rows and columns of a file, no instrument needed."""

from __future__ import annotations

import json

from survey.cli import main
from survey.responses import inspect_file
from tests.conftest import ROOT, shared_path


class TestInspectFile:
    def test_wjx_code_download(self):
        """The 按选项序号 download: 800 rows, 36 columns, split options under question 6."""
        found = inspect_file(shared_path("data", "wjx", "wjx_800_800_2.xls"))
        assert (found.platform, found.encoding, found.rows, len(found.columns)) == (
            "wjx", None, 800, 36)
        by_column = {c.column: c for c in found.columns}
        assert (by_column["第6题(IT数码)"].question, by_column["第6题(IT数码)"].option) == (6, "IT数码")
        assert by_column["来自IP"].kind == "ip" and by_column["序号"].kind == "respondent_id"
        assert by_column["3、性别"].question == 3 and by_column["3、性别"].kind == "question"

    def test_generic_gbk_csv(self):
        """The bundled residents' file: generic, GB18030 (GBK), 306 rows."""
        found = inspect_file(ROOT / "analyses/data/residents.csv")
        assert (found.platform, found.encoding, found.rows) == ("generic", "gb18030", 306)
        assert found.columns[0].kind == "respondent_id"

    def test_counts_rows_of_a_large_csv_without_reading_it_as_text(self, tmp_path):
        """Every row is counted, not just the sample."""
        path = tmp_path / "big.csv"
        path.write_text("a,b\n" + "1,2\n" * 5000, encoding="utf-8")
        assert inspect_file(path).rows == 5000

    def test_personal_column_found_by_values(self, tmp_path):
        """A column of phone numbers is reported as phone, and no value is printed."""
        path = tmp_path / "r.csv"
        path.write_text("id,备用\n1,13812345678\n2,13900001111\n", encoding="utf-8")
        found = inspect_file(path)
        assert found.columns[1].kind == "phone"
        assert "13812345678" not in json.dumps(found.to_dict(), ensure_ascii=False)


class TestInspectCli:
    def test_json_contract(self, capsys):
        """--json prints platform, encoding, rows and columns with their four keys."""
        code = main(["inspect", str(shared_path("data", "wjx", "wjx_800_800_0.xls")), "--json"])
        data = json.loads(capsys.readouterr().out)
        assert code == 0
        assert set(data) == {"platform", "encoding", "rows", "columns"}
        assert set(data["columns"][0]) == {"column", "question", "option", "kind"}
        assert data["platform"] == "wjx" and data["rows"] == 800

    def test_table_names_the_platform(self, capsys):
        """The terminal summary names 问卷星."""
        main(["inspect", str(shared_path("data", "wjx", "wjx_800_800_0.xls")), "--lang", "zh-CN"])
        assert "问卷星" in capsys.readouterr().out

    def test_unreadable_file_exits_2(self, tmp_path, capsys):
        """A broken workbook is a user error with the file named, no traceback."""
        path = tmp_path / "broken.xlsx"
        path.write_bytes(b"not a zip")
        assert main(["inspect", str(path)]) == 2
        err = capsys.readouterr().err
        assert "broken.xlsx" in err and "Traceback" not in err
