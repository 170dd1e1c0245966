"""GK3 — numbers: each case changes one fragment of a clean report and lists every GK3
finding it must give (code, the line it is on, what the message must say)."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, clean_report, line_of, lint_file, lint_text, replace_line

from gklint.check.rule import DOC_SECTIONS
from gklint.check.rules.numbers import RULES

GK3 = ("GK301", "GK302", "GK303", "GK304", "GK305", "GK306", "GK307", "GK308")

# Lines of the clean reports that the cases edit (the same in both formats unless noted).
GRANTED = "（一）予以公开\t\t15\t2\t0\t0\t1\t0\t18"
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t3\t1\t0\t0\t0\t0\t4"
INTERNAL = "5.属于三类内部事务信息\t0\t0\t0\t0\t0\t0\t0"
REPEATED = "2.重复申请\t1\t0\t0\t0\t0\t0\t1"
NEW = "一、本年新收政府信息公开申请数量\t\t\t30\t4\t0\t1\t2\t0\t37"
TOTAL = "（七）总计\t\t31\t4\t0\t1\t1\t0\t37"
CARRY = "四、结转下年度继续办理\t\t\t1\t0\t0\t0\t1\t0\t2"
REVIEW = "2\t1\t0\t0\t3\t1\t0\t0\t1\t2\t0\t0\t0\t0\t0"
OTHER_2021 = "3.其他\t0\t0\t0\t0\t0\t0\t0"
OTHER_2019 = "（六）其他处理\t\t1\t0\t0\t0\t0\t0\t1"
FEES_2021 = "行政事业性收费\t0\t\t"
PENALTY_2021 = "行政处罚\t58\t\t"
LICENSING_2019 = "行政许可\t42\t-3\t517"
PROCUREMENT_2019 = "政府集中采购\t5\t36.5000\t"
AMOUNT_HEADER_2019 = "信息内容\t采购项目数量\t采购总金额\t"
AMOUNT_HEADER_2019_STATED = "信息内容\t采购项目数量\t采购总金额（单位：万元，保留4位小数）\t"


def gk3(result):
    return [finding for finding in result.findings if finding.code in GK3]


def edit(fmt: str, *replacements: tuple[str, str]) -> str:
    text = clean_report(fmt)
    for old, new in replacements:
        text = replace_line(text, old, new)
    return text


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_clean_reports_have_no_number_findings(fmt):
    assert gk3(lint_text(clean_report(fmt))) == []


# id, format, replacements, [(code, the edited line's text, fragments of the message)]
CASES = [
    # ── GK303 row-total: located at the row's 总计 cell ──
    ("row-total", "2021", [(GRANTED, GRANTED[:-2] + "19")],
     [("GK303", GRANTED[:-2], ["（一）予以公开·总计为 19", "自然人与法人或其他组织之和为 18",
                              "自然人 15 + 商业企业 2 + 法律服务机构 1", "另有 3 项为 0"]),
      # the same wrong cell also breaks the column identity of 总计
      ("GK304", TOTAL, ["（七）总计·总计为 37", "（一）至（六）之和为 38", "予以公开 19"])]),
    ("row-total with a blank addend", "2019", [(GRANTED, "（一）予以公开\t\t15\t\t0\t0\t1\t0\t18")],
     [("GK302", "（一）予以公开\t\t15\t\t0", ["1 个空白的数值单元格", "「（一）予以公开·商业企业」"]),
      ("GK303", "（一）予以公开\t\t15\t\t0", ["总计为 18", "之和为 16", "1 项空白", "其中 1 个空白单元格按 0 计"]),
      ("GK304", TOTAL, ["（七）总计·商业企业为 4", "之和为 2", "其中 1 个空白单元格按 0 计"])]),
    # ── GK304 results-total: located at the （七）总计 cell of the column ──
    ("results-total", "2021", [(TOTAL, "（七）总计\t\t30\t4\t0\t1\t1\t0\t37")],
     [("GK304", TOTAL[:6], ["（七）总计·自然人为 30", "但（一）至（六）之和为 31", "予以公开 15 + 部分公开 3",
                           "其余 4 项共 4", "另有 11 项为 0"]),
      ("GK303", TOTAL[:6], ["（七）总计·总计为 37", "之和为 36"]),
      ("GK305", CARRY, ["「自然人」列第一项加第二项之和为 32", "第三项加第四项之和为 31", "（七）总计 30 + 结转下年度继续办理 1"])]),
    ("results-total counts the 2021 sub-items of （六）", "2021", [(OTHER_2021, "3.其他\t1\t0\t0\t0\t0\t0\t1")],
     [("GK304", TOTAL, ["（七）总计·自然人为 31", "之和为 32", "其余 5 项共 5"]),
      ("GK304", TOTAL, ["（七）总计·总计为 37", "之和为 38"])]),
    ("results-total counts the 2019 single （六） row", "2019", [(OTHER_2019, "（六）其他处理\t\t2\t0\t0\t0\t0\t0\t2")],
     [("GK304", TOTAL, ["（七）总计·自然人为 31", "之和为 32"]),
      ("GK304", TOTAL, ["（七）总计·总计为 37", "之和为 38"])]),
    # ── GK305 balance: located at the 四、结转下年度继续办理 cell of the column ──
    ("balance", "2019", [(CARRY, "四、结转下年度继续办理\t\t\t2\t0\t0\t0\t1\t0\t3")],
     [("GK305", CARRY[:11], ["「自然人」列第一项加第二项之和为 32", "本年新收政府信息公开申请数量 30",
                            "第三项加第四项之和为 33", "（七）总计 31 + 结转下年度继续办理 2"]),
      ("GK305", CARRY[:11], ["「总计」列", "之和为 39", "之和为 40"])]),
    # ── GK306 review-litigation-total: located at the group's 总计 cell ──
    ("review-litigation-total", "2021", [(REVIEW, "2\t1\t0\t0\t4\t1\t0\t0\t1\t2\t0\t0\t0\t0\t0")],
     [("GK306", REVIEW[:6], ["行政复议·总计为 4", "结果维持、结果纠正、其他结果、尚未审结之和为 3",
                            "结果维持 2 + 结果纠正 1", "另有 2 项为 0"])]),
    ("review-litigation-total in the second group", "2019", [(REVIEW, "2\t1\t0\t0\t3\t1\t0\t0\t1\t3\t0\t0\t0\t0\t0")],
     [("GK306", REVIEW[:6], ["未经复议直接起诉·总计为 3", "之和为 2"])]),
    # ── GK301 non-numeric-value: located at the cell; its identities are skipped ──
    ("a dash for nothing", "2021", [(REPEATED, "2.重复申请\t1\t—\t0\t0\t0\t0\t1")],
     [("GK301", REPEATED[:5], ["（五）2.重复申请·商业企业应填写数字", "符号「—」", "没有的请填 0"])]),
    ("a slash", "2019", [(INTERNAL, "5.属于三类内部事务信息\t0\t0\t/\t0\t0\t0\t0")],
     [("GK301", INTERNAL[:5], ["（三）5.属于三类内部事务信息·科研机构", "「/」"])]),
    ("text in a count cell", "2021", [(GRANTED, "（一）予以公开\t\t15\t两\t0\t0\t1\t0\t18")],
     [("GK301", GRANTED[:6], ["（一）予以公开·商业企业应填写数字，却填写了「两」"])]),
    ("a unit in a count cell", "2021", [(PENALTY_2021, "行政处罚\t58件\t\t")],
     [("GK301", "行政处罚\t", ["「58件」带有单位「件」"])]),
    ("a space inside the digits", "2021", [(GRANTED, "（一）予以公开\t\t1 5\t2\t0\t0\t1\t0\t18")],
     [("GK301", GRANTED[:6], ["（一）予以公开·自然人「1 5」的数字中间有空格"])]),
    ("a wrong total beside a dash is not judged", "2021",
     [(GRANTED, "（一）予以公开\t\t15\t—\t0\t0\t1\t0\t19")],
     [("GK301", GRANTED[:6], ["符号「—」"]),
      # the 商业企业 column and the row are skipped; the 总计 column still adds up wrongly
      ("GK304", TOTAL, ["（七）总计·总计为 37", "之和为 38"])]),
    # ── GK302 blank-value: once per table, at the first blank cell ──
    ("blanks", "2021",
     [(OTHER_2021, "3.其他\t\t\t\t\t\t\t"), (PENALTY_2021, "行政处罚\t\t\t")],
     [("GK302", "行政处罚\t", ["「主动公开政府信息情况」有 1 个空白", "「行政处罚·本年处理决定数量」"]),
      ("GK302", "3.其他\t", ["「收到和处理政府信息公开申请情况」有 7 个空白", "「（六）3.其他·自然人」",
                           "「（六）3.其他·商业企业」", "「（六）3.其他·科研机构」等", "计算时按 0 处理"])]),
    # ── GK307 invalid-number ──
    ("a negative count", "2021", [(PENALTY_2021, "行政处罚\t-58\t\t")],
     [("GK307", "行政处罚\t", ["行政处罚·本年处理决定数量为「-58」：数量不能为负数"])]),
    ("a fractional count", "2019", [(REVIEW, "2\t1\t0\t0\t3\t1\t0\t0\t1\t2\t0\t0\t0\t0.5\t0.5")],
     [("GK307", REVIEW[:6], ["复议后起诉·尚未审结为「0.5」：数量应为整数"]),
      ("GK307", REVIEW[:6], ["复议后起诉·总计为「0.5」"])]),
    ("本年增/减 may be negative but not fractional", "2019", [(LICENSING_2019, "行政许可\t42\t-3.5\t517")],
     [("GK307", "行政许可\t", ["行政许可·本年增/减为「-3.5」：数量应为整数"])]),
    # ── GK308 amount-format ──
    ("an amount in 元 under a 万元 header", "2021", [(FEES_2021, "行政事业性收费\t251000元\t\t")],
     [("GK308", "行政事业性收费\t", ["行政事业性收费「251000元」以元填写", "表头「本年收费金额（单位：万元）」规定单位为万元",
                            "应为 25.1"])]),
    ("precision stated by the header the report prints", "2019",
     [(AMOUNT_HEADER_2019, AMOUNT_HEADER_2019_STATED), (PROCUREMENT_2019, "政府集中采购\t5\t36.5\t")],
     [("GK308", PROCUREMENT_2019[:6], ["「36.5」有 1 位小数", "规定保留4位小数", "应为 36.5000"])]),
    ("元 under a header stating 万元 and 4 decimals", "2019",
     [(AMOUNT_HEADER_2019, AMOUNT_HEADER_2019_STATED), (PROCUREMENT_2019, "政府集中采购\t5\t365000元\t")],
     [("GK308", PROCUREMENT_2019[:6], ["以元填写", "规定单位为万元", "应为 36.5000"])]),
]


@pytest.mark.parametrize("case_id, fmt, replacements, expected", CASES, ids=[case[0] for case in CASES])
def test_case(case_id, fmt, replacements, expected):
    text = edit(fmt, *replacements)
    findings = gk3(lint_text(text))
    got = sorted((finding.code, finding.line) for finding in findings)
    want = sorted((code, line_of(text, needle)) for code, needle, _ in expected)
    assert got == want, [(finding.code, finding.line, finding.message) for finding in findings]
    for code, needle, fragments in expected:
        line = line_of(text, needle)
        messages = [finding.message for finding in findings if finding.code == code and finding.line == line]
        assert any(all(fragment in message for fragment in fragments) for message in messages), (fragments, messages)


# ── Silence: what the rules must not report ──────────────────────────────────────────────

@pytest.mark.parametrize(
    "fmt, replacements",
    [
        # numbers as people write them, still adding up
        ("2021", [(NEW, "一、本年新收政府信息公开申请数量\t\t\t３０\t4\t0\t1\t2\t0\t３７")]),
        ("2021", [(PENALTY_2021, "行政处罚\t1,058\t\t")]),
        # 本年增/减 may be negative (already -3 in the clean 2019 report), and +2 is fine
        ("2019", [(LICENSING_2019, "行政许可\t42\t+2\t517")]),
        # an amount may carry its unit when the header states none (GK308 judges money)
        ("2019", [(PROCUREMENT_2019, "政府集中采购\t5\t365000元\t")]),
        # the header states 万元, the value restates it
        ("2021", [(FEES_2021, "行政事业性收费\t1.5万元\t\t")]),
        # a zero needs no decimals
        ("2019", [(AMOUNT_HEADER_2019, AMOUNT_HEADER_2019_STATED), (PROCUREMENT_2019, "政府集中采购\t0\t0\t")]),
        ("2019", [(AMOUNT_HEADER_2019, AMOUNT_HEADER_2019_STATED)]),
    ],
)
def test_no_finding(fmt, replacements):
    findings = gk3(lint_text(edit(fmt, *replacements)))
    assert findings == [], [(finding.code, finding.line, finding.message) for finding in findings]


def test_a_thousands_separator_is_read():
    # 3,7 is not a grouping (text), so it is reported and its identities are skipped
    text = edit("2021", (NEW, "一、本年新收政府信息公开申请数量\t\t\t30\t4\t0\t1\t2\t0\t3,7"))
    findings = gk3(lint_text(text))
    assert [(finding.code, finding.line) for finding in findings] == [("GK301", line_of(text, NEW[:8]))]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_a_short_row_skips_only_its_identities(fmt):
    # 5.属于三类内部事务信息 loses a cell (GK109), and 予以公开 has a wrong 总计: the results
    # total can't be checked in any column (one of its rows is unreadable), the row totals
    # of the other rows still are.
    text = edit(fmt, (INTERNAL, INTERNAL[:-2]), (GRANTED, GRANTED[:-2] + "19"))
    result = lint_text(text)
    assert ("GK109", line_of(text, INTERNAL[:5])) in [(finding.code, finding.line) for finding in result.findings]
    assert [(finding.code, finding.line) for finding in gk3(result)] == [("GK303", line_of(text, GRANTED[:6]))]


def test_a_missing_row_skips_the_identities_that_need_it():
    text = edit("2021", (OTHER_2021 + "\n", ""), (GRANTED, GRANTED[:-2] + "19"))
    result = lint_text(text)
    assert [(finding.code, finding.line) for finding in gk3(result)] == [("GK303", line_of(text, GRANTED[:6]))]


def test_the_location_is_the_wrong_total_cell():
    text = edit("2021", (TOTAL, "（七）总计\t\t31\t4\t0\t1\t1\t0\t36"))
    finding = next(finding for finding in gk3(lint_text(text)) if finding.code == "GK303")
    line = text.splitlines()[finding.line - 1]
    assert line[finding.column - 1:finding.location.end_column - 1] == "36"


def test_messages_in_english():
    text = edit("2021", (TOTAL, "（七）总计\t\t30\t4\t0\t1\t1\t0\t37"))
    messages = {finding.code: finding.message for finding in gk3(lint_text(text, lang="en"))}
    assert messages["GK304"].startswith("（七）总计·自然人 is 30, but the sum of （一）…（六） is 31 (")
    assert "in column “自然人”, the sum of 第一项 + 第二项 is 32" in messages["GK305"]


def test_finding_data_names_both_sides():
    text = edit("2021", (REVIEW, "2\t1\t0\t0\t4\t1\t0\t0\t1\t2\t0\t0\t0\t0\t0"))
    (finding,) = gk3(lint_text(text))
    assert finding.data["identity"] == "review_total"
    assert (finding.data["left"], finding.data["right"]) == ("4", "3")


def test_rules_are_documented():
    assert [rule.code for rule in RULES] == list(GK3)
    for rule in RULES:
        sections = rule.doc_sections()
        assert all(section in sections and sections[section] for section in DOC_SECTIONS), rule.code
        assert rule.summary and rule.summary_en and rule.name


# ── A whole report written the way people write numbers ──────────────────────────────────

def test_messy_fixture():
    path = FIXTURES / "rules" / "numbers" / "messy-2021.txt"
    text = path.read_text(encoding="utf-8")
    findings = gk3(lint_file(path))
    got = sorted((finding.code, finding.line) for finding in findings)
    assert got == [
        ("GK301", line_of(text, "—\t")),
        ("GK302", line_of(text, "3.其他")),
        ("GK308", line_of(text, "1500元")),
    ], [(finding.code, finding.line, finding.message) for finding in findings]


def test_a_row_written_twice_is_not_guessed_at():
    # Which of the two 予以公开 rows counts? The column identities that need it are skipped;
    # each row's own total is still checked.
    text = edit("2021", (GRANTED, GRANTED + "\n" + "（一）予以公开\t\t1\t0\t0\t0\t0\t0\t1"))
    assert [finding.code for finding in gk3(lint_text(text))] == []
