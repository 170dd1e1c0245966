"""One report, four formats: the same findings, located where the reader looks, fixed in place.

The clean 2021 report (``tests/fixtures/reports/clean-2021.txt``, a fictional agency) and a
copy with injected errors are rendered here, in the test, as the formats reports are published
in: a Word-exported government web page (site chrome, ``MsoNormal`` paragraphs, ``<o:p>``,
nested and split ``<span>`` s, the official template's ``rowspan``/``colspan`` layout inside a
layout table, ``&nbsp;`` blank cells), a Word document built with python-docx (the same merges,
horizontal and vertical) and a PDF drawn with reportlab (ruled tables, the same merges). Every
format must give the same (code, message) list as the text, with locations that point at the
flagged text, and ``gklint check --fix`` must fix the HTML and the Word document in place.

The rendering starts from a *model* of the report (lines and tables of cells with spans) read
off the tab-separated text; rendering the model back as text reproduces the text byte for byte,
so the four renderings show the same report.
"""

from __future__ import annotations

import html
import io
import json
import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import clean_report, make_linter, replace_line, run_gklint

# The rules whose findings are compared. Listed explicitly so that rules still being written
# by others cannot make this test flaky; GK3 codes only when the rule exists.
SELECT = ["GK101", "GK109", "GK201", "GK202", "GK302", "GK303"]

SPLIT_LABEL_HEAD = "2.其他法律"  # this label is split over two <span>s / runs
CLEAN_LABEL = "2.其他法律行政法规禁止公开"
BAD_LABEL = "2.其他法律法规禁止公开"  # GK201
BAD_HEADER = "现行有效数"  # GK202 (现行有效件数)


# --------------------------------------------------------------------------------------------
# The model: lines and tables of cells with row and column spans
# --------------------------------------------------------------------------------------------


@dataclass
class MCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    row: int = 0
    column: int = 0


@dataclass
class MTable:
    rows: list[list[MCell]]  # the cells that start in each row, left to right
    widths: list[int] = field(default_factory=list)  # slots each text row had

    @property
    def width(self) -> int:
        return max(self.widths)


@dataclass
class MLine:
    text: str


_VALUE = re.compile(r"^[\d,，０-９.]+元?$|^[—\-/]+$")


def _is_value(text: str) -> bool:
    return bool(_VALUE.match(text.strip()))


def parse_model(text: str) -> list[MLine | MTable]:
    """Lines and tables (runs of lines holding tabs) of a tab-separated report.

    Empty cells are read as the official template lays them out: at the start of a row they
    are covered by the cell above (``rowspan``); in a row of values, those before the first
    value widen the label to their left and those after the last value widen that value
    (``colspan``), those between values are blank cells; in a header row an empty cell is
    covered by a one-column header above it, otherwise it widens the header to its left.
    """
    blocks: list[MLine | MTable] = []
    pending: list[list[str]] = []

    def flush() -> None:
        if pending:
            blocks.append(_infer_table(pending))
            pending.clear()

    for line in text.split("\n"):
        if "\t" in line:
            pending.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            blocks.append(MLine(line))
    flush()
    return blocks


def _infer_table(grid: list[list[str]]) -> MTable:
    table = MTable(rows=[], widths=[len(row) for row in grid])
    owner: list[list[MCell | None]] = []
    for r, texts in enumerate(grid):
        row_cells: list[MCell] = []
        owners: list[MCell | None] = []
        filled = [c for c, t in enumerate(texts) if t.strip()]
        values = [c for c, t in enumerate(texts) if t.strip() and _is_value(t)]
        first = filled[0] if filled else len(texts)
        for c, cell_text in enumerate(texts):
            above = owner[r - 1][c] if r > 0 and c < len(owner[r - 1]) else None
            if cell_text.strip():
                cell = MCell(cell_text, row=r, column=c)
                row_cells.append(cell)
                owners.append(cell)
                continue
            if c < first and above is not None:
                vertical = True
            elif values:
                if c < values[0] or c > values[-1]:
                    vertical = False
                else:  # a blank cell between values
                    cell = MCell("", row=r, column=c)
                    row_cells.append(cell)
                    owners.append(cell)
                    continue
            else:
                vertical = above is not None and above.colspan == 1 and len(filled) > 1
            if vertical:
                assert above is not None
                if above.row + above.rowspan - 1 < r:
                    above.rowspan += 1
                owners.append(above)
            else:
                left = owners[c - 1]
                assert left is not None and left.row == r, (r, c, texts)
                left.colspan += 1
                owners.append(left)
        owner.append(owners)
        table.rows.append(row_cells)
    return table


