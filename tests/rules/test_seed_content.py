"""Regression: GK4 and GK5 on the two real seed reports in ../shared/seeds.

Every finding these rules give on the seeds is listed here, so that a new false alarm shows.
"""

from __future__ import annotations

from conftest import lint_file, run_gklint, shared_path

SEED_000 = ("seeds", "000_8c7e58cf2aa459dd.txt")
SEED_004 = ("seeds", "004_a5e5c9fc8846fffe.txt")


def _ours(result):
    return [(f.code, f.line, f.message) for f in result.findings if f.code[:3] in ("GK4", "GK5")]


def test_seed_000_content_and_typography():
    findings = _ours(lint_file(shared_path(*SEED_000)))
    gk401 = [(line, message) for code, line, message in findings if code == "GK401"]
    assert gk401 == [(74, "第五部分「存在的主要问题及改进情况」声称「没有问题」：格式要求写明存在的主要问题及改进情况")]
    # The bold markers that lost their partner: one per list item of section 一.
    gk502 = [(line, message) for code, line, message in findings if code == "GK502"]
    assert [line for line, _ in gk502] == [11, 12, 13, 14, 15]
    assert "领导。**我局" in gk502[0][1]
    assert "形式。**在进一步" in gk502[4][1]
    # Half-width commas in the narrative, half-width parentheses in the table labels; the
    # (一) numbering of the sub-heading and of the table rows is left alone.
    gk501 = [line for code, line, _ in findings if code == "GK501"]
    assert gk501 == [7, 11, 12, 13, 14, 15, 19, 23, 27, 31, 34, 35, 40, 46, 76]
    assert all(code in ("GK401", "GK501", "GK502") for code, _, _ in findings)


def test_seed_004_content_and_typography():
    findings = _ours(lint_file(shared_path(*SEED_004)))
    assert not [f for f in findings if f[0] in ("GK401", "GK502")]
    # The only one: the half-width parentheses around the applications table's header note.
    assert [(code, line) for code, line, _ in findings] == [("GK501", 36)]


def test_seed_000_fix_removes_the_stray_markers_and_half_width_marks(tmp_path):
    path = tmp_path / "seed.txt"
    path.write_bytes(shared_path(*SEED_000).read_bytes())  # the seed itself is read-only
    run_gklint("check", "--fix", "--select", "GK501,GK502", str(path))
    text = path.read_text(encoding="utf-8")
    assert "- 1.加强组织领导。我局高度重视信息公开工作，把信息公开工作列入重要议事日程，" in text
    assert "**一是**依托涧西区政府门户网站" in text
    assert "### (一) 基层政务公开标准化规范化推进情况" in text
    assert "第二十条第（一）项" in text
    result = lint_file(path)
    assert not [f for f in result.findings if f.code in ("GK501", "GK502")]
