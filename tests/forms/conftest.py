"""Fixtures for the forms: the three bundled instruments, and their outputs built once."""

from __future__ import annotations

import pytest

from survey.forms import build_forms
from survey.instrument import load_instrument
from tests.conftest import ROOT

NAMES = ("residents", "staff", "service")


@pytest.fixture(scope="session")
def instruments():
    """The bundled instruments by name."""
    return {name: load_instrument(ROOT / "instruments" / f"{name}.yaml") for name in NAMES}


@pytest.fixture(scope="session")
def built(instruments, tmp_path_factory):
    """``survey instrument build`` run once per bundled instrument: name → output folder."""
    out = {}
    for name, instrument in instruments.items():
        folder = tmp_path_factory.mktemp(f"forms-{name}")
        build_forms(instrument, folder, rows=40)
        out[name] = folder
    return out
