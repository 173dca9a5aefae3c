"""Language helpers shared by the forms: pick the Chinese or English text of a label."""

from __future__ import annotations

from survey.locale import Language, text

__all__ = ["choose", "t"]


def choose(zh: str, en: str | None, lang: Language) -> str:
    """``en`` in English when given, else the Chinese text (labels are written in Chinese first).

    >>> choose("满意", "Satisfied", "en"), choose("满意", None, "en"), choose("满意", "x", "zh-CN")
    ('Satisfied', '满意', '满意')
    """
    return en if lang == "en" and en else zh


def t(lang: Language, key: str, **values: object) -> str:
    """The locale sentence ``key`` (see ``survey/locales/<lang>/forms.yaml``)."""
    return text(lang, key, **values)
