"""Refuse a zip bomb before it is unpacked: .xlsx and .docx files are zip archives.

A zip archive declares, for each member, its compressed and uncompressed size in the central
directory, which is read without unpacking anything. Neither Python's :mod:`zipfile` nor the
Rust zip reader under python-calamine returns more bytes for a member than it declares (both
raise instead), so checking the declared sizes bounds what any reader (calamine, openpyxl,
python-docx) can unpack.

Two limits, either enough to refuse:

* the members together unpack to more than :data:`MAX_UNPACKED` bytes;
* they unpack to more than :data:`RATIO_FLOOR` bytes at more than :data:`MAX_RATIO` times
  their packed size. Spreadsheet and document XML packs 5–30 times; a zip bomb packs
  hundreds to thousands of times.

Reference: D. Fifield, "A better zip bomb", WOOT '19 (2019), on ratios of ordinary and
malicious archives.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from survey.errors import SurveyError

__all__ = ["MAX_RATIO", "MAX_UNPACKED", "RATIO_FLOOR", "check_archive"]

#: Most bytes all members may unpack to (a 100,000-row, 50-column sheet is ~200 MB of XML).
MAX_UNPACKED = 1_000_000_000
#: Highest ratio of unpacked to packed bytes allowed once the total passes RATIO_FLOOR.
MAX_RATIO = 100
#: Below this many unpacked bytes the ratio is not looked at.
RATIO_FLOOR = 50_000_000


def check_archive(path: Path, error: type[SurveyError], what: str) -> None:
    """Raise ``error`` naming ``path`` when the zip archive would unpack beyond the limits.

    A file that is not a zip archive passes: the reader that follows says what is wrong
    with it in its own words.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        return  # NotImplementedError: a damaged header naming a zip version Python lacks
    unpacked = sum(m.file_size for m in members)
    packed = max(sum(m.compress_size for m in members), 1)
    ratio = unpacked / packed
    if unpacked > MAX_UNPACKED or (unpacked > RATIO_FLOOR and ratio > MAX_RATIO):
        raise error(
            f"the {what} would unpack to {unpacked / 1e6:,.0f} MB from {packed / 1e6:,.1f} MB "
            f"({ratio:,.0f} times), as a zip bomb does; refused before reading",
            code="zip_bomb", file=str(path),
            expected=f"at most {MAX_UNPACKED / 1e6:,.0f} MB unpacked, and at most {MAX_RATIO} "
                     f"times the packed size past {RATIO_FLOOR / 1e6:,.0f} MB")