def render_text(blocks: list[MLine | MTable]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, MLine):
            parts.append(block.text)
            continue
        grid = _slots(block)
        parts.append("\n".join("\t".join(cell.text if cell and (cell.row, cell.column) == (r, c) else "" for c, cell in enumerate(row))
                               for r, row in enumerate(grid)))
    return "\n\n".join(parts) + "\n"


def _slots(table: MTable) -> list[list[MCell | None]]:
    """The grid: each slot holds the cell covering it (rows keep their own width)."""
    grid: list[list[MCell | None]] = [[None] * width for width in table.widths]
    for row in table.rows:
        for cell in row:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.column, cell.column + cell.colspan):
                    if c < len(grid[r]):
                        grid[r][c] = cell
    return grid


def is_heading(text: str) -> bool:
    return bool(re.match(r"^[一二三四五六]、", text)) and len(text) < 30


# --------------------------------------------------------------------------------------------
# The reports
# --------------------------------------------------------------------------------------------


def bad_report() -> str:
    """The clean 2021 report with one error of each kind (see ``SELECT``)."""
    text = clean_report("2021")
    text = replace_line(text, CLEAN_LABEL, BAD_LABEL)  # GK201 row label
    text = replace_line(text, "现行有效件数", BAD_HEADER)  # GK202 column header
    # GK109: the row lost a value cell (six values for seven columns)
    text = replace_line(text, "\t\t3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t0\n", "\t\t3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\n")
    text = replace_line(text, "（一）予以公开\t\t15\t2", "（一）予以公开\t\t16\t2")  # GK303 row total
    text = replace_line(text, "8.属于行政查询事项\t0\t0\t0", "8.属于行政查询事项\t0\t0\t")  # GK302 blank cell
    cut = text.index("六、其他需要报告的事项")  # GK101: section 六 is missing
    return text[:cut].rstrip("\n") + "\n"


def numbers_report() -> str:
    """The clean 2021 report with the numbers written the ways people write them."""
    text = clean_report("2021")
    text = replace_line(text, "行政许可\t126\t\t", "行政许可\t1,234\t\t")
    text = replace_line(text, "行政处罚\t58\t\t", "行政处罚\t５８\t\t")
    text = replace_line(text, "行政强制\t4\t\t", "行政强制\t—\t\t")
    text = replace_line(text, "行政事业性收费\t0\t\t", "行政事业性收费\t251000元\t\t")
    return text


# --------------------------------------------------------------------------------------------
# HTML: a Word-exported page inside a portal's site chrome
# --------------------------------------------------------------------------------------------

HTML_HEAD = """<!DOCTYPE html>
<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta name="ProgId" content="Word.Document">
<title>{title}_青山县人民政府</title>
<!--[if gte mso 9]><xml>
 <w:WordDocument><w:View>Print</w:View><w:Zoom>100</w:Zoom></w:WordDocument>
</xml><![endif]-->
<style>
<!--
p.MsoNormal {{margin:0cm; font-size:10.5pt; font-family:"Times New Roman";}}
-->
</style>
<script type="text/javascript">var menu = "<p>一、总体情况</p>"; function share() {{ return 1 < 2; }}</script>
</head>
<body>
<div class="header">
  <div class="logo"><img src="logo.png" alt="青山县人民政府"></div>
  <ul class="nav">
    <li><a href="/">首页</a></li>
    <li><a href="/zwgk/">政务公开</a></li>
    <li><a href="/zfxxgk/">政府信息公开</a></li>
  </ul>
  <div class="breadcrumb">当前位置：首页 &gt; 政府信息公开 &gt; 政府信息公开年报</div>
</div>
<div class="main">
  <div class="sidebar">
    <h3>政府信息公开年报</h3>
    <ul>
      <li><a href="nb2022.html">青山县自然资源局2022年政府信息公开工作年度报告</a></li>
      <li><a href="help.html">五、存在的主要问题及改进情况填写说明</a></li>
    </ul>
  </div>
  <div class="detail">
    <h1 class="article-title">{title_html}</h1>
    <div class="article-info">发布时间：2024-01-19&nbsp;&nbsp;来源：青山县自然资源局&nbsp;&nbsp;<a href="javascript:window.print()">打印</a></div>
    <div class="WordSection1" id="zoom">
"""

