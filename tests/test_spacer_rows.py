"""Word's spacer rows in portal HTML tables: blank (``&nbsp;``), borderless rows between the
blocks of a table and at its end are layout, not data — no GK302, no shifted rows — while a
real data row left all blank still counts.

The fixture is a Word-exported portal page of a fictional 2022 report (2021 format) with nine
spacer rows: between the blocks of table 二, inside table 三, at the end of every table, and
between the headers and the values of table 四.
"""

from __future__ import annotations

import re
from conftest import FIXTURES, clean_report, lint_file, lint_text, make_linter

PAGE = FIXTURES / "html" / "shimen-2022-word-spacers.html"
SPACER_ROW = re.compile(r" <tr style='height:6\.0pt'>\n.*?\n </tr>\n", re.DOTALL)


def document_of(data: bytes, path: str = "page.html"):
    linter = make_linter()
    raw, _ = linter.load(path, data)
    return linter.build(raw)


def data_rows(document) -> list[tuple[str, str | None, str | None, list[str]]]:
    """(table, block, row, value texts) of every data row, in reading order."""
    return [
        (table.key, row.block, row.key, [cell.text.text if cell is not None else None for cell in row.values or []])
        for table in document.tables for row in table.data_rows()
    ]


def test_the_page_has_spacer_rows_in_every_table():
    page = PAGE.read_text(encoding="utf-8")
    assert len(SPACER_ROW.findall(page)) == 9
    assert all("&nbsp;" in row and "border:none" in row for row in SPACER_ROW.findall(page))


def test_spacer_rows_give_no_finding():
    result = lint_file(PAGE)
    assert [(finding.code, finding.line, finding.message) for finding in result.findings] == []


def test_spacer_rows_shift_no_row_and_add_none():
    page = PAGE.read_bytes()
    without = SPACER_ROW.sub("", page.decode("utf-8")).encode("utf-8")
    with_spacers, stripped = data_rows(document_of(page)), data_rows(document_of(without))
    assert with_spacers == stripped
    review = [row for row in with_spacers if row[0] == "review_litigation"]
    assert review == [("review_litigation", "main", "counts",
                       ["2", "1", "0", "0", "3", "1", "0", "0", "1", "2", "0", "0", "0", "0", "0"])]


def test_the_page_reads_as_the_text_report_it_was_made_from():
    # The page renders the clean 2021 fixture for another agency and year: its tables hold
    # the same values, row for row.
    text = clean_report("2021").replace("青山县自然资源局", "石门县水利局").replace("2023", "2022")
    assert data_rows(document_of(PAGE.read_bytes())) == data_rows(document_of(text.encode("utf-8"), "report.txt"))
    assert lint_text(text).findings == []


def test_a_real_data_row_left_all_blank_still_counts():
    page = PAGE.read_text(encoding="utf-8")
    table_four = page[page.index("未经复议直接起诉"):page.index("五、存在的主要问题及改进情况")]
    (values,) = [row for row in re.findall(r" <tr style='height:20\.0pt'>\n.*?\n </tr>\n", table_four, re.DOTALL)
                 if re.search(r">\d+<o:p>", row)]
    assert re.findall(r">(\d+)<o:p>", values) == "2 1 0 0 3 1 0 0 1 2 0 0 0 0 0".split()
    blank = page.replace(values, re.sub(r">\d+<o:p>", ">&nbsp;<o:p>", values)).encode("utf-8")
    result = make_linter().lint_bytes(blank, "page.html")
    assert [(finding.code, finding.message) for finding in result.findings] == [
        ("GK302", "「政府信息公开行政复议、行政诉讼情况」有 15 个空白的数值单元格（「行政复议·结果维持」、「行政复议·结果纠正」、"
                  "「行政复议·其他结果」等），计算时按 0 处理；没有的请填 0"),
    ]
    review = [row for row in data_rows(document_of(blank)) if row[0] == "review_litigation"]
    assert review == [("review_litigation", "main", "counts", [""] * 15)]
