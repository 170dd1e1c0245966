"""The HTML loader: blocks, table grids and exact source pieces of portal and Word pages."""

from __future__ import annotations

import html
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.read.blocks import CellBlock, LineBlock, RawDocument, TableBlock
from gklint.read.loaders.html import HtmlLoader, declared_charset
from gklint.read.errors import LoadError
from gklint.read.source import SourcedText

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
WORD_PAGE = FIXTURES / "qingshan-2020-word.html"


# -- helpers ----------------------------------------------------------------------------------


def load_bytes(data: bytes, path: str = "page.html") -> RawDocument:
    return HtmlLoader().load(path, data)


def load_fixture(path: Path = WORD_PAGE) -> RawDocument:
    return load_bytes(path.read_bytes(), str(path))


def lines(raw: RawDocument) -> list[str]:
    return [block.text.text for block in raw.blocks if isinstance(block, LineBlock)]


def tables(raw: RawDocument) -> list[TableBlock]:
    return [block for block in raw.blocks if isinstance(block, TableBlock)]


def grid_texts(table: TableBlock) -> list[list[str | None]]:
    """Cell texts, ``None`` for slots covered by a merged cell."""
    return [[None if cell.merged else cell.text.text for cell in row] for row in table.rows]


def sourced_texts(raw: RawDocument) -> list[SourcedText]:
    texts: list[SourcedText] = []
    for block in raw.blocks:
        if isinstance(block, LineBlock):
            texts.append(block.text)
        else:
            texts.extend(cell.text for row in block.rows for cell in row)
    return texts


def assert_pieces_exact(raw: RawDocument) -> None:
    """Every piece stands for exactly the source characters it names."""
    source = raw.source.text
    for text in sourced_texts(raw):
        covered = "".join(text.text[piece.text_start : piece.text_end] for piece in text.pieces)
        assert covered == text.text
        for piece in text.pieces:
            decoded = text.text[piece.text_start : piece.text_end]
            written = source[piece.src_start : piece.src_end]
            if piece.verbatim:
                assert written == decoded
            elif decoded == "\n":  # a <br> tag, or the edge between two paragraphs of a cell
                assert written == "" or written.lower().startswith("<br")
            else:  # a character reference, replaced whole
                assert written.startswith("&") and html.unescape(written) == decoded


# -- the Word-exported portal page ------------------------------------------------------------


def test_word_page_yields_only_the_report_in_reading_order():
    raw = load_fixture()
    assert lines(raw) == [
        "青山县自然资源局2020年政府信息公开工作年度报告",
        "本报告根据《中华人民共和国政府信息公开条例》要求编制。",
        "一、总体情况",
        "（一）主动公开",
        "2020年，本局主动公开政府信息1,024条。",
        "本局坚持“公开为常态、不公开为例外”，\n持续推进决策、执行、管理、服务、结果公开。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "一是公开内容不够全面；二是解读形式较为单一。下一步，本局将加强培训&督查。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
        "青山县自然资源局",
        "2021年1月20日",
    ]
    kinds = [type(block).__name__ for block in raw.blocks]
    assert kinds[6:10] == ["LineBlock", "TableBlock", "LineBlock", "TableBlock"]
    assert kinds.count("TableBlock") == 3  # the layout table around table 二 is not one


def test_site_chrome_scripts_and_hidden_elements_are_left_out():
    text = "\n".join(lines(load_fixture()))
    for chrome in ("首页", "当前位置", "2019年政府信息公开工作年度报告", "填写说明", "发布时间", "分享到", "版权所有", "var nav"):
        assert chrome not in text


def test_title_above_the_article_body_is_kept_with_its_heading_level():
    raw = load_fixture()
    title = raw.blocks[0]
    assert isinstance(title, LineBlock)
    assert title.heading_level == 1
    assert raw.notes == []


def test_heading_levels_and_bold():
    raw = load_fixture()
    by_text = {block.text.text: block for block in raw.blocks if isinstance(block, LineBlock)}
    assert by_text["一、总体情况"].bold  # <b> around two spans
    assert by_text["六、其他需要报告的事项"].bold  # <strong>
    assert by_text["五、存在的主要问题及改进情况"].heading_level == 2
    assert not by_text["（一）主动公开"].bold
    assert by_text["本年度未收取信息处理费。"].heading_level is None


