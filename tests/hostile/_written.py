"""Every character a written file holds, for tests that look for what must not be there."""

from __future__ import annotations

import zipfile
from pathlib import Path


def written_text(path: Path) -> str:
    """The text of ``path``; for a .docx or .xlsx (a zip of XML parts) every part's text."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return "\n".join(archive.read(name).decode("utf-8", errors="replace")
                             for name in archive.namelist())
    return path.read_bytes().decode("utf-8", errors="replace")
