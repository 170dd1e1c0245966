"""The PDF loader on a real report: 淮安市人民政府 2024 (2021 format), six pages.

The PDF lives in the shared corpus beside the project and is never copied into it. The exact
values below were read off the rendered pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")

from gklint.read.blocks import LineBlock, RawDocument, TableBlock  # noqa: E402
from gklint.read.loaders.pdf import PdfLoader  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
HUAIAN = CORPUS / "huaian-city-2024.pdf"

pytestmark = pytest.mark.skipif(not HUAIAN.exists(), reason=f"corpus file {HUAIAN} is not present")


@pytest.fixture(scope="module")
def huaian() -> RawDocument:
    return PdfLoader().load(str(HUAIAN), HUAIAN.read_bytes())


def _texts(row) -> list[str]:
    return [cell.text.text for cell in row]


def _table_with(raw: RawDocument, label: str) -> TableBlock:
    for block in raw.blocks:
        if isinstance(block, TableBlock) and any(text.startswith(label) for row in block.rows for text in _texts(row)):
            return block
    raise AssertionError(f"no table holds {label}")


def _value_rows(table: TableBlock, width: int) -> list[tuple[list[str], list[int]]]:
    """(label cells, values) of the rows that end in ``width`` numbers."""
    rows = []
    for row in table.rows:
        texts = _texts(row)
        values = texts[-width:]
        if all(value.isdigit() for value in values):
            rows.append(([text for text in texts[:-width] if text], [int(value) for value in values]))
    return rows


@pytest.fixture(scope="module")
def applications(huaian: RawDocument) -> list[tuple[list[str], list[int]]]:
    return _value_rows(_table_with(huaian, "一、本年新收"), 7)


def test_applications_table_has_25_rows_of_7(applications) -> None:
    assert len(applications) == 25
    assert all(len(values) == 7 for _, values in applications)


def test_applications_identities(applications) -> None:
    values = [row for _, row in applications]
    new, carried, *results, total, carried_over = values
    assert len(results) == 21  # （一）（二）, 8 of （三）, 3 of （四）, 5 of （五）, 3 of （六）
    for column in range(7):
        assert new[column] + carried[column] == total[column] + carried_over[column]
        assert total[column] == sum(row[column] for row in results)
    for row in values:
        assert row[6] == sum(row[:6])


def test_applications_exact_values(applications) -> None:
    by_label = {labels[-1]: values for labels, values in applications}
    assert by_label["一、本年新收政府信息公开申请数量"] == [3001, 53, 0, 0, 61, 4, 3119]
    assert by_label["二、上年结转政府信息公开申请数量"] == [34, 0, 0, 0, 0, 0, 34]
    assert by_label["（一）予以公开"] == [1288, 21, 0, 0, 50, 3, 1362]
    assert by_label["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == [447, 7, 0, 0, 0, 0, 454]
    assert by_label["1.本机关不掌握相关政府信息"] == [746, 12, 0, 0, 10, 1, 769]
    assert by_label["8.属于行政查询事项"] == [105, 0, 0, 0, 0, 0, 105]
    assert by_label["3、其他"] == [108, 2, 0, 0, 0, 0, 110]
    assert by_label["（七）总计"] == [2932, 53, 0, 0, 61, 4, 3050]
    assert by_label["四、结转下年度继续办理"] == [103, 0, 0, 0, 0, 0, 103]


def test_applications_labels_split_by_lines_and_pages_are_rejoined(applications) -> None:
    labels = [labels for labels, _ in applications]
    assert ["三、本年度办理结果", "（一）予以公开"] in labels
    assert ["（三）不予公开", "1.属于国家秘密"] in labels
    assert ["（四）无法提供", "1.本机关不掌握相关政府信息"] in labels  # （四）无 | 法提供 across pages 4-5
    assert ["（六）其他处理", "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"] in labels


def test_applications_table_spans_pages_4_and_5(huaian: RawDocument) -> None:
    table = _table_with(huaian, "一、本年新收")
    assert table.logical.startswith("第4-5页 表格")
    pages = {row[0].logical.split()[0] for row in table.rows}
    assert pages == {"第4页", "第5页"}
    assert _texts(table.rows[2])[-7:-1] == ["", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def test_review_and_litigation_values(huaian: RawDocument) -> None:
    (row,) = [values for _, values in _value_rows(_table_with(huaian, "行政复议"), 15)]
    assert row == [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]
    for group in range(3):
        upheld, corrected, other, pending, total = row[5 * group : 5 * group + 5]
        assert total == upheld + corrected + other + pending


def test_active_disclosure_table(huaian: RawDocument) -> None:
    table = _table_with(huaian, "第二十条")
    assert table.logical.startswith("第3-4页")  # one table, though the page break changes the grid
    rows = {texts[0]: texts[1:] for texts in map(_texts, table.rows)}
    assert rows["规章"] == ["1", "0", "11"]
    assert rows["行政规范性文件"] == ["8", "26", "66"]
    assert rows["行政许可"][0] == "447228"
    assert rows["行政处罚"][0] == "3985758"
    assert rows["行政强制"][0] == "88283"
    assert rows["行政事业性收费"][0] == "96171.6"
    titles = [texts[0] for texts in map(_texts, table.rows) if texts[0].startswith("第二十条")]
    assert titles == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]


def test_sections_and_paragraphs(huaian: RawDocument) -> None:
    lines = [block.text.text for block in huaian.blocks if isinstance(block, LineBlock)]
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in lines
    # A paragraph broken by the page 1/2 boundary is one block again; the page number is gone.
    (joined,) = [line for line in lines if line.startswith("（一）主动公开情况")]
    assert "“建设‘四最’一流营商环境高质量推进产业发展”" in joined
    assert not any(line.strip("-— ").isdigit() for line in lines)
    assert lines[-1] == "2024年，市政府严格落实《政府信息公开信息处理费管理办法》，全年收取政府信息公开信息处理费3940元。"
