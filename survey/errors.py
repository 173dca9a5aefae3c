"""Errors the toolkit raises for user mistakes, and the reason codes of undefined figures.

Every error a user can cause is a :class:`SurveyError`: it carries a stable ``code`` and
where the problem is (file, key path or row, column), what was expected and what was found.
Subclasses also inherit the matching builtin, so ``except ValueError`` still works.
The command line prints ``str(error)`` and exits with code 2; a traceback means a bug.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from survey.redaction import redact_one

__all__ = [
    "AnalysisSpecError",
    "InstrumentError",
    "MissingFileError",
    "OutputError",
    "ParameterError",
    "Reason",
    "ReportFileError",
    "ResponseFileError",
    "SurveyError",
    "printable",
    "shorten",
]

#: Control characters other than newline and tab: shown as escapes, never sent raw to a
#: terminal (ESC would start a colour or cursor sequence, BEL ring, NUL cut the line).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with every control character but newline and tab written as ``\\xNN``.

    >>> printable("red\x1b[31m")
    'red\\\\x1b[31m'
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def shorten(text: str, width: int = 60) -> str:
    """``text`` cut to ``width`` characters with the number left out, for a message.

    >>> shorten("(" * 100, 10)
    '((((((((((… (90 more characters)'
    """
    return text if len(text) <= width else f"{text[:width]}… ({len(text) - width} more characters)"


class Reason(StrEnum):
    """Why a figure is absent. The value is the stable code written to results.json."""

    TOO_FEW_ITEMS = "too_few_items"
    TOO_FEW_RESPONDENTS = "too_few_respondents"
    ZERO_TOTAL_VARIANCE = "zero_total_variance"
    NO_VALID_ANSWERS = "no_valid_answers"
    NOT_APPLICABLE = "not_applicable"
    # satisfaction, subgroup differences
    ALL_EXCLUDED = "all_excluded"
    GROUPS_TOO_SMALL = "groups_too_small"
    EXPECTED_COUNTS_TOO_SMALL = "expected_counts_too_small"
    NO_VARIATION = "no_variation"
    # reliability and validity
    CONSTANT_ITEM = "constant_item"
    TOO_FEW_PAIRS = "too_few_pairs"
    NOT_POSITIVE_SEMIDEFINITE = "not_positive_semidefinite"
    SINGULAR_CORRELATION_MATRIX = "singular_correlation_matrix"
    CORRELATION_UNDEFINED = "correlation_undefined"  # r = 0/0: an item constant on shared rows
    # fieldwork rates
    NO_ISSUED_COUNT = "no_issued_count"
    NOTHING_ISSUED = "nothing_issued"
    NOTHING_RETURNED = "nothing_returned"
    IMPOSSIBLE_RECORD = "impossible_record"
    # scoring: a ratio rule that would divide by zero (0 ÷ 0 under a "> 0%" target)
    RATIO_UNDEFINED = "ratio_undefined"


class SurveyError(Exception):
    """A user mistake, located: ``"{where}: expected {expected}, got {got!r}. {hint}"``.

    Parameters
    ----------
    message:
        What is wrong, in one sentence, used when ``expected``/``got`` do not say it.
    code:
        Stable machine-readable code (snake_case).
    file, key, row, column:
        Where the problem is. ``key`` is a dotted key path in a YAML document; ``row`` is
        the 1-based row of a data file as a spreadsheet program numbers it (header = row 1).
    line:
        The line in a text document (YAML), 1-based.
    """

    def __init__(
        self,
        message: str = "",
        *,
        code: str = "survey_error",
        file: str | None = None,
        key: str | None = None,
        line: int | None = None,
        row: int | None = None,
        column: str | None = None,
        expected: str | None = None,
        got: Any = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.code = code
        self.file = file
        self.key = key
        self.line = line
        self.row = row
        self.column = column
        self.expected = expected
        self.got = got
        self.hint = hint
        super().__init__(str(self))

    def where(self) -> str:
        """The location part of the message, e.g. ``a.yaml, line 4, key sections[0].id``."""
        parts = []
        if self.file:
            parts.append(str(self.file))
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.key:
            parts.append(f"key {self.key}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def _quoted(self) -> Any:
        """``got`` as the message quotes it: a value read from a data cell (the error names
        its row) with any phone number, ID card number, e-mail or other personal data in it
        replaced, since terminal output is pasted into tickets and logs; the row and column
        say where to look.

        >>> str(SurveyError("unknown answer label", row=9, column="q3", expected="a code",
        ...                 got="139-1234-5678"))
        "row 9, column 'q3': unknown answer label; expected a code, got '[已隐去]'."
        """
        if self.row is not None and isinstance(self.got, str):
            return redact_one(self.got)
        return self.got

    def __str__(self) -> str:
        return printable(self._text(self.where()))

    def _text(self, where: str) -> str:
        """The English message after ``where`` (the location; empty: none)."""
        body = self.message
        if self.expected is not None:
            got = "" if self.got is None else f", got {self._quoted()!r}"
            body = f"{body}{'; ' if body else ''}expected {self.expected}{got}"
        text = f"{where}: {body}" if where else body
        if not text.endswith((".", "?")):
            text += "."
        if self.hint:
            text += f" {self.hint}"
        return text

    def describe(self, lang: str = "en") -> str:
        """The error as the command line prints it in ``lang``. English: ``str(self)``.
        Chinese: the location and a lead sentence for the code in Chinese
        (``survey/locales/zh-CN/errors.yaml``), then the English text as the detail, so
        nothing the English message says is lost::

            文件 a.csv，第 9 行，列“q3”：答案文字不是该题的选项（读到的是“很好”）。详情：…
        """
        if lang != "zh-CN":
            return str(self)
        from survey.locale import has_text, text

        parts = []
        if self.file:
            parts.append(text("zh-CN", "error_where_file", file=self.file))
        if self.line is not None:
            parts.append(text("zh-CN", "error_where_line", line=self.line))
        if self.key:
            parts.append(text("zh-CN", "error_where_key", path=self.key))
        if self.row is not None:
            parts.append(text("zh-CN", "error_where_row", row=self.row))
        if self.column is not None:
            parts.append(text("zh-CN", "error_where_column", column=self.column))
        key = f"error_{self.code}"
        lead = text("zh-CN", key if has_text("zh-CN", key) else "error_survey_error")
        if self.got is not None and self.row is not None:
            lead += f"（{text('zh-CN', 'error_got', got=shorten(str(self._quoted())))}）"
        english = self._text("")  # the location is said once, in Chinese
        where = "，".join(parts)
        head = f"{where}：{lead}" if where else lead
        return printable(f"{head}。{text('zh-CN', 'error_detail', detail=english)}")

    def to_dict(self) -> dict[str, Any]:
        """The error as a JSON-ready mapping (for ``--json`` outputs)."""
        return {
            "code": self.code,
            "message": str(self),
            "file": self.file,
            "key": self.key,
            "line": self.line,
            "row": self.row,
            "column": self.column,
        }


class InstrumentError(SurveyError, ValueError):
    """A questionnaire definition (``instruments/*.yaml``) that cannot be used."""


class AnalysisSpecError(SurveyError, ValueError):
    """An analysis spec (``analyses/*.yaml``) that cannot be used."""


class ResponseFileError(SurveyError, ValueError):
    """A response file that cannot be read or mapped onto its instrument."""


class ParameterError(SurveyError, ValueError):
    """A value passed to a function or command that is outside its range (a margin of 0, a
    mapping with the wrong number of levels, a rule without its deduction)."""


class ReportFileError(SurveyError, ValueError):
    """A report given to ``survey audit`` that cannot be read (format, encoding, a broken .docx)."""


class MissingFileError(SurveyError, FileNotFoundError):
    """A file the user named does not exist."""

    @classmethod
    def for_path(cls, path: object, what: str = "file") -> MissingFileError:
        """The error for a missing ``path``; ``what`` says which kind of file was wanted.
        A folder, pipe or device where a file was wanted is said to be one (code
        ``not_a_file``)."""
        from pathlib import Path

        if Path(str(path)).is_dir():
            return cls(f"{what} is a folder", code="not_a_file", file=str(path),
                       expected=f"the path of a {what}, not of a folder")
        if Path(str(path)).exists():  # a pipe, a device such as /dev/zero, a socket
            return cls(f"{what} is not a regular file", code="not_a_file", file=str(path),
                       expected=f"the path of a {what} saved on disk")
        return cls(f"{what} not found", code="missing_file", file=str(path))


class OutputError(SurveyError, OSError):
    """An output that cannot or must not be written: the folder is locked by another run,
    the target is an input or holds entered data (without ``--force``), the disk is full.
    ``file`` names the path."""
