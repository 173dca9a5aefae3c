"""Shared fixtures: paths to the project's example files and to ../shared reference data."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check values, not speed: a CI machine shared with other work runs an
# example in seconds now and then, which is no failure (speed is measured in benchmarks/).
settings.register_profile("survey", deadline=None)
settings.load_profile("survey")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE_SPEC = ROOT / "analyses" / "example.yaml"


def differences(a: object, b: object, path: str = "", tol: float = 1e-12) -> list[str]:
    """Every place where two results.json-like trees differ (floats: relative ``tol``), so
    that a comparison of two paths to the same figures fails naming what differs."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys {sorted(a)} vs {sorted(b)}"]
        return [d for key in a for d in differences(a[key], b[key], f"{path}.{key}", tol)]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: length {len(a)} vs {len(b)}"]
        return [d for i, (u, v) in enumerate(zip(a, b, strict=True))
                for d in differences(u, v, f"{path}[{i}]", tol)]
    if isinstance(a, float) and isinstance(b, float):
        same = (math.isnan(a) and math.isnan(b)) or abs(a - b) <= tol * max(1.0, abs(a))
        return [] if same else [f"{path}: {a!r} vs {b!r}"]
    return [] if a == b else [f"{path}: {a!r} vs {b!r}"]


def shared_path(*parts: str) -> Path:
    """A file in ../shared; skip (saying why) only where ../shared is absent, as in a user's clone."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this clone (CI always has it)")
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(path)  # shared/ is there but the file is not: a real failure
    return path


@pytest.fixture(scope="session")
def example_results():
    """The bundled example run once through the whole chain."""
    from survey.pipeline import run_analysis

    return run_analysis(EXAMPLE_SPEC, generated_at="2026-11-21")


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs under the C locale with no SURVEY_LANG, so a command's language
    comes from --lang or the spec, never from the machine running the tests."""
    for name in ("SURVEY_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
