"""YAML documents with line numbers, and pydantic errors located by key path and line.

Project documents (instruments, analysis specs) are validated by pydantic; its error
locations are key paths. :func:`read_yaml` keeps the composed node tree so that each key
path can be traced back to the line the user must edit.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, get_args

import yaml
from pydantic import BaseModel, ValidationError

from survey.errors import MissingFileError, SurveyError

__all__ = ["Located", "YamlDocument", "parse_key_path", "read_yaml", "validate_document"]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it

#: Largest instrument, spec or column map read (a 400-question instrument is ~100 KB).
MAX_BYTES = 4_000_000
#: Deepest nesting of mappings and sequences (real documents stay under 10).
MAX_DEPTH = 100
#: Most values that aliases may add when written out (shared scales add a few hundred).
MAX_ALIAS_NODES = 100_000
#: C0 controls other than tab, newline and carriage return; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: the plain data and the node tree that knows the lines."""

    path: Path
    data: Any
    root: yaml.Node | None

    def line_of(self, loc: Sequence[str | int]) -> int | None:
        """1-based line of the deepest node reachable along ``loc`` (unknown parts skipped)."""
        node = self.root
        line = None if node is None else node.start_mark.line + 1
        for part in loc:
            child = _child(node, part)
            if child is None:
                continue  # a pydantic-only component, such as a union tag
            key_node, node = child
            line = (key_node or node).start_mark.line + 1
        return line


@dataclass(frozen=True)
class Located:
    """One problem in a document: dotted key path, line, message."""

    key: str
    line: int | None
    message: str


