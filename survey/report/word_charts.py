"""Native Word charts: a :class:`~survey.report.model.Chart` → a DrawingML chart part.

A Word chart (ECMA-376 Part 1, §21.2) is a ``chartSpace`` part related from the document,
holding its series values in caches and a relationship to an embedded workbook with the
same data, so Word and WPS redraw, restyle and edit it like a chart made by hand.

- ``diverging`` → stacked horizontal bars: the answer shares of each item, options in the
  questionnaire's order (most positive first), coloured by role as in the HTML.
- ``bars`` and ``ranking`` → horizontal bars, one series; the ranking's intervals are in
  the table beside it.

The chart XML starts as python-pptx's chart XML writer writes a bar chart (the same
DrawingML in PowerPoint and Word; :func:`bar_chart_xml` gives its text, without loading
python-pptx); here the categories are put top to bottom in the table's order, the series get
the report's colours, value labels print as the table does, and the text takes the
report's fonts. Values are the model's (shares 0–1, points, levels), never re-rounded.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree

from survey.report.charts import shade_colour
from survey.report.model import Chart, Series
from survey.report.xlsx import chart_workbook
from survey.rounding import round_half_up

__all__ = ["C_NS", "MIN_LABELLED", "ChartPart", "bar_chart_xml", "chart_part", "number_format",
           "plotted_values"]

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS = {"c": C_NS, "a": A_NS}
_PLAIN = "2F6690"


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(value: str) -> str:
    """``value`` without the control characters XML cannot hold."""
    return _CONTROL.sub("", value)


def _c(tag: str) -> str:
    return f"{{{C_NS}}}{tag}"


def _a(tag: str) -> str:
    return f"{{{A_NS}}}{tag}"


@dataclass(frozen=True)
class ChartPart:
    """What a chart adds to a Word package: the chart XML (its ``externalData`` naming
    relationship ``workbook_rid``) and the embedded workbook."""

    xml: bytes
    workbook: bytes


def number_format(chart: Chart) -> str:
    """The Excel number format of the chart's values, with the decimals the table prints.

    >>> from survey.report.model import Series, Table
    >>> t = Table("t", "表 1", "", ("a",), ())
    >>> number_format(Chart("c", "图 1", "", "bars", ("x",), (Series("s", (0.5,), ("50.00%",)),), t))
    '0.00%'
    """
    texts = [t for s in chart.series for t in s.texts if t and t[0].isdigit()]
    sample = texts[0] if texts else ""
    decimals = len(sample.split(".", 1)[1].rstrip("%")) if "." in sample else 0
    base = "0" + ("." + "0" * decimals if decimals else "")
    return base + "%" if chart.unit == "share" else base


def plotted_values(series: Series, fmt: str) -> list[float | None]:
    """The values a chart stores: each already rounded half-up to the decimals its label
    shows, so Word, WPS and LibreOffice print the label the table prints.

    A chart program formats the stored binary double itself, and 0.14375 is stored as
    0.1437499999…: left unrounded its label would read 14.37% beside a table's 14.38%.

    >>> from survey.report.model import Series
    >>> plotted_values(Series("s", (0.14375, None, 0.31375), ("14.38%", "", "31.38%")), "0.00%")
    [0.1438, None, 0.3138]
    >>> plotted_values(Series("s", (4.125,), ("4.13",)), "0.00")
    [4.13]
    """
    decimals = len(fmt.split(".", 1)[1].rstrip("%")) if "." in fmt else 0
    if fmt.endswith("%"):
        decimals += 2
    return [None if v is None else round_half_up(v, decimals) for v in series.values]


def _solid(colour: str) -> etree._Element:
    sp = etree.Element(_c("spPr"))
    fill = etree.SubElement(sp, _a("solidFill"))
    etree.SubElement(fill, _a("srgbClr"), val=colour.lstrip("#").upper())
    return sp


def _text_properties(size: int, east_asian: str, latin: str) -> etree._Element:
    tx = etree.Element(_c("txPr"))
    etree.SubElement(tx, _a("bodyPr"))
    etree.SubElement(tx, _a("lstStyle"))
    p = etree.SubElement(tx, _a("p"))
    ppr = etree.SubElement(p, _a("pPr"))
    rpr = etree.SubElement(ppr, _a("defRPr"), sz=str(size))
    etree.SubElement(rpr, _a("latin"), typeface=latin)
    etree.SubElement(rpr, _a("ea"), typeface=east_asian)
    etree.SubElement(p, _a("endParaRPr"), lang="zh-CN")
    return tx


#: Segments of a stacked bar narrower than this share get no label (the table has it),
#: as in the HTML charts.
MIN_LABELLED = 0.08


def _one(parent: etree._Element, path: str) -> etree._Element:
    """The element at ``path`` under ``parent``, which python-pptx's chart XML always has."""
    found = parent.find(path, _NS)
    if found is None:
        raise LookupError(f"the chart XML has no {path} under <{parent.tag}>")
    return found


