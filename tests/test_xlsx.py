"""``--format xlsx``: the workbook read back with openpyxl, as Excel and WPS open it.

The findings sheet holds exactly the findings ``--format json`` gives for the same run (a
generated folder in every text format, a Word report drawn here, and ``../shared/corpus``
where present: PDF, portal pages and Word), located the same way; the summary sheet counts
them per report. Headers are Chinese by default and English with ``--lang en``; the command
refuses to write the workbook to stdout.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, SHARED, run_gklint
from test_reporters import text_to_docx

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402

openpyxl = pytest.importorskip("openpyxl")

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("xlsx")
    reports = root / "reports"
    corpus.write(reports, 36, seed=15)
    (reports / "word.docx").write_bytes(text_to_docx(corpus.base("2021")[0].replace("予以公开", "予已公开")))
    if (SHARED / "corpus").is_dir():
        shutil.copytree(SHARED / "corpus", reports / "corpus")
    return root


def _json_findings(folder: Path, *args: str) -> list[dict]:
    result = run_gklint("check", "reports", "--format", "json", *args, cwd=folder)
    assert result.returncode in (0, 1), result.stderr.decode()
    return json.loads(result.stdout)


def _workbook(folder: Path, name: str, *args: str):
    result = run_gklint("check", "reports", "--format", "xlsx", "-o", name, *args, cwd=folder)
    assert result.returncode in (0, 1), result.stderr.decode()
    assert result.stdout == b""
    return openpyxl.load_workbook(folder / name)


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_findings_sheet_holds_the_findings_of_json(folder: Path) -> None:
    findings = _json_findings(folder)
    workbook = _workbook(folder, "review.xlsx")
    assert workbook.sheetnames == ["汇总", "问题"]
    rows = _rows(workbook["问题"])
    assert rows[0] == ("文件", "机关", "年度", "代码", "严重级别", "位置", "说明", "可修复")
    expected = [
        (finding["path"], finding["code"], SEVERITY_ZH[finding["severity"]],
         finding.get("logical_location") or f"{finding['line']}:{finding['column']}",
         finding["message"], "是" if finding["fix"] else "否")
        for finding in findings
    ]
    assert [(row[0], row[3], row[4], row[5], row[6], row[7]) for row in rows[1:]] == expected
    assert len(expected) > 36  # the generated reports have flaws: the comparison is not of two empty lists
    assert any("表格" in row[5] for row in rows[1:])  # the Word report: the table, row and column
    # Every finding carries its report's agency and year, as the report's title gives them.
    agency, year = corpus.base("2021")[1:]
    assert {(row[1], row[2]) for row in rows[1:] if row[0] == "reports/word.docx"} == {(agency, int(year))}


def test_summary_counts_each_report_by_severity_and_family(folder: Path) -> None:
    findings = _json_findings(folder)
    rows = _rows(_workbook(folder, "summary.xlsx")["汇总"])
    header = rows[0]
    assert header[:7] == ("文件", "机关", "年度", "格式", "错误", "警告", "提示")
    families = list(header[7:])
    assert families == sorted(families) and {"GK1", "GK2", "GK3", "GK5"} <= set(families)
    by_path = {row[0]: row for row in rows[1:]}
    assert len(by_path) == len(rows) - 1
    severities = Counter((finding["path"], finding["severity"]) for finding in findings)
    by_family = Counter((finding["path"], finding["code"][:3]) for finding in findings)
    for path, row in by_path.items():
        assert row[4:7] == tuple(severities[(path, severity)] for severity in ("error", "warning", "info")), path
        assert row[7:] == tuple(by_family[(path, name)] for name in families), path
    generated = [row for path, row in by_path.items() if path.startswith("reports/batch-")]
    assert len(generated) == 36
    assert all(row[1] and row[2] in range(2018, 2025) and row[3] in ("legacy", "2019", "2021") for row in generated)
    assert {row[3] for row in generated} == {"legacy", "2019", "2021"}
    # A report whose findings are all fixed or absent still has its row, with zeros.
    assert {finding["path"] for finding in findings} < set(by_path)


def test_sheets_have_frozen_headers_filters_and_widths(folder: Path) -> None:
    workbook = _workbook(folder, "layout.xlsx")
    for sheet in workbook:
        rows = sheet.max_row
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{rows}"
        assert all(cell.font.bold for cell in sheet[1])
    findings = workbook["问题"]
    widths = {letter: findings.column_dimensions[letter].width for letter in "ABCDEFGH"}
    assert widths["G"] >= 60 and widths["D"] <= 12 and widths["A"] >= 30  # the message is wide, the code narrow


def test_english_headers_with_lang_en(folder: Path) -> None:
    findings = _json_findings(folder, "--lang", "en")
    workbook = _workbook(folder, "english.xlsx", "--lang", "en")
    assert workbook.sheetnames == ["Summary", "Findings"]
    rows = _rows(workbook["Findings"])
    assert rows[0] == ("File", "Agency", "Year", "Code", "Severity", "Location", "Message", "Fixable")
    assert [(row[3], row[4], row[6], row[7]) for row in rows[1:]] == [
        (finding["code"], finding["severity"], finding["message"], "yes" if finding["fix"] else "no") for finding in findings
    ]
    assert _rows(workbook["Summary"])[0][:7] == ("File", "Agency", "Year", "Format", "Errors", "Warnings", "Infos")


def test_no_workbook_on_stdout(folder: Path) -> None:
    result = run_gklint("check", "reports", "--format", "xlsx", cwd=folder)
    assert result.returncode == 2 and result.stdout == b""
    assert "gklint: 错误：--format xlsx 生成的是二进制文件，请用 -o 文件" in result.stderr.decode()
    english = run_gklint("check", "reports", "--format", "xlsx", "--lang", "en", cwd=folder)
    assert english.returncode == 2 and english.stdout == b""
    assert "--format xlsx writes a binary file: name it with -o FILE" in english.stderr.decode()


def test_an_unreadable_file_is_a_row_with_its_gk000_finding(tmp_path: Path) -> None:
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    result = run_gklint("check", "broken.docx", "--format", "xlsx", "-o", "out.xlsx", cwd=tmp_path)
    assert result.returncode == 2
    workbook = openpyxl.load_workbook(tmp_path / "out.xlsx")
    (row,) = _rows(workbook["问题"])[1:]
    assert row[:6] == ("broken.docx", None, None, "GK000", "错误", "1:1")
    (summary,) = _rows(workbook["汇总"])[1:]
    assert summary[:7] == ("broken.docx", None, None, None, 1, 0, 0)