def _child(node: yaml.Node | None, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if str(key.value) == str(part):
                return key, value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def key_path(loc: Sequence[str | int]) -> str:
    """``('sections', 0, 'id')`` → ``sections[0].id``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def parse_key_path(text: str) -> tuple[str | int, ...]:
    """``sections[0].id`` → ``('sections', 0, 'id')`` (the inverse of :func:`key_path`).

    >>> parse_key_path("groups[1].fieldwork.population")
    ('groups', 1, 'fieldwork', 'population')
    """
    loc: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        loc.append(int(index) if index else name)
    return tuple(loc)


def read_yaml(path: str | Path, error: type[SurveyError], what: str) -> YamlDocument:
    """Read a YAML file; a missing file, a syntax error or a hostile shape (see
    :func:`_guard`) becomes a located ``error``."""
    path = Path(path)
    if not path.is_file():
        raise MissingFileError.for_path(path, what)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise error(f"the {what} is {size:,} bytes, larger than any questionnaire or spec needs",
                    code="yaml_too_large", file=str(path),
                    expected=f"at most {MAX_BYTES:,} bytes", got=size)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error("not UTF-8 text", code="bad_encoding", file=str(path),
                    hint="Save the file as UTF-8.") from exc
    try:
        _guard(text, path, error)
        loader = _LOADER(text)
        try:
            root = loader.get_single_node()
            data = None if root is None else loader.construct_document(root)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = str(exc.problem or exc.context)
        raise error(
            f"YAML syntax error: {problem}",
            code="yaml_syntax",
            file=str(path),
            line=None if mark is None else mark.line + 1,
            hint="Indent with spaces; YAML does not allow tabs."
            if "'\\t'" in problem or "tab character" in problem else None,
        ) from exc
    except yaml.reader.ReaderError as exc:  # a raw control character; no mark, a position
        before = text[:exc.position]
        column = exc.position - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise error(f"column {column}: a value holds the control character {_name(char)}; "
                    "labels and codes must be printable text", code="control_character",
                    file=str(path), line=before.count("\n") + 1) from exc
    except yaml.YAMLError as exc:
        raise error(f"YAML syntax error: {str(exc).splitlines()[0]}", code="yaml_syntax",
                    file=str(path)) from exc
    repeated = _repeated_key(root, (), set())
    if repeated is not None:
        loc, line = repeated
        raise error("a key is given twice in the same mapping; only one value can be kept",
                    code="duplicate_key", file=str(path), line=line, key=key_path(loc))
    if not isinstance(data, dict):
        raise error(f"the {what} must be a mapping of keys", code="not_a_mapping", file=str(path),
                    expected="a YAML mapping", got=type(data).__name__)
    return YamlDocument(path=path, data=data, root=root)


def _guard(text: str, path: Path, error: type[SurveyError]) -> None:
    """Refuse, before any tree is built, a document whose shape no questionnaire has.

    One pass over libyaml's event stream (no recursion) tracks three things:

    * nesting depth, at most :data:`MAX_DEPTH` (deeper documents overflow recursive readers);
    * the size the document would have with every alias written out: each node counts 1 plus
      its children, an alias counts the size of its anchor. Aliases may add at most
      :data:`MAX_ALIAS_NODES` nodes — a few hundred bytes of nested aliases ("billion laughs")
      would otherwise expand to billions of values downstream; an alias inside its own
      anchor (a value without end) is refused;
    * control characters in a scalar (written as ``\\e``, ``\\a``, ``\\0`` escapes), which
      no label needs and which garble a terminal or break a spreadsheet writer.
    """
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = []  # per open collection: [anchor, size]
    added = 0

    def fail(message: str, mark: Any, code: str, **kw: Any) -> None:
        raise error(f"column {mark.column + 1}: {message}", code=code, file=str(path),
                    line=mark.line + 1, **kw)

    def close(size: int, anchor: str | None) -> None:
        if anchor is not None:
            sizes[anchor] = size
        if stack:
            stack[-1][1] += size

    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            stack.append([event.anchor, 1])
            if len(stack) > MAX_DEPTH:
                fail("the document is nested too deeply", event.start_mark, "yaml_too_deep",
                     expected=f"at most {MAX_DEPTH} levels of nesting")
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, size = stack.pop()
            close(size, anchor)
        elif isinstance(event, yaml.ScalarEvent):
            bad = _CONTROL.search(event.value)
            if bad is not None:
                fail(f"a value holds the control character {_name(bad.group())}; "
                     "labels and codes must be printable text", event.start_mark,
                     "control_character")
            close(1, event.anchor)
        elif isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _ in stack):
                fail(f"the alias *{event.anchor} refers to a collection that holds it; "
                     "the value would never end", event.start_mark, "yaml_recursive_alias")
            size = sizes.get(str(event.anchor), 1)
            added += size
            if added > MAX_ALIAS_NODES:
                fail(f"the aliases (*{event.anchor} and others) expand to more than "
                     f"{MAX_ALIAS_NODES:,} values", event.start_mark, "yaml_alias_expansion",
                     hint="Write the repeated part out, or use fewer nested aliases.")
            close(size, None)


def _name(char: str) -> str:
    """``"\\x1b"`` → ``U+001B``."""
    return f"U+{ord(char):04X}"


def _repeated_key(
    node: yaml.Node | None, loc: tuple[str | int, ...], seen_nodes: set[int],
) -> tuple[tuple[str | int, ...], int] | None:
    """The key path and line of the first key that repeats in its mapping (YAML forbids
    it; PyYAML would keep the last value without a word), or ``None``.

    A node reached again through an alias was already checked: ``seen_nodes`` holds the
    ids of visited collections, so the walk is linear in the document, not in its
    expansion."""
    if id(node) in seen_nodes:
        return None
    if isinstance(node, yaml.MappingNode):
        seen_nodes.add(id(node))
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if isinstance(key, yaml.ScalarNode) and name in seen and name != "<<":
                return (*loc, name), key.start_mark.line + 1
            seen.add(name)
            found = _repeated_key(value, (*loc, name), seen_nodes)
            if found is not None:
                return found
    elif isinstance(node, yaml.SequenceNode):
        seen_nodes.add(id(node))
        for i, item in enumerate(node.value):
            found = _repeated_key(item, (*loc, i), seen_nodes)
            if found is not None:
                return found
    return None


def _message(err: Any, keys: frozenset[str] = frozenset()) -> str:
    if err.get("type") == "extra_forbidden" and err.get("loc"):
        key = str(err["loc"][-1])
        near = difflib.get_close_matches(key, sorted(keys), n=1, cutoff=0.6)
        return f"unknown key {key!r}" + (f" — did you mean {near[0]!r}?" if near else "")
    msg = str(err["msg"])
    # pydantic prefixes messages from our validators with "Value error, ".
    return msg.removeprefix("Value error, ")


def field_names(model: type[BaseModel]) -> frozenset[str]:
    """Every key a document of ``model`` may hold, at any depth (for "did you mean")."""
    names: set[str] = set()
    seen: set[type] = set()

    def walk(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in seen:
                return
            seen.add(annotation)
            for name, info in annotation.model_fields.items():
                names.add(name)
                walk(info.annotation)
        for arg in get_args(annotation):
            walk(arg)

    walk(model)
    return frozenset(names)


M = TypeVar("M", bound=BaseModel)


def validate_document(
    doc: YamlDocument, model: type[M], error: type[SurveyError], context: dict[str, Any] | None = None
) -> tuple[M | None, list[Located]]:
    """Validate ``doc`` against ``model``; return the model or every problem, located."""
    try:
        return model.model_validate(doc.data, context=context), []
    except ValidationError as exc:
        problems = []
        # A misspelt key also leaves its field missing: name the misspelling first.
        errors = sorted(exc.errors(), key=lambda e: e.get("type") != "extra_forbidden")
        for err in errors:
            loc = tuple(err["loc"])
            problems.append(Located(key=key_path(_strip_tags(loc, doc)), line=doc.line_of(loc),
                                    message=_message(err, field_names(model))))
        return None, problems


def _strip_tags(loc: tuple[Any, ...], doc: YamlDocument) -> tuple[Any, ...]:
    """Drop pydantic's union tags (``likert_matrix`` …) that are not keys of the document."""
    kept, node = [], doc.root
    for i, part in enumerate(loc):
        child = _child(node, part)
        if child is None:
            if i == len(loc) - 1:
                kept.append(part)  # a missing key: name it
            continue
        kept.append(part)
        node = child[1]
    return tuple(kept)
