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
from typing import TYPE_CHECKING, Any

import pandas as pd

from survey.errors import shorten

if TYPE_CHECKING:
    from survey.instrument.model import Option
    from survey.locale import Language

__all__ = [
    "Condition",
    "ConditionSyntaxError",
    "Node",
    "comparisons",
    "describe_condition",
    "parse_condition",
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
    numbers: pd.DataFrame = frame[list(names)].apply(pd.to_numeric, errors="coerce")
    return numbers.astype("float64")


def _eval(node: Node, frame: pd.DataFrame) -> Any:
    if node.kind in ("number", "string"):
        return node.value
    if node.kind == "name":
        column = frame[node.value]
        numeric = pd.to_numeric(column, errors="coerce")
        return numeric.astype("float64") if numeric.notna().sum() >= column.notna().sum() else column
    if node.kind == "range":
        return _numeric(frame, node.value)
    if node.kind == "compare":
        left, right = (_eval(c, frame) for c in node.children)
        result = _COMPARE[node.value](left, right)
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
        inner = _eval(node.children[0], frame)
        if node.value == "answered":
            return inner.notna().all(axis=1) if isinstance(inner, pd.DataFrame) else inner.notna()
        if isinstance(inner, pd.Series):
            inner = inner.to_frame()
        if node.value == "count":
            cells = inner if inner.dtypes.eq(bool).all() else inner.notna()
            return cells.sum(axis=1).astype("float64")
        cells = inner.fillna(False).astype(bool)
        return cells.any(axis=1) if node.value == "any" else cells.all(axis=1)
    raise AssertionError(f"unknown node {node.kind}")  # pragma: no cover - parser makes no others


def _as_bool(value: Any, frame: pd.DataFrame) -> pd.Series:
    if isinstance(value, pd.DataFrame):
        return value.fillna(False).astype(bool).any(axis=1)
    if isinstance(value, pd.Series):
        if value.dtype == bool:
            return value
        return value.notna() & (value != 0)
    return pd.Series(bool(value), index=frame.index)


# --------------------------------------------------------------------------- comparisons

_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", ">=": "<", ">": "<=", "<=": ">", "==": "!=", "!=": "=="}


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


def _comparison(node: Node) -> Comparison | None:
    variable_kinds = ("name", "range")
    if node.kind == "in" and node.children[0].kind in variable_kinds:
        return Comparison(_names(node.children[0]), "in", tuple(node.value))
    if node.kind != "compare":
        return None
    left, right = node.children
    if left.kind in variable_kinds and right.kind in ("number", "string"):
        return Comparison(_names(left), node.value, (right.value,))
    if right.kind in variable_kinds and left.kind in ("number", "string"):
        return Comparison(_names(right), _FLIP[node.value], (left.value,))
    return None


def _names(node: Node) -> tuple[str, ...]:
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
    found = (_comparison(n) for n in _walk(condition.tree))
    return tuple(c for c in found if c is not None)


# --------------------------------------------------------------------------- descriptions

_CODED = ("single", "likert_item", "rating", "rank")


def describe_condition(condition: Condition | str, instrument: Any, lang: Language = "zh-CN") -> str:
    """The condition in words for the printed questionnaire, with question numbers.

    Comparisons on coded answers are written as the labels they admit, so
    ``q5 <= 2`` on the five-point scale reads 第 5 题选择“不满意”或“非常不满意”; ranges
    over a matrix read 任一项 (``any``) or 各项均 (``all``); ``count(...) >= k`` reads
    至少 k 项. A part that cannot be put in words is quoted as written.
    """
    if isinstance(condition, str):
        condition = parse_condition(condition)
    describer = _Describer(instrument, lang)
    return describer.describe(condition.tree) or describer.t(
        "skip_expression", expression=condition.expression)


def skip_instruction(question_id: str, instrument: Any, lang: Language = "zh-CN") -> str | None:
    """The printed routing sentence for a question with skip logic (``None`` without).

    若第 5 题选择“不满意”或“非常不满意”，请回答第 6 题。
    """
    question = instrument.question(question_id)
    if not question.show_if:
        return None
    from survey.locale import text

    return text(lang, "skip_instruction",
                condition=describe_condition(question.show_if, instrument, lang),
                n=instrument.number_of(question_id))


class _Describer:
    def __init__(self, instrument: Any, lang: Language) -> None:
        from survey.instrument.variables import variables

        self.instrument = instrument
        self.lang = lang
        self.vars = {v.name: v for v in variables(instrument)}

    def t(self, key: str, **values: object) -> str:
        from survey.locale import text

        return text(self.lang, key, **values)

    # -- structure ------------------------------------------------------------------------
    def describe(self, node: Node, negate: bool = False) -> str | None:
        if node.kind in ("and", "or"):
            parts = [self.describe(c, negate) for c in node.children]
            if None in parts:
                return None
            kind = node.kind if not negate else ("or" if node.kind == "and" else "and")
            return self.t(f"skip_{kind}", a=parts[0], b=parts[1])
        if node.kind == "not":
            return self.describe(node.children[0], not negate)
        if node.kind in ("compare", "in"):
            count = self._count(node, negate)
            if count is not None:
                return count
            comparison = _comparison(node)
            if comparison is None:
                return None
            quant = "any" if len(comparison.names) > 1 else None
            return self._predicate(comparison, negate, quant)
        if node.kind == "call" and node.value in ("any", "all"):
            comparison = _comparison(node.children[0])
            if comparison is None:
                return None
            return self._predicate(comparison, negate, node.value)
        if node.kind == "call" and node.value == "answered":
            inner = node.children[0]
            if inner.kind not in ("name", "range"):
                return None
            subject = self._subject(_names(inner), "all" if inner.kind == "range" else None)
            return subject and self.t("skip_unanswered" if negate else "skip_answered",
                                      subject=subject)
        return None

    # -- pieces ---------------------------------------------------------------------------
    def _quote(self, labels: list[str], joiner: str) -> str:
        quoted = [self.t("skip_quote", label=label) for label in labels]
        if len(quoted) == 1:
            return quoted[0]
        head = self.t("skip_list_sep").join(quoted[:-1])
        return self.t(f"skip_list_{joiner}", head=head, last=quoted[-1])

    def _label(self, option: Option) -> str:
        return option.label_en or option.label if self.lang == "en" else option.label

    def _subject(self, names: tuple[str, ...], quant: str | None) -> str | None:
        if any(n not in self.vars for n in names):
            return None
        vars_ = [self.vars[n] for n in names]
        questions = list(dict.fromkeys(v.question for v in vars_))
        numbers = [self.instrument.number_of(q) for q in questions]
        kind = vars_[0].kind
        if len(questions) > 1:
            if quant is None:
                return None
            key = "skip_subject_any_question" if quant == "any" else "skip_subject_every_question"
            return self.t(key, a=numbers[0], b=numbers[-1])
        n = numbers[0]
        if kind != "likert_item" or quant is None and len(names) > 1:
            return self.t("skip_subject_question", n=n)
        items = [i.id for i in self.instrument.question(questions[0]).items]
        positions = [items.index(name) + 1 for name in names]
        if quant is None:
            return self.t("skip_subject_item", n=n, k=positions[0])
        if quant == "count":
            if len(positions) == len(items):
                return self.t("skip_subject_question", n=n)
            return self.t("skip_subject_items", n=n, a=positions[0], b=positions[-1])
        whole = len(positions) == len(items)
        key = {("any", True): "skip_subject_any_item", ("all", True): "skip_subject_every_item",
               ("any", False): "skip_subject_any_items",
               ("all", False): "skip_subject_every_items"}[(quant, whole)]
        return self.t(key, n=n, a=positions[0], b=positions[-1])

    def _predicate(self, comparison: Comparison, negate: bool, quant: str | None) -> str | None:
        names = comparison.names
        if any(n not in self.vars for n in names):
            return None
        vars_ = [self.vars[n] for n in names]
        kind = vars_[0].kind
        if any(v.kind != kind for v in vars_):
            return None
        if negate and quant is not None:
            quant = "all" if quant == "any" else "any"
        if kind == "multiple_option":
            return self._ticked(comparison, negate, quant)
        subject = self._subject(names, quant)
        if subject is None:
            return None
        if kind in _CODED:
            if any(v.codes != vars_[0].codes for v in vars_):
                return None
            options = vars_[0].options
            match = [o for o in options if comparison.holds_for(float(o.code)) != negate]
            if not match or len(match) == len(options):
                return None
            labels = self._quote([self._label(o) for o in match], "or")
            if kind == "rank":
                question = self.instrument.question(vars_[0].question)
                code = int(names[0].rsplit("_", 1)[1])
                option = next(o for o in question.options if o.code == code)
                return self.t("skip_ranked", subject=subject, labels=labels,
                              option=self._quote([self._label(option)], "or"))
            return self.t("skip_chose", subject=subject, labels=labels)
        if kind == "number" and comparison.op != "in" and len(names) == 1:
            op = _NEGATE[comparison.op] if negate else comparison.op
            unit = (vars_[0].unit_en if self.lang == "en" else vars_[0].unit) or ""
            return self.t("skip_number", subject=subject, op=self.t(f"skip_op_{_OP_KEY[op]}"),
                          value=f"{_literal(comparison.values[0])}{unit}")
        if kind in ("open", "other_text") and comparison.op == "==" and not negate:
            return self.t("skip_text", subject=subject,
                          value=self._quote([str(comparison.values[0])], "or"))
        return None

    def _ticked(self, comparison: Comparison, negate: bool, quant: str | None) -> str | None:
        matches = {code for code in (0, 1) if comparison.holds_for(float(code)) != negate}
        if len(matches) != 1:
            return None
        question_ids = {self.vars[n].question for n in comparison.names}
        if len(question_ids) != 1:
            return None
        question = self.instrument.question(question_ids.pop())
        by_code = {o.code: o for o in question.options}
        labels = [self._label(by_code[int(n.rsplit("_", 1)[1])]) for n in comparison.names]
        subject = self.t("skip_subject_question", n=self.instrument.number_of(question.id))
        ticked = matches == {1}
        if quant is None or quant == "any" and ticked:
            key = "skip_ticked" if ticked else "skip_not_ticked"
            return self.t(key, subject=subject, labels=self._quote(labels, "or"))
        if quant == "all" and ticked:
            return self.t("skip_ticked_all", subject=subject, labels=self._quote(labels, "and"))
        if quant == "all" and not ticked:
            return self.t("skip_not_ticked", subject=subject, labels=self._quote(labels, "or"))
        return None

    def _count(self, node: Node, negate: bool) -> str | None:
        if node.kind != "compare":
            return None
        left, right = node.children
        op = node.value
        if right.kind == "call" and left.kind == "number":
            left, right, op = right, left, _FLIP[op]
        if not (left.kind == "call" and left.value == "count" and right.kind == "number"):
            return None
        if negate:
            op = _NEGATE[op]
        k = right.value
        if not float(k).is_integer():
            return None
        k = int(k)
        quantity = {">=": ("at_least", k), ">": ("at_least", k + 1), "<=": ("at_most", k),
                    "<": ("at_most", k - 1), "==": ("exactly", k)}.get(op)
        if quantity is None or quantity[1] < 0:
            return None
        amount = self.t(f"skip_{quantity[0]}", k=quantity[1])
        inner = left.children[0]
        if inner.kind in ("name", "range"):
            subject = self._subject(_names(inner), "count")
            return subject and self.t("skip_count_answered", subject=subject, quantity=amount)
        comparison = _comparison(inner)
        if comparison is None or any(n not in self.vars for n in comparison.names):
            return None
        vars_ = [self.vars[n] for n in comparison.names]
        if vars_[0].kind not in _CODED or any(v.codes != vars_[0].codes for v in vars_):
            return None
        match = [o for o in vars_[0].options if comparison.holds_for(float(o.code))]
        subject = self._subject(comparison.names, "count")
        if not match or subject is None:
            return None
        return self.t("skip_count_chose", subject=subject, quantity=amount,
                      labels=self._quote([self._label(o) for o in match], "or"))


_OP_KEY = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne"}


def _literal(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
