"""The language every ``survey`` command speaks, chosen the same way by all of them.

In order: ``--lang``; the language of the spec the command reads (an analysis spec's
``report.language``); the ``SURVEY_LANG`` environment variable; the user's locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``zh…`` → Chinese; ``C``, ``C.UTF-8`` and
``POSIX`` say nothing about a language, so they fall through); English.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from survey.locale import Language
else:  # importing survey.locale loads yaml; `survey --help` must not
    Language = Literal["zh-CN", "en"]

__all__ = ["LANGUAGES", "add_lang_argument", "resolve_language"]

#: Accepted spellings of each language.
LANGUAGES: dict[str, Language] = {"zh-CN": "zh-CN", "zh": "zh-CN", "zh_CN": "zh-CN",
                                  "en": "en", "en-US": "en", "en_US": "en"}


def _from_locale(value: str) -> Language | None:
    """``zh_CN.UTF-8`` → ``zh-CN``, ``en_GB`` → ``en``; ``C``, ``POSIX`` and others → None."""
    head = value.split(".")[0].split("@")[0]
    if head.lower().startswith("zh"):
        return "zh-CN"
    if head.lower().startswith("en"):
        return "en"
    return None


def resolve_language(given: str | None, spec: str | None = None,
                     environ: Mapping[str, str] | None = None) -> Language:
    """The language to speak: ``given`` (``--lang``) > ``spec`` > ``SURVEY_LANG`` > locale >
    English.

    >>> resolve_language(None, None, {"LANG": "zh_CN.UTF-8"})
    'zh-CN'
    >>> resolve_language(None, None, {"LANG": "C.UTF-8"})
    'en'
    >>> resolve_language(None, "zh-CN", {"SURVEY_LANG": "en"}), resolve_language("en", "zh-CN")
    ('zh-CN', 'en')
    """
    env = os.environ if environ is None else environ
    for value in (given, spec, env.get("SURVEY_LANG")):
        if value:
            return LANGUAGES.get(value) or _from_locale(value) or "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:  # the first one set decides, as in POSIX
            return _from_locale(value) or "en"
    return "en"


def add_lang_argument(p: argparse.ArgumentParser, what: str = "messages") -> None:
    """``--lang`` for a subcommand (resolved with :func:`resolve_language`)."""
    p.add_argument("--lang", choices=sorted(LANGUAGES), default=None,
                   help=f"language of the {what} (default: the spec's, else SURVEY_LANG, "
                        "else the locale, else English)")
