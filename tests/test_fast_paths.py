"""The builder's and the text loader's fast paths give what the plain code gives.

Cells are made slot by slot (no ``__init__`` frame), with the row's shape in the same pass;
row readings are kept per table and row shape; lines and line starts are cut with
``str.split``; a report's texts are gathered with ``map``: each is checked here against the
constructors and the straightforward form it replaces.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from gklint.read.blocks import CellBlock, PlainTableBlock, TableBlock, plain_cells
from gklint.check.engine import Linter
from gklint.config import Config
from gklint.parse.builder import _normalized_texts
from gklint.parse.matching import normalize
from gklint.parse.tables import CUT_READINGS, _cells, _cells_and_shape, build_table, cell_texts, matchers_for, read_cells
from gklint.read.loaders.text import _lines, _pipe_cell, _pipe_cells, _tab_cells, split_blocks
from gklint.parse.values import parse_value
from gklint.read.source import SourceText, Span, VerbatimText
from gklint.formats.template import load_templates
from gklint.parse.tree import Cell, Heading, Paragraph, Row, Table, cut_cells


def _cut_cells_and_shape(start: int, pieces: list[str], texts: set[str]):
    """The cells, shape and logical place of a cut row as the tree builder reads them: what
    its pieces read as (``read_cells`` of a table of that one cut, its texts added to
    ``texts``) and every cell of it (``cut_cells``, what ``CutRow.cells`` makes)."""
    line = "\t".join(pieces)  # (the row of a tab-separated table: no piece holds a tab)
    read = read_cells(PlainTableBlock([(start, line)], "\t"))
    texts.update(CUT_READINGS["\t"][line].texts)
    assert read.normalized == {normalize(text) for text in CUT_READINGS["\t"][line].texts if text.strip()}
    reading = read.rows[0]
    assert reading is CUT_READINGS["\t"][line] or reading == CUT_READINGS["\t"][line]
    cut = (start + reading.lead, reading.pieces)  # (the row's ``Cut``, as ``build_table`` makes it)
    assert cut == (start, pieces)
    return cut_cells(cut, reading.values), reading.shape, None


def _lines_by_find(text: str) -> list[tuple[int, str]]:
    lines = []
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end == -1:
            if start < len(text):
                lines.append((start, text[start:].rstrip("\r")))
            break
        lines.append((start, text[start:end].rstrip("\r")))
        start = end + 1
    return lines


TEXTS = ["", "\n", "\r", "\r\n", "a", "a\n", "a\r\nb", "\n\n", "a\n\nb\n", "x\r\r\n\r", "一\t二\n\n三\r\n"]


def test_lines_match_a_search_for_line_feeds():
    for text in TEXTS:
        assert _lines(text) == _lines_by_find(text)


def test_line_starts_follow_every_line_feed():
    for text in TEXTS:
        starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
        assert SourceText(text).line_starts == starts


def test_text_loader_cells_equal_constructed_ones():
    line = "一、本年新收\t\t 30 \t\u3000\t4\t"
    cells = _tab_cells([100], [line], 0)[0]
    expected = []
    start = 100
    for text in line.split("\t"):
        stripped = text.strip()
        lead = len(text) - len(text.lstrip()) if stripped else 0
        expected.append(CellBlock(VerbatimText(stripped, start + lead)))
        start += len(text) + 1
    assert cells == expected
    assert [type(cell) for cell in cells] == [CellBlock] * len(expected)


def test_pipe_row_cells_equal_those_of_the_careful_path():
    """A pipe row without ``\\`` or ``<br>`` is cut at its pipes; each cell equals what the
    character-by-character reading gives (``_pipe_cell`` on every segment)."""
    line = "  | 一、本年新收 ||  30 | \u3000 |4|"
    cells = _pipe_cells(100, line)
    expected = []
    start = line.index("|") + 1
    for text in line[start:line.rindex("|")].split("|"):
        expected.append(_pipe_cell(text, 100 + start))
        start += len(text) + 1
    assert cells == expected
    assert [cell.text.text for cell in cells] == ["一、本年新收", "", "30", "", "4"]
    assert [type(cell) for cell in cells] == [CellBlock] * 5


def test_tables_build_cells_equal_constructed_ones():
    blocks = [CellBlock(VerbatimText(text, index)) for index, text in enumerate(["予以公开", "", "12", "—"])]
    blocks.append(CellBlock(VerbatimText("", 9), merged=True))
    blocks.append(CellBlock(VerbatimText("3", 10), logical="表1 行2 列3"))
    expected = [
        Cell(block.text, parse_value(block.text.text), None, block.logical) for block in blocks if not block.merged
    ]
    assert _cells(blocks) == expected


def test_a_row_shape_and_logical_place_are_read_with_its_cells():
    """The shape (None blank, True a value, else the text) and the row's logical place (its
    first cell's that has one, less the cell's own part) come from the same pass as the cells."""
    blocks = [CellBlock(VerbatimText("", 0), merged=True, logical="表1 行2 列1"),
              CellBlock(VerbatimText("予以公开", 1), logical="表1 行2 列2"),
              CellBlock(VerbatimText("", 6)), CellBlock(VerbatimText("12", 7)), CellBlock(VerbatimText("—", 10)),
              CellBlock(VerbatimText("", 12), missing=True)]
    texts = {"其他"}
    cells, shape, logical = _cells_and_shape(blocks, texts)
    assert cells == _cells(blocks)
    assert shape == ("予以公开", None, True, True)
    assert logical == "表1 行2"
    assert texts == {"其他"} | {block.text.text for block in blocks if not block.merged}
    assert _cells_and_shape([CellBlock(VerbatimText("a", 0))], set())[1:] == (("a",), None)


def test_table_texts_equal_those_of_every_cell_not_merged():
    text = "信息内容\t本年制发件数\t 本年废止件数 \t现行有效件数\n规章\t1\t0\t5\n行政规范性文件\t\t2\t\u3000\n"
    block = _table_block(text)
    expected = {normalize(text) for text in cell_texts(block)}
    assert _normalized_texts(block) == expected
    assert read_cells(block).normalized == expected
    gridded = TableBlock(block.rows + [[CellBlock(VerbatimText("说明", 0), merged=True)]], block.row_spans + [Span(0, 2)],
                         gridded=True)
    assert _normalized_texts(gridded) == expected


def test_document_texts_follow_the_tree():
    path = Path(__file__).parent / "fixtures" / "reports"
    report = next(iter(sorted(path.glob("*.txt"))))
    linter = Linter(Config())
    document = linter.build(linter.load(report.name, report.read_bytes())[0])
    texts = []
    if document.title is not None:
        texts.append((document.title.text, "title"))
    for node in document.nodes():
        if isinstance(node, Table):
            texts.extend((cell.text, "cell") for row in node.rows for cell in row.cells)
        elif isinstance(node, (Heading, Paragraph)):
            texts.append((node.text, "heading" if isinstance(node, Heading) else "paragraph"))
    assert any(kind == "cell" for _, kind in texts)
    index = document.index
    assert index.texts == texts
    assert index.narrative_texts == [item for item in texts if item[1] != "cell"]
    assert index.joined_texts == "\n".join(text.text for text, _ in texts)
    template = linter.templates.formats[document.template_id]
    expected_cells = [
        (table, block, row, column, cell)
        for table in index.tables if template.table(table.key) if table.key
        for row in table.data_rows() if row.block and template.table(table.key).block(row.block) and row.values is not None
        for block in [template.table(table.key).block(row.block)]
        for cell, column in zip(row.values, block.columns) if cell is not None
    ]
    assert expected_cells
    assert index.value_cells(template) == expected_cells


def _table_block(text: str) -> TableBlock:
    (block,) = [block for block in split_blocks(text) if isinstance(block, TableBlock)]
    return block


def test_a_kept_row_reading_reads_as_a_new_one():
    template = load_templates().formats["2021"]
    spec = next(spec for spec in template.tables if spec.key == "proactive")
    text = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t0\t5\n" "行政规范性文件\t\t2\t7\n"
    matchers = matchers_for(spec)
    matchers.readings.clear()
    fresh = build_table(_table_block(text), matchers, "proactive")
    assert matchers.readings  # the rows' readings are kept
    assert matchers.plans  # and the table's plan
    matchers.readings.clear()
    kept = build_table(_table_block(text), matchers, "proactive")
    assert not matchers.readings  # (the kept plan read the table)
    assert kept == fresh
    assert [(row.kind, row.key) for row in kept.rows] == [("header", None), ("data", "rules"), ("data", "normative")]
    assert [[cell.text.text for cell in row.values] for row in kept.rows[1:]] == [["1", "0", "5"], ["", "2", "7"]]


def test_rows_with_long_texts_are_not_kept():
    template = load_templates().formats["2021"]
    spec = template.tables[0]
    matchers = matchers_for(spec)
    matchers.readings.clear()
    for label, kept in (("说明" * 60, False), ("说明", True)):
        row = [CellBlock(VerbatimText(label, 0)), CellBlock(VerbatimText("1", len(label) + 1))]
        build_table(TableBlock([row], [Span(0, len(label) + 2)]), matchers, None)
        assert bool(matchers.readings) is kept
        assert bool(matchers.plans) is kept


def test_kept_plans_read_tables_as_new_ones_would():
    """The trees of generated reports (typos, blank cells, tables cut short, three tab
    layouts) built with the plans kept equal those built with none: each plan worked out anew
    from its rows' readings, each reading anew."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import generate

    linter = Linter(Config())
    raws = [linter.load(name, data)[0] for name, data in generate(40, seed=18, fmt="txt")]
    kept = [linter.build(raw) for raw in raws]  # (the first build of a shape makes its plan…)
    again = [linter.build(raw) for raw in raws]  # (…which later builds follow)
    indexes = linter.tree_indexes
    plans = sum(len(matchers.plans) for index in indexes._formats.values() for matchers in index.matchers.values())
    whole = sum(kept[1] for index in indexes._formats.values() for matchers in index.matchers.values()
                for kept in matchers.plans.values())
    assert plans and whole
    fresh = []
    for raw in raws:
        for index in indexes._formats.values():
            for matchers in index.matchers.values():
                matchers.plans.clear()
                matchers.readings.clear()
        fresh.append(linter.build(raw))
    assert again == kept == fresh


def _word_document_with_hidden_runs() -> bytes:
    """A .docx whose body has what the Word loader reads and what it passes over: a text box
    (its w:t are not the report's), a run in a hyperlink, tabs and breaks, merged and
    spanned cells, a merge continuation with text, a gridBefore."""
    import io

    import docx
    from docx.oxml import parse_xml

    namespaces = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                  'xmlns:v="urn:schemas-microsoft-com:vml"')
    document = docx.Document()
    document.add_paragraph("一、总体情况").runs[0].bold = True
    body = document.element.body
    body.insert(len(body) - 1, parse_xml(
        f'<w:p {namespaces}><w:r><w:t>框前</w:t></w:r><w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>'
        '<w:t>框内的字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r><w:hyperlink><w:r>'
        '<w:t xml:space="preserve">链接 </w:t></w:r></w:hyperlink><w:r><w:tab/><w:t>后</w:t><w:br/><w:t>行</w:t></w:r></w:p>'))
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "合并"
    table.cell(0, 2).text = "a\tb"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "纵向"
    table.cell(1, 1).text, table.cell(2, 2).text = "1", "2"
    row = table.rows[2]._tr
    row.tc_lst[0].p_lst[0].append(parse_xml(f'<w:r {namespaces}><w:t>续格里的字</w:t></w:r>'))  # (the merge's continuation)
    row.insert(0, parse_xml(f'<w:trPr {namespaces}><w:gridBefore w:val="1"/></w:trPr>'))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_word_reading_for_lint_equals_the_recording_one():
    """The Word loader reads a document for linting without numbering its w:t elements and
    recording where each run text goes; the writer state reads it again, recording, when a
    fix asks. Both readings give the same text, blocks and notes, and each recorded stretch
    of the text is its w:t's text (the text box's w:t counted, not read)."""
    import zipfile
    from io import BytesIO

    from lxml import etree

    from gklint.read.loaders.docx import DOCUMENT_PART, WORD_NS, DocxLoader

    data = _word_document_with_hidden_runs()
    loader = DocxLoader()
    linted, recorded = loader._read(data, recording=False), loader._read(data, recording=True)
    assert (linted.text, linted.blocks, linted.notes) == (recorded.text, recorded.blocks, recorded.notes)
    assert linted.segments == [] and recorded.segments

    raw = loader.load("报告.docx", data)
    assert raw.source.text == recorded.text and raw.blocks == recorded.blocks
    assert raw.writer_state.stretches == recorded.segments
    with zipfile.ZipFile(BytesIO(data)) as package:
        root = etree.fromstring(package.read(DOCUMENT_PART))
    texts = [element.text for element in root.iter(f"{{{WORD_NS}}}t")]
    assert "框内的字" in texts and "框内的字" not in raw.source.text and raw.notes
    shown = {texts.index(text) for text in ("一、总体情况", "框前", "链接 ", "后", "行", "合并", "a", "b", "纵向", "1", "2")}
    assert {t_index for _, _, t_index in raw.writer_state.stretches} == shown
    for start, length, t_index in raw.writer_state.stretches:
        assert raw.source.text[start:start + length] == texts[t_index]