def test_br_after_a_heading_splits_the_paragraph_but_not_inside_a_sentence():
    found = lines(load_fixture())
    assert found.index("（一）主动公开") + 1 == found.index("2020年，本局主动公开政府信息1,024条。")
    assert "本局坚持“公开为常态、不公开为例外”，\n持续推进决策、执行、管理、服务、结果公开。" in found


def test_table_two_grid_with_colspan_and_split_label():
    table = tables(load_fixture())[0]
    assert table.gridded
    assert grid_texts(table) == [
        ["第二十条第（一）项", None, None, None],
        ["信息内容", "本年新制作数量", "本年新\n公开数量", "对外公开总数量"],
        ["规章", "", "0", "0"],
        ["规范性文件", "3", "3", "12"],
        ["第二十条第（九）项", None, None, None],
        ["信息内容", "采购项目数量", "采购总金额", None],
        ["政府集中采购", "2", "35.5", None],
    ]  # Word's zero-height column-width row is dropped
    assert len(table.row_spans) == len(table.rows)


def test_table_three_grid_with_rowspans():
    table = tables(load_fixture())[1]
    grid = grid_texts(table)
    assert all(len(row) == 10 for row in grid)
    assert grid[0][:4] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None, None, "申请人情况"]
    assert grid[1] == [None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"]
    assert grid[2] == [None, None, None, None, "商业\n企业", "科研\n机构", "社会公益组织", "法律服务机构", "其他", None]
    assert grid[3] == ["一、本年新收政府信息公开申请数量", None, None, "5", "1", "", "", "", "", "6"]
    assert grid[5][:3] == ["三、本年度办理结果", "（一）予以公开", None]
    assert grid[6][:3] == [None, "（三）不予公开", "1.属于国家秘密"]
    assert grid[7][:4] == [None, None, "3.危及“三安全一稳定”", "2"]
    assert grid[8][0] == "四、结转下年度继续办理"
    # a blank row of real cells is kept: a report may leave a whole data row blank
    assert grid[9] == [""] * 10


def test_table_four_keeps_its_blank_data_row():
    table = tables(load_fixture())[2]
    assert [len(row) for row in table.rows] == [15, 15, 15, 15]
    assert grid_texts(table)[3] == [""] * 15
    assert grid_texts(table)[2][5:10] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def test_every_piece_points_at_its_exact_source_characters():
    raw = load_fixture()
    assert_pieces_exact(raw)
    label = tables(raw)[0].rows[1][1].text
    assert [raw.source.text[piece.src_start : piece.src_end] for piece in label.pieces] == ["本年新", "制作数量"]


def test_entities_become_atomic_pieces():
    raw = load_fixture()
    line = next(block.text for block in raw.blocks if isinstance(block, LineBlock) and "1,024" in block.text.text)
    entity = [piece for piece in line.pieces if not piece.verbatim]
    assert len(entity) == 1
    assert raw.source.text[entity[0].src_start : entity[0].src_end] == "&#12290;"
    assert line.text[entity[0].text_start : entity[0].text_end] == "。"


def test_blank_cells_and_merged_slots_are_anchored_in_the_cell():
    raw = load_fixture()
    table = tables(raw)[0]
    blank = table.rows[2][1]
    assert blank.text.text == "" and not blank.merged
    assert raw.source.text[blank.text.span.start :].startswith("&nbsp;")
    merged = table.rows[0][2]
    assert merged.merged and merged.text.text == ""
    assert merged.text.span.start == table.rows[0][0].text.span.start


def test_row_spans_cover_the_row_text():
    raw = load_fixture()
    table = tables(raw)[1]
    span = table.row_spans[3]
    row_text = raw.source.text[span.start : span.end]
    assert row_text.startswith("一、本年新收政府信息公开申请数量")
    assert row_text.endswith("6")


def test_fix_of_a_label_split_over_two_spans_changes_only_its_text():
    data = WORD_PAGE.read_bytes()
    raw = load_bytes(data)
    loader = HtmlLoader()
    label = tables(raw)[0].rows[1][1].text
    edits = label.replacement_edits(0, len(label.text), "本年制发件数")
    assert edits is not None
    new = loader.write(raw, edits)
    before = "<span>本年新</span><span style='font-family:宋体'>制作数量<o:p></o:p></span>"
    after = "<span>本年制发件数</span><span style='font-family:宋体'><o:p></o:p></span>"
    assert data.decode("utf-8").count(before) == 1
    assert new == data.decode("utf-8").replace(before, after).encode("utf-8")
    assert tables(load_bytes(new))[0].rows[1][1].text.text == "本年制发件数"


def test_write_escapes_markup_characters_in_fixed_text():
    raw = load_bytes("<html><body><p>一、总体情况</p><p>培训</p></body></html>".encode())
    text = raw.blocks[1].text
    new = HtmlLoader().write(raw, text.replacement_edits(0, 2, "A&B<C>"))
    assert b"<p>A&amp;B&lt;C&gt;</p>" in new
    assert lines(load_bytes(new))[1] == "A&B<C>"


def test_write_without_edits_reproduces_the_file():
    data = WORD_PAGE.read_bytes()
    assert HtmlLoader().write(load_bytes(data), []) == data


# -- encodings --------------------------------------------------------------------------------


GBK_PAGE = (
    '<html><head><meta charset="gbk"><title>年报</title></head><body>'
    "<p>青山县自然资源局2020年政府信息公开工作年度报告</p><p>一、总体情况</p><p>本局依法公开。</p>"
    "<table border=1><tr><td>信息内容</td><td>本年新制作数量</td></tr><tr><td>规章</td><td>0</td></tr></table>"
    "</body></html>"
)


def test_gbk_page_with_meta_charset_decodes_and_writes_back_in_gbk():
    data = GBK_PAGE.encode("gbk")
    assert declared_charset(data) == "gbk"
    raw = load_bytes(data)
    assert raw.source.encoding == "gb18030"
    assert lines(raw)[:2] == ["青山县自然资源局2020年政府信息公开工作年度报告", "一、总体情况"]
    assert HtmlLoader().write(raw, []) == data
    label = tables(raw)[0].rows[0][1].text
    new = HtmlLoader().write(raw, label.replacement_edits(0, len(label.text), "本年制发件数"))
    assert new == GBK_PAGE.replace("本年新制作数量", "本年制发件数").encode("gbk")


def test_http_equiv_charset_is_found():
    data = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head></html>'
    assert declared_charset(data) == "gb2312"


def test_crlf_page_keeps_exact_offsets():
    data = "<html>\r\n<body>\r\n<p>一、总体情况</p>\r\n<p>本局&nbsp;依法\r\n公开。</p>\r\n</body></html>\r\n".encode()
    raw = load_bytes(data)
    assert lines(raw) == ["一、总体情况", "本局\xa0依法\r\n公开。"]
    assert_pieces_exact(raw)
    assert raw.source.location(raw.blocks[1].text.span).line == 4
    assert HtmlLoader().write(raw, []) == data


# -- robustness -------------------------------------------------------------------------------


def test_deep_nesting_finishes_quickly():
    depth = 10_000
    pages = [
        "<html><body>" + "<div>" * depth + "<p>一、总体情况</p>" + "</div>" * depth + "</body></html>",
        "<html><body><p>" + "<span>" * depth + "二、主动公开政府信息情况",  # never closed
        "<html><body>" + "<table><tr><td>" * depth + "三、收到和处理政府信息公开申请情况",
    ]
    for page in pages:
        started = time.perf_counter()
        raw = load_bytes(page.encode())
        assert time.perf_counter() - started < 10
        assert len(lines(raw)) == 1


def test_entity_bomb_is_not_expanded():
    entities = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{level} "{("&lol" + (str(level - 1) if level > 1 else "") + ";") * 10}">' for level in range(1, 10)
    ]
    page = "<!DOCTYPE lolz [\n" + "\n".join(entities) + "\n]>\n<html><body><p>&lol9;</p><p>" + "&amp;" * 100_000 + "</p></body></html>"
    started = time.perf_counter()
    raw = load_bytes(page.encode())
    assert time.perf_counter() - started < 10
    assert lines(raw)[0] == "&lol9;"
    assert lines(raw)[1] == "&" * 100_000


