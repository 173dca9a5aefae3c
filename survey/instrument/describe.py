"""Skip-logic conditions in words, for the printed questionnaire, the codebook, the report
and screening details: 第 5 题选择“不满意”或“非常不满意”. Reads the parsed condition
(:mod:`survey.instrument.logic`) and the variable table (:mod:`survey.instrument.variables`)
for question numbers and answer labels."""

from __future__ import annotations

from typing import Any

from survey.instrument.logic import (
    FLIPPED,
    NEGATED,
    Comparison,
    Condition,
    Node,
    comparison_of,
    parse_condition,
    variable_names,
)
from survey.instrument.model import Instrument, LikertMatrix, Option
from survey.instrument.variables import variables
from survey.locale import Language, text

__all__ = ["describe_condition", "skip_instruction"]

_CODED = ("single", "likert_item", "rating", "rank")


def describe_condition(condition: Condition | str, instrument: Instrument, lang: Language = "zh-CN") -> str:
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


def skip_instruction(question_id: str, instrument: Instrument, lang: Language = "zh-CN") -> str | None:
    """The printed routing sentence for a question with skip logic (``None`` without).

    若第 5 题选择“不满意”或“非常不满意”，请回答第 6 题。
    """
    question = instrument.question(question_id)
    if not question.show_if:
        return None
    return text(lang, "skip_instruction",
                condition=describe_condition(question.show_if, instrument, lang),
                n=instrument.number_of(question_id))


class _Describer:
    def __init__(self, instrument: Instrument, lang: Language) -> None:
        self.instrument = instrument
        self.lang = lang
        self.vars = {v.name: v for v in variables(instrument)}

    def t(self, key: str, **values: object) -> str:
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
            comparison = comparison_of(node)
            if comparison is None:
                return None
            quant = "any" if len(comparison.names) > 1 else None
            return self._predicate(comparison, negate, quant)
        if node.kind == "call" and node.value in ("any", "all"):
            comparison = comparison_of(node.children[0])
            if comparison is None:
                return None
            return self._predicate(comparison, negate, node.value)
        if node.kind == "call" and node.value == "answered":
            inner = node.children[0]
            if inner.kind not in ("name", "range"):
                return None
            subject = self._subject(variable_names(inner), "all" if inner.kind == "range" else None)
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
        matrix = self.instrument.question(questions[0])  # a likert_item's question
        items = [i.id for i in matrix.items] if isinstance(matrix, LikertMatrix) else []
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
                option = next(o for o in self.instrument.options_of(question)
                              if o.code == code)
                return self.t("skip_ranked", subject=subject, labels=labels,
                              option=self._quote([self._label(option)], "or"))
            return self.t("skip_chose", subject=subject, labels=labels)
        if kind == "number" and comparison.op != "in" and len(names) == 1:
            op = NEGATED[comparison.op] if negate else comparison.op
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
        by_code = {o.code: o for o in self.instrument.options_of(question)}
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
            left, right, op = right, left, FLIPPED[op]
        if not (left.kind == "call" and left.value == "count" and right.kind == "number"):
            return None
        if negate:
            op = NEGATED[op]
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
            subject = self._subject(variable_names(inner), "count")
            return subject and self.t("skip_count_answered", subject=subject, quantity=amount)
        comparison = comparison_of(inner)
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