HTML_FOOT = """    </div>
    <div class="share" style="display:none">分享到：微信 微博</div>
  </div>
</div>
<div class="footer">
  <p>主办：青山县人民政府办公室　网站标识码：0000000000</p>
  <p>版权所有 &copy; 青山县人民政府</p>
</div>
</body>
</html>
"""


def _html_text(text: str) -> str:
    """A cell's or paragraph's text as Word writes it: spans, one split label, <o:p>."""
    if text.startswith(SPLIT_LABEL_HEAD):
        head, tail = text[: len(SPLIT_LABEL_HEAD)], text[len(SPLIT_LABEL_HEAD):]
        return (f"<span lang=EN-US><span style='font-family:仿宋_GB2312'>{html.escape(head, quote=False)}</span></span>"
                f"<span style='font-family:仿宋_GB2312;color:black'>{html.escape(tail, quote=False)}<o:p></o:p></span>")
    if not text:
        return "<span lang=EN-US>&nbsp;<o:p></o:p></span>"
    return f"<span lang=EN-US><span style='font-family:仿宋_GB2312'>{html.escape(text, quote=False)}</span><o:p></o:p></span>"


def render_html(blocks: list[MLine | MTable], charset: str = "utf-8") -> str:
    title = blocks[0].text
    assert isinstance(blocks[0], MLine)
    out = [HTML_HEAD.format(charset=charset, title=title, title_html=html.escape(title, quote=False))]
    for block in blocks[1:]:
        if isinstance(block, MLine):
            if is_heading(block.text):
                out.append(f"<p class=MsoNormal style='text-indent:32.0pt'><b><span style='font-family:黑体'>"
                           f"{html.escape(block.text, quote=False)}<o:p></o:p></span></b></p>\n")
            else:
                out.append(f"<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'>{_html_text(block.text)}</p>\n")
                out.append("<p class=MsoNormal><span lang=EN-US>&nbsp;<o:p></o:p></span></p>\n")
            continue
        out.append("<table class=\"layout\" width=\"100%\" border=\"0\"><tr><td align=\"center\">\n")
        out.append("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>\n")
        for row in block.rows:
            out.append(" <tr style='height:20.0pt'>\n")
            for cell in row:
                spans = (f" rowspan={cell.rowspan}" if cell.rowspan > 1 else "") + (f" colspan={cell.colspan}" if cell.colspan > 1 else "")
                out.append(f"  <td{spans} valign=top style='border:solid windowtext 1.0pt'>"
                           f"<p class=MsoNormal align=center style='text-align:center'>{_html_text(cell.text)}</p></td>\n")
            out.append(" </tr>\n")
        out.append(" <![if !supportMisalignedColumns]>\n <tr height=0>\n")
        out.extend("  <td width=60 style='border:none'></td>\n" for _ in range(block.width))
        out.append(" </tr>\n <![endif]>\n</table>\n</td></tr></table>\n")
    out.append("<p class=MsoNormal align=right style='text-align:right'><span>青山县自然资源局</span></p>\n")
    out.append("<p class=MsoNormal align=right style='text-align:right'><span>2024年1月18日</span></p>\n")
    out.append(HTML_FOOT)
    return "".join(out)


# --------------------------------------------------------------------------------------------
# DOCX: python-docx with merged cells
# --------------------------------------------------------------------------------------------


