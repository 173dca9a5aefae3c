"""Reading whole files onto instruments: the real 问卷星 downloads, 腾讯问卷, every format."""

from __future__ import annotations

import collections

import pandas as pd
import pyreadstat
import pytest
import xlrd

from survey.instrument import load_instrument
from survey.responses import file_sha256, read_response_file, read_responses
from survey.screening import screen_responses
from tests.conftest import ROOT, shared_path

WJX = ROOT / "tests/responses/data/wjx_phone.yaml"
MINI = ROOT / "tests/responses/data/mini.yaml"
RESIDENTS = ROOT / "instruments/residents.yaml"


def _xls_column(path, header):
    """A column of an .xls file read with xlrd directly (independent of the toolkit)."""
    sheet = xlrd.open_workbook(str(path)).sheet_by_index(0)
    j = [str(sheet.cell_value(0, c)).strip() for c in range(sheet.ncols)].index(header)
    return [sheet.cell_value(i, j) for i in range(1, sheet.nrows)]


@pytest.fixture(scope="module")
def wjx():
    instrument = load_instrument(WJX)
    text = read_response_file(shared_path("data", "wjx", "wjx_800_800_0.xls"), instrument)
    codes = read_response_file(shared_path("data", "wjx", "wjx_800_800_2.xls"), instrument)
    return instrument, text, codes


class TestRealWjxDownloads:
    def test_both_load_every_row_and_variable(self, wjx):
        """800 answers each; every variable of the instrument has a column."""
        _, text, codes = wjx
        assert len(text.frame) == len(codes.frame) == 800
        assert text.mapping.missing == codes.mapping.missing == ()
        assert text.platform == codes.platform == "wjx"

    def test_text_and_code_downloads_agree(self, wjx):
        """按选项文本 and 按选项序号 give the same codes for every answer."""
        _, text, codes = wjx
        numeric = [c for c in text.frame.columns if text.frame[c].dtype == "float64"]
        pd.testing.assert_frame_equal(text.frame[numeric], codes.frame[numeric])

    def test_gender_counts_match_the_file(self, wjx):
        """男 427 and 女 373, as counted from the .xls with xlrd."""
        _, text, _ = wjx
        counted = collections.Counter(_xls_column(shared_path("data", "wjx", "wjx_800_800_0.xls"),
                                                  "3、性别"))
        assert counted == {"男": 427, "女": 373}
        assert text.frame["gender"].value_counts().to_dict() == {1.0: 427, 2.0: 373}

    def test_joined_and_split_multiple_choice_agree_with_the_file(self, wjx):
        """运动 is ticked 479 times in the ┋-joined cells and in the 0/1 column."""
        _, text, codes = wjx
        joined = _xls_column(shared_path("data", "wjx", "wjx_800_800_0.xls"), "6、兴趣爱好")
        assert sum("运动" in str(c).split("┋") for c in joined) == 479
        assert text.frame["hobbies_1"].sum() == codes.frame["hobbies_1"].sum() == 479

    def test_other_text_is_kept_with_its_option(self, wjx):
        """The two 其他〖…〗 prices keep their text (and only the text download has it)."""
        _, text, codes = wjx
        written = text.frame["price_10_text"].dropna().tolist()
        assert sorted(written) == ["亲友赠送的", "我妈买的。"]
        assert codes.frame["price_10_text"].isna().all()

    def test_ip_column_is_personal_and_left_out(self, wjx):
        """来自IP is recognised and kept out of the frame."""
        _, text, _ = wjx
        assert ("来自IP", "ip") in text.mapping.personal
        assert "来自IP" not in text.frame

    def test_screens_as_an_online_survey(self, wjx):
        """Screened as online: no issued count, no 回收率."""
        instrument, text, _ = wjx
        screening = screen_responses(text, instrument, mode="online")
        fw = screening.fieldwork
        assert fw.issued is None and fw.return_rate is None
        assert fw.rates()[0].reason == "no_issued_count"
        assert len(screening.valid) + len(screening.set_aside) == 800


