"""The import's working state: choice lists, codes, scales, ids and notes.

:class:`Builder` reads the ``choices`` sheet into lists and codes (whole-number names are
kept, other names become 1, 2, … in list order), turns a list into question options or a
scale (a built-in one when equal, else a declared one with the ``survey_`` columns'
satisfied and excluded codes, scores and order), hands out unique ASCII ids, and collects
the notes on what changed or was left out. :func:`promote_scales` lets single-choice
questions share the scale of a list that several questions use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from survey.forms._xlsform_sheets import TRUE_WORDS, cell_text, clean_name, lang_columns
from survey.instrument.model import BUILTIN_SCALES


@dataclass
class Builder:
    path: Path
    notes: list[str] = field(default_factory=list)
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    codes: dict[str, dict[str, int]] = field(default_factory=dict)
    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    sections: list[dict[str, Any]] = field(default_factory=list)
    scales: dict[str, dict[str, Any]] = field(default_factory=dict)
    scale_names: dict[str, str] = field(default_factory=dict)
    list_use: dict[str, int] = field(default_factory=dict)
    used_ids: set[str] = field(default_factory=set)

    # -- choices -------------------------------------------------------------------------
    def read_choices(self, rows: list[dict[str, Any]]) -> None:
        zh, en = lang_columns(rows, "label")
        for row in rows:
            listed = str(row.get("list_name", row.get("list name", ""))).strip()
            if not listed or row.get("name") in (None, ""):
                continue
            self.lists.setdefault(listed, []).append({
                "name": str(row["name"]).strip(), "label": cell_text(row, zh) or str(row["name"]),
                "label_en": cell_text(row, en),
                "satisfied": str(row.get("survey_satisfied", "")).lower() in TRUE_WORDS,
                "excluded": str(row.get("survey_excluded", "")).lower() in TRUE_WORDS,
                "score": row.get("survey_score"),
                "specify": str(row.get("survey_specify", "")).lower() in TRUE_WORDS,
                "ordered": str(row.get("survey_ordered", "")).lower() not in ("no", "false"),
            })
        for listed, choices in self.lists.items():
            names = [c["name"] for c in choices]
            if all(re.fullmatch(r"-?\d+", n) for n in names) and len(set(names)) == len(names):
                self.codes[listed] = {n: int(n) for n in names}
            else:
                self.codes[listed] = {n: k for k, n in enumerate(names, start=1)}
                self.notes.append(f"choice list {listed!r}: names {', '.join(names[:6])}"
                                  f"{' …' if len(names) > 6 else ''} became codes "
                                  f"1–{len(names)}")

    def options(self, listed: str) -> list[Any]:
        out = []
        for choice in self.lists[listed]:
            code = self.codes[listed][choice["name"]]
            if choice["specify"]:
                option: Any = {"code": code, "label": choice["label"], "specify": True}
                if choice["label_en"]:
                    option["label_en"] = choice["label_en"]
            else:
                english = [choice["label_en"]] if choice["label_en"] else []
                option = [code, choice["label"], *english]
            out.append(option)
        return out

    def scale(self, listed: str) -> str:
        """The scale name for a list: a built-in one when equal, else a declared one."""
        if listed in self.scale_names:
            return self.scale_names[listed]
        choices = self.lists[listed]
        pairs = [(self.codes[listed][c["name"]], c["label"]) for c in choices]
        for name, scale in BUILTIN_SCALES.items():
            if [(o.code, o.label) for o in scale.options] == pairs:
                self.scale_names[listed] = name
                return name
        name = clean_name(listed)
        while name in BUILTIN_SCALES or name in self.scales:
            name += "_form"
        declared: dict[str, Any] = {"options": [
            [c, label, *([ch["label_en"]] if ch["label_en"] else [])]
            for (c, label), ch in zip(pairs, choices, strict=True)]}
        satisfied = [c for (c, _), ch in zip(pairs, choices, strict=True) if ch["satisfied"]]
        excluded = [c for (c, _), ch in zip(pairs, choices, strict=True) if ch["excluded"]]
        scores = [ch["score"] for ch in choices if not ch["excluded"]]
        if satisfied:
            declared["satisfied"] = satisfied
        if excluded:
            declared["excluded"] = excluded
        if scores and all(isinstance(s, int | float) or re.fullmatch(r"-?\d+(\.\d+)?", str(s))
                          for s in scores):
            declared["scores"] = [float(s) for s in scores]
        if not all(ch["ordered"] for ch in choices):
            declared["ordered"] = False
        self.scales[name] = declared
        self.scale_names[listed] = name
        return name

    # -- survey --------------------------------------------------------------------------
    def new_id(self, name: str) -> str:
        new = clean_name(name)
        while new in self.used_ids:
            new += "_"
        if new != name:
            self.notes.append(f"field {name!r} is called {new!r} "
                              "(ids are ASCII letters, digits, _)")
        self.used_ids.add(new)
        return new


def promote_scales(b: Builder) -> None:
    """Single-choice questions on a list that a matrix or another question uses take its scale."""
    shared = {lst for lst, n in b.list_use.items() if n > 1} | set(b.scale_names)
    for section in b.sections:
        for q in section["questions"]:
            listed = q.pop("_list", None)
            if listed is None or any(isinstance(o, dict) for o in q.get("options", [])):
                continue
            if listed in shared or _is_builtin(b, listed):
                q.pop("options", None)
                q["scale"] = b.scale(listed)


def _is_builtin(b: Builder, listed: str) -> bool:
    pairs = [(b.codes[listed][c["name"]], c["label"]) for c in b.lists[listed]]
    return any([(o.code, o.label) for o in s.options] == pairs for s in BUILTIN_SCALES.values())
