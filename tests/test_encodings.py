"""Reports in the encodings they circulate in: GBK/GB18030, UTF-16 with a BOM, and pages that
declare a Chinese charset. The same report gives the same findings whatever its encoding;
``gklint check --fix`` writes it back in its own encoding, changing only the fixed text; and
a file that decodes in none of them is a GK000 finding that says what was tried.

The report is the clean 2021 fixture with the errors of ``test_format_equivalence``
(a GK201 label, a GK202 header, a lost cell, a blank cell, an arithmetic error, a missing
section), so fixable and unfixable findings are both present.
"""

from __future__ import annotations

import codecs
import json
import random
from pathlib import Path

import pytest

from conftest import make_linter, run_gklint
from test_format_equivalence import BAD_HEADER, BAD_LABEL, CLEAN_LABEL, bad_report, parse_model, render_html, selected

FIXES = ((BAD_HEADER, "现行有效件数"), (BAD_LABEL, CLEAN_LABEL))

# (id, how to encode the report's text into a file's bytes, the encoding the file reads back as, its BOM)
ENCODINGS = [
    ("gbk", lambda text: text.encode("gbk"), "gb18030", False),
    ("gb18030-crlf", lambda text: text.replace("\n", "\r\n").encode("gb18030"), "gb18030", False),
    ("utf-16-le-bom", lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16-le", True),
    ("utf-16-be-bom", lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16-be", True),
]
IDS = [item[0] for item in ENCODINGS]


def located(result) -> list[tuple[str, str, int, int, int, int]]:
    return [(f.code, f.message, f.line, f.column, f.location.end_line, f.location.end_column) for f in result.findings]


def fixed_text(text: str) -> str:
    for bad, good in FIXES:
        assert text.count(bad) == 1
        text = text.replace(bad, good)
    return text


@pytest.fixture(scope="module")
def linter():
    return make_linter(select=selected())


@pytest.fixture(scope="module")
def reference(linter):
    return linter.lint_bytes(bad_report().encode("utf-8"), "report.txt")


def test_the_utf8_report_has_fixable_and_other_findings(reference):
    codes = {finding.code for finding in reference.findings}
    assert {"GK201", "GK202", "GK101", "GK109"} <= codes
    assert reference.source.encoding == "utf-8" and not reference.source.bom


@pytest.mark.parametrize("make,encoding,bom", [item[1:] for item in ENCODINGS], ids=IDS)
def test_same_findings_as_the_utf8_report(linter, reference, make, encoding, bom):
    result = linter.lint_bytes(make(bad_report()), "report.txt")
    assert (result.source.encoding, result.source.bom) == (encoding, bom)
    assert located(result) == located(reference)


@pytest.mark.parametrize("make,encoding,bom", [item[1:] for item in ENCODINGS], ids=IDS)
def test_fix_writes_the_file_back_in_its_own_encoding(tmp_path: Path, make, encoding, bom):
    path = tmp_path / "青山县自然资源局2023年报.txt"
    original = make(bad_report())
    path.write_bytes(original)
    completed = run_gklint("check", "--fix", "--select", ",".join(selected()), "--no-color", str(path))
    assert completed.returncode == 1, completed.stderr.decode()  # the unfixable findings remain
    fixed = path.read_bytes()
    # Every byte but those of the two fixed texts is the original one (BOM and CRLF included).
    assert fixed == make(fixed_text(bad_report()))
    # and it reads back, in the original encoding, as the fixed report
    if bom:
        assert fixed[:2] == original[:2]
    assert fixed[2 if bom else 0:].decode(encoding).replace("\r\n", "\n") == fixed_text(bad_report())
    after = json.loads(run_gklint("check", "--select", ",".join(selected()), "--format", "json", str(path)).stdout)
    assert not [item for item in after if item["code"] in ("GK201", "GK202")]
    assert {item["code"] for item in after} == {code for code in selected() if code not in ("GK201", "GK202")}


# --------------------------------------------------------------------------------------------
# A GBK web page that says so
# --------------------------------------------------------------------------------------------


def gbk_page() -> bytes:
    page = render_html(parse_model(bad_report()), charset="gbk")
    assert 'charset=gbk"' in page
    return page.encode("gbk")


def test_gbk_page_gives_the_findings_of_the_utf8_page(linter, reference):
    utf8 = linter.lint_bytes(render_html(parse_model(bad_report())).encode("utf-8"), "page.html")
    gbk = linter.lint_bytes(gbk_page(), "page.html")
    assert gbk.source.encoding == "gb18030"
    assert located(gbk) == located(utf8)  # the same text, so the same lines and columns
    assert [(f.code, f.message) for f in gbk.findings] == [(f.code, f.message) for f in reference.findings]
    header = next(f for f in gbk.findings if f.code == "GK202")
    assert gbk.source.text[header.span.start:header.span.end] == BAD_HEADER


def test_fix_writes_the_gbk_page_back_in_gbk(tmp_path: Path):
    path = tmp_path / "nb2023.htm"
    original = gbk_page()
    path.write_bytes(original)
    completed = run_gklint("check", "--fix", "--select", ",".join(selected()), "--no-color", str(path))
    assert completed.returncode == 1, completed.stderr.decode()
    fixed = path.read_bytes()
    header = (">" + BAD_HEADER + "<").encode("gbk"), ">现行有效件数<".encode("gbk")
    label = ("2.其他法律</span></span><span style='font-family:仿宋_GB2312;color:black'>法规禁止公开").encode("gbk"), \
        ("2.其他法律行政法规禁止公开</span></span><span style='font-family:仿宋_GB2312;color:black'>").encode("gbk")
    assert original.count(header[0]) == 1 and original.count(label[0]) == 1
    assert fixed == original.replace(*header).replace(*label)
    assert "现行有效件数" in fixed.decode("gbk")


# --------------------------------------------------------------------------------------------
# A file that decodes in no encoding
# --------------------------------------------------------------------------------------------


def undecodable() -> bytes:
    noise = random.Random(2023)
    return bytes(noise.randrange(128, 256) for _ in range(4000))


def test_undecodable_file_is_gk000_naming_what_was_tried(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_bytes(undecodable())
    completed = run_gklint("check", "--no-color", str(path))
    assert completed.returncode == 2
    out = completed.stdout.decode("utf-8")
    assert "GK000" in out
    line = next(line for line in out.splitlines() if "GK000" in line)
    for encoding in ("utf-8", "gb18030", "charset-normalizer"):
        assert encoding in line, line


def test_undecodable_file_message_in_english():
    result = make_linter(lang="en").lint_bytes(undecodable(), "report.txt")
    (finding,) = result.findings
    assert finding.code == "GK000" and result.unreadable
    assert "tried: utf-8, gb18030, charset-normalizer" in finding.message


def test_undecodable_utf16_without_bom_names_utf16_too():
    # Looks like UTF-16 (every other byte zero) but holds an unpaired surrogate.
    data = "2023 annual report, table 3\n".encode("utf-16-le") * 50 + b"\x00\xd8\x41\x00" + b"\x81\x30\xff\xfe" * 10
    result = make_linter().lint_bytes(data, "report.txt")
    (finding,) = result.findings
    assert finding.code == "GK000"
    assert "utf-16-le" in finding.message and "gb18030" in finding.message
