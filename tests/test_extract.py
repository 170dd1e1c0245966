"""``gklint extract``: the tables as data, one row per value cell.

On the real reports of ``../shared/corpus`` (the Huai'an PDF and the three Pingtan portal
pages), every value of tables 三 (applications: 25 rows × 7 columns, 23 × 7 in the 2019
format) and 四 (review and litigation: 15) equals what ``gklint dump`` shows, and the
identities of the format, recomputed from the CSV alone, hold. A blank cell stays empty (not
0); a file that cannot be read is named on stderr with its GK000 line while the others are
still extracted.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import REPORTS, clean_report, make_linter, replace_line, run_gklint, shared_path

CORPUS_REPORTS = {
    # file: (format, data rows of table 三)
    "huaian-city-2024.pdf": ("2021", 25),
    "pingtan-2019.html": ("2019", 23),
    "pingtan-2021.html": ("2021", 25),
    "pingtan-2023.html": ("2021", 25),
}
TABLES = ("applications", "review_litigation")


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode("utf-8")), "the CSV starts with a byte-order mark"
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def corpus_rows() -> list[dict[str, str]]:
    corpus = shared_path("corpus")
    result = run_gklint("extract", *(f"corpus/{name}" for name in CORPUS_REPORTS), cwd=corpus.parent)
    assert result.returncode == 0, result.stderr.decode()
    return read_csv(result.stdout)


def dumped_values(path: Path) -> dict[tuple[str, str, str], str]:
    """(table, row, column) → value text (``""`` when the cell holds no number) of tables 三
    and 四, as ``gklint dump`` shows them."""
    result = run_gklint("dump", str(path))
    assert result.returncode == 0, result.stderr.decode()
    tree = json.loads(result.stdout)
    values = {}
    for section in tree["sections"]:
        for node in section["body"]:
            if node["type"] != "table" or node["key"] not in TABLES:
                continue
            for row in node["rows"]:
                if row["kind"] != "data" or row.get("values") is None:
                    continue
                for cell in row["values"]:
                    if cell is not None:
                        values[(node["key"], row["key"], cell["column"])] = cell.get("value", "")
    return values


@pytest.mark.parametrize("name", sorted(CORPUS_REPORTS))
def test_tables_three_and_four_equal_what_dump_shows(corpus_rows, name: str) -> None:
    fmt, application_rows = CORPUS_REPORTS[name]
    rows = [row for row in corpus_rows if row["file"] == f"corpus/{name}"]
    extracted = {(row["table_key"], row["row_key"], row["column_key"]): row["value"] for row in rows if row["table_key"] in TABLES}
    assert sum(key[0] == "applications" for key in extracted) == application_rows * 7
    assert sum(key[0] == "review_litigation" for key in extracted) == 15
    assert extracted == dumped_values(shared_path("corpus", name))
    assert {row["format"] for row in rows} == {fmt}
    assert {row["agency"] for row in rows} == {"淮安市人民政府" if name.startswith("huaian") else "平潭综合实验区"}
    assert all(row["location"] for row in rows)
    if name.endswith(".pdf"):
        assert all(row["location"].startswith("第") and "表格" in row["location"] for row in rows)


@pytest.mark.parametrize("name", sorted(CORPUS_REPORTS))
def test_identities_recomputed_from_the_csv_hold(corpus_rows, name: str) -> None:
    fmt, application_rows = CORPUS_REPORTS[name]
    rows = [row for row in corpus_rows if row["file"] == f"corpus/{name}"]
    value = {(row["table_key"], row["row_key"], row["column_key"]): Decimal(row["value"] or 0) for row in rows}
    template = make_linter().templates.get(fmt)
    checked = 0
    for identity in template.identities:
        if identity.table not in TABLES:
            continue
        block = template.table(identity.table).block(identity.block)
        if identity.for_each == "column":
            pairs = [([(row, column.key) for row in identity.left], [(row, column.key) for row in identity.right])
                     for column in block.columns]
        else:
            row_keys = identity.rows or [spec.key for spec in block.data_rows]
            pairs = [([(row, column) for column in identity.left], [(row, column) for column in identity.right])
                     for row in row_keys]
        for left, right in pairs:
            left_sum = sum(value[(identity.table, *cell)] for cell in left)
            right_sum = sum(value[(identity.table, *cell)] for cell in right)
            assert left_sum == right_sum, (identity.key, left, right)
            checked += 1
    # balance and results_total per column, row_total per row of table 三, the three totals of 四
    assert checked == 7 + 7 + application_rows + 3


def _extract(tmp_path: Path, *args: str, stdin: bytes | None = None):
    return run_gklint("extract", *args, cwd=tmp_path, stdin=stdin)


def test_blank_cells_stay_empty_not_zero(tmp_path: Path) -> None:
    report = replace_line(clean_report("2021"), "（一）予以公开\t\t15\t2\t0\t0\t1\t0\t18", "（一）予以公开\t\t15\t2\t\t0\t1\t—\t18")
    (tmp_path / "report.txt").write_text(report, encoding="utf-8")
    result = _extract(tmp_path, "report.txt")
    assert result.returncode == 0, result.stderr.decode()
    granted = {row["column_key"]: row for row in read_csv(result.stdout) if row["row_key"] == "granted"}
    assert [(granted[key]["value"], granted[key]["raw"]) for key in ("natural", "commercial", "research", "other_org", "total")] \
        == [("15", "15"), ("2", "2"), ("", ""), ("", "—"), ("18", "18")]
    lines = _extract(tmp_path, "report.txt", "--format", "jsonl")
    objects = [json.loads(line) for line in lines.stdout.decode("utf-8").splitlines()]
    research = next(item for item in objects if item["row_key"] == "granted" and item["column_key"] == "research")
    assert research["value"] is None and research["raw"] == ""
    assert next(item for item in objects if item["row_key"] == "granted" and item["column_key"] == "natural")["value"] == 15


def test_row_fields_names_labels_and_units(tmp_path: Path) -> None:
    result = _extract(tmp_path, str(REPORTS / "clean-2021.txt"), "--format", "jsonl")
    objects = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert list(objects[0]) == ["file", "agency", "year", "format", "table_key", "block_key", "row_key", "row_label",
                                "column_key", "column_label", "column_group", "value", "raw", "unit", "location"]
    fee = next(item for item in objects if item["column_key"] == "fee_amount")
    assert (fee["row_label"], fee["column_label"], fee["unit"]) == ("行政事业性收费", "本年收费金额（单位：万元）", "万元")
    upheld = next(item for item in objects if item["column_key"] == "direct_upheld")
    assert (upheld["table_key"], upheld["column_label"], upheld["column_group"]) == ("review_litigation", "结果维持", "未经复议直接起诉")
    granted = next(item for item in objects if item["row_key"] == "granted" and item["column_key"] == "commercial")
    assert granted == {**granted, "agency": "青山县自然资源局", "year": 2023, "format": "2021", "block_key": "main",
                       "row_label": "（一）予以公开", "column_label": "商业企业", "column_group": "法人或其他组织",
                       "value": 2, "raw": "2", "unit": None, "location": "43:23"}


def test_unreadable_file_is_named_and_the_others_are_extracted(tmp_path: Path) -> None:
    (tmp_path / "a-broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    (tmp_path / "b-report.txt").write_text(clean_report("2019"), encoding="utf-8")
    result = _extract(tmp_path, ".")
    assert result.returncode == 2
    stderr = result.stderr.decode()
    assert stderr.startswith("a-broken.docx:1:1: GK000 错误 不是有效的 Word 文档"), stderr
    rows = read_csv(result.stdout)
    assert {row["file"] for row in rows} == {"b-report.txt"}
    assert sum(row["table_key"] == "applications" for row in rows) == 23 * 7
    english = _extract(tmp_path, ".", "--lang", "en")
    assert english.stderr.decode().startswith("a-broken.docx:1:1: GK000 error ")


def test_not_a_report_is_skipped_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("会议纪要\n今天开会。\n", encoding="utf-8")
    result = _extract(tmp_path, "notes.txt")
    assert result.returncode == 0
    assert "gklint: notes.txt: 不是政府信息公开工作年度报告，已跳过" in result.stderr.decode()
    assert read_csv(result.stdout) == []


def test_xlsx_holds_the_rows_of_the_csv(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    (tmp_path / "r.txt").write_text(clean_report("2021"), encoding="utf-8")
    refused = _extract(tmp_path, "r.txt", "--format", "xlsx")
    assert refused.returncode == 2 and refused.stdout == b""
    assert _extract(tmp_path, "r.txt", "--format", "xlsx", "-o", "data.xlsx").returncode == 0
    rows = read_csv(_extract(tmp_path, "r.txt").stdout)
    sheet = openpyxl.load_workbook(tmp_path / "data.xlsx")["数据"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:O{len(rows) + 1}"
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][:4] == ("文件", "机关", "年度", "格式")
    assert [tuple("" if value is None else str(value) for value in row) for row in cells[1:]] \
        == [tuple(row.values()) for row in rows]
    assert all(isinstance(row[11], int) for row in cells[1:] if row[11] is not None)
    english = _extract(tmp_path, "r.txt", "--format", "xlsx", "-o", "en.xlsx", "--lang", "en")
    assert english.returncode == 0
    assert next(openpyxl.load_workbook(tmp_path / "en.xlsx")["Values"].iter_rows(values_only=True))[:4] \
        == ("File", "Agency", "Year", "Format")


def test_output_file_is_never_an_input(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(clean_report("2021"), encoding="utf-8")
    before = (tmp_path / "r.txt").read_bytes()
    result = _extract(tmp_path, "r.txt", "-o", "r.txt")
    assert result.returncode == 2 and (tmp_path / "r.txt").read_bytes() == before
    assert _extract(tmp_path, ".", "-o", "data.csv").returncode == 0
    again = _extract(tmp_path, ".", "-o", "data.csv")  # the first run's data is not read as a report
    assert again.returncode == 0 and {row["file"] for row in read_csv((tmp_path / "data.csv").read_bytes())} == {"r.txt"}
