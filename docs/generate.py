"""Generate the field reference from the models, so that it cannot drift from them.

Writes, from :class:`survey.instrument.model.Instrument` and
:class:`survey.analysis.AnalysisSpec`:

- ``docs/schema/instrument.schema.json`` and ``docs/schema/analysis.schema.json`` (JSON
  Schema, draft 2020-12) for editors: a YAML file whose first line is
  ``# yaml-language-server: $schema=<path>`` gets completion and checking as it is typed;
- ``docs/fields.md``: every object of both files, each field with its type, default,
  allowed values and an example taken from the bundled definitions (``instruments/``,
  ``analyses/``).

    python docs/generate.py           # write the files
    python docs/generate.py --check   # exit 1, naming the stale files, if they differ
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SCHEMA = DOCS / "schema"
sys.path.insert(0, str(ROOT))

_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schemas() -> dict[str, dict[str, Any]]:
    """The two JSON Schemas, keyed by file name."""
    from survey.analysis import AnalysisSpec
    from survey.instrument.model import Instrument

    out = {}
    for name, model, title in (("instrument", Instrument, "survey instrument"),
                               ("analysis", AnalysisSpec, "survey analysis spec")):
        schema = model.model_json_schema()
        schema = {"$schema": _DIALECT, "title": title, **{k: v for k, v in schema.items()
                                                          if k != "title"}}
        out[f"{name}.schema.json"] = schema
    return out


def _examples() -> dict[str, Any]:
    """The first value of each key in the bundled definitions (by key name)."""
    found: dict[str, Any] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                scalar = not isinstance(value, dict | list)
                plain_list = isinstance(value, list) and bool(value) and \
                    not isinstance(value[0], dict)
                if key not in found and (scalar or plain_list):
                    found[str(key)] = value
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted((ROOT / "instruments").glob("*.yaml")) + sorted(
            (ROOT / "analyses").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


def _type(prop: dict[str, Any]) -> str:
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in prop:
        parts = [_type(p) for p in prop["anyOf"]]
        return " or ".join(dict.fromkeys(p for p in parts if p != "null")) + (
            " or null" if "null" in parts else "")
    if "const" in prop:
        return json.dumps(prop["const"], ensure_ascii=False)
    if "enum" in prop:
        return prop.get("type", "string")
    kind = prop.get("type", "any")
    if kind == "array":
        items = prop.get("items")
        return f"list of {_type(items)}" if items else "list"
    if kind == "object" and "additionalProperties" in prop and isinstance(
            prop["additionalProperties"], dict):
        return f"mapping to {_type(prop['additionalProperties'])}"
    return str(kind)


def _allowed(prop: dict[str, Any]) -> str:
    parts = []
    for p in [prop, *prop.get("anyOf", [])]:
        if "enum" in p:
            parts.append(", ".join(f"`{v}`" for v in p["enum"]))
        if "const" in p and p is not prop:
            parts.append(f"`{p['const']}`")
        for key, sign in (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"),
                          ("exclusiveMaximum", "<"), ("minLength", "length ≥"),
                          ("maxLength", "length ≤"), ("minItems", "items ≥")):
            if key in p:
                parts.append(f"{sign} {p[key]}")
        if "pattern" in p:
            parts.append(f"pattern `{p['pattern']}`")
        for example in p.get("examples", []):
            parts.append(f"e.g. `{json.dumps(example, ensure_ascii=False)}`")
    return "; ".join(dict.fromkeys(parts)) or "—"


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    text = json.dumps(value, ensure_ascii=False)
    if len(text) > 60:
        text = text[:57] + "…"
    return "`" + text.replace("|", "\\|") + "`"


def _mismatch(kind: str, example: Any) -> bool:
    """An example found under the same key name in another object, of another type."""
    if example is None:
        return False
    words = set(kind.replace(" or ", " ").split())
    if isinstance(example, bool):
        return "boolean" not in words
    if isinstance(example, int | float):
        return not words & {"integer", "number"}
    if isinstance(example, str):
        return "string" not in words
    if isinstance(example, list):
        return "list" not in words
    return True


def _object(name: str, schema: dict[str, Any], examples: dict[str, Any]) -> list[str]:
    body = schema
    if "anyOf" in schema:  # a short form and the full object
        body = next((s for s in schema["anyOf"] if "title" in s and "properties" in s),
                    schema)
    lines = [f"### `{name}`", ""]
    description = (schema.get("description") or body.get("description") or "").strip()
    if description:
        lines += [" ".join(description.split("\n\n")[0].split()), ""]
    if "anyOf" in schema:
        lines += ["Short forms: " + "; ".join(_type(s) for s in schema["anyOf"]
                                               if s is not body) + ".", ""]
    required = set(body.get("required", []))
    lines += ["| field | type | default | allowed values | example |",
              "|---|---|---|---|---|"]
    for field, prop in body.get("properties", {}).items():
        default = "required" if field in required else _cell(prop.get("default"))
        allowed = _allowed(prop).replace("|", "\\|")
        kind = _type(prop)
        example = examples.get(field)
        if _mismatch(kind, example):
            example = None
        lines.append(f"| `{field}` | {kind} | {default} | {allowed} | {_cell(example)} |")
    return [*lines, ""]


def fields_markdown(all_schemas: dict[str, dict[str, Any]]) -> str:
    """``docs/fields.md``: one table per object, the top-level object first."""
    examples = _examples()
    out = ["# Field reference", "",
           ("Generated by `python docs/generate.py` from the models in "
           "`survey/instrument/model.py` and `survey/analysis.py`; do not edit by hand "
           "(`tests/test_docs.py` fails when this page or the schemas are stale). The JSON "
           "Schemas in `docs/schema/` give editors completion and checking: put "
           "`# yaml-language-server: $schema=<path to the schema>` on a definition's first line "
           "(`survey draft` writes it). Examples are the first value of each key in the bundled "
           "`instruments/` and `analyses/`."), "",
           ("Numbers read the same as on the command line: shares as `90%` or `0.9`, targets "
           "as `90%`, `≥90%` or `{\">=\": 0.9}`, counts as `1,000`; NaN, infinities, negative "
           "shares and shares above 100% are refused with their key and line. An unknown key "
           "names the nearest valid one."), ""]
    for file_name, title in (("instrument.schema.json", "Instrument (`instruments/*.yaml`)"),
                             ("analysis.schema.json", "Analysis spec (`analyses/*.yaml`)")):
        schema = all_schemas[file_name]
        out += [f"## {title}", ""]
        top = {k: v for k, v in schema.items() if k != "$defs"}
        out += _object(schema["title"].removeprefix("survey ").title().replace(" ", ""),
                       top, examples)
        for name, definition in sorted(schema.get("$defs", {}).items()):
            out += _object(name, definition, examples)
    return "\n".join(out).rstrip() + "\n"


def outputs() -> dict[Path, str]:
    """Every generated file and its text."""
    all_schemas = schemas()
    files = {SCHEMA / name: json.dumps(s, ensure_ascii=False, indent=2) + "\n"
             for name, s in all_schemas.items()}
    files[DOCS / "fields.md"] = fields_markdown(all_schemas)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a generated file is missing or differs")
    args = parser.parse_args(argv)
    files = outputs()
    if args.check:
        stale = [p for p, text in files.items()
                 if not p.exists() or p.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)} (run python docs/generate.py)")
        return 1 if stale else 0
    SCHEMA.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
