"""Shared fixtures: paths to the project's example files and to ../shared reference data."""

from __future__ import annotations

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
