"""The HTML loader on real published portal pages (the shared corpus, never copied here).

The Pingtan pages are the 2019-format report for 2019 and 2021-format reports for 2021 and
2023, each inside the portal's navigation, breadcrumb, share buttons and footer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gklint.read.blocks import LineBlock, RawDocument, TableBlock
from gklint.read.loaders.html import HtmlLoader

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"

SECTION_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]
# name → (year, data rows of the applications table: 23 in the 2019 format, 25 in 2021's)
PAGES = {
    "pingtan-2019.html": ("2019", 23),
    "pingtan-2021.html": ("2021", 25),
    "pingtan-2023.html": ("2023", 25),
}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def load(name: str) -> RawDocument:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"shared corpus page {path} is not available (the corpus lives outside the project)")
    return HtmlLoader().load(str(path), path.read_bytes())


def numbers(row) -> list[str]:
    return [cell.text.text for cell in row if not cell.merged and NUMBER.fullmatch(cell.text.text)]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_title_and_six_section_headings_are_lines(name):
    raw = load(name)
    year, _ = PAGES[name]
    lines = [block.text.text for block in raw.blocks if isinstance(block, LineBlock)]
    assert lines[0] == f"平潭综合实验区{year}年度政府信息公开工作年度报告"
    positions = [lines.index(heading) for heading in SECTION_HEADINGS]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_portal_chrome_is_left_out(name):
    raw = load(name)
    lines = [block.text.text for block in raw.blocks if isinstance(block, LineBlock)]
    for chrome in ("首页", "全真版", "文字版", "文件下载", "微信", "相关链接："):
        assert chrome not in lines
    text = "\n".join(lines)
    for chrome in ("当前位置", "无障碍浏览", "时间：20", "版权所有"):
        assert chrome not in text


@pytest.mark.parametrize("name", sorted(PAGES))
def test_sections_two_three_four_are_tables_after_their_headings(name):
    raw = load(name)
    kinds = [
        block.text.text if isinstance(block, LineBlock) else "<table>"
        for block in raw.blocks
        if isinstance(block, TableBlock) or block.text.text in SECTION_HEADINGS
    ]
    assert kinds == [
        SECTION_HEADINGS[0],
        SECTION_HEADINGS[1], "<table>",
        SECTION_HEADINGS[2], "<table>",
        SECTION_HEADINGS[3], "<table>",
        SECTION_HEADINGS[4],
        SECTION_HEADINGS[5],
    ]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_applications_table_has_one_row_per_canonical_row_with_seven_values(name):
    raw = load(name)
    _, data_rows = PAGES[name]
    table = [block for block in raw.blocks if isinstance(block, TableBlock)][1]
    assert table.gridded
    assert len({len(row) for row in table.rows}) == 1
    assert table.rows[0][0].text.text.startswith("（本列数据的勾稽关系为")
    with_values = [row for row in table.rows if numbers(row)]
    assert len(with_values) == data_rows
    assert all(len(numbers(row)) == 7 for row in with_values)
    labels = [next(cell.text.text for cell in reversed(row[:3]) if cell.text.text) for row in with_values]
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert labels[-1] == "四、结转下年度继续办理"
    assert labels[-2] == "（七）总计"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_review_and_litigation_table_has_fifteen_values(name):
    raw = load(name)
    table = [block for block in raw.blocks if isinstance(block, TableBlock)][2]
    assert len(table.rows[-1]) == 15
    assert len(numbers(table.rows[-1])) == 15


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pieces_point_at_the_page_source(name):
    raw = load(name)
    source = raw.source.text
    for block in raw.blocks:
        texts = [block.text] if isinstance(block, LineBlock) else [cell.text for row in block.rows for cell in row]
        for text in texts:
            for piece in text.pieces:
                if piece.verbatim:
                    assert source[piece.src_start : piece.src_end] == text.text[piece.text_start : piece.text_end]
