"""Skip logic: a small, safe expression language over earlier answers (never ``eval``).

Grammar (``or`` binds loosest)::

    expr    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := operand (("==" | "!=" | "<" | "<=" | ">" | ">=") operand | "in" list)?
    operand := NUMBER | STRING | NAME | NAME ".." NAME | FUNC "(" expr ")" | "(" expr ")"
    list    := "[" operand ("," operand)* "]"
    FUNC    := any | all | count | answered

``q5_1..q5_6`` is the range of variables with the same prefix and numeric suffixes 1 to 6.
A comparison on a range is elementwise; ``any``/``all`` reduce it per respondent and
``count`` counts the true (or answered) cells. A comparison with a missing answer is false,
so ``any(q5_1..q5_6 <= 2)`` is true exactly for respondents who gave 1 or 2 somewhere.

>>> rule = parse_condition("any(q5_1..q5_3 <= 2) and village != 3")
>>> rule.references
('q5_1', 'q5_2', 'q5_3', 'village')
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from survey.errors import shorten

__all__ = [
    "FLIPPED",
    "NEGATED",
    "Comparison",
    "Condition",
    "ConditionSyntaxError",
    "Node",
    "comparison_of",
    "comparisons",
    "parse_condition",
    "variable_names",
]

_TOKEN = re.compile(
    r"\s*(?:(?P<number>-?\d+(?:\.\d+)?)|(?P<range>[A-Za-z][A-Za-z0-9_]*\.\.[A-Za-z][A-Za-z0-9_]*)"
    r"|(?P<name>[A-Za-z][A-Za-z0-9_]*)|(?P<string>'[^']*'|\"[^\"]*\")"
    r"|(?P<op><=|>=|==|!=|<|>)|(?P<punct>[()\[\],]))"
)
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt,
    "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
_FUNCS = ("any", "all", "count", "answered")
_KEYWORDS = ("and", "or", "not", "in", *_FUNCS)


class ConditionSyntaxError(ValueError):
    """A skip-logic expression that does not parse; ``position`` is the character offset."""

    def __init__(self, message: str, expression: str, position: int) -> None:
        self.expression = expression
        self.position = position
        super().__init__(f"{message} at character {position + 1} of {shorten(expression)!r}")


@dataclass(frozen=True)
class Node:
    """One node of a parsed expression.

    ``kind`` is ``number`` / ``string`` (``value`` the literal), ``name`` (``value`` the
    variable), ``range`` (``value`` the expanded variable names), ``compare`` (``value``
    the operator, two children), ``in`` (``value`` the listed literals, one child),
    ``and`` / ``or`` (two children), ``not`` (one child) or ``call`` (``value`` the
    function: any, all, count, answered; one child).
    """

    kind: str
    value: Any = None
    children: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Condition:
    """A parsed skip-logic expression.

    ``references`` lists every variable it reads, in order of first use; ``evaluate``
    returns one boolean per respondent (row) of a response frame.
    """

    expression: str
    references: tuple[str, ...]
    _tree: Node

    @property
    def tree(self) -> Node:
        """The parsed expression, for translators (XLSForm ``relevant``) and descriptions."""
        return self._tree

    def evaluate(self, frame: pd.DataFrame) -> pd.Series:
        """True where the question is shown. Missing columns raise ``KeyError``."""
        result = _eval(self._tree, frame)
        if isinstance(result, pd.DataFrame):
            result = result.any(axis=1)
        if not isinstance(result, pd.Series):
            result = pd.Series(bool(result), index=frame.index)
        if result.dtype == bool:  # nothing missing to fill
            return result
        if result.dtype.kind == "f":  # a bare number column ("v"): shown where non-zero
            return (result.fillna(0.0) != 0).astype(bool)
        return result.fillna(False).astype(bool)


def _expand_range(token: str, expression: str, position: int) -> tuple[str, ...]:
    start, end = token.split("..")
    m1 = re.fullmatch(r"(.*?)(\d+)", start)
    m2 = re.fullmatch(r"(.*?)(\d+)", end)
    if not m1 or not m2 or m1.group(1) != m2.group(1) or int(m1.group(2)) > int(m2.group(2)):
        raise ConditionSyntaxError(
            f"range {token!r} must run from <prefix><a> to <prefix><b> with a <= b",
            expression,
            position,
        )
    prefix = m1.group(1)
    return tuple(f"{prefix}{i}" for i in range(int(m1.group(2)), int(m2.group(2)) + 1))


class _Parser:
    def __init__(self, expression: str) -> None:
        self.expression = expression
        self.tokens: list[tuple[str, str, int]] = []
        pos = 0
        text = expression.rstrip()
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if not m or m.end() == pos:
                raise ConditionSyntaxError("unexpected character", expression, pos)
            kind = m.lastgroup or ""
            value, start = m.group(kind), m.start(kind)
            if kind == "name" and value in _KEYWORDS:
                kind = "keyword"
            self.tokens.append((kind, value, start))
            pos = m.end()
        self.i = 0
        self.references: list[str] = []

    def _peek(self) -> tuple[str, str, int] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def _take(self, value: str | None = None) -> tuple[str, str, int]:
        tok = self._peek()
        if tok is None:
            raise ConditionSyntaxError(
                f"expression ends early{'' if value is None else f', expected {value!r}'}",
                self.expression,
                len(self.expression),
            )
        if value is not None and tok[1] != value:
            raise ConditionSyntaxError(f"expected {value!r}, got {tok[1]!r}", self.expression, tok[2])
        self.i += 1
        return tok

    def parse(self) -> Node:
        if not self.tokens:
            raise ConditionSyntaxError("empty expression", self.expression, 0)
        node = self._or()
        tok = self._peek()
        if tok is not None:
            raise ConditionSyntaxError(f"unexpected {tok[1]!r}", self.expression, tok[2])
        return node

    def _or(self) -> Node:
        node = self._and()
        while (tok := self._peek()) and tok[1] == "or":
            self._take()
            node = Node("or", children=(node, self._and()))
        return node

    def _and(self) -> Node:
        node = self._not()
        while (tok := self._peek()) and tok[1] == "and":
            self._take()
            node = Node("and", children=(node, self._not()))
        return node

    def _not(self) -> Node:
        tok = self._peek()
        if tok and tok[1] == "not":
            self._take()
            return Node("not", children=(self._not(),))
        return self._compare()

    def _compare(self) -> Node:
        left = self._operand()
        tok = self._peek()
        if tok and tok[0] == "op":
            self._take()
            return Node("compare", tok[1], (left, self._operand()))
        if tok and tok[1] == "in":
            self._take()
            self._take("[")
            values = [self._operand()]
            while (nxt := self._peek()) and nxt[1] == ",":
                self._take()
                values.append(self._operand())
            self._take("]")
            for v in values:
                if v.kind not in ("number", "string"):
                    raise ConditionSyntaxError("a list holds numbers or strings", self.expression, tok[2])
            return Node("in", tuple(v.value for v in values), (left,))
        return left

    def _operand(self) -> Node:
        kind, value, pos = self._take()
        if kind == "number":
            return Node("number", float(value))
        if kind == "string":
            return Node("string", value[1:-1])
        if kind == "range":
            names = _expand_range(value, self.expression, pos)
            self.references.extend(n for n in names if n not in self.references)
            return Node("range", names)
        if kind == "name":
            if value not in self.references:
                self.references.append(value)
            return Node("name", value)
        if kind == "keyword" and value in _FUNCS:
            self._take("(")
            inner = self._or()
            self._take(")")
            return Node("call", value, (inner,))
        if value == "(":
            inner = self._or()
            self._take(")")
            return inner
        raise ConditionSyntaxError(f"unexpected {value!r}", self.expression, pos)


#: Deepest nesting of a skip-logic expression (brackets, ``not``, chained ``and``/``or``);
#: far beyond any questionnaire's, and well within what evaluating it recursively can take.
MAX_DEPTH = 100


def _depth(node: Node) -> int:
    """Levels of the tree, counted without recursion."""
    deepest, stack = 0, [(node, 1)]
    while stack:
        current, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in current.children)
    return deepest


def parse_condition(expression: str) -> Condition:
    """Parse a skip-logic expression; raises :class:`ConditionSyntaxError` with the position."""
    parser = _Parser(expression)
    try:
        tree = parser.parse()
    except RecursionError:
        tree = None
    if tree is None or _depth(tree) > MAX_DEPTH:
        raise ConditionSyntaxError(f"nested more than {MAX_DEPTH} levels deep", expression, 0)
    return Condition(expression=expression, references=tuple(parser.references), _tree=tree)


def _numeric(frame: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """The columns as one float64 block: ``pd.to_numeric(errors="coerce")`` of each, which
    leaves a float64 column as it is, so only other columns are converted."""
    columns = frame[list(names)]
    if (columns.dtypes == np.float64).all():
        # Already float64: read as pandas holds them (no copy when they are one block).
        return pd.DataFrame(columns.to_numpy(dtype=np.float64), index=frame.index,
                            columns=columns.columns, copy=False)
    # (columns, rows) in memory: each column is contiguous, as pandas holds a block.
    numbers = np.empty((columns.shape[1], len(columns)), dtype=np.float64)
    for j in range(columns.shape[1]):
        column = columns.iloc[:, j]
        if column.dtype != np.float64:
            column = pd.to_numeric(column, errors="coerce").astype("float64")
        numbers[j] = column.to_numpy(dtype=np.float64)
    return pd.DataFrame(numbers.T, index=frame.index, columns=columns.columns, copy=False)


def _eval(node: Node, frame: pd.DataFrame) -> Any:
    if node.kind in ("number", "string"):
        return node.value
    if node.kind == "name":
        column = frame[node.value]
        if column.dtype == np.float64:  # numbers already, as to_numeric would leave them
            return column
        numeric = pd.to_numeric(column, errors="coerce")
        return numeric.astype("float64") if numeric.notna().sum() >= column.notna().sum() else column
    if node.kind == "range":
        return _numeric(frame, node.value)
    if node.kind == "compare":
        left, right = (_eval(c, frame) for c in node.children)
        result = _COMPARE[node.value](left, right)
        if node.value != "!=" and _floats(left) and _floats(right):
            return result  # a blank (NaN) compares false already
        present = [x.notna() for x in (left, right) if isinstance(x, pd.Series | pd.DataFrame)]
        for mask in present:
            result = result & mask
        return result
    if node.kind == "in":
        left = _eval(node.children[0], frame)
        return left.isin(list(node.value)) & left.notna()
    if node.kind in ("and", "or", "not"):
        values = [_as_bool(_eval(c, frame), frame) for c in node.children]
        if node.kind == "not":
            return ~values[0]
        return (values[0] & values[1]) if node.kind == "and" else (values[0] | values[1])
    if node.kind == "call":
        reduced = _columnwise(node, frame)
        if reduced is not None:
            return reduced
        inner = _eval(node.children[0], frame)
        if node.value == "answered":
            return inner.notna().all(axis=1) if isinstance(inner, pd.DataFrame) else inner.notna()
        if isinstance(inner, pd.Series):
            inner = inner.to_frame()
        if node.value == "count":
            cells = inner if inner.dtypes.eq(bool).all() else inner.notna()
            return cells.sum(axis=1).astype("float64")
        cells = inner if inner.dtypes.eq(bool).all() else inner.fillna(False).astype(bool)
        return cells.any(axis=1) if node.value == "any" else cells.all(axis=1)
    raise AssertionError(f"unknown node {node.kind}")  # pragma: no cover - parser makes no others


def _columnwise(node: Node, frame: pd.DataFrame) -> pd.Series | None:
    """``any(q_1..q_6 <= 2)`` or ``all(…)`` of a range of float64 answers against a number,
    one column at a time into one boolean per row: the booleans of comparing the stacked
    columns and reducing each row (a blank compares false, and with ``!=`` is masked), with
    no block of the columns made. None for any other call (evaluated as a block)."""
    compare = node.children[0]
    if node.value not in ("any", "all") or compare.kind != "compare":
        return None
    left, right = compare.children
    if left.kind == "range" and right.kind == "number":
        names, number, flipped = left.value, right.value, False
    elif right.kind == "range" and left.kind == "number":
        names, number, flipped = right.value, left.value, True
    else:
        return None
    columns = [frame[name] for name in names]
    if not all(isinstance(c, pd.Series) and c.dtype == np.float64 for c in columns):
        return None
    operation = _COMPARE[compare.value]
    found = np.full(len(frame), node.value == "all")
    for column in columns:
        values = column.to_numpy()
        holds = operation(number, values) if flipped else operation(values, number)
        if compare.value == "!=":
            holds &= ~np.isnan(values)
        if node.value == "any":
            found |= holds
        else:
            found &= holds
    return pd.Series(found, index=frame.index)


def _floats(value: Any) -> bool:
    """Whether an operand is a number or float64 answers (a blank is NaN, which compares
    false with anything but ``!=``)."""
    if isinstance(value, pd.Series):
        return bool(value.dtype == np.float64)
    if isinstance(value, pd.DataFrame):
        return bool((value.dtypes == np.float64).all())
    return isinstance(value, float | int) and not isinstance(value, bool)


def _as_bool(value: Any, frame: pd.DataFrame) -> pd.Series:
    if isinstance(value, pd.DataFrame):
        return value.fillna(False).astype(bool).any(axis=1)
    if isinstance(value, pd.Series):
        if value.dtype == bool:
            return value
        return value.notna() & (value != 0)
    return pd.Series(bool(value), index=frame.index)


# --------------------------------------------------------------------------- comparisons

FLIPPED = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}
NEGATED = {"<": ">=", ">=": "<", ">": "<=", "<=": ">", "==": "!=", "!=": "=="}


@dataclass(frozen=True)
class Comparison:
    """One comparison of variables with literals: ``names op values``.

    ``op`` is a comparison operator or ``"in"``; a literal written on the left is moved to
    the right (``2 >= q5`` becomes ``q5 <= 2``). ``names`` has several entries for a range.
    """

    names: tuple[str, ...]
    op: str
    values: tuple[Any, ...]

    def holds_for(self, value: Any) -> bool:
        """Whether a single answer ``value`` satisfies the comparison."""
        if self.op == "in":
            return value in self.values
        try:
            return bool(_COMPARE[self.op](value, self.values[0]))
        except TypeError:  # a number compared with a string: never true, as in evaluate()
            return False


def comparison_of(node: Node) -> Comparison | None:
    variable_kinds = ("name", "range")
    if node.kind == "in" and node.children[0].kind in variable_kinds:
        return Comparison(variable_names(node.children[0]), "in", tuple(node.value))
    if node.kind != "compare":
        return None
    left, right = node.children
    if left.kind in variable_kinds and right.kind in ("number", "string"):
        return Comparison(variable_names(left), node.value, (right.value,))
    if right.kind in variable_kinds and left.kind in ("number", "string"):
        return Comparison(variable_names(right), FLIPPED[node.value], (left.value,))
    return None


def variable_names(node: Node) -> tuple[str, ...]:
    return tuple(node.value) if node.kind == "range" else (node.value,)


def _walk(node: Node) -> list[Node]:
    out = [node]
    for child in node.children:
        out += _walk(child)
    return out


def comparisons(condition: Condition) -> tuple[Comparison, ...]:
    """Every comparison of variables with literals in ``condition``, in order.

    >>> [(c.names, c.op, c.values) for c in comparisons(parse_condition("aware == 1 or 2 >= q"))]
    [(('aware',), '==', (1.0,)), (('q',), '<=', (2.0,))]
    """
    found = (comparison_of(n) for n in _walk(condition.tree))
    return tuple(c for c in found if c is not None)