def _plain_count(value) -> bool:
    """A value cell none of GK301, GK302 and GK307 reports, written out: a whole number, not
    negative, without a unit or a space."""
    return (value.kind == "number" and value.unit is None and not value.spaced
            and value.number == value.number.to_integral_value() and value.number >= 0)


def test_unusual_values_are_the_value_cells_that_are_not_plain_counts():
    """GK301, GK302 and GK307 walk ``unusual_values``: every value cell but the plain counts,
    in the order of ``index.value_cells``, on generated reports with symbols, units, signs,
    fractions, spaces and blanks written into their tables."""
    from gklint.check.rules.unusual_values import unusual_values

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import generate

    linter = Linter(Config())
    odd = ["—", "3件", "-2", "2.5", "1 2", "5万元", "", "12.0", "-0", "无", "不详", "1,234", "７"]
    kinds = set()
    for number, (name, data) in enumerate(generate(30, seed=18, fmt="txt")):
        text = linter.load(name, data)[0].source.text
        pieces = text.split("\t0\t")
        text = "".join(piece + (f"\t{odd[(number + place) % len(odd)]}\t" if place % 3 == 0 else "\t0\t")
                       for place, piece in enumerate(pieces[:-1])) + pieces[-1]
        document = linter.build(linter.load(name, text.encode("utf-8"))[0])
        template = linter.templates.formats.get(document.template_id)
        if template is None:
            continue
        expected = [item for item in document.index.value_cells(template) if not _plain_count(item[4].value)]
        assert unusual_values(document, template) == expected
        kinds.update(item[4].value.kind for item in expected)
    assert {"blank", "number", "symbol", "text"} <= kinds


def test_numbered_points_are_those_a_plain_search_finds():
    """``enumeration.points`` tries a point only where one may start, a digit point where its
    mark follows a digit: the same points as every match of the pattern
    that ``_may_follow`` lets stand, on texts made of digits (ASCII and full-width), numerals,
    brackets and separators."""
    import random

    from gklint.check.rules import enumeration

    def plain(value: str) -> list[tuple[str, int, int, int]]:
        found = []
        for match in enumeration._POINT.finditer(value):
            style, start = match.lastgroup, match.start()
            if start and not enumeration._may_follow(value, start, enumeration._CONTEXT[style], style):
                continue
            number = int(match.group(style)) if style.startswith("digit") else enumeration.han_value(match.group(style))
            if number:
                found.append((style, number, start, match.end()))
        return found

    pieces = list("0123456789１２３一二三十是第（()）.．、，。；: a\n\u3000") + ["12", "2021", "（一）", "1.", "一是", "第三，"]
    pieces += ["١", "٢", "३", "𝟏", "𝟐", "௧", "²", "𠀀"]  # digits of other scripts and planes, a digit \\d is not
    chooser = random.Random(18)
    texts = ["2021年1.开展2.3项工作，一是12.5%；二是（1）（2）", "第一，412条。2. 3、"]
    texts += ["".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 16))) for _ in range(40000)]
    seen = 0
    for value in texts:
        expected = plain(value)
        seen += len(expected)
        assert [(point.style, point.number, point.start, point.end)
                for point in enumeration.points(VerbatimText(value, 0), 0)] == expected, value
    assert seen > 1000
def test_a_table_of_cuts_equals_the_table_of_its_cells():
    """The text loader hands a table cut at plain tabs or pipes over as its cuts
    (``PlainTableBlock``): it equals the ``TableBlock`` of the cuts' cells, and a table with
    a quoted cell among its rows is a ``TableBlock`` of cells throughout."""
    text = "信息内容\t本年制发件数\t 本年废止件数 \t现行有效件数\n规章\t1\t0\t5\n\n行政规范性文件\t\t2\t\u3000\n"
    block = _table_block(text)
    assert type(block) is PlainTableBlock
    cells = [plain_cells(start, pieces) for start, pieces in block.cuts]
    assert block == TableBlock(cells, block.row_spans) and TableBlock(cells, block.row_spans) == block
    assert block.rows == cells
    assert [[(cell.text.text, cell.text.span) for cell in row] for row in block.rows][0][2] == ("本年废止件数", Span(13, 19))
    assert pickle.loads(pickle.dumps(block)) == block
    pipes = _table_block("| 信息内容 | 本年制发件数 |\n| --- | --- |\n| 规章 |  1 |\n")
    assert type(pipes) is PlainTableBlock
    assert [[cell.text.text for cell in row] for row in pipes.rows] == [["信息内容", "本年制发件数"], ["规章", "1"]]
    quoted = _table_block('规章\t1\t0\n行政规范性文件\t"2\n件"\t7\n')
    assert type(quoted) is TableBlock
    assert [[cell.text.text for cell in row] for row in quoted.rows] == [["规章", "1", "0"], ["行政规范性文件", "2\n件", "7"]]


def test_tree_cells_of_a_cut_equal_those_of_its_cell_blocks():
    """``read_cells`` and ``cut_cells`` make the tree's cells straight from a cut row's pieces:
    the same cells, shape and texts as ``_cells_and_shape`` of the row's cell blocks."""
    rows = [(100, ["一、本年新收", "", " 30 ", "\u3000", "4", "—", "12件", "说明" * 40]), (7, [""]), (0, ["  a", "b  ", "\u3000 说明\u3000文 ", "\x1cx\x1c", "\u200b1"])]
    for start, pieces in rows:
        texts, expected_texts = {"其他"}, {"其他"}
        made = _cut_cells_and_shape(start, pieces, texts)
        expected = _cells_and_shape(plain_cells(start, pieces), expected_texts)
        assert made == expected
        assert [cell.text.span for cell in made[0]] == [cell.text.span for cell in expected[0]]
        piece_starts = [start + sum(len(piece) + 1 for piece in pieces[:place]) for place in range(len(pieces))]
        assert [cell.text.span.start for cell in made[0]] == [
            piece_start + (len(piece) - len(piece.lstrip()) if piece.strip() else 0)
            for piece_start, piece in zip(piece_starts, pieces)
        ]
        assert texts == expected_texts
        assert all(type(cell.text) is VerbatimText for cell in made[0])


def test_kept_cut_readings_read_as_new_ones():
    """``CUT_READINGS`` answers for a table row's line what reading each piece of its cut gives
    (its text stripped, its value, its shape part) and the cut itself, the same tree cells for
    a row met before as for a new one; keeps rows whose texts are all short, and empties itself
    when full. A pipe row's cut is the text between its outer pipes."""
    from gklint.parse import tables

    rows = [["一、本年新收", "", " 30 ", "\u3000", "4", "—", "12件"], [""], ["  a", "b  ", "\u200b1"], ["说明" * 40, "1"]]
    tabs = tables.CUT_READINGS["\t"]
    for pieces in rows:
        tabs.pop("\t".join(pieces), None)
        texts = [piece.strip() for piece in pieces]
        values = tuple(parse_value(text) for text in texts)
        expected = (values, tuple(None if value.is_blank else True if value.is_value else value.raw for value in values),
                    tuple(texts), frozenset(normalize(text) for text in texts if text.strip()), 0, pieces,
                    bool(texts[0]) and not values[0].is_value, bool(texts[-1]) and not values[-1].is_value,
                    all(not value.is_blank or not value.raw for value in (values[0], values[-1])))
        new = _cut_cells_and_shape(5, list(pieces), set())
        assert tabs["\t".join(pieces)] == expected
        again = _cut_cells_and_shape(5, list(pieces), set())
        assert again == new
        assert [cell.span for cell in again[0]] == [cell.span for cell in new[0]]
    assert "\t".join(rows[0]) in tabs and "\t".join(rows[-1]) not in tabs
    for line in ["| a | b |", "  |规章| 1 |\u3000", "|| x |", "||"]:
        reading = tables.CUT_READINGS["|"][line]
        first = line.index("|")
        assert (reading.lead, reading.pieces) == (first + 1, line[first + 1:line.rindex("|")].split("|"))
    readings = tables.CutReadings("\t")
    for number in range(tables._CUT_READINGS_KEPT + 5):
        assert readings["规章\t" + str(number)].values[1].number == number
    assert len(readings) <= tables._CUT_READINGS_KEPT


def test_a_planned_row_equals_the_constructed_row():
    template = load_templates().formats["2021"]
    spec = next(spec for spec in template.tables if spec.key == "proactive")
    text = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t0\t5\n行政规范性文件\t\t2\n"
    table = build_table(_table_block(text), matchers_for(spec), "proactive")
    for row in table.rows:
        constructed = Row(row.index, row.cells, row.span, row.kind, row.block, row.labels, row.key, row.label_keys,
                          row.headers, row.values, row.value_cells, row.shape, row.logical)
        assert row == constructed
    assert [row.shape for row in table.rows] == ["ok", "ok", "short"]
    assert table.rows[1].values is not None and table.rows[2].values is None
    assert table.rows[0].value_cells == [] and table.rows[0].labels == [] and table.rows[0].label_keys == []


def test_kept_cell_values_read_as_new_ones():
    """``CELL_VALUES`` answers what reading the text gives, keeps short texts only, and
    empties itself when full."""
    from gklint.parse import values

    for text in ("0", "1,234", "１２", "—", "12件", "1 2", "", "说明", "说明" * 40):
        assert parse_value(text) == values._parse_value(text)
        assert parse_value(text).shape_part == (None if parse_value(text).is_blank else True if parse_value(text).is_value else text)
    assert "说明" in values.CELL_VALUES and "说明" * 40 not in values.CELL_VALUES
    index = values.ValueIndex()
    for number in range(values._VALUES_KEPT + 5):
        assert index[str(number)].number == number
    assert len(index) <= values._VALUES_KEPT


def test_odd_characters_are_counted_as_the_character_test_counts_them():
    """``_plausible_chinese`` counts its odd characters with a pattern: the same characters
    as the test it replaces, code point by code point."""
    from gklint.read.encoding import _ODD, _plausible_chinese

    def odd(char: str) -> bool:
        return ("\ue000" <= char <= "\uf8ff") or ord(char) >= 0x10000 or (ord(char) < 32 and char not in "\t\r\n\f")

    for code in [*range(0, 0x3000), *range(0xd7f0, 0xfb00), *range(0xfff0, 0x10010), 0x10ffff, 0x1f600]:
        char = chr(code)
        assert bool(_ODD.fullmatch(char)) == odd(char), hex(code)
    assert _plausible_chinese("政府信息公开" * 100)
    assert not _plausible_chinese("\ue000" * 10 + "政府" * 100)


