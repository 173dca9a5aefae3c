"""Office files with reproducible bytes: the same report gives the same .docx and .xlsx.

An Office Open XML file is a zip of XML parts (ECMA-376 Part 2, Open Packaging
Conventions). Writers stamp it twice with the clock: every zip entry's modification time
and ``docProps/core.xml``'s ``dcterms:created``/``dcterms:modified``. :func:`reproducible`
rewrites both from one fixed date (the report's ``generated_at``, an input) and keeps the
parts in the order written, ``[Content_Types].xml`` first as the conventions ask.
"""

from __future__ import annotations

import io
import re
import zipfile

__all__ = ["ZIP_EPOCH", "core_stamp", "reproducible"]

#: The zip entries' time: the earliest a zip can record (1980-01-01 00:00).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CORE_TIMES = re.compile(
    r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def core_stamp(generated_at: str) -> str:
    """The W3CDTF time written in core properties for a report dated ``generated_at``.

    >>> core_stamp("2026-11-21"), core_stamp("not a date")
    ('2026-11-21T00:00:00Z', '1980-01-01T00:00:00Z')
    """
    day = generated_at if _DATE.match(generated_at) else "1980-01-01"
    return f"{day}T00:00:00Z"


def reproducible(blob: bytes, stamp: str) -> bytes:
    """The package ``blob`` with fixed entry times and core-property times ``stamp``.

    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("docProps/core.xml", "<dcterms:modified x='1'>2031-01-01</dcterms:modified>")
    >>> out = zipfile.ZipFile(io.BytesIO(reproducible(buf.getvalue(), "2026-11-21T00:00:00Z")))
    >>> out.read("docProps/core.xml").decode(), out.infolist()[0].date_time
    ("<dcterms:modified x='1'>2026-11-21T00:00:00Z</dcterms:modified>", (1980, 1, 1, 0, 0, 0))
    """
    source = zipfile.ZipFile(io.BytesIO(blob))
    names = source.namelist()
    names.sort(key=lambda n: n != "[Content_Types].xml")  # stable: only moves it first
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            data = source.read(name)
            if name == "docProps/core.xml":
                data = _CORE_TIMES.sub(
                    lambda m: m.group(1) + stamp + m.group(3), data.decode("utf-8")
                ).encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data, compresslevel=9)
    return out.getvalue()
