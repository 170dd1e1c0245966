"""The Word loader: blocks, grids and locations from .docx packages, and fixes written back.

The documents are built here with python-docx for fictional agencies; the official 2021
template is read from the shared corpus next to the project when it is there.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from gklint.read.blocks import LineBlock, RawDocument, TableBlock
from gklint.read.loaders.docx import DocxLoader
from gklint.read.loader import LoadError, apply_text_edits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
TEMPLATE_2021 = CORPUS / "template-2021-official.docx"

SPLIT_LABEL_RUNS = ("一、本年", "新收政府", "信息公开申清数量")  # 申清: a typo to fix
SPLIT_LABEL = "".join(SPLIT_LABEL_RUNS)


# --------------------------------------------------------------------------------------------
# Building documents


def saved(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def load(data: bytes, path: str = "青山县自然资源局2023年报.docx") -> RawDocument:
    return DocxLoader().load(path, data)


def add_split_label(paragraph) -> None:
    """The label in three runs formatted differently, as Word leaves it after edits."""
    bold, italic, coloured = (paragraph.add_run(text) for text in SPLIT_LABEL_RUNS)
    bold.bold = True
    italic.italic = True
    coloured.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    coloured.font.size = Pt(10.5)


def report_document() -> docx.document.Document:
    """Title, headings by style and by numbering text, and a table with merged cells:

    ```
    row 1: 项目 (merged down)      | 申请人情况 (merged across three columns)
    row 2: ^                       | 自然人 | 商业企业 (two paragraphs) | 总计
    row 3: 一、本年新收…申清数量    | 3      | 1                        | 4
    row 4: 合计 (merged across two) |        | 1                        |
    ```
    """
    document = docx.Document()
    title = document.add_paragraph()
    title.add_run("青山县自然资源局2023年政府信息公开工作年度报告").bold = True
    document.add_heading("一、总体情况", level=1)
    document.add_paragraph("2023年，青山县自然资源局认真贯彻落实《条例》。")
    numbered = document.add_paragraph()
    numbered.add_run("三、收到和处理政府信息公开申请情况").bold = True

    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "项目"
    table.cell(0, 1).merge(table.cell(0, 3)).text = "申请人情况"
    table.cell(1, 1).text = "自然人"
    table.cell(1, 2).text = "商业"
    table.cell(1, 2).add_paragraph("企业")
    table.cell(1, 3).text = "总计"
    add_split_label(table.cell(2, 0).paragraphs[0])
    for column, value in ((1, "3"), (2, "1"), (3, "4")):
        table.cell(2, column).text = value
    table.cell(3, 0).merge(table.cell(3, 1)).text = "合计"
    table.cell(3, 2).text = "1"

    document.add_paragraph("")  # blank paragraphs count but make no block
    closing = document.add_paragraph("六、其他需要报告的事项")
    closing.paragraph_format.first_line_indent = Pt(21)
    document.add_paragraph("本年度未收取信息处理费。")
    return document


@pytest.fixture(scope="module")
def report_bytes() -> bytes:
    return saved(report_document())


@pytest.fixture(scope="module")
def report(report_bytes: bytes) -> RawDocument:
    return load(report_bytes)


def lines(raw: RawDocument) -> list[LineBlock]:
    return [block for block in raw.blocks if isinstance(block, LineBlock)]


def tables(raw: RawDocument) -> list[TableBlock]:
    return [block for block in raw.blocks if isinstance(block, TableBlock)]


def grid_texts(table: TableBlock) -> list[list[str]]:
    return [["~" if cell.merged else cell.text.text for cell in row] for row in table.rows]


def line_of(raw: RawDocument, block_text) -> int:
    return raw.source.location(block_text.span).line


# --------------------------------------------------------------------------------------------
# Paragraphs and headings


def test_blocks_come_in_document_order(report: RawDocument) -> None:
    kinds = [type(block).__name__ for block in report.blocks]
    assert kinds == ["LineBlock"] * 4 + ["TableBlock"] + ["LineBlock"] * 2


def test_headings_by_style_and_by_numbering_text(report: RawDocument) -> None:
    title, heading, body, numbered, closing, fee = lines(report)
    assert (title.text.text, title.heading_level, title.bold) == ("青山县自然资源局2023年政府信息公开工作年度报告", None, True)
    assert (heading.text.text, heading.heading_level, heading.bold) == ("一、总体情况", 1, True)
    assert (body.heading_level, body.bold) == (None, False)
    # typed numbering stays in the text; the heading shows only as bold
    assert (numbered.text.text, numbered.heading_level, numbered.bold) == ("三、收到和处理政府信息公开申请情况", None, True)
    assert (closing.text.text, closing.bold) == ("六、其他需要报告的事项", False)
    assert fee.text.text == "本年度未收取信息处理费。"


def test_outline_level_makes_a_heading() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("（一）主动公开")
    paragraph._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {_w_ns()} w:val="1"/>'))
    (block,) = lines(load(saved(document)))
    assert block.heading_level == 2


def _with_styles(data: bytes, edit, compress_type: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The package with its styles.xml passed through ``edit`` and stored with ``compress_type``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/styles.xml":
                target.writestr(info.filename, edit(content), compress_type=compress_type)
            else:
                target.writestr(info, content)
    return buffer.getvalue()


def test_each_document_is_read_with_its_own_styles() -> None:
    # One loader reads many documents and keeps the style parts it has read; a document whose
    # styles.xml differs, or is only stored differently, must be read with its own.
    document = docx.Document()
    document.add_paragraph("一、总体情况", style="Heading 1")
    with_heading = saved(document)
    renamed = _with_styles(with_heading, lambda styles: styles.replace(b'w:val="heading 1"', b'w:val="body 1"')
                           .replace(b'<w:outlineLvl w:val="0"/>', b""))
    stored = _with_styles(with_heading, lambda styles: styles, zipfile.ZIP_STORED)
    loader = DocxLoader()
    levels = [block.heading_level for data in (with_heading, renamed, stored, renamed, with_heading)
              for block in lines(loader.load("a.docx", data))]
    assert levels == [1, None, 1, None, 1]


def test_bold_only_when_every_run_with_text_is_bold() -> None:
    document = docx.Document()
    mixed = document.add_paragraph()
    mixed.add_run("二、").bold = True
    mixed.add_run("主动公开政府信息情况")
    spaced = document.add_paragraph()
    spaced.add_run("  ")  # a run of spaces does not count
    spaced.add_run("四、政府信息公开行政复议、行政诉讼情况").bold = True
    first, second = lines(load(saved(document)))
    assert (first.bold, second.bold) == (False, True)


def test_runs_tabs_and_breaks_are_joined_into_one_line() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("青山县")
    paragraph.add_run("自然资源局\t联系电话")
    paragraph.add_run().add_break()
    paragraph.add_run("地址：青山县人民路1号")
    paragraph.add_run().add_break(WD_BREAK.PAGE)  # a page break is no text
    raw = load(saved(document))
    (block,) = lines(raw)
    assert block.text.text == "青山县自然资源局\t联系电话\n地址：青山县人民路1号"
    # the synthetic text keeps one line per paragraph
    assert raw.source.text == "青山县自然资源局\t联系电话 地址：青山县人民路1号"


def test_paragraph_locations(report: RawDocument) -> None:
    title, heading, body, numbered, closing, fee = lines(report)
    assert [block.logical for block in (title, heading, body, numbered)] == ["第1段", "第2段", "第3段", "第4段"]
    # the table's four rows are lines 5-8, the blank paragraph line 9
    assert (closing.logical, line_of(report, closing.text)) == ("第6段", 10)
    assert report.source.line_text(10) == "六、其他需要报告的事项"
    for block in lines(report):
        span = block.text.span
        assert report.source.text[span.start : span.end] == block.text.text


def test_automatic_numbering_is_rendered_but_not_editable() -> None:
    document = docx.Document()
    _add_chinese_numbering(document)
    for text in ("总体情况", "主动公开政府信息情况"):
        paragraph = document.add_paragraph()
        paragraph.add_run(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {_w_ns()}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
        )
    raw = load(saved(document))
    assert [block.text.text for block in lines(raw)] == ["一、总体情况", "二、主动公开政府信息情况"]
    with pytest.raises(ValueError, match="not run text"):
        DocxLoader().write(raw, [(0, 3, "一、")])


def _w_ns() -> str:
    return 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _add_chinese_numbering(document) -> None:
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {_w_ns()} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCounting"/><w:suff w:val="nothing"/><w:lvlText w:val="%1、"/>'
            "</w:lvl></w:abstractNum>"
        ),
    )
    numbering.append(parse_xml(f'<w:num {_w_ns()} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


# --------------------------------------------------------------------------------------------
# Tables


def test_merged_cells_are_resolved_into_the_grid(report: RawDocument) -> None:
    (table,) = tables(report)
    assert table.gridded
    assert grid_texts(table) == [
        ["项目", "申请人情况", "~", "~"],
        ["~", "自然人", "商业\n企业", "总计"],
        [SPLIT_LABEL, "3", "1", "4"],
        ["合计", "~", "1", ""],
    ]
    assert all(cell.text.text == "" for row in table.rows for cell in row if cell.merged)


def test_table_locations(report: RawDocument) -> None:
    (table,) = tables(report)
    assert table.logical == "表格1"
    assert [cell.logical for cell in table.rows[2]] == [f"表格1 第3行 第{column}列" for column in range(1, 5)]
    assert table.rows[1][0].logical == "表格1 第2行 第1列"
    # one line per row: the title and paragraphs 第1-4段 are lines 1-4
    assert [report.source.location(span).line for span in table.row_spans] == [5, 6, 7, 8]
    assert report.source.line_text(6) == "\t自然人\t商业 企业\t总计"
    label = table.rows[2][0]
    assert line_of(report, label.text) == 7
    assert report.source.location(label.text.span).column == 1
    # the newline between a cell's paragraphs is a space in the one-line row
    two_paragraphs = table.rows[1][2].text
    assert report.source.text[two_paragraphs.span.start : two_paragraphs.span.end] == "商业 企业"


def test_merged_slots_point_into_their_row(report: RawDocument) -> None:
    (table,) = tables(report)
    for row, span in zip(table.rows, table.row_spans):
        for cell in row:
            assert span.start <= cell.text.span.start <= cell.text.span.end <= span.end


def test_layout_wrapper_table_yields_the_inner_table() -> None:
    document = docx.Document()
    wrapper = document.add_table(rows=1, cols=1)
    frame = wrapper.cell(0, 0)
    frame.paragraphs[0].add_run("二、主动公开政府信息情况").bold = True
    inner = frame.add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "信息内容", "本年制发件数"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "规章", "2"
    raw = load(saved(document))
    heading, table = [block for block in raw.blocks if not (isinstance(block, LineBlock) and not block.text.text)]
    assert isinstance(heading, LineBlock) and heading.bold
    assert isinstance(table, TableBlock) and table.logical == "表格1"
    assert grid_texts(table) == [["信息内容", "本年制发件数"], ["规章", "2"]]


def test_grid_before_leaves_an_empty_unmerged_slot() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate(("信息内容", "本年制发件数", "现行有效件数")):
        table.cell(0, column).text = text
    row = table.rows[1]._tr
    row.remove(row.tc_lst[0])
    row.get_or_add_trPr().append(parse_xml(f'<w:gridBefore {_w_ns()} w:val="1"/>'))
    row.tc_lst[0].p_lst[0].append(parse_xml(f"<w:r {_w_ns()}><w:t>5</w:t></w:r>"))
    (block,) = tables(load(saved(document)))
    assert grid_texts(block)[1][:2] == ["", "5"]
    assert not block.rows[1][0].merged


def test_text_hidden_in_a_merge_continuation_is_noted() -> None:
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "行政许可"
    continuation = table.rows[1]._tr.tc_lst[0]
    continuation.p_lst[0].append(parse_xml(f"<w:r {_w_ns()}><w:t>残留</w:t></w:r>"))
    raw = load(saved(document))
    (block,) = tables(raw)
    assert block.rows[1][0].merged and block.rows[1][0].text.text == ""
    assert [chinese for chinese, _ in raw.notes] == ["表格1 第2行 第1列：纵向合并单元格的续格中有文字“残留”，Word 不显示，已忽略"]


# --------------------------------------------------------------------------------------------
# Writing fixes


def split_label_runs(data: bytes) -> list["etree._Element"]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    for cell in root.iter(f"{W}tc"):
        runs = cell.findall(f"{W}p/{W}r")
        if len(runs) == 3:
            return runs
    raise AssertionError("split label not found")


def raw_records(data: bytes) -> dict[str, tuple[bytes, zipfile.ZipInfo]]:
    """Each member's compressed bytes, as stored, and its ZipInfo."""
    records = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
            start = info.header_offset + 30 + name_length + extra_length
            records[info.filename] = (data[start : start + info.compress_size], info)
    return records


