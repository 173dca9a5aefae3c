"""Render a :class:`~survey.report.model.Report` as Word documents: ``report.docx`` (the
whole survey appendix) and one ``.docx`` per section, from the same structure the HTML
comes from (no second narrative, no second set of numbers).

Chinese report conventions (GB/T 9704 for the page; GB/T 7713 for tables and figures):

- A4 portrait, margins 2.54 cm top and bottom, 3.17 cm left and right; page numbers in
  the footer.
- Body in 宋体 小四 (12 pt), headings in 黑体, captions in 黑体 五号, tables in 宋体 五号
  (10.5 pt; 9 pt for tables of eight columns or more), notes in 小五 (9 pt). Latin text
  in Times New Roman. Each run style names its East Asian font in ``w:rFonts/@eastAsia``
  as well as ``ascii``/``hAnsi``, and no theme font, so Word and WPS pick the same faces.
- Three-line tables (三线表): a heavy rule above and below the table, a light rule under
  the header, no vertical rules; the caption "表 N …" above, the notes below; numeric
  columns right-aligned; the header row repeated on every page; no row split across
  pages; totals in bold, a light rule above each block of a grouped table.
- Charts are native DrawingML charts (:mod:`survey.report.word_charts`) with the caption
  "图 N …" below, each followed by its numbered table as in the HTML.
- Section headings use Word's ``Heading 1``, sub-headings ``Heading 2``/``Heading 3``, so a
  table of contents inserted by the evaluator picks them up.

Bytes are reproducible: core properties and zip times come from the report's date
(:mod:`survey.report.package`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any
from unicodedata import east_asian_width
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from survey._version import __version__
from survey.locale import Language, text
from survey.report.model import Block, Chart, Heading, Paragraph, Quotes, Report, Section, Table
from survey.report.package import core_stamp, package
from survey.report.word_charts import ChartPart, chart_part

__all__ = ["FONTS", "column_widths", "render_docx", "render_section_docx"]

CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Fonts:
    """The faces of one language: body and heading, East Asian and Latin."""

    body: str
    heading: str
    latin: str
    latin_heading: str


#: Fonts per report language. WPS and Word ship 宋体 (SimSun) and 黑体 (SimHei).
FONTS = {
    "zh-CN": Fonts(body="宋体", heading="黑体", latin="Times New Roman",
                   latin_heading="Times New Roman"),
    "en": Fonts(body="宋体", heading="黑体", latin="Times New Roman", latin_heading="Arial"),
}

_W = nsdecls("w")
_INK = RGBColor(0x1F, 0x29, 0x33)
_MUTED = RGBColor(0x52, 0x60, 0x6D)
_WARNING = RGBColor(0x9A, 0x34, 0x12)
#: Text width of the page: A4 (21 cm) less two 3.17 cm margins.
_TEXT_WIDTH = Cm(21.0 - 2 * 3.17)
#: Rule widths in eighths of a point: 1.5 pt for the top and bottom, 0.75 pt under the header.
_HEAVY, _LIGHT, _HAIR = 12, 6, 4
#: Tables of this many columns or more print in 小五.
_WIDE = 8


def _fonts(rpr: BaseOxmlElement, east_asian: str, latin: str) -> None:
    """Name every font slot of ``rpr`` (no theme fonts, which would win over them)."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.insert(0, rfonts)
    for name in [n for n in rfonts.attrib if isinstance(n, str) and n.endswith("Theme")]:
        del rfonts.attrib[name]
    for slot, face in (("ascii", latin), ("hAnsi", latin), ("cs", latin),
                       ("eastAsia", east_asian)):
        rfonts.set(qn(f"w:{slot}"), face)


def _style(doc: DocumentObject, name: str, *, base: str | None = "Normal", size: float,
           east_asian: str, latin: str, bold: bool = False, colour: RGBColor = _INK,
           align: WD_ALIGN_PARAGRAPH | None = None, before: float = 0, after: float = 0,
           line: float | None = None, keep_next: bool = False,
           outline: int | None = None) -> None:
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(
        name, WD_STYLE_TYPE.PARAGRAPH)
    if base is not None and name != base:
        style.base_style = styles[base]
    font = style.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = False
    font.color.rgb = colour
    _fonts(style.element.get_or_add_rPr(), east_asian, latin)
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line
    if align is not None:
        fmt.alignment = align
    fmt.keep_with_next = keep_next
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    if outline is not None:
        for old in ppr.findall(qn("w:outlineLvl")):
            ppr.remove(old)