def _labels(fmt: str, dark: bool, hidden: tuple[int, ...] = ()) -> etree._Element:
    d = etree.Element(_c("dLbls"))
    for idx in hidden:
        label = etree.SubElement(d, _c("dLbl"))
        etree.SubElement(label, _c("idx"), val=str(idx))
        etree.SubElement(label, _c("delete"), val="1")
    etree.SubElement(d, _c("numFmt"), formatCode=fmt, sourceLinked="0")
    etree.SubElement(d, _c("spPr")).append(etree.Element(_a("noFill")))
    tx = _text_properties(800, "宋体", "Times New Roman")
    rpr = _one(tx, ".//a:defRPr")
    fill = etree.Element(_a("solidFill"))
    etree.SubElement(fill, _a("srgbClr"), val="1F2933" if dark else "FFFFFF")
    rpr.insert(0, fill)
    d.append(tx)
    for tag, val in (("showLegendKey", "0"), ("showVal", "1"), ("showCatName", "0"),
                     ("showSerName", "0"), ("showPercent", "0"), ("showBubbleSize", "0")):
        etree.SubElement(d, _c(tag), val=val)
    return d


def bar_chart_xml(stacked: bool, categories: Sequence[str],
                  series: Sequence[tuple[str, Sequence[float | None]]], fmt: str) -> str:
    """The ``chartSpace`` python-pptx writes for a horizontal bar chart (``BAR_STACKED`` if
    ``stacked``, else ``BAR_CLUSTERED``) of text ``categories`` and ``series`` (name,
    values; ``None`` a gap), every series with number format ``fmt``: its
    ``ChartXmlWriter(kind, CategoryChartData).xml``, the same text, the workbook cells
    referred to (``Sheet1``: categories in column A from row 2, series from column B with
    the name in row 1).

    >>> xml = bar_chart_xml(False, ["a"], [("s", [0.5])], "0%")
    >>> '<c:grouping val="clustered"/>' in xml, "<c:f>Sheet1!$B$2:$B$2</c:f>" in xml
    (True, True)
    """
    if not categories:
        raise ValueError("chart data contains no categories")
    cat_pts = "".join(f'                <c:pt idx="{i}">\n'
                      f"                  <c:v>{escape(label)}</c:v>\n"
                      "                </c:pt>\n" for i, label in enumerate(categories))
    cat_xml = ("          <c:cat>\n"
               "            <c:strRef>\n"
               f"              <c:f>Sheet1!$A$2:$A${len(categories) + 1}</c:f>\n"
               "              <c:strCache>\n"
               f'                <c:ptCount val="{len(categories)}"/>\n'
               f"{cat_pts}"
               "              </c:strCache>\n"
               "            </c:strRef>\n"
               "          </c:cat>\n")
    ser_xml = ""
    for k, (name, values) in enumerate(series):
        col = _column_letter(k + 2)
        val_pts = "".join(f'                <c:pt idx="{i}">\n'
                          f"                  <c:v>{value}</c:v>\n"
                          "                </c:pt>\n"
                          for i, value in enumerate(values) if value is not None)
        ser_xml += (
            "        <c:ser>\n"
            f'          <c:idx val="{k}"/>\n'
            f'          <c:order val="{k}"/>\n'
            "          <c:tx>\n"
            "            <c:strRef>\n"
            f"              <c:f>Sheet1!${col}$1</c:f>\n"
            "              <c:strCache>\n"
            '                <c:ptCount val="1"/>\n'
            '                <c:pt idx="0">\n'
            f"                  <c:v>{escape(name)}</c:v>\n"
            "                </c:pt>\n"
            "              </c:strCache>\n"
            "            </c:strRef>\n"
            "          </c:tx>\n"
            f"{cat_xml}"
            "          <c:val>\n"
            "            <c:numRef>\n"
            f"              <c:f>Sheet1!${col}$2:${col}${len(values) + 1}</c:f>\n"
            "              <c:numCache>\n"
            f"                <c:formatCode>{fmt}</c:formatCode>\n"
            f'                <c:ptCount val="{len(values)}"/>\n'
            f"{val_pts}"
            "              </c:numCache>\n"
            "            </c:numRef>\n"
            "          </c:val>\n"
            "        </c:ser>\n")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">\n'
        '  <c:date1904 val="0"/>\n'
        "  <c:chart>\n"
        '    <c:autoTitleDeleted val="0"/>\n'
        "    <c:plotArea>\n"
        "      <c:barChart>\n"
        '        <c:barDir val="bar"/>\n'
        f'        <c:grouping val="{"stacked" if stacked else "clustered"}"/>\n'
        f"{ser_xml}"
        + ('        <c:overlap val="100"/>\n' if stacked else "")
        + '        <c:axId val="-2068027336"/>\n'
        '        <c:axId val="-2113994440"/>\n'
        "      </c:barChart>\n"
        "      <c:catAx>\n"
        '        <c:axId val="-2068027336"/>\n'
        "        <c:scaling>\n"
        '          <c:orientation val="minMax"/>\n'
        "        </c:scaling>\n"
        '        <c:delete val="0"/>\n'
        '        <c:axPos val="l"/>\n'
        '        <c:majorTickMark val="out"/>\n'
        '        <c:minorTickMark val="none"/>\n'
        '        <c:tickLblPos val="nextTo"/>\n'
        '        <c:crossAx val="-2113994440"/>\n'
        '        <c:crosses val="autoZero"/>\n'
        '        <c:auto val="1"/>\n'
        '        <c:lblAlgn val="ctr"/>\n'
        '        <c:lblOffset val="100"/>\n'
        '        <c:noMultiLvlLbl val="0"/>\n'
        "      </c:catAx>\n"
        "      <c:valAx>\n"
        '        <c:axId val="-2113994440"/>\n'
        "        <c:scaling/>\n"
        '        <c:delete val="0"/>\n'
        '        <c:axPos val="b"/>\n'
        "        <c:majorGridlines/>\n"
        '        <c:majorTickMark val="out"/>\n'
        '        <c:minorTickMark val="none"/>\n'
        '        <c:tickLblPos val="nextTo"/>\n'
        '        <c:crossAx val="-2068027336"/>\n'
        '        <c:crosses val="autoZero"/>\n'
        "      </c:valAx>\n"
        "    </c:plotArea>\n"
        '    <c:dispBlanksAs val="gap"/>\n'
        "  </c:chart>\n"
        "  <c:txPr>\n"
        "    <a:bodyPr/>\n"
        "    <a:lstStyle/>\n"
        "    <a:p>\n"
        "      <a:pPr>\n"
        '        <a:defRPr sz="1800"/>\n'
        "      </a:pPr>\n"
        '      <a:endParaRPr lang="en-US"/>\n'
        "    </a:p>\n"
        "  </c:txPr>\n"
        "</c:chartSpace>\n")