def test_page_without_content_is_a_load_error():
    with pytest.raises(LoadError) as error:
        load_bytes(b"<html><head><title>x</title></head><body><script>var a = '<p>x</p>';</script></body></html>")
    assert "正文" in error.value.message
    assert "no readable content" in error.value.message_en


def test_fragment_without_section_headings_falls_back_to_the_body():
    raw = load_bytes("<p>第一段</p><div>第二段<b>加粗</b></div>".encode())
    assert lines(raw) == ["第一段", "第二段加粗"]
    assert any("whole page" in english for _, english in raw.notes)


def test_word_conditional_sections_and_office_tags():
    page = (
        "<html><body><p class=MsoListParagraph><![if !supportLists]><span>1.<span>&nbsp;&nbsp; </span></span>"
        "<![endif]><span>属于国家秘密</span></p><!--[if gte vml 1]><v:shape><v:textbox>隐藏</v:textbox></v:shape>"
        "<![endif]--><p><st1:chsdate Year=\"2020\">2020年1月1日</st1:chsdate><o:p>&nbsp;</o:p></p></body></html>"
    )
    raw = load_bytes(page.encode())
    assert lines(raw) == ["1.\xa0\xa0 属于国家秘密", "2020年1月1日"]
    assert_pieces_exact(raw)


