"""The SPSS template: dictionary written by pyreadstat, read back identically."""

from __future__ import annotations

import pyreadstat
import pytest

from survey.errors import InstrumentError
from survey.forms.spss import TEXT_WIDTHS, spss_dictionary, write_spss_template
from survey.instrument import variables
from survey.instrument.model import Instrument


@pytest.fixture(scope="module")
def service_sav(built):
    return pyreadstat.read_sav(str(built["service"] / "template.sav"), user_missing=True)


class TestWriteSpssTemplate:
    def test_variables_in_order_no_rows(self, service_sav, instruments):
        """The id, then every variable in questionnaire order; no cases."""
        frame, meta = service_sav
        assert frame.shape == (0, 37)
        assert meta.column_names == ["respondent_id", *(v.name for v in variables(instruments["service"]))]

    def test_labels_round_trip(self, service_sav, instruments):
        """read_sav gives back the Chinese variable and value labels that were written."""
        _, meta = service_sav
        spec = spss_dictionary(instruments["service"])
        assert dict(zip(meta.column_names, meta.column_labels, strict=True)) == spec["column_labels"]
        for name, labels in spec["variable_value_labels"].items():
            if name in meta.variable_value_labels and not isinstance(next(iter(labels)), str):
                assert meta.variable_value_labels[name] == labels, name
        assert meta.variable_value_labels["svc_1"] == {3.0: "满意", 2.0: "基本满意", 1.0: "不满意",
                                                       9.0: "不了解"}
        assert meta.column_labels[meta.column_names.index("services_6")] == \
            "您接受过以下哪些养老服务？（可多选）：其他"

    def test_user_missing_and_measures(self, service_sav):
        """不了解 (9) is user-missing; measure levels follow the variable kinds."""
        _, meta = service_sav
        assert meta.missing_ranges["svc_3"] == [{"lo": 9.0, "hi": 9.0}]
        assert "gender" not in meta.missing_ranges
        assert [meta.variable_measure[n] for n in ("gender", "frequency", "svc_1", "age", "suggestion")] == [
            "nominal", "ordinal", "ordinal", "scale", "nominal"]

    def test_formats_and_text_widths(self, service_sav):
        """Codes F1.0, the 0–10 rating F2.0, money F4.0, text wide enough for Chinese."""
        _, meta = service_sav
        types = meta.original_variable_types
        assert (types["gender"], types["overall"], types["pay"]) == ("F1.0", "F2.0", "F4.0")
        assert types["suggestion"] == f"A{TEXT_WIDTHS['open']}" == "A3000"
        assert types["living_4_text"] == "A600" and types["respondent_id"] == "A40"

    def test_ascii_names(self, service_sav):
        """Variable names are ASCII."""
        _, meta = service_sav
        assert all(name.isascii() for name in meta.column_names)

    def test_overlong_label_is_reported_and_nothing_written(self, tmp_path, instruments):
        """A 300-byte variable label raises, naming the variable; no file appears."""
        data = instruments["staff"].model_dump()
        data["sections"][1]["questions"][2]["items"][0]["text"] = "满意" * 50
        long = Instrument.model_validate(data)
        path = tmp_path / "template.sav"
        with pytest.raises(InstrumentError, match=r"'sat_1'.*300 bytes.*256") as info:
            write_spss_template(long, path)
        assert info.value.code == "label_too_long"
        assert info.value.key == "sections[1].questions[2].items[0].text"
        assert not path.exists() and list(tmp_path.iterdir()) == []

    def test_long_title_goes_to_notes_in_80_byte_lines(self, tmp_path, instruments):
        """A title longer than the 64-byte file label is kept whole in the notes."""
        _, meta = pyreadstat.read_sav(str(write_spss_template(instruments["staff"], tmp_path / "t.sav")))
        assert meta.file_label == "staff"
        assert "".join(meta.notes) == instruments["staff"].title
