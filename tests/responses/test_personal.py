"""Personal data: recognised by header and by value, replaced in free text, never output."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from survey.cli import main
from survey.instrument import load_instrument
from survey.responses import IP_KEY_COLUMN, read_response_file
from survey.responses.personal import ip_key, personal_kind, redact_text
from tests.conftest import ROOT

MINI = ROOT / "tests/responses/data/mini.yaml"


class TestPersonalKind:
    @pytest.mark.parametrize(("header", "kind"), [
        ("来自IP", "ip"), ("IP地址", "ip"), ("联系电话", "phone"), ("手机号码", "phone"),
        ("姓名", "name"), ("身份证号", "id_card"), ("电子邮箱", "email"), ("微信号", "contact"),
        ("家庭住址", "address"),
    ])
    def test_by_header(self, header, kind):
        """Headers that name personal data are recognised."""
        assert personal_kind(header) == kind

    @pytest.mark.parametrize("header", ["满意程度", "description", "您的年龄", "ship_date"])
    def test_ordinary_headers_are_not_personal(self, header):
        """Ordinary headers (including words that contain 'ip') are not personal."""
        assert personal_kind(header) is None

    def test_by_values(self):
        """A column of mainland mobile numbers is personal whatever its header."""
        values = pd.Series(["13912345678", "13800001111", None, "15011112222"])
        assert personal_kind("备用", values) == "phone"

    def test_ip_values_with_location(self):
        """问卷星 IP cells carry a location: '1.2.3.4(上海-上海)'."""
        assert personal_kind("x", pd.Series(["1.2.3.4(上海-上海)", "5.6.7.8(北京-北京)"])) == "ip"

    def test_a_few_numbers_do_not_make_a_column_personal(self):
        """Codes such as 1, 2, 3 are not phone numbers."""
        assert personal_kind("q1", pd.Series(["1", "2", "3"])) is None


class TestIpKey:
    def test_equal_addresses_share_a_key(self):
        """The location suffix does not count; the keys are not the addresses."""
        keys = ip_key(pd.Series(["1.2.3.4(上海-上海)", "5.6.7.8", "1.2.3.4", None]))
        assert keys.tolist() == [0, 1, 0, pd.NA]


class TestRedactText:
    def test_replaces_phone_email_id_and_ip(self):
        """Phone numbers, e-mail, identity card numbers and IP addresses are replaced."""
        text = pd.Series(["电话 13812345678", "邮箱 a.b@example.com", "身份证 11010519491231002X",
                          "来自 10.0.0.1", "很满意"])
        out = redact_text(text).tolist()
        assert out == ["电话 [已隐去]", "邮箱 [已隐去]", "身份证 [已隐去]", "来自 [已隐去]", "很满意"]

    def test_keeps_ordinary_numbers(self):
        """Amounts and years stay as written."""
        assert redact_text(pd.Series(["补偿 3000 元，2026 年"])).tolist() == ["补偿 3000 元，2026 年"]


def _personal_csv(path):
    rows = ["respondent_id,village,aware,aware_level,sat_1,sat_2,sat_3,sat_4,sat_5,sat_6,"
            "reasons,visits,priorities,suggestion,姓名,联系电话,IP",
            "R1,1,1,2,5,5,4,4,4,5,,2,,请打 13812345678 联系我,王小明,13812345678,1.2.3.4",
            "R2,2,1,1,4,4,4,4,4,4,,1,,,李四,13900001111,1.2.3.4"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


class TestPersonalDataInOutputs:
    def test_read_leaves_personal_columns_out(self, tmp_path):
        """Names, phones and IPs are not in the responses; the IP survives as a key."""
        loaded = read_response_file(_personal_csv(tmp_path / "r.csv"), load_instrument(MINI))
        assert not {"姓名", "联系电话", "IP"} & set(loaded.frame.columns)
        assert loaded.frame[IP_KEY_COLUMN].tolist() == [0, 0]
        assert dict(loaded.mapping.personal) == {"姓名": "name", "联系电话": "phone", "IP": "ip"}
        assert loaded.frame["suggestion"].iloc[0] == "请打 [已隐去] 联系我"

    def test_kept_when_asked(self, tmp_path):
        """keep_personal=True keeps the columns and the free text as written."""
        loaded = read_response_file(_personal_csv(tmp_path / "r.csv"), load_instrument(MINI),
                                    keep_personal=True)
        assert loaded.frame["姓名"].tolist() == ["王小明", "李四"]
        assert "13812345678" in loaded.frame["suggestion"].iloc[0]

    def test_validate_json_carries_no_personal_value(self, tmp_path, capsys):
        """No name, phone number or IP address reaches the validate output."""
        path = _personal_csv(tmp_path / "r.csv")
        main(["validate", "--instrument", str(MINI), "--responses", str(path), "--json"])
        out = capsys.readouterr().out
        data = json.loads(out)
        assert data["mapping"]["personal"]
        for secret in ("王小明", "李四", "13812345678", "13900001111", "1.2.3.4"):
            assert secret not in out


class TestPersonalQuestionOfTheInstrument:
    def test_numbered_question_is_read_and_redacted(self, tmp_path):
        """A platform column '8、您的意见或建议' full of phone numbers is still question 8,
        read with the numbers replaced."""
        instrument = load_instrument(MINI)
        raw = pd.DataFrame({"序号": ["1", "2"], "提交答卷时间": ["x", "y"], "所用时间": ["60秒", "70秒"],
                            "1、您所在的村": ["石门村", "石门村"], "2、您是否知道本项目？": ["否", "否"],
                            "3、您对项目的了解程度": ["(跳过)", "(跳过)"],
                            **{f"第4题({t})": ["满意", "满意"] for t in (
                                "地质安全隐患消除", "植被恢复效果", "扬尘控制", "施工影响控制",
                                "信息公开", "总体效果")},
                            "5、您不满意的主要原因是（可多选）": ["(跳过)", "(跳过)"],
                            "6、您去过治理现场几次？": ["1", "2"], "7、请按重要程度排序": ["安全", "道路"],
                            "8、您的意见或建议": ["13812345678", "13900001111"]})
        path = tmp_path / "r.csv"
        raw.to_csv(path, index=False, encoding="utf-8")
        loaded = read_response_file(path, instrument)
        assert loaded.frame["suggestion"].tolist() == ["[已隐去]", "[已隐去]"]
        assert loaded.mapping.personal == ()


class TestPersonalIdKind:
    """The ids are tried against each pattern only where their length allows a match: the
    outcome is that of trying every id (the rule written out here, row by row)."""

    @staticmethod
    def _every_id(ids: pd.Series):
        from survey.responses import personal

        values = [v.translate(personal.FULL_WIDTH_FOLD).strip().upper()
                  for v in ids.dropna().astype(str)]
        values = [v for v in values if v]
        if not values:
            return None
        if any(personal._PHONE_ID.match(v) for v in values):
            return "phone"
        if any(personal._ID_CARD_ID.match(v) and personal._id_card_valid(v) for v in values):
            return "id_card"
        share = sum(bool(personal._NAME_ID.match(v)) for v in values) / len(values)
        return "name" if share >= personal._VALUE_SHARE else None

    _IDS = st.lists(st.one_of(
        st.none(),
        st.text(alphabet="0123456789１３８ X x-张李三四东", max_size=19),
        st.text(alphabet="0123456789138+.- \t\n\x0b\x0c\r\x1c\x1f\x85\u3000Xx", max_size=21),
        st.builds("".join, st.lists(st.sampled_from(["1", "3", "8", "86", "+86", " ", "-", ".",
                                                     "\t", "\x1c", "138", "1234", "5678",
                                                     "１", "\u3000"]), max_size=8)),
        st.sampled_from(["13812345678", "１３８１２３４５６７８", " 张三16 ",
                         "11010519491231002X", "11010519491231002x", "11010519491231002Y",
                         "+86 138-1234-5678", "+86\x1c138\t1234.5678", "138 1234 5678\n",
                         " 110105194912310021 ", "110105194912310029", "12345678901234567X"])),
        max_size=12)

    @given(_IDS, st.sampled_from([object, "string", str]))
    def test_equals_trying_every_id(self, ids, dtype):
        """The ASCII ids read at once by pyarrow give what reading each in Python gives."""
        from survey.responses.personal import personal_id_kind

        series = pd.Series(ids, dtype=dtype)
        assert personal_id_kind(series) == self._every_id(series)

    _SHORT_IDS = st.lists(st.one_of(
        st.none(),
        st.text(alphabet="0123456789R-_ ", max_size=12),
        st.sampled_from(["张三16", " 李四 ", "王五1", "13812345678", "1381234567", "ｒ1",
                         "１３８１２３４５６７８", "R0001", "\x85R1", ""])), max_size=10)

    @given(_SHORT_IDS, st.sampled_from(["string", "str"]), st.integers(1, 3),
           st.integers(0, 2))
    def test_short_ascii_ids_in_arrow_memory(self, ids, dtype, parts, skip):
        """Ids held in Arrow memory, in one or several chunks, sliced or not: those all
        ASCII and shorter than a phone number are decided without reading them, with the
        outcome of trying every id (an 11-digit phone number, a name, full-width digits
        and a non-ASCII space around the boundary)."""
        from survey.responses.personal import personal_id_kind

        pieces = [pd.Series(ids[i::parts], dtype=dtype) for i in range(parts)]
        series = pd.concat(pieces, ignore_index=True).iloc[skip:]
        assert personal_id_kind(series) == self._every_id(series)

    def test_short_ascii_ids_decide_at_the_boundary(self):
        """Eleven ASCII characters may be a phone number, ten may not; a short name is
        still found."""
        from survey.responses.personal import personal_id_kind

        plain = pd.Series([f"R{i}" for i in range(1000)], dtype="string")
        assert personal_id_kind(plain) is None
        assert personal_id_kind(pd.concat([plain, pd.Series(["13812345678"], dtype="string")])
                                ) == "phone"
        assert personal_id_kind(pd.Series(["张三16", "R1"], dtype="string")) == "name"

    def test_many_ids_each_kind(self):
        """A phone number or a valid identity card number among a hundred thousand plain
        ids is found; an invalid check digit is not."""
        from survey.responses.personal import personal_id_kind

        plain = [f"R{i:07d}" for i in range(100_000)]
        assert personal_id_kind(pd.Series(plain)) is None
        assert personal_id_kind(pd.Series([*plain, " 13812345678 "])) == "phone"
        assert personal_id_kind(pd.Series([*plain, "11010519491231002x"])) == "id_card"
        assert personal_id_kind(pd.Series([*plain, "110105194912310021"])) is None

    def test_check_digit_of_each_card(self):
        """Every check character (0–9, X) after bases of every weighted sum mod 11: the card
        is found exactly when its check digit is the valid one."""
        from survey.responses.personal import personal_id_kind

        for base in range(11010519491231000, 11010519491231022):
            for check in "0123456789X":
                card = pd.Series(["R1", f"{base}{check}"])
                assert personal_id_kind(card) == self._every_id(card), card[1]