def render_docx(blocks: list[MLine | MTable]) -> bytes:
    import docx
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    for index, block in enumerate(blocks):
        if isinstance(block, MLine):
            paragraph = document.add_paragraph()
            if index == 0 or is_heading(block.text):
                paragraph.add_run(block.text).bold = True
            else:
                paragraph.paragraph_format.first_line_indent = Pt(21)
                paragraph.add_run(block.text)
            continue
        table = document.add_table(rows=len(block.widths), cols=block.width)
        table.style = "Table Grid"
        for row in block.rows:
            for cell in row:
                target = table.cell(cell.row, cell.column)
                if cell.rowspan > 1 or cell.colspan > 1:
                    target = target.merge(table.cell(cell.row + cell.rowspan - 1, cell.column + cell.colspan - 1))
                paragraph = target.paragraphs[0]
                if cell.text.startswith(SPLIT_LABEL_HEAD):
                    head = paragraph.add_run(cell.text[: len(SPLIT_LABEL_HEAD)])
                    head.bold = True
                    tail = paragraph.add_run(cell.text[len(SPLIT_LABEL_HEAD):])
                    tail.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
                    tail.font.size = Pt(10.5)
                elif cell.text:
                    paragraph.add_run(cell.text)
        # a row that lost a cell: remove the slots the text row does not have
        for row_index, width in enumerate(block.widths):
            tr = table.rows[row_index]._tr
            cells = tr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc")
            for tc in cells[width:]:
                tr.remove(tc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# PDF: reportlab, ruled tables
# --------------------------------------------------------------------------------------------


def render_pdf(blocks: list[MLine | MTable]) -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=18, wordWrap="CJK", firstLineIndent=22)
    heading = ParagraphStyle("heading", fontName=font, fontSize=13, leading=22, spaceBefore=6)
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=26, alignment=1)
    story = []
    for index, block in enumerate(blocks):
        if isinstance(block, MLine):
            style = title if index == 0 else heading if is_heading(block.text) else body
            story.append(Paragraph(html.escape(block.text, quote=False), style))
            continue
        width = block.width
        data = [[""] * width for _ in block.widths]
        commands = [("FONT", (0, 0), (-1, -1), font, 7), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        for row in block.rows:
            for cell in row:
                data[cell.row][cell.column] = cell.text
                if cell.rowspan > 1 or cell.colspan > 1:
                    commands.append(("SPAN", (cell.column, cell.row), (cell.column + cell.colspan - 1, cell.row + cell.rowspan - 1)))
        for row_index, row_width in enumerate(block.widths):
            if row_width < width:  # a row that lost a cell: its last cell is one slot wider
                commands.append(("SPAN", (row_width - 1, row_index), (width - 1, row_index)))
        if width == 10:  # table 三: a wide label column
            widths = [70, 90, 300] + [45] * 7
        elif width == 4:
            widths = [200, 150, 150, 150]
        else:
            widths = [50] * width
        story.append(Spacer(1, 6))
        story.append(Table(data, colWidths=widths, rowHeights=14, style=TableStyle(commands)))
        story.append(Spacer(1, 6))
        if width == 10:
            story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=40, rightMargin=40, topMargin=40, bottomMargin=40).build(story)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------------------------

FORMATS = ("html", "docx", "pdf")
RENDER = {"html": lambda blocks: render_html(blocks).encode("utf-8"), "docx": render_docx, "pdf": render_pdf}


def selected() -> list[str]:
    """``SELECT``, less any rule not (yet) registered."""
    from conftest import registry

    return [code for code in SELECT if code in registry().rules]


@pytest.fixture(scope="module")
def linter():
    return make_linter(select=selected())


@pytest.fixture(scope="module")
def bad_files() -> dict[str, bytes]:
    text = bad_report()
    blocks = parse_model(text)
    return {"txt": text.encode("utf-8"), **{fmt: RENDER[fmt](blocks) for fmt in FORMATS}}


@pytest.fixture(scope="module")
def bad_results(linter, bad_files):
    return {fmt: linter.lint_bytes(data, f"青山县自然资源局2023年报.{fmt}") for fmt, data in bad_files.items()}


def pairs(result) -> list[tuple[str, str]]:
    return [(finding.code, finding.message) for finding in result.findings]


def one(result, code: str):
    (finding,) = [finding for finding in result.findings if finding.code == code]
    return finding


def strip_tags(markup: str) -> str:
    return re.sub(r"<[^>]*>", "", markup)


# --------------------------------------------------------------------------------------------
# The renderings show the same report
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("make", [lambda: clean_report("2021"), bad_report, numbers_report], ids=["clean", "bad", "numbers"])
def test_the_model_renders_back_to_the_text_byte_for_byte(make):
    text = make()
    assert render_text(parse_model(text)) == text