def test_control_characters_are_counted_as_the_pattern_counts_them():
    """``_looks_binary`` counts control characters in the sample's UTF-8 bytes: as many as a
    pattern of those characters finds in the text, whatever else the text holds."""
    import re

    from gklint.read.loaders import text as text_loader

    pattern = re.compile("[\x00-\x08\x0e-\x1f]")
    samples = ["".join(map(chr, range(0x00, 0x80))), "政府\t信息\x01公开\x1f\r\n", "\U0001f600\x02\ud800\x1b" * 50,
               "\x07" * 9 + "文" * 200, "\x07" * 8 + "文" * 200, ""]
    for sample in samples:
        encoded = sample.encode("utf-8", "surrogatepass")
        assert len(encoded) - len(encoded.translate(None, text_loader._CONTROL_BYTES)) == len(pattern.findall(sample))
    assert text_loader._looks_binary("\x07" * 11 + "文" * 200)
    assert not text_loader._looks_binary("\x07" * 10 + "文" * 200)
    assert text_loader._looks_binary("文\x00")


def _defective_reports(count: int, seed: int):
    """Generated reports (text) with cells of their tables changed: a count raised, a cell
    left blank, a symbol, a unit, so that identities fail alone, together and not at all."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import generate

    linter = Linter(Config())
    odd = ["7", "", "—", "3件", "12", "0", "1"]
    for number, (name, data) in enumerate(generate(count, seed=seed, fmt="txt")):
        text = linter.load(name, data)[0].source.text
        pieces = text.split("\t0\t")
        step = 5 + number % 17
        text = "".join(piece + (f"\t{odd[(number + place) % len(odd)]}\t" if place % step == number % step else "\t0\t")
                       for place, piece in enumerate(pieces[:-1])) + pieces[-1]
        document = linter.build(linter.load(name, text.encode("utf-8"))[0])
        template = linter.templates.formats.get(document.template_id)
        if template is not None:
            yield linter, document, template


def test_row_counts_are_the_trusted_counts_of_the_row_cells():
    """The identities read a row's cells at their columns' places (``Row.values``): its counts
    (``row_counts``, and as ints, ``row_wholes``) and a failure's cells (``BlockRows.cell``)
    are those of the first cell of each column found by its key; None for a count that can't
    be trusted or a place without a cell; a whole count as the int of its Decimal; on rows
    with blanks, symbols, units and fractions."""
    from decimal import Decimal

    from gklint.check.rules.table_rows import BlockRows, row_counts, row_wholes

    rows = wholes = 0
    for _, document, template in _defective_reports(30, seed=5):
        for number, table in enumerate(document.index.tables):
            spec = template.table(table.key) if table.key else None
            for block in spec.blocks if spec else ():
                block_rows = BlockRows(table, number, block)
                keys = [column.key for column in block.columns]
                for row in block_rows.rows:
                    if row.values is None:
                        continue
                    rows += 1
                    by_key = {}
                    for cell in row.values:
                        if cell is not None:
                            by_key.setdefault(cell.column, cell)
                    assert [block_rows.cell(row, key) for key in keys] == [by_key.get(key) for key in keys]
                    expected = [by_key[key].value.count if key in by_key else None for key in keys]
                    assert row_counts(row.values) == block_rows.counts_of(row) == expected
                    assert row_wholes(row.values) == list(block_rows.wholes[row.index]) == [
                        int(count) if count is not None and count == count.to_integral_value() and "." not in str(count)
                        and abs(count) < Decimal(10) ** 19 else None for count in expected]
                    wholes += sum(count is not None for count in row_wholes(row.values))
                    with_gap = [None, *row.values[1:]]  # a place without a cell
                    assert row_counts(with_gap) == [None, *expected[1:]]
                    assert row_wholes(with_gap)[0] is None
    assert rows > 300 and wholes > 3000


def test_attribution_weighs_the_corrections_of_every_cell_that_may_explain_two_failures(monkeypatch):
    """``attribution.explain`` works out a correction only for a cell of a failure that
    reaches another failure (``_reaching_two``): the same explanations as a correction worked
    out for every cell of every failure, on reports with wrong, blank and odd cells."""
    from gklint.check.rules import attribution
    from gklint.check.rules.numbers import BlockNames, IdentityAnalysis

    def explained(document, template):
        identities = list(template.identities)
        analysis = IdentityAnalysis(document, template, identities, BlockNames())
        return len(analysis.failures), [
            (explanation.owner, explanation.column, explanation.blank_column, explanation.places,
             [(place.table.span, place.row.index, place.cell.column, old, new) for place, old, new in explanation.cells])
            for explanation in analysis.explanations]

    reports = list(_defective_reports(60, seed=7))
    pruned = [explained(document, template) for _, document, template in reports]
    monkeypatch.setattr(attribution, "_reaching_two", lambda ledger, failing: {
        ref for instance in failing for ref in instance.left + instance.right})
    everything = [explained(document, template) for _, document, template in reports]
    assert pruned == everything
    assert sum(1 for failures, found in pruned if found) >= 10
    assert any(failures >= 2 and not found for failures, found in pruned)  # (failures left apart too)


# ── gklint check's command line read without argparse (gklint.cli.plain_check) ─────────────
PLAIN_COMMAND_LINES = [
    ["check", "one.txt"], ["check", "--exit-zero", "one.txt"], ["check"], ["check", "a.txt", "b.md", "--fix"],
    ["check", "--format", "json", "-o", "out.json", "reports/"], ["check", "--format=json", "a"], ["check", "-j", "2", "a", "b"],
    ["check", "--jobs=3", "x"], ["check", "--lang", "en", "x"], ["check", "--lang=zh", "x"], ["check", "--fail-on", "error", "x"],
    ["check", "--format=", "x"], ["check", "-"], ["check", "", "x"], ["check", "--fix", "--fix", "a"],
    ["check", "--format", "sarif", "--format", "json", "c"], ["check", "-j", "+4", "x"], ["check", "报告 2023.txt"],
    ["check", "--no-cache", "--cache-dir", "c", "--statistics", "--no-color", "--no-progress", "--select", "GK1",
     "--extend-select", "GK2", "--ignore", "GK3", "--extend-ignore", "GK4", "--baseline", "b.json", "--exclude", "e",
     "--extend-exclude", "f", "--force-exclude", "--no-skip", "--template", "2021", "--config", "g.toml",
     "--stdin-filename", "s.txt", "--annotate", "--annotate-dir", "d", "--track-changes", "--diff", "--output", "o",
     "p1", "p2"],
]
# Left to argparse: its help, errors and readings that a plain reader would have to copy.
ARGPARSE_COMMAND_LINES = [
    ["check", "a", "--fix", "b"], ["check", "--fi", "a"], ["check", "--exit", "a"], ["check", "-h"], ["check", "--help"],
    ["check", "--", "a"], ["check", "-j", "0", "a"], ["check", "-j", "x", "a"], ["check", "-j2", "a"], ["check", "-o", "-", "a"],
    ["check", "-ofile", "a"], ["check", "-o=x", "a"], ["check", "--lang", "fr", "a"], ["check", "--fail-on", "x", "a"],
    ["check", "--fix=1", "a"], ["check", "--format"], ["check", "-1"], ["check", "--version"], ["check", "--bogus", "a"],
    ["check", "--format", "--fix", "a"], ["rules"], ["explain", "GK101"],
]


def _argparse_options(arguments: list[str]):
    from gklint.cli.main import _parse

    return _parse(list(arguments), arguments[0])


def test_a_plain_check_command_line_reads_as_argparse_reads_it():
    from gklint.cli.plain_check import read_plain_check

    for arguments in PLAIN_COMMAND_LINES:
        plain = read_plain_check(list(arguments))
        assert plain is not None, arguments
        assert vars(plain) == vars(_argparse_options(arguments)), arguments


def test_any_other_command_line_is_left_to_argparse():
    from gklint.cli.plain_check import read_plain_check

    for arguments in ARGPARSE_COMMAND_LINES:
        assert read_plain_check(list(arguments)) is None, arguments


def test_the_plain_reader_knows_every_option_of_the_check_parser_as_argparse_does():
    import argparse

    from gklint.cli.main import _parser
    from gklint.cli.plain_check import CHOICES, DEFAULTS, FLAGS, VALUES

    subparsers = next(action for action in _parser("check")._actions if isinstance(action, argparse._SubParsersAction))
    check = subparsers.choices["check"]
    seen = set()
    for action in check._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings:
            assert (action.dest, action.nargs) == ("paths", "*")
            continue
        for name in action.option_strings:
            seen.add(name)
            if isinstance(action, argparse._StoreTrueAction):
                assert FLAGS[name] == action.dest, name
            else:
                assert type(action) is argparse._StoreAction and action.nargs is None, name
                assert VALUES[name] == action.dest, name
                assert tuple(action.choices) == CHOICES[action.dest] if action.choices else action.dest not in CHOICES
                assert action.type is None or action.dest == "jobs", name
        assert DEFAULTS[action.dest] == action.default, action.dest
    assert seen == set(FLAGS) | set(VALUES)


# ── the result cache: a source text rebuilt from the file's bytes (gklint.cli.cache) ──────
def test_a_source_left_out_of_an_entry_is_rebuilt_as_the_loader_made_it(tmp_path):
    from gklint.cli.cache import _file_source_skip, _source_from_file

    text = (Path(__file__).parent / "fixtures" / "reports" / "clean-2021.txt").read_text(encoding="utf-8")
    linter = Linter(Config())
    encodings = {"plain.txt": text.encode("utf-8"), "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
                 "crlf.md": text.replace("\n", "\r\n").encode("utf-8"), "gbk.txt": text.encode("gb18030"),
                 "wide.txt": b"\xff\xfe" + text.encode("utf-16-le")}
    rebuilt = {}
    for name, data in encodings.items():
        source = linter.lint_bytes(data, name).source
        skip = _file_source_skip(source, data, name)
        rebuilt[name] = skip
        if skip is not None:
            again = _source_from_file(data, skip, name)
            assert again == source and again.line_starts == source.line_starts, name
        assert _file_source_skip(source, data, "other name.txt") is None  # (a source shown under another name is kept)
    # UTF-8 is rebuilt; what decodes slower than it unpickles keeps its text in the entry.
    assert rebuilt == {"plain.txt": 0, "bom.txt": 3, "crlf.md": 0, "gbk.txt": None, "wide.txt": None}
    assert _source_from_file(b"\xff\xfe", 0, "x.txt") is None and _source_from_file(b"abc", 2, "x.txt") is None


def _html_flow(page) -> tuple[list, list, list]:
    from gklint.read.loaders.html import _FlowVisitor

    body = page.body or page.document
    flow = _FlowVisitor(captions=page.has_captions)
    flow.run(body, page.body_ancestors if page.body else [])
    return flow.blocks, [origin.start for origin in flow.origins], [[element.start for element in chain]
                                                                    for chain in flow.chains]


_PLAIN_TABLES = [
    # cells with white space around their text, blank and empty cells, a row shorter than the table
    '<table border="1">\n<tr><td> 一、本年新收 </td><td>3</td><td>\u3000</td></tr>\n<tr><th>合计</th><td></td></tr>\n</table>',
    # white space between the cells and rows, a row without cells, a row of empty cells
    "<table><tr>\n <td>信息内容</td>\n <td>件数</td>\n</tr><tr></tr>\r\n<tr><td></td><td></td></tr>"
    "<tr><td>规章</td><td>0</td></tr></table>",
    # page layout: one row, one column, a cell holding more than a statistics cell does
    "<table><tr><td>导航</td><td>首页</td></tr></table><table><tr><td>a</td></tr><tr><td>b</td></tr></table>",
    "<table><tr><td>" + "字" * 301 + "</td><td>x</td></tr><tr><td>1</td><td>2</td></tr></table>",
    "<table><tr><td>" + "字 " * 200 + "</td><td>x</td></tr><tr><td>1</td><td>2</td></tr></table>",
    # a hidden table, and one without any text
    '<table style="display:none"><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>',
    "<table><tr><td> </td><td></td></tr><tr><td></td><td></td></tr></table>",
    # nested in a layout table, after an open paragraph it closes
    "<p>标题<table><tr><td><table><tr><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table></td></tr></table>",
]


def test_tables_of_plain_rows_read_whole_give_the_blocks_read_element_by_element():
    """A table of plain rows is read whole (no element per row or cell): the flow's blocks,
    with where each comes from, are those of the same page read element by element."""
    import sys
    from pathlib import Path

    from gklint.read.encoding import decode
    from gklint.read.loaders.html import declared_charset
    from gklint.read.loaders.html_tree import build_tree, tree_from_tokens

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import generate

    pages = [f"<html><body><div>{table}</div></body></html>" for table in _PLAIN_TABLES]
    pages += [decode(data, declared=declared_charset(data)).text for _, data in generate(20, seed=7, fmt="html")]
    for page in pages:
        tree = build_tree(page)
        assert any(table.plain_source is not None for table in _tables(tree.document))  # (the short way taken)
        assert _html_flow(tree) == _html_flow(tree_from_tokens(page))


def _tables(root):
    """The tables under ``root`` (not inside those read whole)."""
    stack = [root]
    while stack:
        element = stack.pop()
        if element.tag == "table":
            yield element
        stack.extend(child for child in element.children or () if child.__class__ is element.__class__)


def test_a_verbatim_cell_is_the_cell_of_its_verbatim_text():
    """A cut table's cell (``VerbatimCell``) makes its text only when asked for: the same cell
    as ``Cell(VerbatimText(...))`` in equality (both ways), span, repr and pickling, and the
    same text each time it is read."""
    from gklint.parse.tree import VerbatimCell

    for raw, start in [("12", 5), ("", 9), ("一、本年新收", 0), ("说明" * 40, 17)]:
        value = parse_value(raw)
        cell = VerbatimCell.alone(start, value, "column", None)
        expected = Cell(VerbatimText(raw, start), value, "column", None)
        assert cell == expected and expected == cell and not cell != expected
        assert cell.span == expected.span == expected.text.span
        assert repr(cell) == repr(expected)
        assert type(pickle.loads(pickle.dumps(cell))) is Cell and pickle.loads(pickle.dumps(cell)) == expected
        assert cell.text == expected.text and cell.text is cell.text
        assert cell != Cell(VerbatimText(raw, start + 1), value, "column", None)
    built = _cut_cells_and_shape(3, ["规章", " 1 "], set())[0]
    assert [type(cell) for cell in built] == [VerbatimCell, VerbatimCell]
    assert [cell.value.raw for cell in built] == [cell.text.text for cell in built] == ["规章", "1"]


def test_every_cell_value_was_read_from_the_cell_text():
    """``DocumentIndex.joined_texts`` reads a cell's string as ``value.raw``: it is the text's
    string in every table, whichever loader read it (generated text, Markdown and HTML reports,
    and the test fixtures)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import generate

    linter = Linter(Config())
    fixtures = Path(__file__).parent / "fixtures"
    reports = [*generate(30, seed=7), *((path.name, path.read_bytes()) for path in sorted(fixtures.rglob("*.*")))]
    assert {name.rsplit(".", 1)[-1] for name, _ in reports} >= {"txt", "md", "html"}
    cells = 0
    for name, data in reports:
        document = linter.parse_bytes(data, name)
        if not hasattr(document, "tables"):
            continue
        for table in document.tables:
            for row in table.rows:
                for cell in row.cells:
                    assert cell.value.raw == cell.text.text
                    cells += 1
    assert cells > 1000