def _tencent_csv(path):
    header = ["编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置省",
              "1.您所在的村", "2.您是否知道本项目？", "3.您对项目的了解程度",
              *[f"4.请您对以下方面作出评价:{t}" for t in
                ("地质安全隐患消除", "植被恢复效果", "扬尘控制", "施工影响控制", "信息公开", "总体效果")],
              "5.您不满意的主要原因是（可多选）:复绿效果不明显", "5.您不满意的主要原因是（可多选）:施工噪声大",
              "5.您不满意的主要原因是（可多选）:其他", "6.您去过治理现场几次？",
              "7.请按重要程度排序", "8.您的意见或建议"]
    rows = [
        ["101", "2026-09-08 10:00:00", "2026-09-08 10:04:05", "4分5秒", "湖南", "石门村", "是",
         "了解一些", "满意", "不满意", "满意", "满意", "满意", "满意", "复绿效果不明显", "", "",
         "2", "安全→绿化→道路", "无"],
        ["102", "2026-09-08 11:00:00", "2026-09-08 11:00:50", "50秒", "湖南", "青岚社区", "否", "",
         "非常满意", "非常满意", "非常满意", "非常满意", "非常满意", "非常满意", "", "", "", "",
         "", ""],
    ]
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8-sig"))
    return path


class TestTencentCsv:
    def test_loads_and_maps(self, tmp_path):
        """腾讯问卷's CSV: 编号 is the id, 答题时长 the time, 'N.题干:选项' the split columns."""
        loaded = read_response_file(_tencent_csv(tmp_path / "tencent.csv"), load_instrument(MINI))
        frame = loaded.frame
        assert loaded.platform == "tencent" and loaded.encoding == "utf-8-sig"
        assert frame["respondent_id"].tolist() == ["101", "102"]
        assert frame["duration_seconds"].tolist() == [245.0, 50.0]
        assert frame["sat_2"].tolist() == [2.0, 5.0]
        assert frame.loc[2, ["reasons_1", "reasons_2", "reasons_3"]].tolist() == [1.0, 0.0, 0.0]
        assert frame.loc[3, ["reasons_1", "reasons_2", "reasons_3"]].isna().all()
        assert frame.loc[2, ["priorities_1", "priorities_2", "priorities_3"]].tolist() == [
            1.0, 2.0, 3.0]
        assert "地理位置省" in loaded.mapping.ignored


def _residents_copies(tmp_path):
    """The bundled residents' answers as GBK CSV, UTF-8-BOM CSV, .sav and .xlsx."""
    source = ROOT / "analyses/data/residents.csv"
    raw = pd.read_csv(source, encoding="gbk", dtype=str, keep_default_na=False)
    gbk = tmp_path / "residents_gbk.csv"
    gbk.write_bytes(source.read_bytes())
    bom = tmp_path / "residents_bom.csv"
    raw.to_csv(bom, index=False, encoding="utf-8-sig")
    numeric = raw.copy()
    for column in numeric.columns:
        if column not in ("respondent_id", "reasons", "suggestion"):
            numeric[column] = pd.to_numeric(numeric[column].replace("", None))
    sav = tmp_path / "residents.sav"
    pyreadstat.write_sav(numeric, str(sav))
    xlsx = tmp_path / "residents.xlsx"
    numeric.replace("", None).to_excel(xlsx, index=False, engine="openpyxl")
    return [gbk, bom, sav, xlsx]


