"""Reproducible Office packages: the zip :func:`package` writes is the one :mod:`zipfile`
wrote for :func:`reproducible` before (kept here as the reference), and a Word document
zipped from its parts is the document ``Document.save`` gives, made reproducible."""

from __future__ import annotations

import io
import re
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from survey.report import word
from survey.report.package import ZIP_EPOCH, core_stamp, package, reproducible

_CORE_TIMES = re.compile(r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def _reference(blob: bytes, stamp: str) -> bytes:
    """The former :func:`reproducible`: every part rewritten through :mod:`zipfile`."""
    source = zipfile.ZipFile(io.BytesIO(blob))
    names = source.namelist()
    names.sort(key=lambda n: n != "[Content_Types].xml")
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


def _zipped(parts: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data)
    return buffer.getvalue()


_NAMES = st.one_of(
    st.sampled_from(["[Content_Types].xml", "docProps/core.xml", "word/document.xml",
                     "_rels/.rels", "xl/表格.xml", "customXml/item1.xml"]),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/\\"),
            min_size=1, max_size=12))
_DATA = st.one_of(
    st.binary(max_size=3000),
    st.builds(lambda chunk, n: chunk * n, st.binary(min_size=1, max_size=40),
              st.integers(0, 400)),
    st.builds(lambda a, b: f"<dcterms:created x='1'>{a}</dcterms:created>"
              f"<dcterms:modified>{b}</dcterms:modified>".encode(),
              st.text(st.characters(whitelist_categories=("Nd", "Lu")), max_size=20),
              st.text(st.characters(whitelist_categories=("Nd", "Lo")), max_size=20)))


class TestPackage:
    @settings(max_examples=200, deadline=None)
    @given(st.lists(st.tuples(_NAMES, _DATA), max_size=8, unique_by=lambda p: p[0]),
           st.sampled_from(["2026-11-21T00:00:00Z", "1980-01-01T00:00:00Z"]))
    def test_same_bytes_as_zipfile(self, parts, stamp):
        """Any parts (binary, repetitive, empty, non-ASCII names, core properties) give
        the bytes the former zipfile rewrite gave."""
        # core properties are XML text (neither writer reads other bytes there)
        parts = [(n, d.decode("utf-8", "replace").encode() if n == "docProps/core.xml" else d)
                 for n, d in parts]
        expected = _reference(_zipped(parts), stamp)
        assert package(parts, stamp) == expected
        assert reproducible(_zipped(parts), stamp) == expected

    def test_readable_and_stamped(self):
        """The zip reads back whole: names in order, content types first, times fixed."""
        parts = [("word/document.xml", b"<w/>" * 500), ("文档.xml", b""),
                 ("docProps/core.xml", b"<dcterms:modified>2031</dcterms:modified>"),
                 ("[Content_Types].xml", b"<Types/>")]
        archive = zipfile.ZipFile(io.BytesIO(package(parts, core_stamp("2026-11-21"))))
        assert archive.testzip() is None
        assert archive.namelist() == ["[Content_Types].xml", "word/document.xml", "文档.xml",
                                      "docProps/core.xml"]
        assert archive.read("docProps/core.xml") == \
            b"<dcterms:modified>2026-11-21T00:00:00Z</dcterms:modified>"
        assert archive.read("word/document.xml") == b"<w/>" * 500
        assert {i.date_time for i in archive.infolist()} == {ZIP_EPOCH}

    def test_repeated_part_same_bytes(self):
        """A part deflated earlier (kept) gives the same entry as the first time."""
        parts = [("a.xml", b"<styles/>" * 1000), ("b.xml", b"x")]
        assert package(parts, "s") == package(list(parts), "s") == \
            _reference(_zipped(parts), "s")


def _saved(doc, report) -> bytes:
    """The former ``word._save``: python-docx's zip, made reproducible."""
    buffer = io.BytesIO()
    doc.save(buffer)
    return _reference(buffer.getvalue(), core_stamp(report.generated_at))


class TestWordSave:
    def test_documents_as_document_save(self, example_full_report, monkeypatch):
        """report.docx and every section document zipped from their parts are the bytes of
        ``Document.save`` made reproducible (charts, embedded workbooks, annex included)."""
        report = example_full_report
        direct = [word.render_docx(report)] + [word.render_section_docx(report, s)
                                               for s in report.sections]
        monkeypatch.setattr(word, "_save", _saved)
        former = [word.render_docx(report)] + [word.render_section_docx(report, s)
                                               for s in report.sections]
        assert direct == former
        assert any(b"word/charts/chart1.xml" in blob for blob in direct)


    def test_without_the_writer_steps(self, example_report, monkeypatch):
        """A python-docx whose PackageWriter names its private steps otherwise: the same
        bytes, from the members of its own save."""
        direct = word.render_docx(example_report)
        monkeypatch.setattr(word, "PackageWriter", type("PackageWriter", (), {}))
        assert word.render_docx(example_report) == direct


class TestChartPart:
    def test_cached_equals_fresh(self, example_report):
        """A chart's part is made once and equals one made afresh; a chart built with lists
        (unhashable) is made without the cache."""
        from dataclasses import replace

        from survey.report.model import Chart
        from survey.report.word_charts import chart_part

        chart = next(b for s in example_report.sections for b in s.blocks
                     if isinstance(b, Chart))
        args = ("2026-11-21", "宋体", "Times New Roman", "rId1")
        first = word._chart_part(chart, *args)
        assert word._chart_part(chart, *args) is first
        assert first == chart_part(chart, generated_at=args[0], body_font=args[1],
                                   latin_font=args[2], workbook_rid=args[3])
        listed = replace(chart, categories=list(chart.categories))
        assert word._chart_part(listed, *args) == first