def _column_letter(number: int) -> str:
    """Excel's name of column ``number`` (1 → A, 27 → AA).

    >>> _column_letter(2), _column_letter(26), _column_letter(28)
    ('B', 'Z', 'AB')
    """
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def chart_part(chart: Chart, *, generated_at: str, body_font: str = "宋体",
               latin_font: str = "Times New Roman", workbook_rid: str = "rId1") -> ChartPart:
    """The chart XML and embedded workbook for ``chart``."""
    fmt = number_format(chart)
    plotted = [plotted_values(s, fmt) for s in chart.series]
    drawn = bar_chart_xml(chart.chart_type == "diverging", [_clean(c) for c in chart.categories],
                        [(_clean(s.name), values)
                         for s, values in zip(chart.series, plotted, strict=True)], fmt)
    root = etree.fromstring(drawn.encode("utf-8"))

    # categories top to bottom in the table's order; the value axis stays at the bottom
    cat_ax = _one(root, ".//c:catAx")
    _one(cat_ax, "c:scaling/c:orientation").set("val", "maxMin")
    val_ax = _one(root, ".//c:valAx")
    _one(val_ax, "c:crosses").set("val", "max")
    scaling = _one(val_ax, "c:scaling")
    if chart.unit == "share":
        etree.SubElement(scaling, _c("orientation"), val="minMax")
        top = 1.0 if chart.chart_type == "diverging" else max(
            [v for s in chart.series for v in s.values if v is not None] + [0.0])
        if chart.chart_type == "diverging" or top > 0.8:
            etree.SubElement(scaling, _c("max"), val="1")
        etree.SubElement(scaling, _c("min"), val="0")
    axis_fmt = etree.Element(_c("numFmt"), formatCode="0%" if chart.unit == "share" else "0",
                             sourceLinked="0")
    _one(val_ax, "c:majorGridlines").append(_line("E4E7EB"))
    _one(val_ax, "c:majorGridlines").addnext(axis_fmt)

    count = len(chart.series)
    for ser, series in zip(root.iterfind(".//c:ser", _NS), chart.series, strict=True):
        if series.role == "plain":
            colour, dark = _PLAIN, False
        else:
            same = [s for s in chart.series if s.role == series.role]
            colour, dark = shade_colour(series.role, series.shade, len(same))
        _one(ser, "c:tx").addnext(_solid(colour))
        hidden = tuple(i for i, v in enumerate(series.values) if v is not None
                       and chart.chart_type == "diverging" and v < MIN_LABELLED)
        _one(ser, "c:spPr").addnext(_labels(fmt, dark if count > 1 else True, hidden))
    bar = _one(root, ".//c:barChart")
    gap = bar.find("c:gapWidth", _NS)
    if gap is None:
        after = bar.find("c:overlap", _NS)
        gap = etree.Element(_c("gapWidth"))
        (after if after is not None else _one(bar, "c:axId")).addprevious(gap)
    gap.set("val", "60")

    plot_area = _one(root, ".//c:plotArea")
    if count > 1:
        legend = etree.Element(_c("legend"))
        etree.SubElement(legend, _c("legendPos"), val="t")
        etree.SubElement(legend, _c("overlay"), val="0")
        plot_area.addnext(legend)
    etree.SubElement(_one(root, "c:chart"), _c("plotVisOnly"), val="1")
    _one(root, "c:chart/c:plotVisOnly").addnext(_one(root, "c:chart/c:dispBlanksAs"))
    _one(root, "c:chart/c:autoTitleDeleted").set("val", "1")
    root.replace(_one(root, "c:txPr"), _text_properties(900, body_font, latin_font))
    external = etree.SubElement(root, _c("externalData"))
    external.set(f"{{{R_NS}}}id", workbook_rid)
    etree.SubElement(external, _c("autoUpdate"), val="0")
    _one(root, "c:date1904").addnext(etree.Element(_c("lang"), val="zh-CN"))
    _one(root, "c:lang").addnext(etree.Element(_c("roundedCorners"), val="0"))

    workbook = chart_workbook([_clean(c) for c in chart.categories],
                              [(_clean(s.name), tuple(v)) for s, v in
                               zip(chart.series, plotted, strict=True)],
                              fmt, generated_at)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return ChartPart(xml=xml, workbook=workbook)


def _line(colour: str) -> etree._Element:
    sp = etree.Element(_c("spPr"))
    ln = etree.SubElement(sp, _a("ln"), w="6350")
    fill = etree.SubElement(ln, _a("solidFill"))
    etree.SubElement(fill, _a("srgbClr"), val=colour)
    return sp
