"""`survey sample-size --margin 5` said only "expected a number in (0, 1)"; it now suggests 5%."""

from __future__ import annotations

import pytest

from survey.cli import main
from survey.errors import ParameterError
from survey.stats.sample_size import sample_size


def test_cli_suggests_the_percent_form(capsys):
    assert main(["sample-size", "--margin", "5"]) == 2
    err = capsys.readouterr().err
    assert "5%" in err and "percent" in err


def test_confidence_95_suggests_95_percent():
    with pytest.raises(ParameterError) as caught:
        sample_size(confidence=95)
    assert "95% or 0.95" in str(caught.value)


def test_no_suggestion_where_no_percent_is_meant():
    """A margin of 250 is no percentage: the message stays the plain range."""
    with pytest.raises(ParameterError) as caught:
        sample_size(margin=250)
    assert caught.value.hint is None


def test_the_percent_form_works():
    assert main(["sample-size", "--margin", "5%"]) == 0