def test_the_text_loader_cuts_lines_and_line_starts_in_one_split():
    """The text loader's line starts are the source's (one per line feed, and one), and its
    lines those a search for line feeds finds; a loaded source locates as one made anew."""
    from gklint.read.loaders.text import TextLoader, _lines_and_starts

    for text in TEXTS + ["a\r", "\r\n\r\n", "一\n二\r\n三"]:
        starts, lines = _lines_and_starts(text)
        assert starts == [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
        assert list(zip(starts, lines)) == _lines_by_find(text) and len(lines) in (len(starts), len(starts) - 1)
    source = TextLoader().load("a.txt", "标题\r\n\r\n正文\t1\n末行".encode()).source
    assert source.line_starts == SourceText(source.text).line_starts == [0, 4, 6, 11]


def test_line_blocks_and_row_spans_equal_constructed_ones():
    """Lines are made slot by slot (``verbatim_line``), stripped as ``SourcedText.strip``
    strips them; row spans likewise (``ordered_span``)."""
    from gklint.read.blocks import LineBlock, verbatim_line
    from gklint.read.loaders.text import _blocks
    from gklint.read.source import SourcedText, ordered_span

    for offset, line in [(0, "标题"), (7, "  一、概述\u3000 "), (3, "\u3000 **加粗**"), (0, "\u3000x")]:
        [made] = _blocks([offset], [line], line)
        expected = LineBlock(SourcedText.contiguous(line, offset).strip())
        assert made == expected and made.span == expected.span and type(made.text) is VerbatimText
    assert verbatim_line("文", 4) == LineBlock(VerbatimText("文", 4))
    assert ordered_span(3, 9) == Span(3, 9) and hash(ordered_span(3, 9)) == hash(Span(3, 9))


def test_labels_and_header_cells_equal_constructed_ones():
    """A planned row's labels and header cells are made slot by slot: equal to those the
    constructors make."""
    from gklint.parse.matching import LabelMatch
    from gklint.parse.tables import _header_cells, _labels
    from gklint.parse.tree import HeaderCell, Label

    cells = [Cell(VerbatimText(text, place), parse_value(text)) for place, text in enumerate(["（一）规章", "1.其他", "12"])]
    match = LabelMatch("rules", "规章", True, 0)
    labels = ((0, 3, match), (1, 2, None))
    assert _labels(cells, labels) == [Label(cells[place], numbering, found) for place, numbering, found in labels]
    headers = ((0, None), (2, match))
    assert _header_cells(cells, headers) == [HeaderCell(cells[place], found) for place, found in headers]


def test_a_section_span_covers_its_heading_and_body_as_cover_does():
    """A section's span is worked out once, after its body: what covering the heading's span
    with each node's in turn gives (``Span.cover``), logical place included."""
    from gklint.parse.tree import covering as _covering

    heading = Span(10, 20)
    nodes = [Paragraph(VerbatimText("甲", 30)), Paragraph(VerbatimText("乙乙", 5), "第2段"), Paragraph(VerbatimText("丙", 40), "第3段")]
    for count in range(len(nodes) + 1):
        expected = heading
        for node in nodes[:count]:
            expected = expected.cover(node.span)
        assert _covering(heading, nodes[:count]) == expected
    assert _covering(Span(0, 1, "标题"), nodes).logical == "标题"


def test_a_built_section_is_the_section_with_its_span_worked_out():
    """The builder's sections (``BuiltSection``) work out their span when first asked for:
    equal to, shown and pickled as the ``Section`` whose span covers the heading and the body
    as built, a body read for flattened tables included (its span is the built body's)."""
    from gklint.parse.tree import BuiltSection, Section, covering
    from gklint.read.blocks import LineBlock
    from gklint.parse.structure import make_heading, parse_heading

    fixtures = Path(__file__).parent / "fixtures"
    linter = Linter(Config())
    for report in [*sorted((fixtures / "reports").glob("*.txt")), fixtures / "flattened" / "bailu-2021.txt"]:
        document = linter.build(linter.load(report.name, report.read_bytes())[0])
        assert document.sections
        for section in document.sections:
            assert type(section) is BuiltSection
            plain = Section(section.heading, section.key, section.number, section.title_match, list(section.body),
                            section.span)
            assert section == plain and plain == section
            assert repr(section) == repr(plain)
            assert pickle.loads(pickle.dumps(section)) == plain
            assert type(pickle.loads(pickle.dumps(section))) is Section
    line = LineBlock(VerbatimText("一、总体情况", 3))
    section = BuiltSection(make_heading(line, parse_heading(line)), "overview", "一", None)
    section.body.append(Paragraph(VerbatimText("正文", 20), "第2段"))
    assert section.span == covering(section.heading.span, section.body) == Span(3, 22)


def test_table_texts_are_normalized_as_normalize_does():
    """``normalize_each`` gives ``normalize`` of each text, short and long ones alike; with
    ``keep``, of each text kept (the lengths of the texts left out choosing the way too)."""
    from gklint.parse.matching import normalize_each

    for texts in ({"（一）规章", " 1 ", "说明"}, {"说明" * 40, "一、概述"}, set(), {"", " " * 70, "规章", "**"},
                  {"", "\u3000", "（二）" + "说明" * 35}):
        assert sorted(normalize_each(texts)) == sorted(map(normalize, texts))
        assert sorted(normalize_each(texts, str.strip)) == sorted(map(normalize, filter(str.strip, texts)))


def test_pipe_table_rows_equal_the_cells_of_each_row():
    """The pipe table reader tests and cuts its rows itself (``_is_pipe_row`` and ``_pipe_cut``
    written out): its rows are the careful reading of each row (``_pipe_cells``), separator
    rows and what ends the table as ``_is_pipe_row`` says."""
    from gklint.read.loaders.text import _is_pipe_row, _lines_and_starts, _read_pipe_table

    text = "| 信息内容 |  本年 |\n| --- | :--: |\n|规章| 1 |\n\n  | 文件\\|二 | 2<br>件 |\u3000\n|x|\n| 末 | 3 |\t\n"
    lines = _lines(text)
    block, end = _read_pipe_table(*_lines_and_starts(text), 0)
    kept = [(offset, line) for offset, line in lines[:end] if line.strip() and "--" not in line]
    assert all(_is_pipe_row(line) for _, line in kept) and not _is_pipe_row("|") and "\t" in lines[end][1]
    assert block.rows == [_pipe_cells(offset, line) for offset, line in kept]
    assert block.row_spans == [Span(offset, offset + len(line)) for offset, line in kept]
    plain, _ = _read_pipe_table(*_lines_and_starts("| a | b |\n|--|--|\n| 1 | 2 |\n"), 0)
    assert type(plain) is PlainTableBlock and plain.rows == [_pipe_cells(0, "| a | b |"), _pipe_cells(18, "| 1 | 2 |")]


# ── a finding's line found around its span (SourceText.line_bounds, the text reporter) ────
def test_line_bounds_are_the_lines_the_table_of_line_starts_gives():
    """``line_bounds`` finds the line holding an offset without the table of line starts: the
    line ``position`` names, at every offset of texts with CRLF, a last line with and without
    its line feed, empty lines and an empty text (and offsets outside, clamped)."""
    for text in ("", "\n", "一\n二", "一、概述\r\n\r\n表\t1\t2\n", "a\n\nb\n", "x" * 5):
        source = SourceText(text)
        starts = SourceText(text).line_starts
        for offset in range(-2, len(text) + 3):
            line, column = source.position(offset)
            start, end = source.line_bounds(offset)
            assert start == starts[line - 1] and column == min(max(offset, 0), len(text)) - start + 1, (text, offset)
            assert end == (starts[line] if line < len(starts) else len(text)), (text, offset)


def test_the_excerpt_of_a_finding_whose_location_is_not_its_span_start_reads_its_line(tmp_path):
    """The text reporter reads a finding's line around its span's start; a finding whose
    location names another place (as a plugin may set it) is shown at its location's line."""
    import io
    from types import SimpleNamespace

    from gklint.check.finding import Finding
    from gklint.check.result import LintResult
    from gklint.read.source import Location
    from gklint.report.reporters.text import TextReporter

    source = SourceText("第一行文字\n第二行 12 件\n第三行\n")
    at_span = Finding("GK999", "x", "error", "m", Span(10, 12), "r.txt", source.location(Span(10, 12)))
    elsewhere = Finding("GK999", "x", "error", "m", Span(10, 12), "r.txt", Location(3, 2, 3, 3))
    shown = []
    for finding in (at_span, elsewhere):
        stream = io.StringIO()
        options = SimpleNamespace(lang="zh", color=False, statistics=False, fixed=0, mode="check")
        TextReporter(stream, options).file(LintResult("r.txt", [finding], source=source))
        shown.append(stream.getvalue().splitlines()[1:])
    assert shown == [["  第二行 12 件", "  " + " " * 7 + "^^"], ["  第三行", "    ^^"]]


def test_a_row_of_cuts_makes_its_span_when_asked_and_equals_the_row_with_it():
    """The rows of a table of cuts (``PlainTableBlock``) keep where their lines start and end
    (``row_bounds``) and make their spans only when asked for (the block's ``row_spans``, a
    tree row's ``span``: ``CutRow``): the same spans, rows and tables as those the cuts' cell
    blocks and spans give, equal both ways, shown and pickled as ``Row``."""
    from gklint.parse.tree import BuiltRow, CutRow

    template = load_templates().formats["2021"]
    spec = next(spec for spec in template.tables if spec.key == "proactive")
    text = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t0\t5\n\n行政规范性文件\t\t2\t7\n"
    for source, matchers in [(text, matchers_for(spec)), (text, None),
                             ("| 信息内容 | 本年制发件数 |\n| --- | --- |\n  | 规章 |  1 |  \n", matchers_for(spec))]:
        block = _table_block(source)
        assert type(block) is PlainTableBlock
        spans = [Span(start, end) for start, end in block.row_bounds]
        assert [source[span.start:span.end].strip() for span in spans] == [line.strip() for line in source.splitlines()
                                                                         if "|" in line and "--" not in line or "\t" in line]
        assert block.row_count == len(spans) and block.span == Span(spans[0].start, spans[-1].end)
        cut_table = build_table(block, matchers, None)
        assert all(type(row) is CutRow for row in cut_table.rows)
        assert block.row_spans == spans
        cells = TableBlock([plain_cells(start, pieces) for start, pieces in block.cuts], spans)
        table = build_table(cells, matchers, None)
        assert all(type(row) is BuiltRow for row in table.rows)
        assert cut_table == table and table == cut_table and not cut_table != table
        assert [row.span for row in cut_table.rows] == spans and cut_table.span == table.span
        assert repr(cut_table) == repr(table)
        assert pickle.loads(pickle.dumps(cut_table)) == table
        assert all(type(row) is Row for row in pickle.loads(pickle.dumps(cut_table)).rows)
        assert pickle.loads(pickle.dumps(block)) == block == cells
    unread = build_table(_table_block(text), None, None).rows[1]
    assert unread == Row(1, unread.cells, unread.span)


def test_a_row_of_cuts_makes_the_cells_it_reads_and_the_others_when_asked():
    """A row of a table of cuts (``CutRow``) is built with the cells its labels, headers and
    values read (``_planned_cut_rows``), and makes the others when ``cells`` is asked for: the
    trees of generated text and Markdown reports equal those built from the same tables as
    cell blocks (``Row``s of every cell), and each made cell stands at its place in ``cells``."""
    from gklint.parse.tree import BuiltRow, CutRow, VerbatimCell
    from gklint.read.blocks import RawDocument

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import generate

    linter = Linter(Config())
    rows = 0
    for name, data in [*generate(12, seed=18, fmt="txt"), *generate(12, seed=19, fmt="md")]:
        raw = linter.load(name, data)[0]
        as_cells = RawDocument(raw.source, [
            TableBlock([plain_cells(start, pieces) for start, pieces in block.cuts], block.row_spans)
            if type(block) is PlainTableBlock else block for block in raw.blocks], raw.loader, raw.writer_state,
            raw.notes, raw.markup)
        cut, whole = linter.build(raw), linter.build(as_cells)
        cut_rows = [row for table in cut.tables for row in table.rows if type(row) is CutRow]
        assert cut_rows and all(type(row) is BuiltRow for table in whole.tables for row in table.rows)
        for row in cut_rows:
            readings = row.value_readings  # (set by the builder, before any value cell is made)
            made = [*(label.cell for label in row.labels), *(header.cell for header in row.headers), *row.value_cells]
            assert all(type(cell) is VerbatimCell for cell in made)
            cells = row.cells
            assert all(cells[cell.index] is cell for cell in made)
            assert row.values is None or all(any(value is cell for cell in cells) for value in row.values)
            assert row.cells is cells
            assert (readings is None) == (row.values is None)
            assert readings is None or list(readings) == Row.value_readings.fget(row)
            rows += 1
        assert cut == whole and whole == cut
        assert pickle.loads(pickle.dumps(cut)) == whole
    assert rows > 500


def test_broken_cells_are_found_alike_on_the_read_cells_and_on_the_cuts():
    """``rejoin_broken_cells`` tests a table of cuts whose cells are read on their values,
    passing over the pairs of rows whose edge is a value: it joins the same rows as when it
    strips and reads the cuts' edges itself and tests every pair."""
    from gklint.parse.tables import rejoin_broken_cells

    template = load_templates().formats["2019"]
    spec = next(spec for spec in template.tables if "本年新制作数量" in spec.header_labels
                or any(column.label == "本年新制作数量" for block in spec.blocks for column in block.columns))
    matchers = matchers_for(spec)
    for text in ["信息内容\t本年新\n制作数量\t本年新公开数量\t对外公开总数量\n规章\t1\t1\t5\n",
                 "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t1\t1\t5\n",
                 "| 信息内容 | 本年新 |\n| 制作数量 | 本年新公开数量 |\n| 规章 | 1 |\n", "规章\t\t1\n\t\n",
                 "规章\t1\n制作数量\t本年新公开数量\n", "信息内容\t本年新\n5\t本年新公开数量\n",
                 "信息内容\t本年新\u200b\n制作数量\t本年新公开数量\n", "信息内容\t本年新\n\t制作数量\n",
                 "总计\t\n\t1\n信息内容\t本年新\n制作数量\t本年新公开数量\t对外公开总数量\n规章\t—\n"]:
        block = _table_block(text)
        on_cells = rejoin_broken_cells(block, matchers, read_cells(block))
        assert on_cells == rejoin_broken_cells(block, matchers)
        joined = any(broken in text for broken in ("本年新\n制作数量", "本年新\u200b\n制作数量", "本年新 |\n"))
        assert (on_cells is block) != joined, text


def test_a_whole_plan_is_kept_for_tables_whose_edges_read_as_their_shapes_say():
    """A table of cuts found to hold no broken cell has its plan kept as whole by its rows'
    shapes (``KeptPlan``), which a later table of the same shapes is read with
    without its rows' edges looked at; not one whose edge is a blank cell of invisible
    characters (its shape's None says nothing of it), nor one whose cells were joined."""
    template = load_templates().formats["2019"]
    spec = next(spec for spec in template.tables if "本年新制作数量" in spec.header_labels
                or any(column.label == "本年新制作数量" for block in spec.blocks for column in block.columns))
    matchers = matchers_for(spec)
    for text, kept in [("信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t1\t1\t5\n", True),
                       ("信息内容\t本年新\n制作数量\t本年新公开数量\n", False),
                       ("信息内容\t本年新制作数量\t\u200b\n规章\t1\t1\t5\n", False)]:
        matchers.plans.clear()
        block = _table_block(text)
        cells = read_cells(block)
        table = build_table(block, matchers, None, cells)
        assert any(whole for _, whole in matchers.plans.values()) is kept, text
        assert build_table(block, matchers, None, cells) == table == build_table(block, matchers, None)


def test_the_control_characters_of_a_utf8_file_are_counted_in_its_own_bytes():
    """A text decoded as UTF-8 and no longer than the sample has its control characters
    counted in the file's bytes (after any BOM): what encoding the sample again counts."""
    from gklint.read.loaders import text as text_loader
    from gklint.read.loader import LoadError

    for text in ["政府\t信息\x01公开\r\n" * 3, "\x07" * 11 + "文" * 200, "\x07" * 10 + "文" * 200, "a" * 8192 + "\x07" * 500,
                 "\x07" * 500 + "a" * 8192]:
        for bom in (b"", b"\xef\xbb\xbf"):
            data = bom + text.encode("utf-8")
            try:
                text_loader.TextLoader().load("r.txt", data)
                loaded = True
            except LoadError:
                loaded = False
            assert loaded == (not text_loader._looks_binary(text)), (text[:20], bom)


def test_a_pipe_row_is_cut_as_the_text_between_its_outer_pipes():
    """The pipe-table reader cuts a plain row at every pipe and drops what stands before the
    first and after the last: the cut ``_pipe_cut`` makes of the text between them."""
    from gklint.read.loaders.text import _lines_and_starts, _pipe_cut, _read_pipe_table

    rows = ["| a | b |", "  |规章| 1 |\u3000", "|| x |", "\u3000| 一、 |  | 12 |  ", "||"]
    block, _ = _read_pipe_table(*_lines_and_starts("\n".join(rows) + "\n"), 0)
    assert type(block) is PlainTableBlock
    assert block.cuts == [_pipe_cut(offset, line) for offset, line in _lines("\n".join(rows))]


def test_the_tables_a_section_must_hold_are_those_of_its_template_section():
    """``FormatIndex.section_tables`` (what the builder looks for in a flattened report's
    text) holds, per section key, the tables ``Template.section`` names that have matchers."""
    from gklint.parse.index import FormatIndex

    for template in load_templates().formats.values():
        index = FormatIndex(template)
        assert set(index.section_tables) == {section.key for section in template.sections}
        for key, tables in index.section_tables.items():
            assert tables == tuple(table for table in template.section(key).tables if table in index.matchers)
        assert any(index.section_tables.values())


# ── The identities summed in ints, GK308 reading the amount columns at their places ─────────

def _failures_cell_by_cell(identity, document, template):
    """What ``numbers.evaluate`` finds, written out: each column (or row) of each table of the
    identity's key summed in Decimals, its cells looked up by column key (``Row.value``), a
    column or row skipped where a row is missing or present twice or a count can't be trusted;
    as (table, column key or row index, left cells, right cells, left sum, right sum)."""
    from decimal import Decimal

    block = template.table(identity.table).block(identity.block)
    found = []
    for number, table in enumerate(document.index.tables):
        if table.key != identity.table:
            continue
        rows = [row for row in table.rows if row.kind == "data" and row.block == block.key]
        if identity.for_each == "column":
            sides = []
            for keys in (identity.left, identity.right):
                named = [[row for row in rows if row.key == key] for key in keys]
                sides.append([row[0] for row in named] if all(len(row) == 1 and row[0].values is not None
                                                                  for row in named) else None)
            if None in sides:
                continue
            places = [(column.key, [[row.value(column.key) for row in side] for side in sides]) for column in block.columns]
        else:
            places = [(row.index, [[row.value(key) for key in keys] for keys in (identity.left, identity.right)])
                      for row in rows if row.values is not None and (not identity.rows or row.key in identity.rows)]
        for where, (left, right) in places:
            counts = [[cell.value.count if cell is not None else None for cell in side] for side in (left, right)]
            if any(count is None for side in counts for count in side):
                continue
            sums = [sum(side, Decimal(0)) for side in counts]
            if sums[0] != sums[1]:
                found.append((number, where, left, right, *sums))
    return found


def test_identities_summed_in_ints_fail_where_the_decimal_sums_differ():
    """``numbers.evaluate`` sums the counts of every identity that holds in ints, all its
    columns or rows at once, read at the columns' places (``BlockRows.wholes``), and turns to
    Decimals where the sums differ or a count is no such int: the same failures, cells and
    sums as summing every column or row in Decimals by column key, on reports with wrong,
    blank, odd and fractional cells."""
    from gklint.check.rules.numbers import BlockNames, evaluate

    failures = 0
    for _, document, template in _defective_reports(60, seed=11):
        names = BlockNames()
        for identity in template.identities:
            evaluated = evaluate(identity, document, template, names)
            found = [(failure.number, failure.column.key if failure.column is not None else failure.row.index,
                      [failure.cell(term) for term in failure.left], [failure.cell(term) for term in failure.right],
                      failure.left_sum, failure.right_sum)
                     for failure in evaluated]
            assert found == _failures_cell_by_cell(identity, document, template), identity.key
            # (A term holds what its cell reads as, the cell made for a finding: ``Failure.cell``.)
            assert all(term[1] is failure.cell(term).value for failure in evaluated for term in failure.left + failure.right)
            failures += len(found)
    assert failures >= 30


def test_amount_cells_are_the_value_cells_of_the_amount_columns():
    """GK308 reads the cells of the amount columns at their places in the blocks that have
    one (``AmountFormatRule._amount_cells``: each as its place in ``row.values`` and what it
    reads as): the value cells of those columns, in the order of ``index.value_cells``."""
    from gklint.check.rules.numbers import AmountFormatRule

    rule = AmountFormatRule()
    checked = 0
    for _, document, template in _defective_reports(40, seed=13):
        _, amount_places = rule.prepare(template, {})
        expected = [item for item in document.index.value_cells(template) if item[3].kind == "amount"]
        found = list(rule._amount_cells(document, template, amount_places))
        assert all(value is row.values[place].value for _, _, row, _, place, value in found)
        assert [(table, block, row, column, row.values[place]) for table, block, row, column, place, _ in found] == expected
        checked += len(expected)
    assert checked >= 20


def _random_texts(pieces: list[str], count: int, seed: int) -> list[str]:
    import random

    chooser = random.Random(seed)
    return ["".join(chooser.choice(pieces) for _ in range(chooser.randint(0, 12))) for _ in range(count)]


def test_the_placeholder_screen_finds_what_the_pre_check_finds_at_a_start_character():
    """GK407's screen (one search: a start character, then the pre-check matching there, seen
    from behind it) answers as trying the pre-check at every start character in Python, with
    the default settings and with patterns of groups and classes."""
    import re

    from gklint.check.rules.content import _placeholder_prefilter, _placeholder_screen
    from gklint.parse.patterns import start_characters

    settings = [
        (("（文字描述）", "(文字描述)", "此处填写", "请填写"),
         (r"[（(]\s*文字描述[^）)\n]{0,60}[）)]", r"(?:[XＸ]{2,3}|×{2,3})(?:年度?|局|县|单位)",
          r"此处填写[^，。；\n]{0,30}", r"请填写[^，。；\n]{0,30}", r"[【\[]\s*填写[^】\]\n]{0,30}[】\]]")),
        ((), (r"(填写)说明", r"[a-c]{2}\d")),
    ]
    pieces = ["（文字描述）", "(文字描述)", "（ 文字描述，见附件）", "此处填写", "请填写", "填写", "说明", "XX局", "ＸＸ年",
              "X", "Ｘ", "×", "××县", "【填写】", "[ 填写xx]", "（一）", "（", "(", "）", "【", "[", "文字", "ab1", "a", "3",
              "，", "。", "\n", "局"]
    texts = _random_texts(pieces, 20000, 407)
    found = 0
    for literals, patterns in settings:
        screen = _placeholder_screen(literals, patterns)
        prefilter = _placeholder_prefilter(literals, patterns)
        first = {chr(code) for low, high in start_characters(prefilter.pattern) for code in range(low, high + 1)}
        assert isinstance(prefilter, re.Pattern) and screen is not None
        for text in texts:
            expected = any(prefilter.match(text, start) for start, char in enumerate(text) if char in first)
            found += expected
            assert screen(text) is expected, (patterns, text)
    assert found > 2000


def test_the_halfwidth_screen_answers_as_the_class_search():
    """GK501 passes a report over when none of its marks stands in the joined texts, each
    looked for with ``in``: the same answer as a search of their class."""
    from gklint.check.rules import typography

    pieces = list(",;:!?()，；：！？（）文字 \n") + ["\uff08", "\u0028\u0029"]
    for text in _random_texts(pieces, 5000, 501):
        expected = typography._HALFWIDTH_ANY.search(text) is not None
        assert any(mark in text for mark in typography._HALFWIDTH_CHARACTERS) is expected, text


def test_the_doubling_screen_finds_a_doubling_in_the_texts_the_shortest_unit_search_does():
    """GK503's screen (the longest unit first) finds a doubling in exactly the texts where
    ``_DOUBLING`` (the shortest unit first, which says where and how long) finds one."""
    from gklint.check.rules import typography

    pieces = list("政府信息公开的的了人作工") + ["政府", "信息公开", "公开", "开", "2020", "年年", "〇", "a", " ", "，", "\n"]
    seen = 0
    for text in _random_texts(pieces, 20000, 503):
        expected = typography._DOUBLING.search(text) is not None
        seen += expected
        assert (typography._ANY_DOUBLING.search(text) is not None) is expected, text
    assert seen > 2000


def test_the_doubling_search_at_equal_code_units_answers_as_the_whole_search():
    """GK503 tries its doubling pattern only where ``unit`` code units equal the ``unit`` after
    them (``has_doubling``): the same answer as a search of the whole text, with digits,
    blanks, dashes, characters beyond the Basic Multilingual Plane and lone surrogates about."""
    from gklint.check.rules import typography

    pieces = (list("政府信息公开的了人作工0 —\n\0\u3000") + ["政府", "信息公开", "2020", "1000", "年年", "——", "　　",
                                                         "\U00020000", "\U00020001", "\ud800", "\ufffe", "\u4e00"])
    seen = 0
    for text in _random_texts(pieces, 20000, 5031):
        expected = typography._ANY_DOUBLING.search(text) is not None
        seen += expected
        assert typography.has_doubling(text) is expected, text
    assert seen > 2000


def test_ascii_digits_are_what_translating_every_character_gives():
    """GK405, GK402 and GK408 read numbers from ``ascii_digits``, which translates only a text
    that holds a full-width digit: the same text as ``str.translate`` of every one."""
    from gklint.check.rules import statements

    pieces = list("０１２９0129件，。年") + ["３７件", "2021年", "\uff10\uff19", "\uff21", "十二"]
    translated = 0
    for text in _random_texts(pieces, 5000, 408):
        expected = text.translate(statements._FULLWIDTH_DIGITS)
        translated += expected != text
        assert statements.ascii_digits(text) == expected, text
    assert translated > 1000


def test_gk405_screens_are_parts_of_their_patterns():
    """A phrase's ``screen`` is searched before its pattern, and the pattern is not tried where
    it is not found: it must be a run of the pattern's own pieces (parsed, top level), which
    every match of the pattern then holds, so that no match is lost on any text."""
    import re._parser as parser

    from gklint.check.rules.statements import expand

    screened = 0
    for item in Linter(Config()).templates.settings("GK405")["phrases"]:
        if "screen" not in item:
            continue
        # (each piece as its repr: the parsed pieces compare by identity; a group keeps its number)
        pieces = [repr(piece) for piece in parser.parse(expand(item["pattern"])).data]
        screen = [repr(piece) for piece in parser.parse(expand(item["screen"])).data]
        assert screen and any(pieces[start:start + len(screen)] == screen for start in range(len(pieces))), item
        screened += 1
    assert screened == 3


def test_gk405_phrases_that_start_with_their_words_match_as_with_the_lookbehind_first():
    """rules.toml writes what must not stand before a phrase's words as a lookbehind after them
    (收到(?<!新收到)), so that ``re`` skips ahead to the words: every match is the one the
    lookbehind written first gives."""
    import re

    from gklint.check.rules.statements import expand

    patterns = [item["pattern"] for item in Linter(Config()).templates.settings("GK405")["phrases"]]
    rewritten = {
        "(?:收到|接收|接到)(?<!新收到|新接收|新接到)": "(?<!新)(?:收到|接收|接到)",
        "予以公开(?<!不予以公开)": "(?<!不)予以公开",
        "部分公开(?<!予以公开[及和与、加]部分公开)": "(?<!予以公开[及和与、加])部分公开",
    }
    pairs = []
    for pattern in patterns:
        for written, first in rewritten.items():
            if pattern.startswith(written):
                pairs.append((re.compile(expand(pattern)), re.compile(expand(first + pattern[len(written):]))))
    assert len(pairs) == 3
    pieces = ["新", "不", "予以", "公开", "予以公开", "部分公开", "及", "、", "收到", "接收", "接到", "依申请", "申请", "共",
              "12", "两", "件", "，", "的", "政府信息", "收到公开申请3件", "予以公开7件", "部分公开2件", "新收到公开申请5件",
              "不予以公开1件", "予以公开及部分公开4件"]
    matched = 0
    for text in _random_texts(pieces, 20000, 405):
        for fast, slow in pairs:
            expected = [(match.span(), match.group("n")) for match in slow.finditer(text)]
            matched += bool(expected)
            assert [(match.span(), match.group("n")) for match in fast.finditer(text)] == expected, text
    assert matched > 500


def test_the_screen_text_holds_every_text_whole_and_a_table_of_cuts_as_its_source_lines():
    """``DocumentIndex.screen_text`` (what GK407 and GK501, GK502, GK504 search first) against
    its slow twin ``joined_texts``: every text stands whole in it, so a screen that finds
    nothing there has nothing to find in any text; a table of text cut at tabs or pipes stands
    as its source lines (the fast path, taken for every table of the text and Markdown
    reports), any other table cell by cell, as ``joined_texts`` has it."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import generate

    from gklint.parse.tree import CutRow

    linter = Linter(Config())
    fixtures = Path(__file__).parent / "fixtures"
    reports = [*generate(30, seed=18), *((path.name, path.read_bytes()) for path in sorted(fixtures.rglob("*.*")))]
    assert {name.rsplit(".", 1)[-1] for name, _ in reports} >= {"txt", "md", "html"}
    cut_tables = other_tables = 0
    for name, data in reports:
        document = linter.parse_bytes(data, name)
        if not hasattr(document, "tables"):
            continue
        index = document.index
        screen_text = index.screen_text
        for text, _ in index.texts:
            assert text.text in screen_text, (name, text.text)
        # What a screen looks for is there when any text has it (GK501, GK502, GK504: characters).
        assert set(index.joined_texts) - {"\n"} <= set(screen_text), name
        source = document.source.text
        cut = [table for table in index.tables if table.rows and all(type(row) is CutRow for row in table.rows)]
        for table in cut:
            assert source[table.span.start:table.span.end] in screen_text, name
            for row in table.rows:
                for cell in row.cells:
                    assert source[cell.start:cell.start + len(cell.value.raw)] == cell.value.raw
                    assert table.span.start <= cell.start <= cell.start + len(cell.value.raw) <= table.span.end
        cut_tables += len(cut)
        if not cut:
            assert screen_text == index.joined_texts, name
            other_tables += len(index.tables)
    assert cut_tables > 30 and other_tables > 10


def test_gk410_nfkc_between_ideographs_is_nfkc_of_the_whole_text():
    """GK410 normalizes only the runs between CJK ideographs (``copying.nfkc``): the same text
    as ``unicodedata.normalize("NFKC", ...)`` of the whole, next to every code point and on
    texts of what normalization joins, reorders or splits (combining marks, half-width kana
    and their voicing marks, Hangul jamo, compatibility ideographs, full-width forms)."""
    import unicodedata

    from gklint.check.rules.copying import nfkc

    ideograph = "中"
    for code_point in range(0x110000):
        if 0xD800 <= code_point < 0xE000:
            continue
        character = chr(code_point)
        for text in (ideograph + character + ideograph, character + ideograph + character):
            assert nfkc(text) == unicodedata.normalize("NFKC", text), hex(code_point)
    pieces = ["中", "年", "\u9fff", "\u4e00", "e", "\u0301", "\u0308", "\u0323", "ｶ", "ﾞ", "ﾟ", "か", "\u3099", "\u1100",
              "\u1161", "\u11a8", "가", "\uf900", "\u302a", "\u302e", "（", "）", "１２", "，", "。", "\u3000", "…", "㈱",
              "ﬁ", "Å", "A\u030a", "\u2126", "<", "\u0338", " ", "\n"]
    for text in _random_texts(pieces, 20000, 410):
        assert nfkc(text) == unicodedata.normalize("NFKC", text), ascii(text)


def _run_facts(count: int, seed: int):
    """The linter and the (path, facts) of the generated reports that gave cross-file facts."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    import corpus

    linter = Linter(Config())
    results = [linter.lint_bytes(data, name) for name, data in corpus.generate(count, seed=seed)]
    return linter, [(result.path, result.facts) for result in results if result.facts]


def test_groups_read_by_the_kept_keys_are_the_groups_the_key_functions_give():
    """Cross-file facts are kept with the group key their rule gives where they are made
    (``Rule.group_key``): packed in a worker process, or as made in a serial run. Reading the
    groups by the kept keys gives what grouping by the key function at the end gives (the
    code before the keys were kept), held in memory or spilled to disk, and the same findings."""
    from gklint.check.collection import FactStore, pack
    from gklint.check.rule import Rule

    linter, files = _run_facts(60, 424242)
    grouping_rules = [rule for rule in linter.rules if type(rule).group_key is not Rule.group_key]
    assert {rule.code for rule in grouping_rules} == {"GK406", "GK410"}
    expected_findings = None
    for spill_after in (0, 7, 10_000):
        for packed in (False, True):
            with FactStore(spill_after, group_key=linter.group_key) as store:
                for path, facts in files:
                    store.add(path, pack(facts, linter.group_key) if packed else facts)
                assert store.spilled == (spill_after < 10_000)
                for rule in grouping_rules:
                    facts = store.facts(rule.code)
                    groups = list(facts.grouped())
                    assert groups == list(facts.grouped(rule.group_key))
                    assert any(len(group) > 1 for _, group in groups)
                findings = [(finding.path, finding.location, finding.message)
                            for finding in linter.check_collection(store)]
            assert findings
            if expected_findings is None:
                expected_findings = findings
            assert findings == expected_findings, (spill_after, packed)
def test_a_cut_cells_place_worked_out_when_asked_is_its_piece_counted_in_the_row():
    """A cut table's cell keeps its row's cut and its index there, and works out its place
    (``VerbatimCell.start``) when asked for: the place counted piece by piece along the row
    (each piece and its separator, then the piece's leading white space, none for an empty
    piece), in generated text and Markdown reports and in rows of white space of every kind."""
    from gklint.parse.tree import VerbatimCell

    def counted(start: int, pieces: list[str]) -> list[int]:
        places = []
        for piece in pieces:
            stripped = piece.strip()
            places.append(start + (len(piece) - len(piece.lstrip()) if stripped else 0))
            start += len(piece) + 1
        return places

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import generate

    linter = Linter(Config())
    rows = [(100, ["一、本年新收", "", " 30 ", "\u3000", "4", "—", "12件", "说明" * 40]), (7, [""]), (3, [" ", "  "]),
            (0, ["  a", "b  ", "\u3000 说明\u3000文 ", "\x1cx\x1c", "\u200b1", " 1 1 ", "11 1"])]
    for name, data in generate(20, seed=18):
        if name.endswith((".txt", ".md")):
            raw = linter.load(name, data)[0]
            rows.extend(cut for block in raw.blocks if type(block) is PlainTableBlock for cut in block.cuts)
    assert len(rows) > 200
    for start, pieces in rows:
        cells = _cut_cells_and_shape(start, pieces, set())[0]
        assert all(type(cell) is VerbatimCell for cell in cells)
        assert [cell.start for cell in cells] == [cell.text.span.start for cell in cells] == counted(start, pieces)
        assert all(pickle.loads(pickle.dumps(cell)) == Cell(VerbatimText(cell.value.raw, cell.start), cell.value)
                   for cell in cells)
def test_gk107_leaves_a_block_whose_data_rows_are_all_shown_without_a_walk():
    """GK107 skips the walk of a block's rows (``_missing_units``) when the report shows every
    data row of the block (``_BlockRows.data``): the walk then reports nothing, for every block
    of every format; and with any one data row gone it reports something (the row, or a label
    row that stands for it), so ``data`` holds the rows the walk looks for, no fewer."""
    from gklint.check.rules.structure import _block_rows, _missing_units
    from gklint.parse.tree import RowKey

    blocks = 0
    for template in load_templates().formats.values():
        for table in template.tables:
            for block in table.blocks:
                rows = _block_rows(block)
                labels = {RowKey(block.key, row.key) for row in block.rows if not row.data}
                assert list(_missing_units(rows.units, None, set(rows.data))) == [], (table.key, block.key)
                assert list(_missing_units(rows.units, None, set(rows.data) | labels)) == [], (table.key, block.key)
                for key in rows.data:
                    assert list(_missing_units(rows.units, None, set(rows.data) - {key})), (table.key, block.key, key)
                blocks += 1
    assert blocks >= 10


def test_every_match_holds_one_of_the_required_strings():
    """``required_strings`` (GK407's screen looks for them with ``in`` before its search): every
    match of a pattern, found by ``re`` in random texts, holds one of the strings; a pattern
    whose match may be empty, or that reads what stands around it, names none."""
    import re

    from gklint.parse.patterns import required_strings

    patterns = {
        r"\(文字描述\)|（文字描述）|此处填写|请填写|(?:[（(]\s*文字描述[^）)\n]{0,60}[）)])": {"文字描述", "此处填写", "请填写"},
        r"(?:[XＸ]{2,3}|×{2,3})(?:年度?|局|县|市|区|省|镇|乡|街道|单位)": {"X", "Ｘ", "×"},
        r"[【\[]\s*填写[^】\]\n]{0,30}[】\]]": {"填写"},
        r"(?:[XＸ]{2,3}|×{2,3})局": {"局"},
        r"a?b+c{2}": {"b"},
        r"(?:ab|cd)e*": {"ab", "cd"},
        r"\d+件": {"件"},
        r"[^件]{2}": None,
        r"a|b*": None,
        r"x?": None,
        r"(?=a)a": None,
        r"\bab": None,
    }
    pieces = ["文字描述", "（文字描述）", "(文字描述)", "（ 文字描述，见附件）", "此处填写", "请填写", "填写", "X", "Ｘ", "×", "XX",
              "局", "年", "【", "[", "】", "]", "a", "b", "c", "d", "e", "1", "件", "（", "）", "\n", " "]
    texts = _random_texts(pieces, 5000, 408)
    matches = 0
    for pattern, expected in patterns.items():
        required = required_strings(pattern)
        assert required == (frozenset(expected) if expected is not None else None), pattern
        if required is None:
            continue
        compiled = re.compile(pattern)
        for text in texts:
            for match in compiled.finditer(text):
                matches += 1
                assert any(string in match.group(0) for string in required), (pattern, text, match.group(0))
    assert matches > 5000


def test_a_count_starting_with_its_first_character_matches_as_the_lookbehind_first():
    """``statements.NUMBER`` starts with the class of its first character (so that ``re`` skips
    ahead to it): alone, at every position, and inside patterns of GK405 and GK408, its
    matches and groups are those of ``\\d{1,3}(?:,\\d{3})+|\\d+|(?<!…)[…]+``, tried in that
    order."""
    import re

    from gklint.check.rules.statements import NUMBER, expand

    numeral = "零〇一二两三四五六七八九十百千万"
    slow = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?<![{numeral}数几余多每第逐])[{numeral}]+)"
    forms = [
        "{n}", r"(?P<n>{n})\s*(?:件|个)(?:申请)?(?:需|须)?(?:结转|顺延)", r"共\s*(?P<n>{n})件",
        r"(?P<label>[^，。；\d]{0,24}?)(?P<n>{n})\s*(?P<unit>件|个)", "{n}{n}",
    ]
    pairs = [(re.compile(form.replace("{n}", NUMBER)), re.compile(form.replace("{n}", slow))) for form in forms]
    pairs.append((re.compile(expand(r"结转{n}件")), re.compile(r"结转(?P<n>" + slow + ")件")))
    pieces = [*"0123456789０１２,，", *numeral, *"数几余多每第逐件个共需结转顺延申请年 ", "1,234", "12,34", "１２３,４５６",
              "一百零五", "两"]
    matches = 0
    for text in _random_texts(pieces, 20000, 22):
        for fast, slow_pattern in pairs:
            expected = [(match.span(), match.groups()) for match in slow_pattern.finditer(text)]
            assert [(match.span(), match.groups()) for match in fast.finditer(text)] == expected, (fast.pattern, text)
            matches += len(expected)
        fast, slow_pattern = pairs[0]
        for position in range(len(text) + 1):
            found, wanted = fast.match(text, position), slow_pattern.match(text, position)
            assert (found and found.span()) == (wanted and wanted.span()), (text, position)
    assert matches > 20000


