"""What the style guide asks of the code that a linter does not check."""

from __future__ import annotations

import re

from tests.conftest import ROOT

ISSUE = re.compile(r"\bissues? #?\d+", re.IGNORECASE)


def test_no_comment_cites_an_issue_number():
    """A comment says why the code is as it is; the tracker's numbering is no reason."""
    found = []
    for path in sorted((ROOT / "survey").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            comment = line.split("#", 1)[1] if "#" in line else ""
            if ISSUE.search(comment) or re.search(r"\(issue \d+\)", line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