def _lang(doc: DocumentObject, lang: Language) -> None:
    rpr = doc.styles["Normal"].element.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    rpr.append(parse_xml(f'<w:lang {nsdecls("w")} w:val="{"zh-CN" if lang == "zh-CN" else "en-US"}" '
                         'w:eastAsia="zh-CN" w:bidi="ar-SA"/>'))


def _new_document(report: Report, title: str) -> DocumentObject:
    """A document with the report's page, styles and footer, no body, titled ``title``."""
    doc = Document(io.BytesIO(_template(report.lang)))
    doc.core_properties.title = title
    return doc


@cache
def _template(lang: Language) -> bytes:
    """The page, styles, footer and properties of a report in ``lang``, made once."""
    doc = Document()
    rels = doc.part.package.rels
    for rid in [k for k, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rid]  # the template's picture of an empty page
    f = FONTS.get(lang, FONTS["zh-CN"])
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.54)
    section.left_margin = section.right_margin = Cm(3.17)
    section.header_distance, section.footer_distance = Cm(1.5), Cm(1.75)

    zh = lang == "zh-CN"
    _style(doc, "Normal", base=None, size=12, east_asian=f.body, latin=f.latin, line=1.5)
    body = doc.styles["Normal"].paragraph_format
    if zh:  # 首行缩进 2 字符
        body.first_line_indent = Pt(24)
    _lang(doc, lang)
    for name, size, before, after in (("Heading 1", 16, 18, 12), ("Heading 2", 14, 12, 6),
                                      ("Heading 3", 12, 8, 4)):
        _style(doc, name, size=size, before=before, after=after, east_asian=f.heading,
               latin=f.latin_heading, bold=not zh, keep_next=True, line=1.25)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        doc.styles[name].paragraph_format.first_line_indent = Pt(0)
    _style(doc, "Title", size=18, east_asian=f.heading, latin=f.latin_heading, bold=not zh,
           align=WD_ALIGN_PARAGRAPH.CENTER, before=0, after=12, line=1.25)
    _style(doc, "Subtitle", size=12, east_asian=f.body, latin=f.latin, colour=_MUTED,
           align=WD_ALIGN_PARAGRAPH.CENTER, after=12, line=1.25)
    _style(doc, "Caption", size=10.5, east_asian=f.heading, latin=f.latin_heading,
           bold=not zh, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=4, line=1.0)
    _style(doc, "Table Text", size=10.5, east_asian=f.body, latin=f.latin, line=1.0)
    _style(doc, "Table Note", size=9, east_asian=f.body, latin=f.latin, colour=_MUTED,
           before=3, after=8, line=1.15)
    _style(doc, "Note", size=9, east_asian=f.body, latin=f.latin, colour=_MUTED, after=4,
           line=1.3)
    _style(doc, "Warning", size=12, east_asian=f.body, latin=f.latin, colour=_WARNING,
           bold=True, line=1.5)
    _style(doc, "Meta", size=10.5, east_asian=f.body, latin=f.latin, line=1.3)
    _style(doc, "Figure", size=10.5, east_asian=f.body, latin=f.latin, line=1.0,
           align=WD_ALIGN_PARAGRAPH.CENTER, before=6, keep_next=True)
    _style(doc, "List Bullet", size=10.5, east_asian=f.body, latin=f.latin, line=1.3, after=2)
    for name in ("Title", "Subtitle", "Caption", "Table Text", "Table Note", "Note", "Meta",
                 "Figure", "List Bullet"):
        doc.styles[name].paragraph_format.first_line_indent = Pt(0)

    props = doc.core_properties
    props.author = "survey"
    props.last_modified_by = "survey"
    props.comments = f"survey {__version__}"
    props.language = "zh-CN" if zh else "en-US"
    props.revision = 1
    _footer(doc, lang)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # the template's empty first paragraph
        body.remove(p)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _field(paragraph: DocxParagraph, instruction: str, shown: str) -> None:
    """A field (``PAGE``…) with its last shown result."""
    p = paragraph._p
    for xml in (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> {instruction} '
                '</w:instrText></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {nsdecls("w")}><w:t>{shown}</w:t></w:r>',
                f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'):
        p.append(parse_xml(xml))


def _footer(doc: DocumentObject, lang: Language) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.style = doc.styles["Table Text"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, _, after = text(lang, "office_page", page="\0").partition("\0")
    if before:
        paragraph.add_run(before)
    _field(paragraph, "PAGE", "1")
    if after:
        paragraph.add_run(after)


def _border(tag: str, size: int) -> str:
    if size == 0:
        return f'<w:{tag} w:val="nil"/>'
    return f'<w:{tag} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(value: str) -> str:
    """``value`` as XML text: escaped, without the control characters XML cannot hold."""
    return escape(_CONTROL.sub("", value), {'"': "&quot;"})


def _run(value: str, *, bold: bool = False, size: float | None = None,
         colour: RGBColor | None = None) -> str:
    props = ("<w:b/><w:bCs/>" if bold else "") + (
        f'<w:color w:val="{colour}"/>' if colour is not None else "") + (
        f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>'
        if size is not None else "")
    lines = "<w:br/>".join(f'<w:t xml:space="preserve">{_esc(line)}</w:t>'
                           for line in value.split("\n"))
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{lines}</w:r>"


def _p_xml(style_id: str, runs: str, *, align: str | None = None, keep_next: bool = False,
           extra: str = "") -> str:
    ppr = (f'<w:pStyle w:val="{style_id}"/>' + ("<w:keepNext/>" if keep_next else "")
           + extra + (f'<w:jc w:val="{align}"/>' if align else ""))
    return f"<w:p {_W}><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


def _add(doc: DocumentObject, xml: str) -> BaseOxmlElement:
    """Append block-level ``xml`` to the body, before its final section properties."""
    element = parse_xml(xml)
    body = doc.element.body
    sect_pr = body.find(qn("w:sectPr"))
    if sect_pr is None:
        body.append(element)
    else:
        sect_pr.addprevious(element)
    return element


def _para(doc: DocumentObject, style: str, value: str = "", *, align: str | None = None,
          keep_next: bool = False, extra: str = "") -> BaseOxmlElement:
    runs = _run(value) if value else ""
    return _add(doc, _p_xml(_style_id(doc, style), runs, align=align, keep_next=keep_next,
                            extra=extra))


def _style_id(doc: DocumentObject, name: str) -> str:
    ids: dict[str, str] = doc.__dict__.setdefault("_survey_style_ids", {})
    if name not in ids:
        ids[name] = doc.styles[name].style_id
    return ids[name]


def _width(value: str) -> int:
    """Display width in half-width characters (a CJK character, and the wide ``%`` of
    Latin faces, count two)."""
    return sum(2 if ch == "%" or east_asian_width(ch) in "WFA" else 1 for ch in value)


def column_widths(table: Table, total: float, font_pt: float) -> list[float]:
    """Column widths in cm that share ``total`` by what each column prints.

    A column wants its longest cell (headers count half: they wrap); numeric cells that
    may not wrap need their whole width, text columns at least four characters. When the
    wants do not fit, each column gets its need and the rest is shared by want.

    >>> t = Table("t", "表 1", "", ("题项", "人数"), (("很长很长很长很长的题项文字", "300"),), (False, True))
    >>> [round(w, 2) for w in column_widths(t, 10.0, 10.5)]
    [8.26, 1.74]
    """
    unit = font_pt * 0.5 * 2.54 / 72  # cm per half-width character
    pad = 0.35
    numeric = table.numeric or (False,) * len(table.columns)
    wants, needs = [], []
    for j, header in enumerate(table.columns):
        cells = [row[j] for row in table.rows]
        longest = max([_width(c) for c in cells] + [1])
        # "173（57.67%）" may break before its bracket, never inside a number
        piece = max([_width(p) for c in cells for p in c.replace("（", "\n（").split("\n")]
                    + [1])
        head = max(_width(header) / 2, max((_width(w) for w in header.split()), default=1))
        want = min(max(longest, head), 40) * unit + pad
        if numeric[j]:
            need = (piece if table.wrap_numbers else longest) * unit + pad
        else:
            need = min(longest, 8) * unit + pad
        wants.append(want)
        needs.append(min(max(need, 4 * unit + pad), want))  # a header keeps two characters a line
    if sum(wants) <= total:
        return [w * total / sum(wants) for w in wants]
    spare = max(total - sum(needs), 0.0)
    extra = [w - n for w, n in zip(wants, needs, strict=True)]
    share = sum(extra) or 1.0
    widths = [n + spare * e / share for n, e in zip(needs, extra, strict=True)]
    return [w * total / sum(widths) for w in widths]


def _cell_lines(value: str, table: Table, column: int) -> str:
    """A count and its share on two lines in tables that let numbers wrap: "173（57.67%）"
    breaks before its bracket, never inside the number.

    >>> t = Table("t", "表 1", "", ("a",), (), (True,), wrap_numbers=True)
    >>> _cell_lines("173（57.67%）", t, 0), _cell_lines("300", t, 0)
    ('173\\n（57.67%）', '300')
    """
    if table.wrap_numbers and table.numeric and table.numeric[column] and "（" in value[1:]:
        head, _, tail = value.partition("（")
        return f"{head}\n（{tail}"
    return value


_NUMBERED = re.compile(r"^(?P<label>\D*?)\s*(?P<n>\d+)$")


def _caption(doc: DocumentObject, number: str, caption: str, *, keep_next: bool = False,
             extra: str = "") -> None:
    """The caption "表 5 …" with its number as a ``SEQ 表`` field showing 5: pasted into a
    longer Word or WPS document, the numbers follow that document's own tables and figures
    once fields are updated (F9), as captions inserted by Word itself do."""
    match = _NUMBERED.match(number)
    if match is None:
        _para(doc, "Caption", f"{number} {caption}".strip(), keep_next=keep_next, extra=extra)
        return
    label, n = match.group("label"), match.group("n")
    field = "".join((
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r><w:instrText xml:space="preserve"> SEQ {_esc(label)} \\* ARABIC </w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r><w:t>{n}</w:t></w:r>',
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    runs = _run(f"{label} ") + field + (_run(f" {caption}") if caption else "")
    _add(doc, _p_xml(_style_id(doc, "Caption"), runs, keep_next=keep_next, extra=extra))


def _table(doc: DocumentObject, table: Table, lang: Language) -> None:
    _caption(doc, table.number, table.caption, keep_next=True)
    n_cols = len(table.columns)
    size = 9 if n_cols >= _WIDE else 10.5
    numeric = table.numeric or (False,) * n_cols
    total_cm = _TEXT_WIDTH.cm
    widths = [round(w * 567) for w in column_widths(table, total_cm, size)]
    text_style = _style_id(doc, "Table Text")
    parts = [f"<w:tbl {_W}><w:tblPr>",
             f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>',
             f'<w:tblBorders>{_border("top", _HEAVY)}{_border("left", 0)}'
             f'{_border("bottom", _HEAVY)}{_border("right", 0)}{_border("insideH", 0)}'
             f'{_border("insideV", 0)}</w:tblBorders><w:tblLayout w:type="fixed"/>'
             '<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
             '<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
             '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
             'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>']
    parts += [f'<w:gridCol w:w="{w}"/>' for w in widths]
    parts.append("</w:tblGrid>")
    for i, values in enumerate((table.columns, *table.rows)):
        bold = i > 0 and (i - 1) in table.total_rows
        rule_above = i > 1 and (i - 1) in table.group_starts
        parts.append("<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if i == 0 else "")
                     + "</w:trPr>")
        for j, value in enumerate(values):
            borders = (_border("bottom", _LIGHT) if i == 0 else "") + (
                _border("top", _HAIR) if rule_above else "")
            tc_pr = (f'<w:tcW w:w="{widths[j]}" w:type="dxa"/>'
                     + (f"<w:tcBorders>{borders}</w:tcBorders>" if borders else "")
                     + ("<w:noWrap/>" if i > 0 and numeric[j] and not table.wrap_numbers
                        else "")
                     + '<w:vAlign w:val="center"/>')
            align = "right" if numeric[j] else "left"
            parts.append(f"<w:tc><w:tcPr>{tc_pr}</w:tcPr><w:p><w:pPr>"
                         f'<w:pStyle w:val="{text_style}"/><w:jc w:val="{align}"/></w:pPr>'
                         f"{_run(_cell_lines(value, table, j), bold=bold, size=size)}"
                         "</w:p></w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    _add(doc, "".join(parts))
    _para(doc, "Table Note", table.note or "")


def _chart_part(chart: Chart, generated_at: str, body_font: str, latin_font: str,
                workbook_rid: str) -> ChartPart:
    """:func:`~survey.report.word_charts.chart_part`, made once for report.docx and the
    chart's section document (a chart is a frozen value: equal charts, equal parts)."""
    try:
        hash(chart)
    except TypeError:  # a chart built with lists where its fields say tuples
        return chart_part(chart, generated_at=generated_at, body_font=body_font,
                          latin_font=latin_font, workbook_rid=workbook_rid)
    return _cached_chart_part(chart, generated_at, body_font, latin_font, workbook_rid)


@lru_cache(maxsize=256)
def _cached_chart_part(chart: Chart, generated_at: str, body_font: str, latin_font: str,
                       workbook_rid: str) -> ChartPart:
    return chart_part(chart, generated_at=generated_at, body_font=body_font,
                      latin_font=latin_font, workbook_rid=workbook_rid)


class _Charts:
    """Adds chart parts to one document, numbering them and their drawing ids."""

    def __init__(self, doc: DocumentObject, report: Report) -> None:
        self.doc = doc
        self.report = report
        self.count = 0

    def add(self, chart: Chart) -> None:
        self.count += 1
        n = self.count
        package = self.doc.part.package
        f = FONTS.get(self.report.lang, FONTS["zh-CN"])
        part = Part(PackURI(f"/word/charts/chart{n}.xml"), CT_CHART, b"", package)
        built = _chart_part(chart, self.report.generated_at, f.body, f.latin, "rId1")
        workbook = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{n}.xlsx"),
                        CT_XLSX, built.workbook, package)
        rid_workbook = part.relate_to(workbook, RT.PACKAGE)
        if rid_workbook != "rId1":  # a fresh part's first relationship; checked, not assumed
            built = _chart_part(chart, self.report.generated_at, f.body, f.latin, rid_workbook)
        part._blob = built.xml
        rid = self.doc.part.relate_to(part, RT.CHART)
        width = int(_TEXT_WIDTH)
        rows = len(chart.categories)
        legend = 1 if len(chart.series) > 1 else 0
        height = int(Cm(min(20.0, 1.6 + 0.85 * rows + 0.8 * legend)))
        name = _esc(f"{chart.number} {chart.caption}")
        drawing = (
            f'<w:r><w:drawing {nsdecls("wp", "a", "r")}>'
            f'<wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{Emu(width)}" cy="{Emu(height)}"/>'
            '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{n}" name="Chart {n}" descr="{name}"/>'
            '<wp:cNvGraphicFramePr/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            f'r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
        _add(self.doc, _p_xml(_style_id(self.doc, "Figure"), drawing, keep_next=True))
        _caption(self.doc, chart.number, chart.caption, extra='<w:spacing w:after="160"/>')
        if chart.note:
            _para(self.doc, "Table Note", chart.note)


_PARAGRAPH_STYLES = {"body": "Normal", "lead": "Normal", "note": "Note", "warning": "Warning"}


def _blocks(doc: DocumentObject, report: Report, blocks: Iterable[Block], charts: _Charts) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            _para(doc, "Heading 2" if block.level == 3 else "Heading 3", block.text)
        elif isinstance(block, Paragraph):
            _para(doc, _PARAGRAPH_STYLES[block.style], block.text)
        elif isinstance(block, Table):
            _table(doc, block, report.lang)
        elif isinstance(block, Chart):
            charts.add(block)
            _table(doc, block.table, report.lang)
        elif isinstance(block, Quotes):
            _para(doc, "Note", block.note)
            bullet = _style_id(doc, "List Bullet")
            for quote in block.quotes:
                _add(doc, _p_xml(bullet, _run(f"“{quote.text}”")
                                 + _run(f" {quote.count_text}", colour=_MUTED)))


def _section(doc: DocumentObject, report: Report, section: Section, charts: _Charts) -> None:
    _para(doc, "Heading 1", f"{section.number}{section.heading}")
    _blocks(doc, report, section.blocks, charts)


def _save(doc: DocumentObject, report: Report) -> bytes:
    """The document's bytes: its parts as ``Document.save`` writes them (content types,
    package relationships, then each part and its relationships), zipped once by
    :func:`~survey.report.package.package` rather than zipped by python-docx and again."""
    pkg = doc.part.package
    parts = list(pkg.parts)
    for part in parts:
        part.before_marshal()
    entries: list[tuple[str, bytes]] = []
    # PackageWriter.write's three steps, given a writer that collects instead of zipping
    # (its steps are static methods; the tests compare the bytes with Document.save's)
    writer: Any = PackageWriter
    try:
        steps = (writer._write_content_types_stream, writer._write_pkg_rels,
                 writer._write_parts)
    except AttributeError:  # a python-docx that names its steps otherwise: its own save
        return package(_saved_entries(doc), core_stamp(report.generated_at))
    content_types, package_rels, write_parts = steps
    content_types(_Entries(entries), parts)
    package_rels(_Entries(entries), pkg.rels)
    write_parts(_Entries(entries), parts)
    return package(entries, core_stamp(report.generated_at))


def _saved_entries(doc: DocumentObject) -> list[tuple[str, bytes]]:
    """The members ``Document.save`` writes, in its order: the same entries the three
    steps collect, at the cost of one more compression."""
    import io
    import zipfile

    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


@dataclass(frozen=True)
class _Entries:
    """python-docx's physical package writer, collecting ``(member name, bytes)``."""

    entries: list[tuple[str, bytes]]

    def write(self, pack_uri: PackURI, blob: bytes) -> None:
        self.entries.append((pack_uri.membername, blob))


def _meta_line(doc: DocumentObject, label: str, value: str, sep: str) -> None:
    _add(doc, _p_xml(_style_id(doc, "Meta"), _run(f"{label}{sep}", bold=True) + _run(value)))


def render_docx(report: Report) -> bytes:
    """The whole report as one Word document: title block, headline figures, every
    section, then the report's 数据来源与口径."""
    doc = _new_document(report, report.title)
    _para(doc, "Subtitle", report.subtitle)
    _para(doc, "Title", report.title)
    sep = "：" if report.lang == "zh-CN" else ": "
    for label, value in report.meta:
        _meta_line(doc, label, value, sep)
    for card in report.key_figures:
        detail = f"（{card.detail}）" if report.lang == "zh-CN" else f" ({card.detail})"
        _add(doc, _p_xml(_style_id(doc, "Meta"), _run(f"{card.label}{sep}", bold=True)
                         + _run(card.value, bold=True) + _run(detail)))
    charts = _Charts(doc, report)
    for section in report.sections:
        _section(doc, report, section, charts)
    _para(doc, "Heading 2", report.labels.get("provenance_title", ""))
    for label, value in report.provenance.items:
        _meta_line(doc, label, value, sep)
    if report.labels.get("page_footer"):
        _para(doc, "Note", report.labels["page_footer"])
    return _save(doc, report)


def render_section_docx(report: Report, section: Section) -> bytes:
    """One section alone, with its source line (as the HTML fragment is)."""
    doc = _new_document(report, f"{section.number}{section.heading}")
    _section(doc, report, section, _Charts(doc, report))
    _para(doc, "Note", section.source)
    return _save(doc, report)
