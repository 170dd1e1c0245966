"""GK101 missing-section, GK109 cell-count, GK201 row-label, GK202 column-header: the four
rules that prove the pipeline, each with positive and negative cases."""

from __future__ import annotations

import pytest
from conftest import clean_report, found, lint_text, line_of, make_linter, replace_line

from gklint.fix.apply import fix_bytes

FOUR = ["GK101", "GK109", "GK201", "GK202"]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_clean_reports_give_none_of_the_four(fmt):
    assert lint_text(clean_report(fmt), select=FOUR).findings == []


# ── GK101 ────────────────────────────────────────────────────────────────────────────────
def _without_section(text: str, heading: str, next_heading: str) -> str:
    start = text.index(heading)
    end = text.index(next_heading)
    return text[:start] + text[end:]


def test_gk101_missing_section_points_where_it_should_be():
    text = _without_section(clean_report("2021"), "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
    result = lint_text(text, select=["GK101"])
    assert found(result, "GK101") == [(line_of(text, "六、其他需要报告的事项"), "缺少第五部分「五、存在的主要问题及改进情况」")]


def test_gk101_missing_last_section_points_after_the_last_one():
    text = clean_report("2021")
    text = text[: text.index("六、其他需要报告的事项")]
    result = lint_text(text, select=["GK101"])
    assert [message for _, message in found(result, "GK101")] == ["缺少第六部分「六、其他需要报告的事项」"]


def test_gk101_no_sections_at_all_is_reported_at_line_1():
    result = lint_text("青山县自然资源局2023年政府信息公开工作年度报告\n\n本局全年依法公开政府信息。\n", select=["GK101"])
    assert [line for line, _ in found(result, "GK101")] == [1] * 6


@pytest.mark.parametrize("variant", [
    "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",
    "## 四、政府信息公开行政复议、行政诉讼情况",
    "**四、政府信息公开行政复议、行政诉讼情况**",
    "四、政府信息公开行政复议、行政诉讼情况：",
])
def test_gk101_legitimate_variants_and_styles_are_present_sections(variant):
    text = replace_line(clean_report("2021"), "四、政府信息公开行政复议、行政诉讼情况\n", variant + "\n")
    assert lint_text(text, select=["GK101"]).findings == []


# ── GK109 ────────────────────────────────────────────────────────────────────────────────
def test_gk109_a_row_that_lost_a_value():
    text = replace_line(clean_report("2021"), "\t（一）予以公开\t\t15\t2\t0\t0\t1\t0\t18", "\t（一）予以公开\t\t15\t2\t0\t1\t0\t18")
    result = lint_text(text, select=["GK109"])
    assert found(result, "GK109") == [(line_of(text, "（一）予以公开"),
        "数据行「（一）予以公开」只有 6 个数值单元格，而「收到和处理政府信息公开申请情况」有 7 个数值列（可能有单元格在复制时丢失）")]


def test_gk109_a_row_with_a_value_too_many():
    text = clean_report("2021")
    review = "2\t1\t0\t0\t3\t1\t0\t0\t1\t2\t0\t0\t0\t0\t0"
    text = replace_line(text, review, review + "\t0")
    result = lint_text(text, select=["GK109"])
    assert found(result, "GK109") == [(line_of(text, review), "数据行有 16 个数值单元格，而「政府信息公开行政复议、行政诉讼情况」只有 15 个数值列")]


def test_gk109_trailing_empty_cells_of_a_narrow_sub_block_are_not_values():
    text = replace_line(clean_report("2021"), "行政许可\t126\t\t", "行政许可\t126\t\t\t\t")
    assert lint_text(text, select=["GK109"]).findings == []


def test_gk109_blank_values_are_values():
    text = replace_line(clean_report("2021"), "\t\t3.要求提供公开出版物\t0\t0\t0\t0\t0\t0\t0", "\t\t3.要求提供公开出版物\t\t\t\t\t\t\t")
    assert lint_text(text, select=["GK109"]).findings == []


# ── GK201 ────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("written, canonical", [
    ("2.其他法律法规禁止公开", "其他法律行政法规禁止公开"),       # two characters dropped
    ("4.无正当理由由大量反复申请", "无正当理由大量反复申请"),       # a doubled character
    ("1.本机关不掌握相关政府讯息", "本机关不掌握相关政府信息"),     # a wrong character
])
def test_gk201_near_misses_are_reported_with_both_labels(written, canonical):
    number = written.split(".")[0]
    original = f"{number}.{canonical}"
    text = replace_line(clean_report("2021"), "\t" + original + "\t", "\t" + written + "\t")
    result = lint_text(text, select=["GK201"])
    label = written.split(".", 1)[1]
    assert found(result, "GK201") == [(line_of(text, written), f"行标签「{label}」与规范文本不符，应为「{canonical}」")]
    assert result.findings[0].column == text.splitlines()[result.findings[0].line - 1].index(label) + 1


def test_gk201_fix_keeps_the_rows_own_numbering():
    text = replace_line(clean_report("2021"), "\t\t2.其他法律行政法规禁止公开\t", "\t\t2、 其他法律法规禁止公开\t")
    outcome = fix_bytes(make_linter(select=["GK201"]), text.encode("utf-8"), "report.txt")
    assert (outcome.applied, outcome.skipped, outcome.error) == (1, 0, None)
    assert outcome.data.decode("utf-8") == text.replace("2、 其他法律法规禁止公开", "2、 其他法律行政法规禁止公开")


@pytest.mark.parametrize("written", [
    "(二) 部分公开(区分处理的,只计这一情形,不计其他情形)",   # half-width forms
    "（二）部分公开（区分处理的，只计这一情形，\n不计其他情形）",  # a line break inside the cell
])
def test_gk201_silent_on_canonical_labels_in_other_forms(written):
    text = replace_line(clean_report("2021"), "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", f'"{written}"' if "\n" in written else written)
    assert lint_text(text, select=["GK201"]).findings == []


def test_gk201_silent_on_text_far_from_every_label():
    text = replace_line(clean_report("2021"), "\t\t3.要求提供公开出版物\t", "\t\t3.其他不予处理情形说明\t")
    assert lint_text(text, select=["GK201"]).findings == []


# ── GK202 ────────────────────────────────────────────────────────────────────────────────
def test_gk202_near_miss_header_and_its_fix():
    text = replace_line(clean_report("2021"), "现行有效件数", "现行有效数")
    linter = make_linter(select=["GK202"])
    result = linter.lint_bytes(text.encode("utf-8"), "report.txt")
    assert found(result, "GK202") == [(line_of(text, "现行有效数"), "列标题「现行有效数」与规范文本不符，应为「现行有效件数」")]
    outcome = fix_bytes(linter, text.encode("utf-8"), "report.txt")
    assert outcome.applied == 1 and outcome.data.decode("utf-8") == clean_report("2021")


def test_gk202_silent_on_legitimate_variant_headers():
    text = replace_line(clean_report("2019"), "信息内容\t采购项目数量\t采购总金额\t", "信息内容\t采购项目数量\t采购总金额（单位：万元，保留4位小数）\t")
    assert lint_text(text, select=["GK202"]).findings == []
