"""A small instrument and a frame builder for the screening tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from survey.instrument import load_instrument, variables
from tests.conftest import ROOT

SAT = [f"sat_{j}" for j in range(1, 7)]


@pytest.fixture(scope="session")
def mini():
    """The instrument of tests/responses/data/mini.yaml (every question type)."""
    return load_instrument(ROOT / "tests/responses/data/mini.yaml")


@pytest.fixture
def frame(mini):
    """Build a mapped response frame: ``frame(n, **columns)``; unspecified answers are valid
    and satisfied-but-varied (no rule fires on them)."""

    def build(n: int = 3, **columns: object) -> pd.DataFrame:
        data: dict[str, object] = {"respondent_id": pd.array([f"R{i}" for i in range(1, n + 1)],
                                                             dtype="string")}
        base = {"village": 1.0, "aware": 2.0, "aware_level": np.nan, "visits": np.nan,
                "priorities_1": np.nan, "priorities_2": np.nan, "priorities_3": np.nan,
                "reasons_1": np.nan, "reasons_2": np.nan, "reasons_3": np.nan}
        for v in variables(mini):
            if v.kind in ("open", "other_text"):
                data[v.name] = pd.array([None] * n, dtype="string")
            elif v.name in SAT:
                data[v.name] = [4.0 + (i + int(v.name[-1])) % 2 for i in range(n)]
            else:
                data[v.name] = [base[v.name]] * n
        for name, values in columns.items():
            data[name] = values if not isinstance(values, str | float | int) else [values] * n
        return pd.DataFrame(data, index=pd.RangeIndex(2, n + 2, name="row"))

    return build