def test_write_replaces_a_split_label_keeping_run_formatting(report_bytes: bytes, report: RawDocument) -> None:
    label = tables(report)[0].rows[2][0].text
    edits = label.replacement_edits(0, len(SPLIT_LABEL), SPLIT_LABEL.replace("申清", "申请"))
    written = DocxLoader().write(report, edits)

    before, after = split_label_runs(report_bytes), split_label_runs(written)
    assert [run.findtext(f"{W}t") for run in after] == [SPLIT_LABEL.replace("申清", "申请"), "", ""]
    assert [etree.tostring(run.find(f"{W}rPr")) for run in after] == [
        etree.tostring(run.find(f"{W}rPr")) for run in before
    ]
    reloaded = load(written)
    assert reloaded.source.text == report.source.text.replace("申清", "申请")
    assert tables(reloaded)[0].rows[2][0].text.text == "一、本年新收政府信息公开申请数量"
    docx.Document(io.BytesIO(written))  # Word's own reader still opens it


def test_write_copies_every_other_member_byte_for_byte(report_bytes: bytes, report: RawDocument) -> None:
    start = report.source.text.index("申清")
    written = DocxLoader().write(report, [(start + 1, start + 2, "请")])
    before, after = raw_records(report_bytes), raw_records(written)
    assert list(before) == list(after)
    for name, (compressed, info) in before.items():
        new_compressed, new_info = after[name]
        assert (new_info.date_time, new_info.compress_type, new_info.external_attr) == (
            info.date_time,
            info.compress_type,
            info.external_attr,
        )
        if name != "word/document.xml":
            assert new_compressed == compressed, name
    with zipfile.ZipFile(io.BytesIO(written)) as package:
        assert package.testzip() is None