def test_a_count_tells_a_numeral_from_a_digit_as_the_class_of_numerals_did():
    """``statements.NUMBER``'s numeral branch looks back at its first character as ``\\D``
    rather than as the class of numerals (cheaper to compile): for every character its first
    class takes (every decimal digit, every numeral), after and before the characters that
    matter, its matches are those of the class written out."""
    import re
    import sys

    from gklint.check.rules.statements import NUMBER

    numeral = "零〇一二两三四五六七八九十百千万"
    written_out = (rf"(?:[\d{numeral}](?:(?<=\d)(?:\d{{0,2}}(?:,\d{{3}})+|\d*)"
                   rf"|(?<=(?<![{numeral}数几余多每第逐])[{numeral}])[{numeral}]*))")
    assert NUMBER == written_out.replace(f"[{numeral}])[{numeral}]*", f"\\D)[{numeral}]*")
    first = re.compile(rf"[\d{numeral}]")
    firsts = [chr(code) for code in range(sys.maxunicode + 1)
              if not 0xD800 <= code < 0xE000 and first.match(chr(code))]
    assert len(firsts) > 600
    forms = ["{n}", "(?P<n>{n})件", "共{n}件"]
    pairs = [(re.compile(form.replace("{n}", NUMBER)), re.compile(form.replace("{n}", written_out)))
             for form in forms]
    befores, afters = ["", "数", "第", "一", "5", "共", "x"], ["", "十", "5", ",234", "件", "两件", "x"]
    for character in firsts:
        for before in befores:
            for after in afters:
                text = before + character + after
                for fast, written in pairs:
                    assert ([(match.span(), match.groups()) for match in fast.finditer(text)]
                            == [(match.span(), match.groups()) for match in written.finditer(text)]), text


