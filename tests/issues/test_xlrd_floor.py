"""pandas 3 reads .xls only with xlrd ≥ 2.0.2; the pin allowed 2.0.1, so `pd.read_excel` on the
问卷星 download failed in a venv built from the project's own requirements."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import shared_path

ROOT = Path(__file__).resolve().parents[2]


def _tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_requirement_floor_is_2_0_2():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    (xlrd,) = [d for d in deps if d.startswith("xlrd")]
    assert xlrd.startswith("xlrd>=2.0.2,")


@pytest.mark.filterwarnings("ignore:The xlrd engine is deprecated")
def test_installed_xlrd_meets_the_floor_and_pandas_reads_the_wjx_download():
    """pandas 3 deprecates its xlrd engine (it warns); the floor is still what reads .xls."""
    assert _tuple(version("xlrd")) >= (2, 0, 2)
    frame = pd.read_excel(shared_path("data", "wjx", "wjx_800_800_0.xls"), engine="xlrd")
    assert frame.shape == (800, 14)