def test_write_without_edits_returns_the_file_unchanged(report_bytes: bytes, report: RawDocument) -> None:
    assert DocxLoader().write(report, []) == report_bytes


def test_insertion_goes_into_the_run_before(report: RawDocument) -> None:
    position = report.source.text.index("信息公开申清")
    written = DocxLoader().write(report, [(position, position, "的")])
    assert [run.findtext(f"{W}t") for run in split_label_runs(written)] == ["一、本年", "新收政府的", "信息公开申清数量"]


def test_edits_outside_run_text_are_refused(report: RawDocument) -> None:
    text = report.source.text
    row_start = text.index(SPLIT_LABEL)
    tab = row_start + len(SPLIT_LABEL)  # the tab between two cells
    with pytest.raises(ValueError, match="not run text"):
        DocxLoader().write(report, [(tab - 1, tab + 1, "x")])
    between_paragraphs = text.index("商业 企业") + 2  # the join of a cell's two paragraphs
    with pytest.raises(ValueError, match="not run text"):
        DocxLoader().write(report, [(between_paragraphs, between_paragraphs + 1, "")])


def test_leading_space_is_preserved() -> None:
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    raw = load(saved(document))
    written = DocxLoader().write(raw, [(0, 2, "  ")])
    assert lines(load(written))[0].text.text == "  总体情况"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    runs=st.lists(st.text(alphabet="本年新收政府信息公开申请数量 ，。0123", min_size=1, max_size=6), min_size=1, max_size=5),
    data=st.data(),
)
def test_any_edit_inside_runs_lands_where_the_synthetic_text_says(runs: list[str], data) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph()
    for index, text in enumerate(runs):
        paragraph.add_run(text).bold = index % 2 == 0
    raw = load(saved(document))
    length = len(raw.source.text)
    start = data.draw(st.integers(0, length))
    end = data.draw(st.integers(start, length))
    new_text = data.draw(st.text(alphabet="请的 X", max_size=4))
    written = DocxLoader().write(raw, [(start, end, new_text)])
    assert load(written).source.text == apply_text_edits(raw.source.text, [(start, end, new_text)])


