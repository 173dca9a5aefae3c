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

__all__ = ["Language", "has_text", "text"]

# libyaml's safe loader when PyYAML was built with it (10× faster than the pure-Python one).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Language = Literal["zh-CN", "en"]


@cache
def _table(lang: str) -> dict[str, str]:
    folder = resources.files("survey").joinpath("locales", lang)
    merged: dict[str, str] = {}
    for source in sorted(folder.iterdir(), key=lambda p: p.name):
        if not source.name.endswith(".yaml"):
            continue
        document = yaml.load(source.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506
        for key, value in (document or {}).items():
            if key in merged:
                raise KeyError(f"locale key {key!r} is defined twice in survey/locales/{lang}")
            merged[key] = value
    return merged


def has_text(lang: Language, key: str) -> bool:
    """Whether ``lang`` has a sentence ``key``."""
    return key in _table(lang)


def text(lang: Language, key: str, **values: object) -> str:
    """The sentence ``key`` in ``lang`` with ``values`` filled in.

    >>> text("en", "reason_too_few_items")
    'fewer than 2 items'
    """
    return _table(lang)[key].format(**values)