def test_the_html_page_has_the_official_layout():
    page = render_html(parse_model(clean_report("2021")))
    assert "<td rowspan=22 valign=top" in page and ">三、本年度办理结果<" in page  # 三 over its result rows
    assert re.search(r"<td rowspan=8 [^>]*>.*?>（三）不予公开<", page)  # （三） over its eight items
    assert re.search(r"<td colspan=3 [^>]*>.*?>一、本年新收政府信息公开申请数量<", page)
    assert re.search(r"<td colspan=3 rowspan|<td rowspan=3 colspan=3", page)  # the 勾稽关系 corner
    assert "<span lang=EN-US><span style='font-family:仿宋_GB2312'>2.其他法律</span></span><span" in page
    assert page.count('<table class="layout"') == 3 and "&nbsp;<o:p></o:p>" in page


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_clean_report_is_clean_in_every_format(linter, fmt):
    blocks = parse_model(clean_report("2021"))
    result = linter.lint_bytes(RENDER[fmt](blocks), f"clean.{fmt}")
    assert pairs(result) == []
    assert not result.unreadable


def test_the_text_report_has_every_injected_error(bad_results):
    found = {code for code, _ in pairs(bad_results["txt"])}
    assert found == set(selected())


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_findings_as_the_text_report(bad_results, fmt):
    assert pairs(bad_results[fmt]) == pairs(bad_results["txt"])


# --------------------------------------------------------------------------------------------
# Locations
# --------------------------------------------------------------------------------------------