# --------------------------------------------------------------------------------------------
# Bad input


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in members.items():
            package.writestr(name, content)
    return buffer.getvalue()


def _load_error(data: bytes) -> LoadError:
    started = time.perf_counter()
    with pytest.raises(LoadError) as caught:
        load(data)
    assert time.perf_counter() - started < 2
    assert caught.value.message and caught.value.message_en
    return caught.value


def test_not_a_zip() -> None:
    assert "zip" in _load_error("青山县自然资源局年报".encode()).message_en


def test_zip_without_document_xml() -> None:
    error = _load_error(_zip({"word/styles.xml": b"<w:styles/>"}))
    assert "word/document.xml" in error.message


def test_zip_bomb_by_ratio() -> None:
    bomb = _zip({"word/document.xml": b"<" * (20 * 1024 * 1024)})
    assert "zip bomb" in _load_error(bomb).message_en


def test_zip_bomb_by_declared_size() -> None:
    data = bytearray(_zip({"word/document.xml": b"<w:document/>"}))
    directory = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, directory + 24, 3 * 1024**3)  # uncompressed size: 3 GB
    assert "limit" in _load_error(bytes(data)).message_en


def test_member_larger_than_declared_is_not_read_past_its_size() -> None:
    data = bytearray(_zip({"word/document.xml": b"<w:document/>" + b" " * 100_000}))
    directory = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, directory + 24, 13)  # claims 13 bytes
    _load_error(bytes(data))