def test_the_utf8_screen_for_fullwidth_alnum_finds_what_the_characters_class_finds():
    """GK504 looks for a full-width digit or letter in a report's UTF-8 bytes: for every code
    point (lone surrogates too), between full-width punctuation, the bytes' search finds one
    exactly where a search of the characters does."""
    from gklint.check.rules import typography

    for code_point in range(0x110000):
        text = "（" + chr(code_point) + "）"
        assert ((typography._FULLWIDTH_ALNUM_UTF8.search(text.encode("utf-8", "surrogatepass")) is None)
                == (typography._FULLWIDTH_ALNUM.search(text) is None)), hex(code_point)


def _word_table_variants() -> dict[str, tuple[bytes, bool]]:
    """A .docx with one table of plain cells (a spanned cell, a vertical merge whose
    continuation holds text, a raw newline in a w:t, two runs in a cell, a deletion, a
    bookmark and a proofing mark), and copies of it each changed where the Word loader's
    reading of plain tables must step aside: name → (the package, whether its table is plain)."""
    import io
    import zipfile

    import docx

    document = docx.Document()
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "合并"
    table.cell(0, 2).text = "原文"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "纵向"
    table.cell(1, 1).text, table.cell(1, 2).text = "1", "2"
    table.cell(2, 1).text, table.cell(2, 2).text = "两段", "删"
    table.cell(3, 0).text, table.cell(3, 1).text, table.cell(3, 2).text = "号", "跳格", "链接"
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
        members = {info: package.read(info) for info in package.infolist()}
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    assert w in xml
    base = (xml.replace("<w:t>原文</w:t>", "<w:t>原&#10;文</w:t>")
            .replace("<w:t>1</w:t></w:r>", '<w:t>1</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t xml:space="preserve"> 件</w:t></w:r>')
            .replace("<w:t>删</w:t></w:r>", '<w:t>删</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>去</w:delText></w:r></w:del>'
                     '<w:bookmarkStart w:id="2" w:name="b"/><w:bookmarkEnd w:id="2"/>'))
    # the merge's continuation (row 3, column 1) gets a text Word does not show
    continuation = "<w:vMerge/></w:tcPr><w:p/>"
    assert base.count(continuation) == 1
    base = base.replace(continuation, "<w:vMerge/></w:tcPr><w:p><w:r><w:t>续格里的字</w:t></w:r></w:p>")
    variants = {
        "plain": (base, True),
        "two paragraphs in a cell": (base.replace("<w:t>两段</w:t></w:r></w:p>", "<w:t>两段</w:t></w:r></w:p><w:p><w:r><w:t>第二段</w:t></w:r></w:p>"), False),
        "a comment in a w:t": (base.replace("<w:t>号</w:t>", "<w:t>号<!-- 注 -->后</w:t>"), False),
        "an element in a w:t": (base.replace("<w:t>号</w:t>", "<w:t>号<w:b/>后</w:t>"), False),
        "a tab": (base.replace("<w:t>跳格</w:t>", "<w:t>跳</w:t><w:tab/><w:t>格</w:t>"), False),
        "a hyperlink": (base.replace("<w:r><w:t>链接</w:t></w:r>", '<w:hyperlink w:anchor="x"><w:r><w:t>链接</w:t></w:r></w:hyperlink>'), False),
        "a numbered style": (base.replace("<w:p><w:r><w:t>号</w:t>", '<w:p><w:pPr><w:pStyle w:val="ListNumber"/></w:pPr><w:r><w:t>号</w:t>'), False),
        "an unnumbered style": (base.replace("<w:p><w:r><w:t>号</w:t>", '<w:p><w:pPr><w:pStyle w:val="Quote"/></w:pPr><w:r><w:t>号</w:t>'), True),
        "a run of another namespace": (base.replace("<w:r><w:t>跳格</w:t></w:r>", '<x:r xmlns:x="urn:x"><w:t>跳格</w:t></x:r>'), False),
        "a gridBefore": (base.replace("<w:tr>", '<w:tr><w:trPr><w:gridBefore w:val="0"/></w:trPr>', 1), False),
        "rows without cells": (base.replace("</w:tr>", "</w:tr><w:tr><w:trPr/></w:tr>", 1)
                               .replace("</w:tbl>", "<w:tr/></w:tbl>"), True),
    }
    packages = {}
    for name, (changed, plain) in variants.items():
        assert changed != base or name == "plain", name
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as package:
            for info, content in members.items():
                package.writestr(info, changed.encode("utf-8") if info.filename == "word/document.xml" else content)
        packages[name] = (out.getvalue(), plain)
    return packages


