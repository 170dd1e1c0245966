"""The plain-text and Markdown loader and the tree builder on the damage copy-paste does."""

from __future__ import annotations

import pytest
from conftest import clean_report, lint_text, make_linter, replace_line

from gklint.read.loaders.text import TextLoader


def build(text: str, encoding: str = "utf-8", bom: bool = False):
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    linter = make_linter()
    raw, _ = linter.load("report.txt", data)
    return linter.build(raw)


def test_clean_reports_are_recognised_completely():
    for fmt, data_rows in (("2019", 23), ("2021", 25)):
        document = build(clean_report(fmt))
        assert document.format_id == fmt and document.template_id == fmt
        assert [section.key for section in document.sections] == [
            "overview", "proactive", "applications", "review_litigation", "problems", "other"]
        applications = document.table("applications")
        rows = list(applications.data_rows())
        assert len(rows) == data_rows
        assert all(row.shape == "ok" and row.values is not None for row in rows)
        assert applications.row("new").value("total").value.number == 37
        review = document.table("review_litigation").row("counts")
        assert [cell.text.text for cell in review.values][:5] == ["2", "1", "0", "0", "3"]


def test_title_agency_and_year():
    document = build(clean_report("2021"))
    assert document.agency == "青山县自然资源局"
    assert document.year == 2023
    assert document.source.location(document.year_span).line == 1


@pytest.mark.parametrize("heading", [
    "## 三、收到和处理政府信息公开申请情况",
    "**三、收到和处理政府信息公开申请情况**",
    "### 三. 收到和处理政府信息公开申请情况",
    "三、收到和处理政府信息公开申请情况：",
    "# 收到和处理政府信息公开申请情况",
])
def test_section_headings_in_their_many_forms(heading):
    text = replace_line(clean_report("2021"), "三、收到和处理政府信息公开申请情况\n", heading + "\n")
    document = build(text)
    assert [section.key for section in document.sections][2] == "applications"
    assert document.section("applications").tables[0].key == "applications"


def test_sub_headings_do_not_become_sections():
    document = build(clean_report("2021"))
    overview = document.section("overview")
    assert len(document.sections) == 6
    assert any("（一）主动公开" in paragraph.text.text for paragraph in overview.paragraphs)


def test_bom_and_crlf_give_the_same_tree_and_locations():
    text = clean_report("2021")
    plain = lint_text(replace_line(text, "规章\t0\t0\t0", "规 章\t0\t0\t0").replace("本年废止件数", "本年废止数"))
    crlf = make_linter().lint_bytes(b"\xef\xbb\xbf" + plain.source.text.replace("\n", "\r\n").encode("utf-8"), "report.txt")
    assert [(f.code, f.line, f.column, f.message) for f in crlf.findings] == [
        (f.code, f.line, f.column, f.message) for f in plain.findings]
    assert crlf.source.bom and crlf.source.encoding == "utf-8"


def test_markdown_pipe_table_with_line_break_in_a_cell():
    text = clean_report("2021").replace(
        "第二十条第（一）项\t\t\t\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t0\t0\t0\n行政规范性文件\t3\t1\t12\n",
        "| 第二十条第（一）项 | | | |\n|---|---|---|---|\n| 信息内容 | 本年制<br>发件数 | 本年废止件数 | 现行有效件数 |\n"
        "| 规章 | 0 | 0 | 0 |\n| 行政规范性文件 | 3 | 1 | 12 |\n\n")
    document = build(text)
    tables = document.section("proactive").tables
    assert [table.key for table in tables] == ["proactive", "proactive"]
    header = tables[0].rows[1]
    assert header.kind == "header" and header.headers[1].cell.text.text == "本年制\n发件数"
    assert header.headers[1].match.exact
    assert tables[0].row("normative").value("in_force").text.text == "12"


def test_spaces_inside_labels_are_ignored_when_matching():
    text = replace_line(clean_report("2021"), "\t\t4.保护第三方合法权益\t", "\t\t4.保护第三方 合法权益\t")
    assert lint_text(text, select=["GK2"]).findings == []


def test_excel_quoted_cell_with_a_line_break():
    text = replace_line(clean_report("2021"), "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
                        '信息内容\t"本年制\n发件数"\t本年废止件数\t现行有效件数')
    document = build(text)
    header = document.section("proactive").tables[0].rows[1]
    assert header.headers[1].cell.text.text == "本年制\n发件数"
    assert lint_text(text, select=["GK2", "GK109"]).findings == []


def test_label_broken_over_two_lines_of_a_tab_table():
    text = replace_line(clean_report("2021"), "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
                        "信息内容\t本年制\n发件数\t本年废止件数\t现行有效件数")
    document = build(text)
    header = document.section("proactive").tables[0].rows[1]
    assert [h.cell.text.text for h in header.headers] == ["信息内容", "本年制\n发件数", "本年废止件数", "现行有效件数"]
    assert lint_text(text, select=["GK1", "GK2"]).findings == []


def test_blank_line_inside_a_table_does_not_split_it():
    text = replace_line(clean_report("2021"), "\t\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0\n",
                        "\t\t8.属于行政查询事项\t0\t0\t0\t0\t0\t0\t0\n\n")
    document = build(text)
    tables = document.section("applications").tables
    assert len(tables) == 1 and len(list(tables[0].data_rows())) == 25


def test_rows_that_lost_their_leading_empty_cells_still_match():
    text = replace_line(clean_report("2021"), "\t\t5.要求行政机关确认或重新出具已获取信息\t",
                        "5.要求行政机关确认或重新出具已获取信息\t")
    document = build(text)
    row = document.table("applications").row("not_handled_confirmation")
    assert row is not None and row.shape == "ok"


def test_trailing_empty_cells_of_a_narrow_sub_block_are_not_values():
    document = build(clean_report("2021"))
    licensing = document.table("proactive").row("licensing", block="art20_5")
    assert licensing.shape == "ok" and [cell.text.text for cell in licensing.values] == ["126"]


def test_markdown_code_fences_are_not_report_text():
    text = clean_report("2021") + "\n```\n一、总体情况\n```\n"
    assert len(build(text).sections) == 6


def test_every_node_carries_its_exact_span():
    text = clean_report("2021")
    document = build(text)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                assert text[cell.span.start:cell.span.end] == cell.text.text
    for section in document.sections:
        assert text[section.heading.span.start:section.heading.span.end] == section.heading.text.text


def test_empty_and_binary_input_are_load_errors():
    from gklint.read.errors import LoadError

    loader = TextLoader()
    for data in (b"", b"\n\n  \n", bytes(range(256)) * 20):
        with pytest.raises(LoadError):
            loader.load("x.txt", data)