def test_unclosed_cells_rows_and_paragraphs():
    page = "<table><tr><td>信息内容<td>本年新制作数量<tr><td>规章<td><p>1<p>2</table><p>一<p>二"
    raw = load_bytes(page.encode())
    assert grid_texts(tables(raw)[0]) == [["信息内容", "本年新制作数量"], ["规章", "1\n2"]]
    assert lines(raw) == ["一", "二"]


def test_rowspan_beyond_the_table_and_short_rows():
    page = "<table><tr><td rowspan=9>甲</td><td>1</td><td>2</td></tr><tr><td>3</td></tr></table>"
    table = tables(load_bytes(page.encode()))[0]
    assert grid_texts(table) == [["甲", "1", "2"], [None, "3", ""]]
    assert isinstance(table.rows[1][2], CellBlock) and not table.rows[1][2].merged


def test_layout_table_holding_paragraphs_is_read_as_flow():
    page = (
        "<table><tr><td>栏目</td><td><p>一、总体情况</p><p>" + "本局依法公开政府信息。" * 40 + "</p></td></tr>"
        "<tr><td>导航</td><td>页脚</td></tr></table>"
    )
    raw = load_bytes(page.encode())
    assert not tables(raw)
    assert "一、总体情况" in lines(raw)


_FRAGMENTS = st.sampled_from(
    ["青山", "县", " ", "\n", "&nbsp;", "&amp;", "&#12289;", "&#x3001;", "&lt;", "&unknown;", "a&b", "<span>", "</span>",
     "<b>", "</b>", "<o:p></o:p>", "<!-- c -->", "1,024"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_FRAGMENTS, min_size=1, max_size=30))
def test_pieces_are_exact_for_any_inline_markup(fragments):
    page = "<html><body><p>一、总体情况</p><p>" + "".join(fragments) + "</p></body></html>"
    raw = load_bytes(page.encode())
    assert_pieces_exact(raw)


# -- sniffing and import cost ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"<!DOCTYPE html><html><body></body></html>", True),
        (b"\xef\xbb\xbf\r\n<html lang=zh>", True),
        ("<html><body>".encode("utf-16"), True),
        (b"<!-- saved from url=(0014)about:internet -->\n<html>", True),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', True),
        (b"<meta charset=gbk><p>x</p>", True),
        ("# 青山县2020年政府信息公开工作年度报告\n".encode(), False),
        (b"plain <p> text", False),
        (b"PK\x03\x04binary", False),
    ],
)
def test_sniff(data, expected):
    assert HtmlLoader().sniff(data) is expected


def test_loader_attributes():
    loader = HtmlLoader()
    assert loader.name == "html"
    assert loader.suffixes == (".html", ".htm")


def test_importing_the_loader_is_cheap():
    code = "import sys, gklint.read.loaders.html; print(sorted(m for m in ('lxml', 'html.parser', 'charset_normalizer') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
