"""Regression: the two real seed reports in ../shared/seeds give the findings the foundation
issue lists, and no false alarm from GK101/GK109/GK201/GK202."""

from __future__ import annotations

from conftest import lint_file, shared_path

FOUNDATION_RULES = ("GK101", "GK109", "GK201", "GK202")


def _foundation(result):
    return [(finding.code, finding.line, finding.message) for finding in result.findings if finding.code in FOUNDATION_RULES]


def test_seed_000_foundation_findings():
    result = lint_file(shared_path("seeds", "000_8c7e58cf2aa459dd.txt"))
    findings = _foundation(result)
    assert [(code, line) for code, line, _ in findings] == [("GK201", 48), ("GK109", 72)]
    assert "其他法律法规禁止公开" in findings[0][2] and "其他法律行政法规禁止公开" in findings[0][2]
    assert "16" in findings[1][2] and "15" in findings[1][2]


def test_seed_004_foundation_findings():
    result = lint_file(shared_path("seeds", "004_a5e5c9fc8846fffe.txt"))
    findings = _foundation(result)
    gk202 = [(line, message) for code, line, message in findings if code == "GK202"]
    gk201 = [(line, message) for code, line, message in findings if code == "GK201"]
    gk109 = [finding for finding in result.findings if finding.code == "GK109"]
    assert gk202 == [(16, "列标题「对外公开总数」与规范文本不符，应为「对外公开总数量」")]
    assert [line for line, _ in gk201] == [58]
    assert "无正当理由由大量反复申请" in gk201[0][1]
    # Rows 43–50 and 52–59 carry a label in the 自然人 column and too few values; the rows
    # above and below them read cleanly against the table's grid. One defect of one table:
    # one finding at the first row, the other fifteen its related places.
    assert len(gk109) == 1
    assert [gk109[0].line] + [related.location.line for related in gk109[0].related] == \
        list(range(43, 51)) + list(range(52, 60))
    assert "有 16 个数据行的数值单元格个数与数值列数不符" in gk109[0].message
    assert not [code for code, _, _ in findings if code == "GK101"]


def test_seeds_have_no_missing_sections():
    for name in ("000_8c7e58cf2aa459dd.txt", "004_a5e5c9fc8846fffe.txt"):
        result = lint_file(shared_path("seeds", name))
        assert "GK101" not in [finding.code for finding in result.findings]