def test_word_tables_of_plain_cells_read_whole_equal_the_reading_element_by_element(monkeypatch):
    """The Word loader reads a table of plain cells with two passes lxml makes in C
    (docx_plain_tables) and any other table element by element: both readings give the same
    text, blocks and notes for a plain table and for each thing that makes a table not
    plain, and the plain reading is taken exactly where the table is plain."""
    from gklint.read.loaders import docx as docx_loader

    taken: list[bool] = []
    plain_rows = docx_loader._TableReader._plain_rows

    def spied(self, table, rows):
        read = plain_rows(self, table, rows)
        taken.append(read is not None)
        return read

    monkeypatch.setattr(docx_loader._TableReader, "_plain_rows", spied)
    loader = docx_loader.DocxLoader()
    for name, (data, plain) in _word_table_variants().items():
        taken.clear()
        whole = loader._read(data, recording=False)
        assert taken == [plain], name
        taken.clear()
        careful = loader._read(data, recording=False, plain_tables=False)
        assert taken == [False], name
        assert (whole.text, whole.blocks, whole.notes) == (careful.text, careful.blocks, careful.notes), name
        assert len(whole.blocks) == 2 and whole.notes, name
        recorded = loader._read(data, recording=True)
        assert (whole.text, whole.blocks) == (recorded.text, recorded.blocks), name
    assert "原 文" in whole.text and "1 件" in whole.text and "去" not in whole.text
