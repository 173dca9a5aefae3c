"""Translating XPath ``relevant`` back into the instrument's skip-logic language.

:class:`Relevant` parses the common subset of XPath 1.0 that XLSForms use for
``relevant`` (comparisons of ``${field}`` with a literal, ``selected()``,
``count-selected()``, ``and``/``or``/``not`` and parentheses) and writes the expression
language of :mod:`survey.instrument.logic` (``q1 == 2``, ``any(q5_1..q5_3 <= 2)``,
``answered(q7)``). Choice names become the codes the import gave them. Anything outside the
subset raises :class:`ValueError` with the reason, which the caller records as a note.
The opposite direction is :func:`survey.forms.xlsform.condition_to_xpath`.
"""

from __future__ import annotations

import re
from typing import Any

_TOKEN = re.compile(r"\s*(\$\{[^}]+\}|'[^']*'|\"[^\"]*\"|-?\d+(?:\.\d+)?|!=|<=|>=|=|<|>|"
                    r"\(|\)|,|[A-Za-z_][A-Za-z0-9_:.-]*|\.)")


#: Deepest bracket nesting translated (the expression language's own limit is 100 levels).
MAX_BRACKETS = 50


class Relevant:
    """Translate the common subset of XPath ``relevant`` into the expression language."""

    def __init__(
        self, fields: dict[str, dict[str, Any]], codes: dict[str, dict[str, int]]
    ) -> None:
        self.fields = fields  # field name → {"id": new id, "kind": …, "list": list name}
        self.codes = codes    # list name → {choice name: code}

    def translate(self, text: str) -> str:
        tokens = [m.group(1) for m in _TOKEN.finditer(text)]
        if "".join(tokens).replace(" ", "") != re.sub(r"\s+", "", text):
            raise ValueError("unsupported characters")
        deepest = level = 0
        for token in tokens:  # the parser below recurses once per bracket: bound it first
            level += {"(": 1, ")": -1}.get(token, 0)
            deepest = max(deepest, level)
        if deepest > MAX_BRACKETS:
            raise ValueError(f"brackets nested {deepest} deep, more than {MAX_BRACKETS}")
        self.tokens, self.i = tokens, 0
        result = self._or()
        if self.i != len(self.tokens):
            raise ValueError(f"unexpected {self.tokens[self.i]!r}")
        return result

    def _peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _take(self, expected: str | None = None) -> str:
        token = self._peek()
        if token is None or (expected is not None and token != expected):
            raise ValueError(f"expected {expected or 'more'}")
        self.i += 1
        return token

    def _or(self) -> str:
        parts = [self._and()]
        while self._peek() == "or":
            self._take()
            parts.append(self._and())
        return _joined(parts, "or")

    def _and(self) -> str:
        parts = [self._atom()]
        while self._peek() == "and":
            self._take()
            parts.append(self._atom())
        return _joined(parts, "and")

    def _field(self, token: str) -> dict[str, Any]:
        if not token.startswith("${"):
            raise ValueError(f"{token!r} is not a field reference")
        name = token[2:-1].strip()
        if name not in self.fields:
            raise ValueError(f"refers to {name!r}, which is not carried over")
        return self.fields[name]

    def _value(self, token: str, info: dict[str, Any]) -> int | float | str:
        raw = token[1:-1] if token[:1] in "'\"" else token
        listed = info.get("list")
        if listed is not None:
            code = self.codes[listed].get(raw)
            if code is None:
                raise ValueError(f"{raw!r} is not a choice of {listed!r}")
            return code
        try:
            number = float(raw)
        except ValueError:
            return raw
        return int(number) if number.is_integer() else number

    def _atom(self) -> str:
        token = self._take()
        if token == "(":
            inner = self._or()
            self._take(")")
            return inner
        if token == "not":
            self._take("(")
            inner = self._or()
            self._take(")")
            return f"not ({inner})"
        if token == "selected":
            self._take("(")
            info = self._field(self._take())
            self._take(",")
            code = self._value(self._take(), info)
            self._take(")")
            if info["kind"] == "multiple":
                return f"{info['id']}_{code} == 1"
            return f"{info['id']} == {code}"
        if token == "count-selected":
            self._take("(")
            info = self._field(self._take())
            self._take(")")
            op = self._take()
            value = int(float(self._take()))
            if info["kind"] != "multiple" or op not in (">", ">=", "=", "!=", "<", "<="):
                raise ValueError("count-selected on a field that is not a multiple choice")
            names = f"{info['id']}_{info['codes'][0]}..{info['id']}_{info['codes'][-1]}"
            op = "==" if op == "=" else op
            return f"count({names} == 1) {op} {value}"
        if token.startswith("${"):
            info = self._field(token)
            op = self._take()
            if op not in ("=", "!=", "<", "<=", ">", ">="):
                raise ValueError(f"unsupported operator {op!r}")
            value_token = self._take()
            if value_token in ("''", '""'):
                if info["kind"] == "multiple":
                    return (f"not answered({info['id']}_{info['codes'][0]})" if op == "="
                            else f"answered({info['id']}_{info['codes'][0]})")
                return f"not answered({info['id']})" if op == "=" else f"answered({info['id']})"
            if info["kind"] == "multiple":
                raise ValueError("compare a multiple choice with selected()")
            literal = self._value(value_token, info)
            shown = repr(literal) if isinstance(literal, str) else literal
            return f"{info['id']} {'==' if op == '=' else op} {shown}"
        raise ValueError(f"unsupported {token!r}")


def _joined(parts: list[str], word: str) -> str:
    """Join with ``and``/``or``; ``a_1 == 1 or a_2 == 1`` becomes ``any(a_1..a_2 == 1)``.

    >>> _joined(["q_1 <= 2", "q_2 <= 2", "q_3 <= 2"], "or")
    'any(q_1..q_3 <= 2)'
    """
    if len(parts) == 1:
        return parts[0]
    pattern = r"([A-Za-z][A-Za-z0-9_]*?)(\d+) (==|!=|<=|>=|<|>) (\S+)"
    found = [m for m in (re.fullmatch(pattern, p) for p in parts) if m is not None]
    if len(found) == len(parts) and len({m.group(1, 3, 4) for m in found}) == 1:
        numbers = [int(m.group(2)) for m in found]
        if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            prefix, op, value = found[0].group(1, 3, 4)
            quantifier = "any" if word == "or" else "all"
            return f"{quantifier}({prefix}{numbers[0]}..{prefix}{numbers[-1]} {op} {value})"
    return "(" + f" {word} ".join(parts) + ")"
