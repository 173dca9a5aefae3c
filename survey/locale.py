"""User-facing sentences and headings, per language, from ``survey/locales/*.yaml``.

Every sentence the toolkit writes for people comes from these files; code holds only the
keys. Numbers are formatted before they are put into a sentence (:mod:`survey.rounding`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml

__all__ = ["Language", "text"]

Language = Literal["zh-CN", "en"]


@cache
def _table(lang: str) -> dict[str, str]:
    source = resources.files("survey").joinpath("locales", f"{lang}.yaml")
    return dict(yaml.safe_load(source.read_text(encoding="utf-8")))


def text(lang: Language, key: str, **values: object) -> str:
    """The sentence ``key`` in ``lang`` with ``values`` filled in.

    >>> text("en", "reason_too_few_items")
    'fewer than 2 items'
    """
    return _table(lang)[key].format(**values)
