"""results.json wrote the multiple-choice selections base as 18.0: a count is a whole number."""

from __future__ import annotations

import json


def test_selections_base_is_an_integer_in_results_json(example_results):
    """The base of 'share of selections' is an int; single-choice rows have null."""
    rows = json.loads(json.dumps(example_results.to_dict()))["questions"]
    multiple = [r for r in rows if r["question"] == "reasons"]
    assert multiple and all(type(r["selections_base"]) is int for r in multiple)
    assert all(r["selections_base"] is None for r in rows if r["question"] == "village")
