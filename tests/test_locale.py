"""Locale files: both languages define the same keys, and placeholders agree."""

from __future__ import annotations

import string

from survey.locale import _table


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_languages_define_the_same_keys_and_placeholders():
    zh, en = _table("zh-CN"), _table("en")
    assert set(zh) == set(en)
    for key in zh:
        assert _fields(zh[key]) == _fields(en[key]), key
