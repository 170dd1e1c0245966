"""The PDF loader on small fictional PDFs (see ``tests/fixtures/pdf/make_fixtures.py``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")

from gklint.read.blocks import LineBlock, RawDocument, TableBlock  # noqa: E402
from gklint.read.loaders.pdf import _PAGE_NUMBER, PdfLoader  # noqa: E402
from gklint.read.errors import LoadError  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "pdf"
PARAGRAPH = (
    "本报告由青山县自然资源局根据《中华人民共和国政府信息公开条例》编制，"
    "所列数据的统计期限自二〇二四年一月一日起至二〇二四年十二月三十一日止。"
    "如对本报告有任何疑问，请与青山县自然资源局办公室联系。"
)


def _load(name: str) -> RawDocument:
    path = FIXTURES / name
    return PdfLoader().load(str(path), path.read_bytes())


@pytest.fixture(scope="module")
def sample() -> RawDocument:
    return _load("sample.pdf")


def _lines(raw: RawDocument) -> list[LineBlock]:
    return [block for block in raw.blocks if isinstance(block, LineBlock)]


def _tables(raw: RawDocument) -> list[TableBlock]:
    return [block for block in raw.blocks if isinstance(block, TableBlock)]


def _texts(row) -> list[str]:
    return [cell.text.text for cell in row]


def test_loader_identity() -> None:
    loader = PdfLoader()
    assert loader.name == "pdf"
    assert loader.suffixes == (".pdf",)
    assert loader.fixable is False
    assert loader.sniff(b"%PDF-1.7\n...")
    assert not loader.sniff(b"<html>")


def test_blocks_in_reading_order(sample: RawDocument) -> None:
    kinds = [
        (type(block).__name__, block.text.text if isinstance(block, LineBlock) else None) for block in sample.blocks
    ]
    assert kinds == [
        ("LineBlock", "青山县自然资源局2024年政府信息公开工作年度报告"),  # two centred lines
        ("LineBlock", "一、总体情况"),
        ("LineBlock", PARAGRAPH),
        ("LineBlock", "三、收到和处理政府信息公开申请情况"),
        ("TableBlock", None),
        ("LineBlock", "六、其他需要报告的事项"),
        ("LineBlock", "本年度未收取信息处理费。"),
    ]
    assert sample.loader == "pdf"


def test_paragraph_wrapped_over_three_lines_is_one_block(sample: RawDocument) -> None:
    paragraph = _lines(sample)[2]
    assert paragraph.text.text == PARAGRAPH
    assert paragraph.logical == "第1页"


def test_page_numbers_and_running_header_dropped(sample: RawDocument) -> None:
    text = sample.source.text
    assert "- 1 -" not in text and "- 2 -" not in text
    assert "青山县自然资源局政府信息公开工作年度报告" not in text


def test_table_across_pages_is_joined_without_repeated_header(sample: RawDocument) -> None:
    (table,) = _tables(sample)
    assert table.gridded
    assert table.logical == "第1-2页 表格1"
    assert [_texts(row) for row in table.rows] == [
        ["项目", "", "自然人", "总计"],
        ["一、本年新收政府信息公开申请数量", "", "5", "6"],
        ["（三）不予公开", "1.属于国家秘密", "1", "1"],
        ["", "2.其他法律行政法规禁止公开", "0", "0"],
        ["", "3.危及“三安全一稳定”", "2", "2"],
        ["", "4.保护第三方合法权益", "0", "1"],
        ["四、结转下年度继续办理", "", "3", "3"],
    ]


def test_merged_slots_are_marked(sample: RawDocument) -> None:
    (table,) = _tables(sample)
    merged = [[cell.merged for cell in row] for row in table.rows]
    assert merged[0] == [False, True, False, False]  # 项目 spans two columns
    assert merged[2] == [False, False, False, False]
    # The label cell broken by the page is one cell again: the rows below it are covered.
    assert [row[0] for row in merged[3:6]] == [True, True, True]
    assert merged[6] == [False, True, False, False]


def test_locations_name_the_page_table_row_and_column(sample: RawDocument) -> None:
    (table,) = _tables(sample)
    assert table.rows[0][0].logical == "第1页 表格1 第1行 第1列"
    assert table.rows[4][2].logical == "第2页 表格1 第5行 第3列"
    assert table.rows[4][2].text.text == "2"
    assert table.row_spans[6].logical == "第2页 表格1 第7行"
    assert _lines(sample)[-1].logical == "第2页"


def test_pieces_point_into_the_rendered_text(sample: RawDocument) -> None:
    source = sample.source
    for block in sample.blocks:
        if isinstance(block, LineBlock):
            span = block.text.span
            assert source.text[span.start : span.end] == block.text.text
            continue
        for row, row_span in zip(block.rows, block.row_spans):
            assert source.text[row_span.start : row_span.end] == "\t".join(_texts(row))
            for cell in row:
                span = cell.text.span
                assert source.text[span.start : span.end] == cell.text.text
    assert source.path.endswith("sample.pdf") and source.encoding == "utf-8"
    # One line per paragraph and one per table row.
    assert source.text.count("\n") == len(_lines(sample)) + len(_tables(sample)[0].rows)


def test_write_is_refused(sample: RawDocument) -> None:
    with pytest.raises(LoadError):
        PdfLoader().write(sample, [])


@pytest.mark.parametrize(
    ("data", "english"),
    [
        (b"just some text", "not a PDF"),
        (b"%PDF-1.4\n1 0 obj garbage", "corrupt"),
    ],
)
def test_bad_bytes(data: bytes, english: str) -> None:
    with pytest.raises(LoadError) as caught:
        PdfLoader().load("bad.pdf", data)
    assert english in caught.value.message_en
    assert caught.value.message  # a Chinese message too


def test_truncated_pdf_is_corrupt() -> None:
    data = (FIXTURES / "sample.pdf").read_bytes()
    with pytest.raises(LoadError) as caught:
        PdfLoader().load("cut.pdf", data[: len(data) // 3])
    assert "corrupt" in caught.value.message_en or "no text layer" in caught.value.message_en


def test_encrypted_pdf() -> None:
    with pytest.raises(LoadError) as caught:
        _load("encrypted.pdf")
    assert "encrypted" in caught.value.message_en
    assert "加密" in caught.value.message


def test_pdf_without_text_layer() -> None:
    with pytest.raises(LoadError) as caught:
        _load("scanned.pdf")
    assert "no text layer" in caught.value.message_en
    assert "OCR" in caught.value.message


@pytest.mark.parametrize("text", ["- 4 -", "— 4 —", "第4页", "第 4 页 共 6 页", "4", "4/6", "－4－"])
def test_page_number_patterns(text: str) -> None:
    assert _PAGE_NUMBER.match(text)


@pytest.mark.parametrize("text", ["一、总体情况", "2024年", "第二十条"])
def test_not_page_numbers(text: str) -> None:
    assert not _PAGE_NUMBER.match(text)


def test_import_does_not_load_pdfplumber() -> None:
    code = "import sys, gklint.read.loaders.pdf; print('pdfplumber' in sys.modules, 'pdfminer' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
