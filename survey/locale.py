"""User-facing sentences and headings, per language, from ``survey/locales/<lang>/*.yaml``.

Every sentence the toolkit writes for people comes from these files; code holds only the
keys. Each stage keeps its own file (``scoring.yaml``, ``report.yaml`` …); a key defined in
two files of one language is an error. Numbers are formatted before they are put into a
sentence (:mod:`survey.rounding`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml

__all__ = ["LANGUAGES", "Language", "text"]

Language = Literal["zh-CN", "en"]
LANGUAGES: tuple[Language, ...] = ("zh-CN", "en")


@cache
def _table(lang: str) -> dict[str, str]:
    folder = resources.files("survey").joinpath("locales", lang)
    merged: dict[str, str] = {}
    for source in sorted(folder.iterdir(), key=lambda p: p.name):
        if not source.name.endswith(".yaml"):
            continue
        for key, value in (yaml.safe_load(source.read_text(encoding="utf-8")) or {}).items():
            if key in merged:
                raise KeyError(f"locale key {key!r} is defined twice in survey/locales/{lang}")
            merged[key] = value
    return merged


def text(lang: Language, key: str, **values: object) -> str:
    """The sentence ``key`` in ``lang`` with ``values`` filled in.

    >>> text("en", "reason_too_few_items")
    'fewer than 2 items'
    """
    return _table(lang)[key].format(**values)