def test_single_rows_are_the_rows_whose_key_is_present_once():
    """``BlockRows.single`` gives a key's row where the key is present once in the block and
    the row's shape was read, else None: as gathering the rows of each key first, on reports
    as read (no key twice: the read rows with a key) and on their tables with a data row
    repeated (a key twice)."""
    from types import SimpleNamespace

    from gklint.check.rules.table_rows import BlockRows

    def by_key_first(rows):
        by_key = {}
        for row in rows:
            if row.key:
                by_key.setdefault(row.key, []).append(row)
        return {key: found[0] for key, found in by_key.items() if len(found) == 1 and found[0].values is not None}

    keys_checked = doubled = 0
    for _, document, template in _defective_reports(20, seed=17):
        for number, table in enumerate(document.index.tables):
            spec = template.table(table.key) if table.key else None
            for block in spec.blocks if spec else ():
                data_rows = BlockRows(table, number, block).rows
                variants = [table.rows] + ([table.rows + [data_rows[len(data_rows) // 2]]] if data_rows else [])
                for rows in variants:
                    block_rows = BlockRows(SimpleNamespace(rows=rows), number, block)
                    expected = by_key_first(block_rows.rows)
                    keys = [row.key for row in block_rows.rows if row.key]
                    assert [block_rows.single((key,)) for key in keys] == [
                        [expected[key]] if key in expected else None for key in keys]
                    keys_checked += len(keys)
                    doubled += len(keys) != len(set(keys))
    assert keys_checked > 300 and doubled >= 10


def test_row_identities_sum_one_by_one_only_the_rows_whose_int_sums_differ():
    """A row identity whose counts are all ints picks the rows whose sums differ from the sums
    of every row at once, in C (``numbers._evaluate_rows``), and sums only those one by one:
    the same failures, cells and sums as every row summed in Decimals, on reports whose
    changed cells are whole counts (no row falls back to the sums one by one)."""
    from gklint.check.rules.numbers import BlockNames, evaluate
    from gklint.check.rules.table_rows import TableRows

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import generate

    linter = Linter(Config())
    picked = 0
    for number, (name, data) in enumerate(generate(40, seed=23, fmt="txt")):
        pieces = linter.load(name, data)[0].source.text.split("\t0\t")
        step = 4 + number % 13
        text = "".join(piece + ("\t7\t" if place % step == number % step else "\t0\t")
                       for place, piece in enumerate(pieces[:-1])) + pieces[-1]
        document = linter.build(linter.load(name, text.encode("utf-8"))[0])
        template = linter.templates.formats.get(document.template_id)
        if template is None:
            continue
        names = BlockNames()
        tables = TableRows(document.index, template, names.lookups(template))
        for identity in template.identities:
            if identity.for_each != "row":
                continue
            found = [(failure.number, failure.row.index, [failure.cell(term) for term in failure.left],
                      [failure.cell(term) for term in failure.right], failure.left_sum, failure.right_sum)
                     for failure in evaluate(identity, document, template, names, tables)]
            assert found == _failures_cell_by_cell(identity, document, template), identity.key
            block = tables.block(identity.table, identity.block)
            all_ints = all(None not in wholes for rows in tables.of(identity.table, block)
                           for wholes in rows.wholes.values())
            picked += len(found) if all_ints else 0
    assert picked >= 10


# ── The text reporter's widths, the text loader's screens ──────────────────────────────────────────


def test_display_width_equals_the_width_of_each_character_summed():
    """``display_width`` (ASCII said at once, the other characters' widths looked up in a
    table kept per character) equals the widths of its characters from unicodedata, on the
    lines of generated reports and on strings of characters drawn from the whole range (ASCII,
    ambiguous, wide, beyond the BMP)."""
    import random
    import unicodedata

    from gklint.report.reporters.text import display_width

    def each(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import generate

    from gklint.read.encoding import decode

    lines = [line for fmt in ("txt", "md") for _, data in generate(20, seed=9, fmt=fmt)
             for line in decode(data).text.split("\n")]
    assert [display_width(line) for line in lines] == [each(line) for line in lines]
    chosen = random.Random(5)
    pool = ["a", " ", "\t", "→", "…", "“", "—", "·", "é", "一", "（", "，", "Ａ", "가", "の", "\U00020000", "\u3000", "\uff61"]
    for _ in range(3000):
        text = "".join(chosen.choice(pool) for _ in range(chosen.randint(0, 9)))
        assert display_width(text) == each(text), text


def test_text_blocks_screened_by_the_whole_text_equal_those_tested_line_by_line():
    """The text loader looks for a fence, a tab, a pipe, a quote, a backslash or ``<`` in the
    whole text first and tests no line for what the text lacks: the blocks equal those of the
    same lines each tested for all of them (a text that holds every mark), on generated text
    and Markdown reports and on texts that hold some of the marks."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from corpus import generate

    from gklint.read.encoding import decode
    from gklint.read.loaders.text import _blocks, _lines_and_starts

    every_mark = "`~\t|\"\\<"
    texts = [decode(data).text for fmt in ("txt", "md") for _, data in generate(15, seed=11, fmt=fmt)]
    texts += [
        "标题\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n正文\t1\t2\n“引号”\n",
        "```\n| a | b |\n```\n~~~\n内\t容\n~~~\n| x\\|y | <br> |\n",
        'a\t"b\nc"\td\n\n| 1 | 2 |\n| 3 |\t|\n行<br>\n',
        "一、概述\n\n\t\n  \n表\t头\n\n\n续\t行\n| 只有 | 管道 |\n",
    ]
    tables = 0
    for text in texts:
        starts, lines = _lines_and_starts(text)
        screened = _blocks(starts, lines, text)
        assert screened == _blocks(starts, lines, every_mark)
        tables += sum(1 for block in screened if isinstance(block, TableBlock))
    assert tables > 40


def test_identities_said_to_hold_everywhere_fail_nowhere():
    """``TableRows.suspects`` (a check per shape of a block's rows, over its counts in one
    list) leaves out an identity and a table only where ``numbers.evaluate`` finds no failure
    of the identity in that table, and finds the failures of reports with wrong, blank and odd
    cells."""
    from gklint.check.rules.numbers import BlockNames, evaluate
    from gklint.check.rules.table_rows import TableRows

    failing = 0
    for _, document, template in _defective_reports(120, seed=11):
        names = BlockNames()
        lookups = names.lookups(template)
        identities = list(template.identities)
        tables = TableRows(document.index, template, lookups)
        failures = [failure for identity in identities
                    for failure in evaluate(identity, document, template, names, tables)]
        failing += bool(failures)
        suspects = TableRows(document.index, template, lookups).suspects(identities)
        assert {(failure.identity.key, failure.number) for failure in failures} <= {
            (key, rows.number) for key, found in suspects.items() for rows in found}
    assert failing >= 20


def test_the_keys_a_gk405_key_may_hide_are_those_every_pair_compared_finds():
    """GK405's preparation finds the keys a key may pass over (those it holds, those starting
    inside it) by the keys' first characters: the same keys as comparing every pair, for the
    keys of rules.toml and for random ones."""
    from gklint.check.rules.content import _hidden_keys

    def every_pair(key, keys):
        return {other for other in keys if other in key
                or any(other.startswith(key[start:]) for start in range(1, len(key)))}

    settings = Linter().templates.settings("GK405")
    keys_of_settings = {str(key) for name in ("phrases", "parts", "claims") for item in settings.get(name, [])
                        if isinstance(item, dict) for key in item.get("keys", []) or []}
    assert len(keys_of_settings) > 20
    for keys in [keys_of_settings, *(set(_random_texts([*"予以公开不处理申请", "公开", ""], 30, seed)) for seed in range(40))]:
        by_first: dict[str, list[str]] = {}
        for key in keys:
            by_first.setdefault(key[:1], []).append(key)
        for key in keys:
            assert set(_hidden_keys(key, keys, by_first)) == every_pair(key, keys), (key, keys)
