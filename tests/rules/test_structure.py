"""GK102–GK108: section order, duplicates, heading style, title, missing tables, missing and
unknown rows — each with positive and negative cases, on the clean reports and small fixtures."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, clean_report, codes, found, lint_text, line_of, make_linter, replace_line

from gklint.fix.apply import fix_bytes

STRUCTURE = ["GK102", "GK103", "GK104", "GK105", "GK106", "GK107", "GK108"]
HEAD_2 = "二、主动公开政府信息情况\n"
HEAD_3 = "三、收到和处理政府信息公开申请情况\n"
HEAD_4 = "四、政府信息公开行政复议、行政诉讼情况\n"
HEAD_5 = "五、存在的主要问题及改进情况\n"


def fixed(text: str, code: str) -> str:
    outcome = fix_bytes(make_linter(select=[code]), text.encode("utf-8"), "report.txt")
    assert outcome.error is None
    return outcome.data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_clean_reports_give_no_structure_finding(fmt):
    assert lint_text(clean_report(fmt), select=STRUCTURE).findings == []


# ── GK102 section-order ─────────────────────────────────────────────────────────────────
def test_gk102_swapped_sections_report_the_misplaced_heading():
    text = clean_report("2021").replace(HEAD_2, "@@2@@").replace(HEAD_3, HEAD_2).replace("@@2@@", HEAD_3)
    result = lint_text(text, select=STRUCTURE)
    assert found(result, "GK102") == [
        (line_of(text, HEAD_2), "第二部分「二、主动公开政府信息情况」位置不对，应在「三、收到和处理政府信息公开申请情况」之前"),
    ]
    assert "GK106" not in codes(result)  # the tables are there, only under other headings


def test_gk102_a_section_moved_to_the_front():
    text = clean_report("2021")
    start = text.index("六、其他需要报告的事项")
    last = text[start:].rstrip("\n") + "\n\n"
    text = text[:start].rstrip("\n") + "\n"
    text = text.replace("一、总体情况\n", last + "一、总体情况\n")
    result = lint_text(text, select=["GK102"])
    assert found(result, "GK102") == [
        (line_of(text, "六、其他需要报告的事项"), "第六部分「六、其他需要报告的事项」位置不对，应在「五、存在的主要问题及改进情况」之后"),
    ]


def test_gk102_canonical_order_is_silent():
    assert lint_text(clean_report("2019"), select=["GK102"]).findings == []


# ── GK103 duplicate-section ─────────────────────────────────────────────────────────────
def test_gk103_reports_the_second_heading():
    text = clean_report("2021").rstrip("\n") + "\n\n五、存在的主要问题及改进情况\n\n下一步将继续完善公开机制。\n"
    result = lint_text(text, select=["GK103"])
    first = line_of(text, HEAD_5)
    second = text.count("\n", 0, text.rindex(HEAD_5)) + 1
    assert found(result, "GK103") == [
        (second, f"第五部分「五、存在的主要问题及改进情况」重复出现（第一次在第 {first} 行）"),
    ]


def test_gk103_a_table_of_contents_is_not_a_duplicate():
    contents = "目录\n一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n" \
               "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n\n"
    text = clean_report("2021").replace("本报告根据", contents + "本报告根据", 1)
    result = lint_text(text, select=STRUCTURE + ["GK101"])
    assert result.findings == []


def test_gk103_a_variant_title_counts_as_the_same_section():
    text = clean_report("2021").rstrip("\n") + "\n\n五、政府信息公开工作存在的主要问题及改进情况\n\n无。\n"
    assert [line for line, _ in found(lint_text(text, select=["GK103"]), "GK103")] == [text.count("\n", 0, text.rindex("五、政府")) + 1]


# ── GK104 heading-style ─────────────────────────────────────────────────────────────────
def test_gk104_bold_beside_plain_and_its_fix():
    clean = clean_report("2021")
    text = replace_line(clean, HEAD_3, "**三、收到和处理政府信息公开申请情况**\n")
    result = lint_text(text, select=["GK104"])
    assert found(result, "GK104") == [(line_of(text, "**三、"),
        "章节标题「**三、收到和处理政府信息公开申请情况**」的样式与多数章节标题不一致：此处为加粗，多数为不加粗")]
    assert result.findings[0].fixable
    assert fixed(text, "GK104") == clean


def test_gk104_digit_numbering_beside_han_numbering_and_its_fix():
    clean = clean_report("2019")
    text = replace_line(clean, "\n一、总体情况\n", "\n1.总体情况\n")
    result = lint_text(text, select=STRUCTURE + ["GK101"])
    assert found(result, "GK104") == [(line_of(text, "1.总体情况"),
        "章节标题「1.总体情况」的样式与多数章节标题不一致：此处为“1.”式编号，多数为“一、”式编号")]
    assert codes(result) == ["GK104"]
    assert fixed(text, "GK104") == clean


def test_gk104_markdown_levels_majority_wins_and_fix_rewrites_only_the_markup():
    clean = clean_report("2021")
    text = clean
    for heading in ("一、总体情况\n", HEAD_2, HEAD_3, HEAD_4, HEAD_5, "六、其他需要报告的事项\n"):
        text = text.replace("\n" + heading, "\n## " + heading, 1)
    text = text.replace("\n## " + HEAD_4, "\n#### " + HEAD_4)
    result = lint_text(text, select=["GK104"])
    assert found(result, "GK104") == [(line_of(text, "#### 四"),
        "章节标题「#### 四、政府信息公开行政复议、行政诉讼情况」的样式与多数章节标题不一致：此处为4级标题（####），多数为2级标题（##）")]
    assert fixed(text, "GK104") == text.replace("#### 四、", "## 四、")


def test_gk104_consistent_markdown_and_bold_are_silent():
    text = clean_report("2021")
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        text = text.replace("\n" + heading + "\n", "\n### **" + heading + "**\n", 1)
    assert lint_text(text, select=["GK104", "GK101"]).findings == []


# ── GK105 title ─────────────────────────────────────────────────────────────────────────
def test_gk105_title_without_agency_and_year():
    text = replace_line(clean_report("2021"), "青山县自然资源局2023年政府信息公开工作年度报告\n", "政府信息公开工作年度报告\n")
    result = lint_text(text, select=["GK105"])
    assert found(result, "GK105") == [(1, "标题「政府信息公开工作年度报告」没有写明机关名称、报告年度")]


def test_gk105_title_without_the_report_name():
    text = replace_line(clean_report("2021"), "2023年政府信息公开工作年度报告\n", "2023年政务公开工作年度报告\n")
    result = lint_text(text, select=["GK105"])
    assert found(result, "GK105") == [(1, "标题「青山县自然资源局2023年政务公开工作年度报告」没有写明“政府信息公开工作年度报告”")]


def test_gk105_no_title_is_reported_at_line_1():
    text = clean_report("2021")
    text = text[text.index("一、总体情况"):]
    result = lint_text(text, select=["GK105"])
    assert found(result, "GK105") == [(1, "报告没有标题（应写明机关名称、年度和“政府信息公开工作年度报告”）")]


@pytest.mark.parametrize("title", [
    "青山县自然资源局\n2023年政府信息公开工作年度报告\n",          # agency on its own line
    "2023年青山县自然资源局政府信息公开工作年度报告\n",             # year first
    "# 青山县自然资源局2023年度政府信息公开工作年度报告\n",        # Markdown title
])
def test_gk105_good_titles_are_silent(title):
    text = replace_line(clean_report("2021"), "青山县自然资源局2023年政府信息公开工作年度报告\n", title)
    assert lint_text(text, select=["GK105"]).findings == []


# ── GK106 missing-table ─────────────────────────────────────────────────────────────────
def _replace_table(text: str, heading: str, next_heading: str, body: str) -> str:
    start = text.index(heading) + len(heading)
    end = text.index(next_heading)
    return text[:start] + "\n" + body + "\n\n" + text[end:]


def test_gk106_table_published_as_an_image():
    text = _replace_table(clean_report("2021"), HEAD_3, HEAD_4, "![表三](images/table3.png)")
    result = lint_text(text, select=STRUCTURE)
    assert found(result, "GK106") == [(line_of(text, HEAD_3),
        f"第三部分「三、收到和处理政府信息公开申请情况」的「收到和处理政府信息公开申请情况」表以图片形式发布（第 {line_of(text, '![表三]')} 行），无法识别其中的数据")]
    assert "GK107" not in codes(result)


def test_gk106_html_img_line_and_no_table_at_all():
    text = _replace_table(clean_report("2019"), HEAD_4, HEAD_5, '<img src="t4.jpg" alt="行政复议行政诉讼情况">')
    text = _replace_table(text, HEAD_2, HEAD_3, "本年度主动公开情况详见附件。")
    result = lint_text(text, select=["GK106"])
    assert [(line, message.split("」")[0]) for line, message in found(result, "GK106")] == [
        (line_of(text, HEAD_2), "第二部分「二、主动公开政府信息情况"),
        (line_of(text, HEAD_4), "第四部分「四、政府信息公开行政复议、行政诉讼情况"),
    ]
    messages = [message for _, message in found(result, "GK106")]
    assert messages[0] == "第二部分「二、主动公开政府信息情况」中没有「主动公开政府信息情况」表"
    assert "以图片形式发布" in messages[1]


def test_gk106_sections_without_required_tables_are_silent():
    assert lint_text(clean_report("2021"), select=["GK106"]).findings == []


# ── GK107 missing-row ───────────────────────────────────────────────────────────────────
def test_gk107_names_the_missing_row_at_the_tables_first_line():
    text = replace_line(clean_report("2021"), "\t\t2.重复申请\t1\t0\t0\t0\t0\t0\t1\n", "")
    result = lint_text(text, select=["GK107", "GK108"])
    first_line = line_of(text, "（本列数据的勾稽关系为")
    assert found(result, "GK107") == [(first_line, "「收到和处理政府信息公开申请情况」表缺少「2.重复申请」行")]


def test_gk107_a_missing_sub_block_is_reported_once():
    text = replace_line(clean_report("2019"), "第二十条第（九）项\t\t\t\n信息内容\t采购项目数量\t采购总金额\t\n政府集中采购\t5\t36.5000\t\n", "")
    result = lint_text(text, select=["GK107"])
    assert found(result, "GK107") == [(line_of(text, "第二十条第（一）项"),
        "「主动公开政府信息情况」表缺少子表「第二十条第（九）项」（政府集中采购）")]


def test_gk107_a_missing_group_is_reported_once():
    text = clean_report("2021")
    start = text.index("\t（三）不予公开\t1.属于国家秘密")
    end = text.index("\t（四）无法提供")
    text = text[:start] + text[end:]
    result = lint_text(text, select=["GK107"])
    assert found(result, "GK107") == [(line_of(text, "（本列数据的勾稽关系为"),
        "「收到和处理政府信息公开申请情况」表缺少「（三）不予公开」及其下各项")]


def test_gk107_the_2021_rows_in_a_2021_report_are_all_present():
    assert lint_text(clean_report("2021"), select=["GK107"]).findings == []


# ── GK108 unknown-row ───────────────────────────────────────────────────────────────────
def test_gk108_an_invented_row():
    row = "\t\t6.因申请人撤回申请不予处理\t0\t0\t0\t0\t0\t0\t0\n"
    text = replace_line(clean_report("2021"), "\t\t5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0\n",
                        "\t\t5.要求行政机关确认或重新出具已获取信息\t0\t0\t0\t0\t0\t0\t0\n" + row)
    result = lint_text(text, select=["GK108", "GK107", "GK201"])
    assert found(result, "GK108") == [(line_of(text, "6.因申请人"),
        "「收到和处理政府信息公开申请情况」表中的行「6.因申请人撤回申请不予处理」不是格式规定的行，也不像任何规范行标签的笔误")]
    assert codes(result) == ["GK108"]


def test_gk108_a_near_miss_is_gk201_not_gk108():
    text = replace_line(clean_report("2021"), "\t\t2.重复申请\t", "\t\t2.重复的申请\t")
    assert codes(lint_text(text, select=["GK108", "GK201"])) == ["GK201"]


@pytest.mark.parametrize("note", [
    "注：本表数据统计期限为2023年1月1日至12月31日。\t\t\t\t\t\t\t\t\t",
    "说明：各项数据单位为件\t\t\t\t\t\t\t\t\t",
    "数据来源：青山县自然资源局办公室\t\t",
])
def test_gk108_notes_under_a_table_are_silent(note):
    text = replace_line(clean_report("2021"), "四、结转下年度继续办理\t\t\t1\t0\t0\t0\t1\t0\t2\n",
                        "四、结转下年度继续办理\t\t\t1\t0\t0\t0\t1\t0\t2\n" + note + "\n")
    assert lint_text(text, select=["GK108"]).findings == []


def test_gk108_header_rows_are_silent():
    text = replace_line(clean_report("2021"), "\t\t\t自然人\t法人或其他组织", "\t\t\t自然人身份\t法人或其他组织")
    assert lint_text(text, select=["GK108"]).findings == []


# ── a small fixture: a 2020 report with several structure problems at once ──────────────
def test_fixture_with_several_structure_problems():
    path = FIXTURES / "rules" / "baihe-2020-structure.txt"
    text = path.read_text(encoding="utf-8")
    result = make_linter(select=STRUCTURE).lint_path(str(path))
    assert [(finding.code, finding.line) for finding in result.findings] == [
        ("GK105", 1),
        ("GK104", line_of(text, "### 三、")),
        ("GK107", line_of(text, "（本列数据的勾稽关系为")),
        ("GK108", line_of(text, "6.其他不予处理情形")),
        ("GK103", line_of(text, "### 六、其他需要报告的事项\n\n另")),
        ("GK104", line_of(text, "### 六、其他需要报告的事项\n\n另")),
    ]
