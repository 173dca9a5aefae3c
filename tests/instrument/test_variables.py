"""Variables of the new question types: names, kinds, codes, validity."""

from __future__ import annotations

import pandas as pd
import pytest

from survey.instrument import load_instrument, variables
from survey.instrument.variables import Variable, option_variable, specify_variable
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def service():
    return load_instrument(ROOT / "instruments/service.yaml")


def _by_name(instrument) -> dict[str, Variable]:
    return {v.name: v for v in variables(instrument)}


class TestVariables:
    def test_kinds_in_order(self, service):
        """Each question type gives its kind of variable, in questionnaire order."""
        kinds = [(v.name, v.kind) for v in variables(service)]
        assert kinds[:5] == [("gender", "single"), ("age", "number"), ("living", "single"),
                             ("living_4_text", "other_text"), ("services_1", "multiple_option")]
        assert ("overall", "rating") in kinds and ("priorities_6", "rank") in kinds
        assert kinds[-1] == ("suggestion", "open")
        assert len(kinds) == 36

    def test_specify_text_follows_its_option(self, service):
        """其他（请注明） text is asked only where its option is chosen."""
        by_name = _by_name(service)
        assert by_name["living_4_text"].show_if == "living == 4"
        assert by_name["reasons_6_text"].show_if == "(any(svc_1..svc_6 == 1)) and reasons_6 == 1"
        assert by_name["reasons_6_text"].specify_of == 6 and not by_name["reasons_6_text"].required

    def test_rating_codes_and_labels(self, service):
        """A 0–10 rating is coded 0 … 10 with its ends labelled."""
        overall = _by_name(service)["overall"]
        assert overall.codes == tuple(range(11))
        assert overall.label_of(0) == "0（非常不满意）" and overall.label_of(5) == "5"

    def test_ranking_codes_are_ranks(self, service):
        """Ranking the top three of six: each option variable takes rank 1, 2 or 3."""
        rank = _by_name(service)["priorities_2"]
        assert rank.codes == (1, 2, 3) and rank.label_of(1) == "第 1 位"

    def test_three_level_scale_with_dont_know(self, service):
        """The service matrix is on sat3_dk: 不了解 is excluded, 满意/基本满意 satisfied."""
        svc = _by_name(service)["svc_1"]
        assert (svc.codes, svc.satisfied, svc.excluded) == ((3, 2, 1, 9), (3, 2), (9,))

    def test_measure_levels(self, service):
        """Nominal, ordinal and scale as SPSS wants them."""
        by_name = _by_name(service)
        assert [by_name[n].measure for n in ("gender", "frequency", "svc_1", "overall", "age",
                                             "suggestion", "priorities_1")] == [
            "nominal", "ordinal", "ordinal", "scale", "scale", "nominal", "ordinal"]

    def test_names(self):
        """Option and specify variables follow one naming rule."""
        assert option_variable("q", 3) == "q_3" and specify_variable("q", 6) == "q_6_text"


class TestValidAnswers:
    def test_number_range_and_whole_numbers(self, service):
        """Age 60–110 accepts whole numbers in range only."""
        age = _by_name(service)["age"]
        got = age.valid_answers(pd.Series([59, 60, 85.5, 110, 111, None]))
        assert list(got) == [False, True, False, True, False, False]
        assert age.accepted() == "a whole number in 60–110"

    def test_codes(self, service):
        """A coded variable accepts its codes, 不了解 included."""
        svc = _by_name(service)["svc_1"]
        assert list(svc.valid_answers(pd.Series([1.0, 9.0, 4.0]))) == [True, True, False]

    def test_open_range(self):
        """A number without a maximum accepts anything at or above its minimum."""
        v = Variable("n", "n", "s", "number", "x", (), minimum=0)
        assert list(v.valid_answers(pd.Series([-1, 0, 1e9]))) == [False, True, True]