def test_malformed_xml() -> None:
    assert "XML" in _load_error(_zip({"word/document.xml": b"<w:document><w:body>"})).message_en


def test_doctype_is_refused() -> None:
    entity_attack = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'
    assert "DOCTYPE" in _load_error(_zip({"word/document.xml": entity_attack})).message_en


@settings(max_examples=150, deadline=None)
@given(cut=st.integers(0, 10**6), damage=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=12))
def test_damaged_packages_raise_only_load_error(cut: int, damage: list[tuple[int, int]]) -> None:
    # bit rot in the compressed streams or headers, or a truncated download
    data = bytearray(_DAMAGE_BASE)
    for position, value in damage:
        data[position % len(data)] = value
    if not damage:
        data = data[: cut % len(data)]
    DocxLoader().sniff(bytes(data))
    try:
        load(bytes(data))
    except LoadError:
        pass


_DAMAGE_BASE = saved(report_document())


def test_sniff() -> None:
    loader = DocxLoader()
    assert loader.sniff(saved(docx.Document()))
    assert not loader.sniff(_zip({"content.xml": b"<x/>"}))
    assert not loader.sniff(b"PK\x03\x04 broken")
    assert not loader.sniff("一、总体情况".encode())


def test_importing_the_loader_does_not_import_lxml() -> None:
    source_root = Path(sys.modules[DocxLoader.__module__].__file__).resolve().parents[2]
    code = "import sys, gklint.read.loaders.docx; print('lxml' in sys.modules, 'docx' in sys.modules)"
    environment = {**os.environ, "PYTHONPATH": str(source_root)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment, check=True)
    assert result.stdout.split() == ["False", "False"]


# --------------------------------------------------------------------------------------------
# The official 2021 template


@pytest.fixture(scope="module")
def template() -> RawDocument:
    if not TEMPLATE_2021.exists():
        pytest.skip(f"the official 2021 template is not at {TEMPLATE_2021} (the shared corpus is absent)")
    return DocxLoader().load(str(TEMPLATE_2021), TEMPLATE_2021.read_bytes())


