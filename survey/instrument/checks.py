"""Cross-reference checks of an instrument definition: every problem, each with its key path.

These run on the plain document (the parsed YAML), so they work even where some other
part of the file does not validate: an unknown scale, a repeated id and a skip condition
that looks forward are all reported in one pass. Each problem is ``(loc, message)``,
``loc`` the key path as a tuple (``("sections", 2, "questions", 0, "scale")``), which
:mod:`survey.instrument.load` turns into a dotted path and a line number.

What is checked:

- scales: repeated option codes; ``satisfied``/``excluded`` codes that are not option
  codes, or both; a ``scores`` list whose length is not the number of scored options; a
  declared scale that reuses a built-in name;
- ids: a section, question, item or generated variable name used twice; names SPSS
  cannot take (reserved words, more than 64 bytes); a name that clashes with the
  respondent-id column;
- questions: an unknown scale; repeated option codes; ``min_picks``/``max_picks``,
  ``ranks``, ``min``/``max`` out of order or beyond the options; a satisfaction matrix (or a
  single question marked ``satisfaction: true``) on a scale that declares no satisfied
  codes; a satisfaction item named ``overall`` (the name of the overall row);
- skip logic: an expression that does not parse; a reference to an unknown variable, to a
  question's own or a later variable, or to a matrix/multiple-choice question id instead of
  its variables; a comparison with a value that is not one of the variable's codes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from survey.instrument.builtin import BUILTIN_DEFINITIONS, SCORE_MAPPINGS
from survey.instrument.logic import ConditionSyntaxError, comparisons, parse_condition
from survey.instrument.names import option_variable, specify_variable

__all__ = ["Problem", "reference_problems", "scale_problems"]

Loc = tuple[str | int, ...]
Problem = tuple[Loc, str]

#: Words SPSS reserves; a variable cannot be called any of them (any case).
SPSS_RESERVED = frozenset(
    {"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR", "TO", "WITH"}
)
NAME_BYTES = 64
RATING_MAX_POINTS = 21
_CODED_KINDS = ("single", "likert_item", "multiple_option", "rating", "rank")


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _code(option: Any) -> int | None:
    code = option[0] if isinstance(option, list | tuple) and option else _dict(option).get("code")
    return code if isinstance(code, int) and not isinstance(code, bool) else None


def _specify(option: Any) -> bool:
    return bool(_dict(option).get("specify"))


def _codes(options: Any) -> list[int]:
    return [c for c in (_code(o) for o in _list(options)) if c is not None]


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _repeated_options(options: Any, loc: Loc) -> list[Problem]:
    problems, seen = [], set()
    for k, option in enumerate(_list(options)):
        code = _code(option)
        if code is None:
            continue
        if code in seen:
            problems.append(((*loc, k),
                             f"option code {code} repeats; each option needs its own code"))
        seen.add(code)
    return problems


def scale_problems(scale: dict[str, Any]) -> list[Problem]:
    """Problems inside one scale definition; ``loc`` is relative to the scale.

    >>> scale_problems({"options": [[1, "是"], [2, "否"]], "satisfied": [3]})
    [(('satisfied',), 'satisfied codes [3] are not option codes [1, 2]')]
    """
    options = scale.get("options")
    codes = _codes(options)
    problems = _repeated_options(options, ("options",))
    for k, option in enumerate(_list(options)):
        if _specify(option):
            problems.append((("options", k, "specify"),
                             "a scale option cannot carry text; put 其他（请注明） in the "
                             "question's own options"))
    for name in ("satisfied", "excluded"):
        unknown = [c for c in _list(scale.get(name)) if c not in codes]
        if unknown:
            problems.append(((name,), f"{name} codes {unknown} are not option codes {codes}"))
    both = sorted(set(_list(scale.get("satisfied"))) & set(_list(scale.get("excluded"))))
    if both:
        problems.append((("excluded",), f"codes {both} are both satisfied and excluded"))
    scores = scale.get("scores")
    if isinstance(scores, str):
        scores = SCORE_MAPPINGS.get(scores)
    if isinstance(scores, list | tuple):
        excluded = set(_list(scale.get("excluded")))
        scored = [c for c in codes if c not in excluded]
        if len(scores) != len(scored):
            problems.append((("scores",), f"scores give {len(scores)} points for "
                                          f"{len(scored)} scored options {scored}"))
    return problems


def _question_variables(
    q: dict[str, Any], scale_codes: dict[str, list[int]]
) -> list[tuple[str, str, list[int] | None, Loc]]:
    """``(name, kind, codes, loc relative to the question)`` for one raw question."""
    qid, kind = q.get("id"), q.get("type")
    if not isinstance(qid, str):
        return []
    out: list[tuple[str, str, list[int] | None, Loc]] = []
    options = _list(q.get("options"))
    if kind == "single":
        scale = q.get("scale")
        codes = scale_codes.get(scale) if isinstance(scale, str) else _codes(options)
        out.append((qid, "single", codes, ("id",)))
    elif kind == "multiple":
        out += [(option_variable(qid, c), "multiple_option", [0, 1], ("options", k))
                for k, o in enumerate(options) if (c := _code(o)) is not None]
    elif kind == "likert_matrix":
        scale = q.get("scale")
        codes = scale_codes.get(scale) if isinstance(scale, str) else None
        for k, item in enumerate(_list(q.get("items"))):
            item_id = _dict(item).get("id")
            if isinstance(item_id, str):
                out.append((item_id, "likert_item", codes, ("items", k, "id")))
    elif kind == "rating":
        low, high = _int(q.get("min", 0)), _int(q.get("max", 10))
        # The range is checked for size before any list is built: ``max: 300000000`` would
        # otherwise take gigabytes before _type_problems says "at most 21 points".
        codes = (list(range(low, high + 1)) if low is not None and high is not None
                 and 0 < high - low + 1 <= RATING_MAX_POINTS else None)
        out.append((qid, "rating", codes, ("id",)))
    elif kind == "number":
        out.append((qid, "number", None, ("id",)))
    elif kind == "ranking":
        # More ranks than options is reported by _type_problems; never build more codes.
        ranks = min(_int(q.get("ranks")) or len(options), len(options))
        out += [(option_variable(qid, c), "rank", list(range(1, ranks + 1)), ("options", k))
                for k, o in enumerate(options) if (c := _code(o)) is not None]
    elif kind == "open":
        out.append((qid, "open", None, ("id",)))
    if kind in ("single", "multiple"):
        out += [(specify_variable(qid, c), "other_text", None, ("options", k))
                for k, o in enumerate(options) if _specify(o) and (c := _code(o)) is not None]
    return out


def _name_problems(name: str, loc: Loc, id_column: str) -> list[Problem]:
    problems = []
    if name.upper() in SPSS_RESERVED:
        problems.append((loc, f"{name!r} is a reserved word in SPSS; choose another id"))
    if len(name.encode()) > NAME_BYTES:
        problems.append((loc, f"variable name {name!r} is {len(name.encode())} bytes; "
                              f"SPSS allows {NAME_BYTES}: shorten the id"))
    if name in (id_column, "duration_seconds"):
        problems.append((loc, f"{name!r} is the name of a column the loader reserves; "
                              "choose another id"))
    return problems


def _type_problems(
    q: dict[str, Any], loc: Loc, scale_codes: dict[str, list[int]],
    satisfied: dict[str, list[int]],
) -> list[Problem]:
    kind = q.get("type")
    problems: list[Problem] = []
    options = _list(q.get("options"))
    scale = q.get("scale")
    if isinstance(scale, str) and scale not in scale_codes:
        problems.append(((*loc, "scale"),
                         f"unknown scale {scale!r}; known: {', '.join(sorted(scale_codes))}"))
    if kind in ("single", "multiple", "ranking"):
        problems += _repeated_options(options, (*loc, "options"))
    if kind == "ranking":
        for k, option in enumerate(options):
            if _specify(option):
                problems.append(((*loc, "options", k, "specify"),
                                 "a ranking option cannot carry text"))
        if len(options) < 2:
            problems.append(((*loc, "options"), "a ranking needs at least 2 options"))
        ranks = _int(q.get("ranks"))
        if ranks is not None and ranks > len(options):
            problems.append(((*loc, "ranks"),
                             f"ranks is {ranks} but there are only {len(options)} options"))
    if kind == "multiple":
        low, high = _int(q.get("min_picks", 1)), _int(q.get("max_picks"))
        if high is not None and high > len(options):
            problems.append(((*loc, "max_picks"),
                             f"max_picks is {high} but there are only {len(options)} options"))
        if low is not None and low > (high if high is not None else len(options)):
            problems.append(((*loc, "min_picks"),
                             f"min_picks {low} is more than can be picked "
                             f"({high if high is not None else len(options)})"))
    if kind == "rating":
        low, high = _int(q.get("min", 0)), _int(q.get("max", 10))
        if low is not None and high is not None:
            if low >= high:
                problems.append(((*loc, "max"), f"max ({high}) must be above min ({low})"))
            elif high - low + 1 > RATING_MAX_POINTS:
                problems.append(((*loc, "max"),
                                 f"a rating line has at most {RATING_MAX_POINTS} points, got "
                                 f"{high - low + 1}; use type: number for a wider range"))
    if kind == "number":
        least, most = _number(q.get("min")), _number(q.get("max"))
        if least is not None and most is not None and least > most:
            problems.append(((*loc, "max"), f"max ({q.get('max')}) is below min ({q.get('min')})"))
    if (kind == "likert_matrix" and q.get("satisfaction", True) is not False
            and isinstance(scale, str) and scale in satisfied and not satisfied[scale]):
        problems.append(((*loc, "scale"),
                         f"a satisfaction matrix needs a scale with satisfied codes; {scale!r} "
                         "has none (add satisfied: [...] to the scale, or set "
                         "satisfaction: false for an opinion grid)"))
    if kind == "single" and q.get("satisfaction") is True and not (
            isinstance(scale, str) and satisfied.get(scale)):
        problems.append(((*loc, "satisfaction"),
                         "a satisfaction question needs a scale with satisfied codes "
                         "(scale: sat5, or a scale with satisfied: [...])"))
    single_sat = (kind == "single" and q.get("satisfaction") is not False
                  and isinstance(scale, str) and bool(satisfied.get(scale)))
    matrix_sat = kind == "likert_matrix" and q.get("satisfaction", True) is not False
    if single_sat and q.get("id") == OVERALL:
        problems.append(((*loc, "id"), _OVERALL_TAKEN))
    if matrix_sat:
        for k, item in enumerate(_list(q.get("items"))):
            if _dict(item).get("id") == OVERALL:
                problems.append(((*loc, "items", k, "id"), _OVERALL_TAKEN))
    return problems


#: The name of the overall satisfaction row in every satisfaction table and indicator.
OVERALL = "overall"
_OVERALL_TAKEN = ("'overall' names the overall satisfaction (the indicators' item: overall), "
                  "so a satisfaction question cannot take it; call it e.g. overall_sat")


def _skip_problems(
    expression: Any, loc: Loc, qid: str, earlier: dict[str, tuple[str, list[int] | None]],
    everywhere: dict[str, tuple[str, list[int] | None]], containers: dict[str, list[str]],
) -> list[Problem]:
    if not isinstance(expression, str):
        return []
    try:
        condition = parse_condition(expression)
    except ConditionSyntaxError as exc:
        return [(loc, f"skip logic does not parse: {exc}")]
    problems: list[Problem] = []
    for ref in condition.references:
        if ref in containers:
            shown = containers[ref]
            hint = f"{shown[0]}..{shown[-1]}" if len(shown) > 1 else (shown[0] if shown else ref)
            problems.append((loc, f"skip logic refers to question {ref!r}, which has no answer "
                                  f"of its own; refer to its variables ({hint})"))
        elif ref not in everywhere:
            problems.append((loc, f"skip logic refers to unknown variable {ref!r}"))
        elif ref not in earlier:
            problems.append((loc, f"skip logic refers to {ref!r}, which is not asked before "
                                  f"question {qid}"))
    for comparison in comparisons(condition):
        for name in comparison.names:
            if name not in earlier:
                continue
            kind, codes = earlier[name]
            if kind in _CODED_KINDS and codes is not None:
                problems += _compare_codes(comparison, name, codes, loc)
            elif kind == "number" and any(isinstance(v, str) for v in comparison.values):
                problems.append((loc, f"skip logic compares the number {name!r} with text"))
    return problems


def _compare_codes(comparison: Any, name: str, codes: list[int], loc: Loc) -> list[Problem]:
    listed = ", ".join(str(c) for c in codes)
    if comparison.op in ("==", "!=", "in"):
        bad = [v for v in comparison.values if not (isinstance(v, float) and v in codes)]
        if bad:
            shown = ", ".join(repr(int(v)) if isinstance(v, float) and v.is_integer() else repr(v)
                              for v in bad)
            return [(loc, f"skip logic compares {name!r} with {shown}, which is not one of "
                          f"its codes ({listed})")]
        return []
    if not any(comparison.holds_for(float(c)) for c in codes):
        value = comparison.values[0]
        literal = int(value) if isinstance(value, float) and value.is_integer() else value
        return [(loc, f"skip logic condition {name} {comparison.op} {literal!r} holds for none "
                      f"of its codes ({listed})")]
    return []


def _variables_by_question(
    sections: Sequence[Any], scale_codes: dict[str, list[int]]
) -> list[tuple[Loc, dict[str, Any], list[tuple[str, str, list[int] | None, Loc]]]]:
    out = []
    for si, section in enumerate(sections):
        for qi, q in enumerate(_list(_dict(section).get("questions"))):
            if isinstance(q, dict):
                loc: Loc = ("sections", si, "questions", qi)
                out.append((loc, q, _question_variables(q, scale_codes)))
    return out


def reference_problems(data: dict[str, Any]) -> list[Problem]:
    """Every cross-reference problem of a (possibly malformed) instrument document."""
    problems: list[Problem] = []
    declared = _dict(data.get("scales"))
    scale_codes = {name: list(s.codes) for name, s in BUILTIN_DEFINITIONS.items()}
    satisfied = {name: list(s.satisfied) for name, s in BUILTIN_DEFINITIONS.items()}
    for name, scale in declared.items():
        if name in BUILTIN_DEFINITIONS:
            problems.append((("scales", name), f"scale {name!r} is built in; give yours "
                                               "another name"))
            continue
        scale = _dict(scale)
        problems += [(("scales", name, *loc), msg) for loc, msg in scale_problems(scale)]
        scale_codes[name] = _codes(scale.get("options"))
        satisfied[name] = [c for c in _list(scale.get("satisfied")) if isinstance(c, int)]

    id_column = data.get("id_column", "respondent_id")
    if not (isinstance(id_column, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", id_column)):
        problems.append((("id_column",), f"the respondent-id column must be an ASCII name "
                                         f"(letters, digits, _), got {id_column!r}"))
    sections = _list(data.get("sections"))
    questions = _variables_by_question(sections, scale_codes)
    everywhere = {name: (kind, codes) for _, _, vs in questions for name, kind, codes, _ in vs}
    containers = {
        q["id"]: [name for name, *_ in vs]
        for _, q, vs in questions
        if isinstance(q.get("id"), str)
        and q.get("type") in ("likert_matrix", "multiple", "ranking")
    }

    seen_sections: dict[str, int] = {}
    for si, section in enumerate(sections):
        sid = _dict(section).get("id")
        if isinstance(sid, str):
            if sid in seen_sections:
                problems.append((("sections", si, "id"), f"section id {sid!r} is also used "
                                                         f"by sections[{seen_sections[sid]}]"))
            seen_sections.setdefault(sid, si)
        if isinstance(section, dict) and _list(section.get("questions")) == [] \
                and "questions" in section:
            problems.append((("sections", si, "questions"),
                             "a section needs at least one question"))

    seen: dict[str, str] = {}
    earlier: dict[str, tuple[str, list[int] | None]] = {}
    for loc, q, vs in questions:
        where = f"sections[{loc[1]}].questions[{loc[3]}]"
        names: list[tuple[str, Loc, bool]] = []
        if isinstance(q.get("id"), str):
            names.append((q["id"], (*loc, "id"), q["id"] in everywhere))
        names += [(name, (*loc, *rel), True) for name, _, _, rel in vs if name != q.get("id")]
        for name, name_loc, is_variable in names:
            if name in seen:
                problems.append((name_loc, f"id {name!r} is already used by {seen[name]}"))
            else:
                seen[name] = where
            if is_variable:
                problems += _name_problems(name, name_loc, id_column)
        problems += _type_problems(q, loc, scale_codes, satisfied)
        if isinstance(q.get("id"), str):
            problems += _skip_problems(q.get("show_if"), (*loc, "show_if"), q["id"], earlier,
                                       everywhere, containers)
        earlier.update({name: (kind, codes) for name, kind, codes, _ in vs})
    return problems
