"""Office files with reproducible bytes: the same report gives the same .docx and .xlsx.

An Office Open XML file is a zip of XML parts (ECMA-376 Part 2, Open Packaging
Conventions). Writers stamp it twice with the clock: every zip entry's modification time
and ``docProps/core.xml``'s ``dcterms:created``/``dcterms:modified``. :func:`reproducible`
rewrites both from one fixed date (the report's ``generated_at``, an input) and keeps the
parts in the order written, ``[Content_Types].xml`` first as the conventions ask.
:func:`package` writes such a file straight from its parts (a Word document's, without
zipping them first).

The zip is the one :mod:`zipfile` writes (PKWARE APPNOTE 6.3: local headers, deflated
data at level 9, central directory, end record; no ZIP64, no data descriptors). Parts
repeat from file to file (a report's ten Word documents share their styles, 0.8 MB of
XML), so a part's deflated bytes are kept and reused: deflate is deterministic, the
bytes are the same.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["ZIP_EPOCH", "core_stamp", "package", "reproducible"]

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
    return package(((name, source.read(name)) for name in source.namelist()), stamp)


def package(parts: Iterable[tuple[str, bytes]], stamp: str) -> bytes:
    """The package of ``parts`` (zip member name, bytes), in their order but
    ``[Content_Types].xml`` first, with entry times :data:`ZIP_EPOCH` and core-property
    times ``stamp``: the bytes :func:`reproducible` gives for a zip of the same parts.

    >>> blob = package([("a.xml", b"<a/>"), ("[Content_Types].xml", b"<Types/>")], "x")
    >>> [(i.filename, i.date_time) for i in zipfile.ZipFile(io.BytesIO(blob)).infolist()]
    [('[Content_Types].xml', (1980, 1, 1, 0, 0, 0)), ('a.xml', (1980, 1, 1, 0, 0, 0))]
    """
    entries = list(parts)
    entries.sort(key=lambda e: e[0] != "[Content_Types].xml")  # stable: only moves it first
    out = bytearray()
    directory = bytearray()
    for name, data in entries:
        if name == "docProps/core.xml":
            data = _CORE_TIMES.sub(
                lambda m: m.group(1) + stamp + m.group(3), data.decode("utf-8")
            ).encode("utf-8")
        crc, deflated = _deflated(data)
        try:
            filename, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            filename, flags = name.encode("utf-8"), _UTF8_NAME
        if len(data) * 1.05 > _ZIP64_LIMIT or len(out) > _ZIP64_LIMIT:
            raise ValueError(f"{name}: a part this large needs ZIP64, which is not written")
        sizes = (crc, len(deflated), len(data), len(filename))
        directory += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", _VERSION, _SYSTEM,
                                 _VERSION, 0, flags, zipfile.ZIP_DEFLATED, _DOS_TIME,
                                 _DOS_DATE, *sizes, 0, 0, 0, 0, 0o644 << 16, len(out))
        directory += filename
        out += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", _VERSION, 0, flags,
                           zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, *sizes, 0)
        out += filename
        out += deflated
    if len(entries) > 0xFFFF or len(out) > _ZIP64_LIMIT:
        raise ValueError("a package this large needs ZIP64, which is not written")
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                      len(directory), len(out), 0)
    return bytes(out + directory + end)


#: What :mod:`zipfile` writes for a deflated entry: version 2.0 made and needed, its host
#: system (3 Unix, 0 Windows), bit 11 for a UTF-8 name; times of :data:`ZIP_EPOCH` in DOS form.
_VERSION = 20
_SYSTEM = zipfile.ZipInfo().create_system
_UTF8_NAME = 0x800
_ZIP64_LIMIT = (1 << 31) - 1
_DOS_DATE = (ZIP_EPOCH[0] - 1980) << 9 | ZIP_EPOCH[1] << 5 | ZIP_EPOCH[2]
_DOS_TIME = ZIP_EPOCH[3] << 11 | ZIP_EPOCH[4] << 5 | ZIP_EPOCH[5] // 2


@lru_cache(maxsize=64)
def _deflated(data: bytes) -> tuple[int, bytes]:
    """CRC-32 of ``data`` and ``data`` deflated at level 9 (raw deflate, as zip holds it)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return zlib.crc32(data), compressor.compress(data) + compressor.flush()