def test_template_title_and_section_headings(template: RawDocument) -> None:
    bold_lines = [block.text.text for block in lines(template) if block.bold]
    assert bold_lines == [
        "政府信息公开工作年度报告格式模板",
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    placeholders = [block.text.text for block in lines(template) if not block.bold]
    assert placeholders == ["（文字描述）", "（文字描述）", "（文字描述，收取信息处理费情况在此处报告。）"]


def test_template_section_two_table(template: RawDocument) -> None:
    table = tables(template)[0]
    grid = grid_texts(table)
    assert len(grid) == 14 and {len(row) for row in grid} == {4}
    titles = [row[0] for row in grid if row[1:] == ["~", "~", "~"]]
    assert titles == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert grid[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert grid[5] == ["信息内容", "本年处理决定数量", "~", "~"]
    assert grid[12] == ["信息内容", "本年收费金额（单位：万元）", "~", "~"]
    assert [row[0] for row in grid[2:4]] == ["规章", "行政规范性文件"]
    # blank value cells: empty, or a full-width space
    assert all(not value.strip() for value in grid[2][1:] + grid[3][1:])


def test_template_section_three_table(template: RawDocument) -> None:
    table = tables(template)[1]
    grid = grid_texts(table)
    assert len(grid) == 28 and {len(row) for row in grid} == {10}
    assert grid[0][0].startswith("（本列数据的勾稽关系为") and grid[0][1:3] == ["~", "~"]
    assert grid[0][3:] == ["申请人情况"] + ["~"] * 6
    assert grid[1][3:] == ["自然人", "法人或其他组织", "~", "~", "~", "~", "总计"]
    assert grid[2][4:9] == ["商业\n企业", "科研\n机构", "社会公益组织", "法律服务机构", "其他"]
    data_rows = grid[3:]
    assert len(data_rows) == 25
    assert all(row[3:] == [""] * 7 for row in data_rows)
    labels = ["".join(part for part in row[:3] if part != "~") for row in data_rows]
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert labels[2] == "三、本年度办理结果（一）予以公开"
    assert labels[4] == "（三）不予公开1.属于国家秘密"
    assert labels[20] == "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert labels[23] == "（七）总计"
    assert labels[24] == "四、结转下年度继续办理"


def test_template_section_four_table(template: RawDocument) -> None:
    table = tables(template)[2]
    grid = grid_texts(table)
    assert len(grid) == 4 and {len(row) for row in grid} == {15}
    assert grid[0] == ["行政复议"] + ["~"] * 4 + ["行政诉讼"] + ["~"] * 9
    assert grid[1][5] == "未经复议直接起诉" and grid[1][10] == "复议后起诉"
    assert [text.replace("\n", "") for text in grid[2][5:10]] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert grid[3] == [""] * 15


def test_template_round_trips_an_edit(template: RawDocument) -> None:
    start = template.source.text.index("本年制发件数")
    written = DocxLoader().write(template, [(start, start + 2, "今年")])
    assert load(written).source.text == template.source.text.replace("本年制发件数", "今年制发件数", 1)
    original = raw_records(TEMPLATE_2021.read_bytes())
    for name, (compressed, _) in raw_records(written).items():
        if name != "word/document.xml":
            assert compressed == original[name][0]


def test_cells_made_slot_by_slot_equal_constructed_ones() -> None:
    from gklint.read.blocks import CellBlock
    from gklint.read.blocks import verbatim_cell as _cell
    from gklint.read.source import VerbatimText

    for text, start, merged, logical, missing in (("3", 40, False, "表格1 第2行 第3列", False),
                                                  ("", 7, True, "表格2 第1行 第1列", False),
                                                  ("", 0, False, "表格1 第9行 第5列", True)):
        made = _cell(text, start, merged, logical, missing)
        assert made == CellBlock(VerbatimText(text, start), merged, logical, missing)
        assert repr(made) == repr(CellBlock(VerbatimText(text, start), merged, logical, missing))
