"""GK501–GK504: punctuation, stray markup, doubled characters, full-width letters and digits."""

from __future__ import annotations


import pytest

from conftest import clean_report, codes, found, line_of, lint_text, replace_line, run_gklint

OPENING = "2023年，青山县自然资源局认真贯彻落实《条例》和上级关于政务公开工作的部署"


def gk5(result):
    return [code for code in codes(result) if code.startswith("GK5")]


def with_sentence(sentence: str, fmt: str = "2021") -> str:
    """The clean report with ``sentence`` in place of the opening of section 一."""
    return replace_line(clean_report(fmt), OPENING, sentence)


def fixed(tmp_path, text: str, select: str, name: str = "report.txt") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run_gklint("check", "--fix", "--select", select, "--no-color", str(path))
    assert result.returncode in (0, 1), result.stderr.decode()
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_clean_reports_give_no_typography_finding(fmt):
    assert gk5(lint_text(clean_report(fmt))) == []


# ── GK501 ────────────────────────────────────────────────────────────────────────────────
def test_gk501_half_width_marks_beside_chinese_one_finding_per_paragraph(tmp_path):
    sentence = "2023年,我局推进县(区)公开工作;现将具体情况报告如下:"
    text = with_sentence(sentence)
    findings = found(lint_text(text), "GK501")
    assert len(findings) == 1
    line, message = findings[0]
    assert line == line_of(text, sentence)
    assert "「,」" in message and "「，」" in message and "5 处" in message
    after = fixed(tmp_path, text, "GK501")
    assert after == with_sentence("2023年，我局推进县（区）公开工作；现将具体情况报告如下：")


def test_gk501_the_space_after_a_half_width_comma_goes_with_it(tmp_path):
    assert fixed(tmp_path, with_sentence("2023年, 我局认真工作"), "GK501") == with_sentence("2023年，我局认真工作")


@pytest.mark.parametrize(
    "sentence",
    [
        "全年公开信息1,000条，其中10:05发布的通知3条",
        "详见http://www.example.gov.cn/a,b?c=1:2和邮箱gk-office@example.gov.cn",
        "English sentence: Hello, world! Is it ok? Yes (really).",
        "在`code(a, b)`中运行",
        "详见[政府信息公开指南](http://example.gov.cn/guide)和[目录](guide.html)",
        "（一）主动公开。全年公开信息",
    ],
)
def test_gk501_exclusions(sentence):
    assert found(lint_text(with_sentence(sentence)), "GK501") == []


def test_gk501_numbering_in_half_width_parentheses_is_left_alone():
    text = clean_report("2021").replace("（一）予以公开", "(一) 予以公开").replace("（一）主动公开。", "(一)主动公开。")
    assert found(lint_text(text), "GK501") == []


def test_gk501_table_labels_count_too(tmp_path):
    text = clean_report("2019").replace("第二十条第（一）项", "第二十条第(一)项")
    findings = found(lint_text(text), "GK501")
    assert [line for line, _ in findings] == [line_of(text, "第二十条第(一)项")]
    assert fixed(tmp_path, text, "GK501") == clean_report("2019")


# ── GK502 ────────────────────────────────────────────────────────────────────────────────
def test_gk502_unpaired_emphasis_marker_and_its_fix(tmp_path):
    sentence = "1.加强组织领导。**我局高度重视信息公开工作。**一是**加强领导；**二是**完善制度。"
    text = with_sentence(sentence)
    findings = found(lint_text(text), "GK502")
    assert len(findings) == 1
    line, message = findings[0]
    assert line == line_of(text, sentence) and "「**」" in message and "领导。**我局" in message
    assert fixed(tmp_path, text, "GK502") == with_sentence(
        "1.加强组织领导。我局高度重视信息公开工作。**一是**加强领导；**二是**完善制度。")


def test_gk502_marker_alone_on_a_line(tmp_path):
    text = replace_line(clean_report("2021"), "一、总体情况\n\n", "一、总体情况\n\n**\n")
    assert [line for line, _ in found(lint_text(text), "GK502")] == [line_of(text, "**\n")]


def test_gk502_html_tags_and_entities_in_text(tmp_path):
    text = with_sentence("2023年，我局认真贯彻落实&nbsp;上级部署<br>，推进公开&ldquo;")
    findings = found(lint_text(text), "GK502")
    assert len(findings) == 3
    assert any("「&nbsp;」" in message for _, message in findings)
    assert any("「<br>」" in message for _, message in findings)
    assert fixed(tmp_path, text, "GK502") == with_sentence("2023年，我局认真贯彻落实上级部署，推进公开")