class TestSameAnswersInEveryFormat:
    def test_same_screening_result(self, tmp_path):
        """GBK, UTF-8-BOM, .sav and .xlsx copies give the same set-aside ids and problems."""
        instrument = load_instrument(RESIDENTS)
        results = []
        for path in _residents_copies(tmp_path):
            screening = screen_responses(read_response_file(path, instrument), instrument)
            results.append((sorted(screening.set_aside["respondent_id"]),
                            screening.problems[["row", "rule", "column", "value"]]
                            .astype(str).values.tolist()))
        first = results[0]
        assert first[0] == sorted(["R0017", "R0088", "R0203", "R0064", "R0230", "R0150"])
        for other in results[1:]:
            assert other == first

    def test_each_reading_hands_out_the_files_hash(self, tmp_path):
        """The hash a reading gives (a CSV file's taken while its lines are counted) is
        :func:`file_sha256`'s, in every format."""
        instrument = load_instrument(RESIDENTS)
        for path in _residents_copies(tmp_path):
            assert read_response_file(path, instrument).sha256 == file_sha256(path)

    def test_input_files_are_never_modified(self, tmp_path):
        """Reading and screening every format leaves each file's bytes (SHA-256) unchanged."""
        instrument = load_instrument(RESIDENTS)
        paths = _residents_copies(tmp_path)
        before = {p: file_sha256(p) for p in paths}
        for path in paths:
            screen_responses(read_response_file(path, instrument), instrument)
        assert {p: file_sha256(p) for p in paths} == before


class TestValueLabels:
    def test_codes_recoded_through_labels(self, tmp_path):
        """A .sav whose labels say 1 = 非常满意 is recoded to the instrument's 5."""
        instrument = load_instrument(MINI)
        frame = pd.DataFrame({"respondent_id": ["R1", "R2"], "village": [1.0, 2.0],
                              "aware": [2.0, 2.0], "aware_level": [None, None],
                              **{f"sat_{j}": [1.0, 5.0] for j in range(1, 7)},
                              "reasons": ["", ""], "visits": [1.0, 2.0], "priorities": ["", ""],
                              "suggestion": ["", ""]})
        labels = {f"sat_{j}": {1: "非常满意", 2: "满意", 3: "一般", 4: "不满意", 5: "非常不满意"}
                  for j in range(1, 7)}
        path = tmp_path / "r.sav"
        pyreadstat.write_sav(frame, str(path), variable_value_labels=labels)
        loaded = read_response_file(path, instrument)
        assert loaded.frame["sat_1"].tolist() == [5.0, 1.0]
        assert any(n.code == "recoded_by_value_labels" for n in loaded.mapping.notes)

    def test_user_missing_values_are_missing(self, tmp_path):
        """SPSS user-missing codes (99 = 不适用) are read as missing, not as answers."""
        instrument = load_instrument(MINI)
        frame = pd.DataFrame({"respondent_id": ["R1", "R2"], "village": [1.0, 99.0],
                              "aware": [2.0, 2.0], "aware_level": [None, None],
                              **{f"sat_{j}": [4.0, 5.0] for j in range(1, 7)},
                              "reasons": ["", ""], "visits": [1.0, 2.0], "priorities": ["", ""],
                              "suggestion": ["", ""]})
        path = tmp_path / "r.sav"
        pyreadstat.write_sav(frame, str(path), missing_ranges={"village": [99]})
        assert read_responses(path, instrument)["village"].isna().tolist() == [False, True]


class TestColumnMapFile:
    def test_map_file_resolves_odd_headers(self, tmp_path):
        """Headers no rule could match are mapped by a YAML file."""
        instrument = load_instrument(RESIDENTS)
        raw = pd.read_csv(ROOT / "analyses/data/residents.csv", encoding="gbk", dtype=str)
        renamed = raw.rename(columns={"village": "村别", "sat_1": "满意A"})
        path = tmp_path / "r.csv"
        renamed.to_csv(path, index=False, encoding="utf-8")
        column_map = tmp_path / "map.yaml"
        column_map.write_text("村别: village\n满意A: sat_1\n", encoding="utf-8")
        loaded = read_response_file(path, instrument, column_map=column_map)
        assert loaded.frame["village"].tolist()[:3] == [3.0, 5.0, 4.0]
        assert {m.column: m.how for m in loaded.mapping.matched}["村别"] == "map"
