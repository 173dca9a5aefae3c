"""``--bootstrap`` has a bound: a hundred million resamples used to run without end."""

from __future__ import annotations

import pandas as pd
import pytest

from survey.errors import ParameterError
from survey.stats.reliability import MAX_BOOTSTRAP, cronbach_alpha
from tests.hostile.conftest import survey


def test_command_refuses_a_hundred_million(tmp_path):
    data = tmp_path / "items.csv"
    data.write_text("a,b,c\n1,2,1\n2,2,3\n3,4,3\n4,4,5\n", encoding="utf-8")
    done = survey("reliability", str(data), "--bootstrap", "100000000")
    assert done.code == 2 and "Traceback" not in done.err
    assert "at most 10,000 resamples" in done.err and "100000000" in done.err


def test_function_refuses_past_the_bound():
    df = pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 2, 4, 4], "c": [1, 3, 3, 5]})
    with pytest.raises(ParameterError) as info:
        cronbach_alpha(df, bootstrap=MAX_BOOTSTRAP + 1)
    assert info.value.code == "bad_bootstrap"


def test_the_bound_itself_is_accepted():
    df = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 4, 4, 5], "c": [1, 3, 3, 5, 4]})
    result = cronbach_alpha(df, bootstrap=MAX_BOOTSTRAP, seed=1)
    assert result.n_bootstrap == MAX_BOOTSTRAP and result.bootstrap_low is not None
