"""α if deleted was null without a reason for a two-item scale (found in a review)."""

from __future__ import annotations

import pandas as pd

from survey.stats.reliability import item_statistics

TWO = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 4, 4, 5]})
THREE = TWO.assign(c=[1, 3, 3, 5, 4])


def test_two_items_give_a_reason_for_each_missing_alpha_if_deleted():
    """Deleting one of two items leaves one: too_few_items, on every row."""
    table = item_statistics(TWO)
    assert table["alpha_if_deleted"].isna().all()
    assert list(table["alpha_if_deleted_reason"]) == ["too_few_items", "too_few_items"]


def test_no_reason_where_alpha_if_deleted_exists():
    table = item_statistics(THREE)
    assert table["alpha_if_deleted"].notna().all()
    assert table["alpha_if_deleted_reason"].isna().all()