def test_gk502_silent_on_paired_markers_and_non_tags():
    text = with_sentence("**2023年**，我局贯彻落实《条例》，公开率<100%且>90%，A&B公司")
    assert found(lint_text(text), "GK502") == []


def test_gk502_html_input_keeps_its_tags():
    html = "<html><body><p>青山县自然资源局2023年政府信息公开工作年度报告</p><p>一、总体情况</p><p>我局认真工作。</p></body></html>"
    result = lint_text(html, path="report.html")
    assert found(result, "GK502") == []


# ── GK503 ────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "sentence, repeated",
    [
        ("2023年，我局高度重视政府信息公开的的工作", "的的"),
        ("2023年，我局扎实推进各项工作作。", "作作"),
        ("2023年，我局规范审核审核发布机制", "审核审核"),
        ("2023年，我局的的的工作", "的的的"),
    ],
)
def test_gk503_doubled_characters(sentence, repeated):
    text = with_sentence(sentence)
    findings = found(lint_text(text), "GK503")
    assert findings == [(line_of(text, sentence), findings[0][1])]
    assert f"「{repeated}」" in findings[0][1]


@pytest.mark.parametrize(
    "sentence",
    [
        "2023年，我局人人参与，常常自查，层层压实责任，认认真真、扎扎实实推进工作",
        "2023年，我局改进工作作风，完善部门门户网站，深入学习习近平新时代中国特色社会主义思想",
        "2023年，我局公开开展情况良好，一步一步推进，方方面面都有进展，等等。",
        "2023年，我局对政务公开工作作出部署，进行了了解",
    ],
)
def test_gk503_real_reduplications_and_word_boundaries(sentence):
    assert found(lint_text(with_sentence(sentence)), "GK503") == []


def test_gk503_an_abab_is_of_two_han_characters():
    from gklint.check.rules.typography import repeated_characters

    assert repeated_characters("审核审核", (), "") == [(0, 4)]
    assert repeated_characters("第1第1号，县、县、乡", (), "") == []


def test_rules_white_space_is_regex_white_space():
    """The shared patterns are compiled with ``re`` but match white space as ``regex`` did, and
    the spelled-out list is the same set."""
    import re

    import regex

    from gklint.grammar import SPACE, WHITE_SPACE

    ours, listed, theirs = re.compile(SPACE), re.compile(f"[{WHITE_SPACE}]"), regex.compile(r"\s")
    for pattern in (ours, listed):
        differ = [hex(code_point) for code_point in range(0x110000)
                  if (pattern.match(chr(code_point)) is None) != (theirs.match(chr(code_point)) is None)]
        assert differ == []


def test_gk503_leaves_table_labels_to_gk201():
    text = clean_report("2021").replace("4.无正当理由大量反复申请", "4.无正当理由由大量反复申请")
    assert found(lint_text(text), "GK503") == []


# ── GK504 ────────────────────────────────────────────────────────────────────────────────
def test_gk504_full_width_digits_and_letters(tmp_path):
    text = with_sentence("２０２３年，我局发布ＰＤＦ文件")
    result = lint_text(text)
    findings = [f for f in result.findings if f.code == "GK504"]
    assert [(f.severity, f.line) for f in findings] == [("info", line_of(text, "２０２３")), ("info", line_of(text, "２０２３"))]
    assert "「２０２３」" in findings[0].message and "「2023」" in findings[0].message
    assert fixed(tmp_path, text, "GK504") == with_sentence("2023年，我局发布PDF文件")


def test_gk504_in_a_table_cell(tmp_path):
    text = clean_report("2021").replace("行政许可	126", "行政许可	１２６")
    assert [line for line, _ in found(lint_text(text), "GK504")] == [line_of(text, "１２６")]
    assert fixed(tmp_path, text, "GK504") == clean_report("2021")


# ── all together ─────────────────────────────────────────────────────────────────────────
def test_fix_all_typography_then_nothing_remains(tmp_path):
    text = with_sentence("２０２３年,我局**认真贯彻落实&nbsp;上级部署")
    after = fixed(tmp_path, text, "GK5")
    assert after == with_sentence("2023年，我局认真贯彻落实上级部署")
    assert gk5(lint_text(after)) == []


def test_english_messages():
    result = lint_text(with_sentence("2023年,我局"), lang="en")
    assert "half-width “,”" in found(result, "GK501")[0][1]


def test_fix_keeps_gb18030_and_crlf(tmp_path):
    text = with_sentence("2023年,我局认真工作").replace("\n", "\r\n")
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gb18030"))
    run_gklint("check", "--fix", "--select", "GK501", str(path))
    assert path.read_bytes() == with_sentence("2023年，我局认真工作").replace("\n", "\r\n").encode("gb18030")
