"""GK203 section-heading, GK204 template-version, GK205 legacy-format (and the GK201 fix of a
label whose numbering is damaged)."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, clean_report, codes, found, lint_text, line_of, make_linter, replace_line

from gklint.fix.apply import fix_bytes

LABELS = ["GK201", "GK202", "GK203", "GK204", "GK205"]
TITLE_2021 = "青山县自然资源局2023年政府信息公开工作年度报告\n"
TITLE_2019 = "白河市生态环境局2020年政府信息公开工作年度报告\n"


def fixed(text: str, code: str) -> str:
    outcome = fix_bytes(make_linter(select=[code]), text.encode("utf-8"), "report.txt")
    assert outcome.error is None
    return outcome.data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_clean_reports_give_no_label_finding(fmt):
    assert lint_text(clean_report(fmt), select=LABELS).findings == []


# ── GK203 section-heading ───────────────────────────────────────────────────────────────
def test_gk203_near_miss_heading_and_its_fix_keeps_the_numbering():
    clean = clean_report("2021")
    text = replace_line(clean, "二、主动公开政府信息情况\n", "二、主动公开政府信息清况\n")
    result = lint_text(text, select=["GK203", "GK101"])
    assert found(result, "GK203") == [(line_of(text, "二、主动公开政府信息清况"),
        "章节标题「主动公开政府信息清况」与规范文本不符，应为「主动公开政府信息情况」")]
    assert result.findings[0].column == 3  # the title, after the numbering
    assert fixed(text, "GK203") == clean


def test_gk203_fix_keeps_markdown_and_bold():
    text = replace_line(clean_report("2021"), "\n五、存在的主要问题及改进情况\n", "\n## **五、存在的主要问题以及改进情况**\n")
    result = lint_text(text, select=["GK203"])
    assert [message for _, message in found(result, "GK203")] == [
        "章节标题「存在的主要问题以及改进情况」与规范文本不符，应为「存在的主要问题及改进情况」"]
    assert fixed(text, "GK203") == text.replace("以及改进", "及改进")


@pytest.mark.parametrize("variant", [
    "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    "五、政府信息公开工作存在的主要问题及改进情况",
    "一、政府信息公开总体情况",
    "一、2023年度政府信息公开总体情况",
])
def test_gk203_legitimate_variants_are_not_typos(variant):
    number = variant[0]
    text = clean_report("2021")
    old = next(line for line in text.splitlines() if line.startswith(number + "、"))
    text = replace_line(text, "\n" + old + "\n", "\n" + variant + "\n")
    assert lint_text(text, select=["GK203", "GK101"]).findings == []


# ── GK204 template-version ──────────────────────────────────────────────────────────────
def test_gk204_a_2021_table_in_a_2019_report():
    text = replace_line(clean_report("2021"), TITLE_2021, "青山县自然资源局2020年政府信息公开工作年度报告\n")
    result = lint_text(text, select=LABELS + ["GK107", "GK108"])
    assert found(result, "GK204") == [(line_of(text, "本年制发件数"),
        "2020年度报告应采用中华人民共和国政府信息公开工作年度报告格式（试行）（国办公开办函〔2019〕60号），"
        "但表格采用的是中华人民共和国政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）"
        "（表中有「本年制发件数」「现行有效件数」「本年处理决定数量」）")]
    # The tables are checked against the format they follow: no cascade of row findings.
    assert codes(result) == ["GK204"]
    assert result.findings[0].severity == "error"


def test_gk204_a_2019_table_in_a_2021_report():
    text = replace_line(clean_report("2019"), TITLE_2019, "白河市生态环境局2022年政府信息公开工作年度报告\n")
    result = lint_text(text, select=["GK204"])
    assert [line for line, _ in found(result, "GK204")] == [line_of(text, "本年新制作数量")]
    assert "2022年度报告应采用中华人民共和国政府信息公开工作年度报告格式（国办公开办函〔2021〕30号）" in found(result, "GK204")[0][1]


def test_gk204_english_message():
    text = replace_line(clean_report("2019"), TITLE_2019, "白河市生态环境局2022年政府信息公开工作年度报告\n")
    result = lint_text(text, select=["GK204"], lang="en")
    assert found(result, "GK204")[0][1] == ("a report for 2022 must follow the 2021 format (国办公开办函〔2021〕30号), "
                                             "but its tables follow the 2019 format (国办公开办函〔2019〕60号) (they show “本年新制作数量”)")


@pytest.mark.parametrize("fmt,title", [
    ("2021", TITLE_2021),
    ("2019", TITLE_2019),
    ("2021", "青山县自然资源局政府信息公开工作年度报告\n"),   # no year: can't tell
])
def test_gk204_silent_when_format_fits_or_unknown(fmt, title):
    text = clean_report(fmt)
    text = replace_line(text, TITLE_2021 if fmt == "2021" else TITLE_2019, title)
    assert lint_text(text, select=["GK204"]).findings == []


def test_gk204_old_statistics_table_in_a_2020_report():
    text = (FIXTURES / "rules" / "legacy-2017.txt").read_text(encoding="utf-8").replace("2017年政府", "2020年政府", 1)
    result = lint_text(text, select=["GK204", "GK205"])
    assert [(finding.code, finding.line) for finding in result.findings] == [
        ("GK205", 1), ("GK204", line_of(text, "指标名称"))]
    assert "2019年以前的旧式统计表" in found(result, "GK204")[0][1]


# ── GK205 legacy-format ─────────────────────────────────────────────────────────────────
def test_gk205_one_info_finding_at_line_1_and_no_format_findings():
    path = FIXTURES / "rules" / "legacy-2017.txt"
    result = make_linter().lint_path(str(path))
    assert found(result, "GK205") == [(1, "本报告采用2019年以前的旧式格式（报告年度为2017年，统计表含「指标名称」「历年累计」「计量单位」「本年度」），"
                                          "2019年和2021年格式的检查规则未予适用")]
    assert result.findings[0].severity == "info"
    format_codes = [code for code in codes(result) if code[:3] in ("GK1", "GK2", "GK3") and code != "GK205"]
    assert format_codes == []


def test_gk205_year_alone_marks_a_legacy_report():
    text = replace_line(clean_report("2019"), TITLE_2019, "白河市生态环境局2018年政府信息公开工作年度报告\n")
    result = lint_text(text)
    assert [message for _, message in found(result, "GK205")] == [
        "本报告采用2019年以前的旧式格式（报告年度为2018年），2019年和2021年格式的检查规则未予适用"]
    assert [code for code in codes(result) if code[:3] in ("GK1", "GK2", "GK3") and code != "GK205"] == []


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_gk205_silent_on_current_formats(fmt):
    assert lint_text(clean_report(fmt), select=["GK205"]).findings == []


def test_gk205_and_gk204_do_not_need_a_template():
    from gklint.check.rules.labels import LegacyFormat, TemplateVersion

    assert LegacyFormat.needs_format is False and TemplateVersion.needs_format is False


# ── GK201 with a damaged numbering prefix ───────────────────────────────────────────────
def test_gk201_numbering_typo_is_replaced_whole():
    clean = clean_report("2021")
    text = replace_line(clean, "三、本年度办理结果\t", "三本年度办理结果\t")
    result = lint_text(text, select=["GK201", "GK108"])
    assert found(result, "GK201") == [(line_of(text, "三本年度"), "行标签「三本年度办理结果」与规范文本不符，应为「三、本年度办理结果」")]
    assert fixed(text, "GK201") == clean


@pytest.mark.parametrize("written", ["1）属于国家秘密", "①属于国家秘密", "（1）属于国家秘密"])
def test_other_numbering_styles_are_exact(written):
    text = replace_line(clean_report("2021"), "1.属于国家秘密\t", written + "\t")
    assert lint_text(text, select=["GK201", "GK108", "GK107"]).findings == []
