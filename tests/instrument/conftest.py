"""Fixtures for instrument tests: a writer of small YAML definitions."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

HEAD = """\
id: t
title: 测试问卷
group: {id: g, name: 群众}
"""


@pytest.fixture
def write_definition(tmp_path: Path):
    """Write a definition (the common head plus ``body``) and return its path."""

    def write(body: str, name: str = "def.yaml") -> Path:
        path = tmp_path / name
        path.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
        return path

    return write