def _position(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_html_locations_point_at_the_flagged_text(bad_results, bad_files):
    result = bad_results["html"]
    page = bad_files["html"].decode("utf-8")
    assert result.source.text == page

    header = one(result, "GK202")
    assert page[header.span.start:header.span.end] == BAD_HEADER
    assert header.span.start == page.index(f">{BAD_HEADER}<") + 1
    assert (header.line, header.column) == _position(page, header.span.start)
    assert (header.location.end_line, header.location.end_column) == _position(page, header.span.end)

    label = one(result, "GK201")
    flagged = page[label.span.start:label.span.end]
    assert strip_tags(flagged) == BAD_LABEL[2:]  # the label without its numbering, over two spans
    assert flagged.startswith("其他法律</span>")
    assert label.span.start == page.index(f">{SPLIT_LABEL_HEAD}<") + 3
    assert (label.line, label.column) == _position(page, label.span.start)

    if "GK303" in selected():
        total = one(result, "GK303")
        assert page[total.span.start:total.span.end] == "18"
        row = page[page.rfind("<tr", 0, total.span.start):page.find("</tr>", total.span.end)]
        assert ">（一）予以公开<" in row
        assert (total.line, total.column) == _position(page, total.span.start)

    lost = one(result, "GK109")
    row_start = page.rfind("<tr", 0, lost.span.start)
    assert page.find("</tr>", row_start) >= lost.span.end
    assert strip_tags(page[lost.span.start:lost.span.end]).startswith("3.危及“三安全一稳定”")

    blank = one(result, "GK302")
    assert page[blank.span.start:].startswith("&nbsp;")
    row = page[page.rfind("<tr", 0, blank.span.start):blank.span.start]
    assert ">8.属于行政查询事项<" in row
    assert all(finding.logical is None for finding in result.findings)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_docx_and_pdf_findings_name_the_table_row_and_cell(bad_results, fmt):
    result = bad_results[fmt]
    text = result.source.text
    page = r"第\d+页 " if fmt == "pdf" else ""
    expected = {
        # code: (logical place, the synthetic text at the span)
        "GK202": (r"表格1 第2行 第4列", BAD_HEADER),
        "GK201": (r"表格2 第9行 第3列", BAD_LABEL[2:]),
        "GK303": (r"表格2 第6行 第10列", "18"),
        "GK302": (r"表格2 第15行 第6列", ""),
    }
    for code, (place, flagged) in expected.items():
        if code not in selected():
            continue
        finding = one(result, code)
        assert finding.logical is not None and re.fullmatch(page + place, finding.logical), (code, finding.logical)
        assert text[finding.span.start:finding.span.end] == flagged
        assert flagged in result.source.line_text(finding.line)
        assert (finding.line, finding.column) == _position(text, finding.span.start)
    lost = one(result, "GK109")
    assert re.fullmatch(page + r"表格2 第10行", lost.logical)
    assert text[lost.span.start:lost.span.end].strip("\t").startswith("3.危及“三安全一稳定”\t0")
    missing = one(result, "GK101")
    assert missing.logical is not None and re.fullmatch(r"第\d+(段|页.*)", missing.logical)


# --------------------------------------------------------------------------------------------
# Numbers as people write them
# --------------------------------------------------------------------------------------------


def _table_values(linter, data: bytes, path: str):
    raw, _ = linter.load(path, data)
    document = linter.build(raw)
    return [
        (table.key, row.kind, row.block, row.key, row.shape, [label.cell.text.text for label in row.labels],
         [(cell.column, cell.value.raw, cell.value.kind, cell.value.number) if cell else None for cell in row.values or []])
        for table in document.tables
        for row in table.rows
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_numbers_read_the_same_in_every_format(linter, fmt):
    text = numbers_report()
    expected = _table_values(linter, text.encode("utf-8"), "numbers.txt")
    values = {row[3]: row[6] for row in expected if row[1] == "data"}
    assert values["licensing"] == [("decisions", "1,234", "number", 1234)]
    assert values["penalty"] == [("decisions", "５８", "number", 58)]
    assert values["enforcement"] == [("decisions", "—", "symbol", None)]
    assert values["fees"] == [("fee_amount", "251000元", "number", 251000)]
    assert _table_values(linter, RENDER[fmt](parse_model(text)), f"numbers.{fmt}") == expected


# --------------------------------------------------------------------------------------------
# --fix through the command
# --------------------------------------------------------------------------------------------

FIXED = {"GK201": CLEAN_LABEL[2:], "GK202": "现行有效件数"}


def _check_json(path: Path) -> list[dict]:
    completed = run_gklint("check", "--select", ",".join(selected()), "--format", "json", str(path))
    assert completed.returncode in (0, 1), completed.stderr.decode()
    return json.loads(completed.stdout.decode("utf-8"))


def _fix(path: Path) -> subprocess.CompletedProcess:
    completed = run_gklint("check", "--fix", "--select", ",".join(selected()), str(path))
    assert completed.returncode in (0, 1), completed.stderr.decode()
    return completed


def _assert_fixed_findings_gone(path: Path, before) -> None:
    after = _check_json(path)
    assert not [item for item in after if item["code"] in FIXED]
    remaining = [(code, message) for code, message in pairs(before) if code not in FIXED]
    assert [(item["code"], item["message"]) for item in after] == remaining


def test_fix_html_in_place(tmp_path, bad_files, bad_results):
    path = tmp_path / "青山县自然资源局2023年报.html"
    original = bad_files["html"]
    path.write_bytes(original)
    _fix(path)
    fixed = path.read_bytes().decode("utf-8")
    page = original.decode("utf-8")

    # Only the flagged texts changed: the bytes between them are the original ones.
    spans = sorted((finding.span.start, finding.span.end, finding.code) for finding in bad_results["html"].findings if finding.code in FIXED)
    assert len(spans) == 2
    pattern, cursor = "", 0
    for start, end, _ in spans:
        pattern += re.escape(page[cursor:start]) + "(.*?)"
        cursor = end
    pattern += re.escape(page[cursor:])
    match = re.fullmatch(pattern, fixed, flags=re.DOTALL)
    assert match is not None, "text outside the fixed labels changed"
    for (start, end, code), replaced in zip(spans, match.groups()):
        assert strip_tags(replaced) == FIXED[code]
        # the markup inside the split label (the </span><span> between its pieces) is kept
        assert re.sub(r"[^<>]*(<[^>]*>)?", r"\1", replaced) == re.sub(r"[^<>]*(<[^>]*>)?", r"\1", page[start:end])
    assert fixed.encode("utf-8") == original.replace(BAD_HEADER.encode(), FIXED["GK202"].encode()).replace(
        "2.其他法律</span></span><span style='font-family:仿宋_GB2312;color:black'>法规禁止公开".encode(),
        "2.其他法律行政法规禁止公开</span></span><span style='font-family:仿宋_GB2312;color:black'>".encode(),
    )
    _assert_fixed_findings_gone(path, bad_results["html"])


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _runs_of(document_xml: bytes, starts: str) -> list[tuple[str, bytes]]:
    """(text, rPr) of the runs of the first paragraph whose text starts with ``starts``."""
    from lxml import etree

    root = etree.fromstring(document_xml)
    for paragraph in root.iter(f"{W}p"):
        runs = paragraph.findall(f"{W}r")
        text = "".join(t.text or "" for run in runs for t in run.findall(f"{W}t"))
        if text.startswith(starts):
            return [("".join(t.text or "" for t in run.findall(f"{W}t")),
                     etree.tostring(run.find(f"{W}rPr")) if run.find(f"{W}rPr") is not None else b"") for run in runs]
    raise AssertionError(f"no paragraph starts with {starts}")


def test_fix_docx_in_place(tmp_path, bad_files, bad_results):
    path = tmp_path / "青山县自然资源局2023年报.docx"
    original = bad_files["docx"]
    path.write_bytes(original)
    _fix(path)
    fixed = path.read_bytes()
    assert fixed != original
    with zipfile.ZipFile(io.BytesIO(original)) as before, zipfile.ZipFile(io.BytesIO(fixed)) as after:
        assert before.namelist() == after.namelist()
        for info in before.infolist():
            if info.filename == "word/document.xml":
                continue
            assert after.read(info.filename) == before.read(info.filename), info.filename
            assert after.getinfo(info.filename).compress_type == info.compress_type
        old_xml, new_xml = before.read("word/document.xml"), after.read("word/document.xml")
    old_label, new_label = _runs_of(old_xml, SPLIT_LABEL_HEAD), _runs_of(new_xml, SPLIT_LABEL_HEAD)
    assert [text for text, _ in old_label] == [SPLIT_LABEL_HEAD, BAD_LABEL[len(SPLIT_LABEL_HEAD):]]
    assert "".join(text for text, _ in new_label) == CLEAN_LABEL
    assert [rpr for _, rpr in new_label] == [rpr for _, rpr in old_label] and all(rpr for _, rpr in old_label)
    assert [text for text, _ in _runs_of(new_xml, "现行有效")] == [FIXED["GK202"]]
    _assert_fixed_findings_gone(path, bad_results["docx"])



# --------------------------------------------------------------------------------------------
# A row shorter than its table (found with these tests: HTML and DOCX read the slots no cell
# covers as blank cells, so a lost cell was a GK302 blank read as 0 instead of GK109)
# --------------------------------------------------------------------------------------------


def test_slots_no_cell_covers_are_missing_not_blank():
    import docx
    from docx.oxml import parse_xml

    from gklint.read.loaders.docx import DocxLoader
    from gklint.read.loaders.html import HtmlLoader

    page = "<table><tr><td>信息内容</td><td>甲</td><td>乙</td></tr><tr><td>行政许可</td><td>5</td></tr></table>"
    (table,) = HtmlLoader().load("page.html", page.encode()).blocks
    assert [(cell.text.text, cell.merged, cell.missing) for cell in table.rows[1]] == [
        ("行政许可", False, False), ("5", False, False), ("", False, True)]

    document = docx.Document()
    word_table = document.add_table(rows=2, cols=3)
    word_table.cell(1, 1).text = "5"
    row = word_table.rows[1]._tr
    row.remove(row.tc_lst[2])
    row.get_or_add_trPr().append(parse_xml(
        '<w:gridAfter xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:val="1"/>'))
    buffer = io.BytesIO()
    document.save(buffer)
    (table,) = [block for block in DocxLoader().load("r.docx", buffer.getvalue()).blocks if hasattr(block, "rows")]
    assert [(cell.text.text, cell.missing) for cell in table.rows[1]] == [("", False), ("5", False), ("", True)]


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_a_row_that_lost_a_cell_is_gk109_as_in_text(fmt):
    text = bad_report()
    linter = make_linter(select=["GK109", "GK302"])
    expected = pairs(linter.lint_bytes(text.encode("utf-8"), "r.txt"))
    assert [code for code, _ in expected] == ["GK109", "GK302"]
    assert pairs(linter.lint_bytes(RENDER[fmt](parse_model(text)), f"r.{fmt}")) == expected
