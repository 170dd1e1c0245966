"""GK401–GK407: the narrative, its years and counts, and the tables it must agree with."""

from __future__ import annotations

import json

import pytest

from conftest import clean_report, codes, found, line_of, lint_text, make_linter, replace_line, run_gklint

GK4 = ("GK401", "GK402", "GK403", "GK404", "GK405", "GK406", "GK407")
PROBLEMS_2021 = ("2023年，我局政府信息公开工作取得了一定成效，但仍存在一些不足：一是基层站所公开内容更新不够及时；"
                 "二是政策解读形式较为单一，图解、视频解读较少。下一步，我局将建立公开内容定期更新机制，明确责任人和更新时限；"
                 "丰富政策解读形式，增加图文解读和在线访谈，提升解读的针对性和可读性。")


def gk4(result):
    return [code for code in codes(result) if code.startswith("GK4")]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_clean_reports_give_no_content_finding(fmt):
    assert gk4(lint_text(clean_report(fmt))) == []


# ── GK401 ────────────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    "written, expected",
    [
        ("", "没有内容"),
        ("无", "只写了「无」"),
        ("暂无。", "只写了「暂无。」"),
        ("2023年我局政务公开目前没有问题。下一步，我局将继续做好政务公开工作。", "声称「没有问题」"),
        ("经自查，不存在问题。", "声称「不存在问题」"),
        ("一是政策解读形式较为单一；二是基层公开内容更新不够及时。", "没有写改进措施"),
    ],
)
def test_gk401_reports_unmet_section_five_at_its_heading(written, expected):
    text = replace_line(clean_report("2021"), PROBLEMS_2021, written)
    result = lint_text(text)
    findings = found(result, "GK401")
    assert len(findings) == 1
    line, message = findings[0]
    assert line == line_of(text, "五、存在的主要问题及改进情况")
    assert expected in message and "第五部分" in message


def test_gk401_silent_when_problems_and_measures_are_both_there():
    for text in (clean_report("2019"), clean_report("2021")):
        assert found(lint_text(text), "GK401") == []


def test_gk401_english_message():
    text = replace_line(clean_report("2021"), PROBLEMS_2021, "无")
    assert "says only “无”" in found(lint_text(text, lang="en"), "GK401")[0][1]


# ── GK402 ────────────────────────────────────────────────────────────────────────────────
def test_gk402_statistical_period_of_another_year():
    text = replace_line(clean_report("2021"), "自2023年1月1日起至2023年12月31日止", "自2022年1月1日起至2022年12月31日止")
    findings = found(lint_text(text), "GK402")
    assert len(findings) == 2
    assert all(line == line_of(text, "统计期限") for line, _ in findings)
    assert "「2022」" in findings[0][1] and "「2023」" in findings[0][1]


def test_gk402_points_at_the_year_itself():
    text = replace_line(clean_report("2021"), "至2023年12月31日止", "至2022年12月31日止")
    result = lint_text(text)
    [finding] = [f for f in result.findings if f.code == "GK402"]
    assert text.splitlines()[finding.line - 1][finding.column - 1:finding.location.end_column - 1] == "2022"


def test_gk402_opening_year_of_a_section():
    text = replace_line(clean_report("2021"), "2023年，青山县自然资源局认真贯彻落实", "2022年，青山县自然资源局认真贯彻落实")
    findings = found(lint_text(text), "GK402")
    assert findings == [(line_of(text, "2022年，青山县"), "第一部分开头所述年份「2022年」与标题年份「2023年」不一致")]


@pytest.mark.parametrize(
    "opening",
    [
        "2022年以来，我局认真贯彻落实",
        "2022年3月，我局印发了工作要点，认真贯彻落实",
        "对照上年和2022年度部门决算，我局认真贯彻落实",
        "围绕“十四五”规划和2035年远景目标，我局认真贯彻落实",
    ],
)
def test_gk402_years_in_passing_are_fine(opening):
    text = replace_line(clean_report("2021"), "2023年，青山县自然资源局认真贯彻落实", opening)
    assert found(lint_text(text), "GK402") == []


def test_gk402_agency_name_after_the_year_and_full_width_digits():
    text = replace_line(clean_report("2021"), "2023年，青山县自然资源局认真贯彻落实", "２０２２年青山县自然资源局认真贯彻落实")
    assert [line for line, _ in found(lint_text(text), "GK402")] == [line_of(text, "２０２２年")]


# ── GK403 ────────────────────────────────────────────────────────────────────────────────
def test_gk403_a_section_without_any_content():
    text = replace_line(clean_report("2021"), "依据《政府信息公开信息处理费管理办法》，本年度我局未收取信息处理费。本年度我局共办理人大代表建议8件、政协提案11件，办理结果已按规定公开。", "")
    result = lint_text(text)
    assert found(result, "GK403") == [(line_of(text, "六、其他需要报告的事项"), "第六部分「其他需要报告的事项」没有任何内容")]


def test_gk403_a_table_is_content_and_five_is_left_to_gk401():
    text = clean_report("2021")
    start = text.index("（一）主动公开。")
    end = text.index("二、主动公开政府信息情况")
    overview_removed = text[:start] + text[end:]
    overview_removed = overview_removed.replace("2023年，青山县自然资源局认真贯彻落实《条例》和上级关于政务公开工作的部署，围绕中心工作推进决策、执行、管理、服务、结果公开，保障人民群众的知情权、参与权、表达权和监督权。\n\n", "")
    result = lint_text(overview_removed)
    assert [line for line, _ in found(result, "GK403")] == [line_of(overview_removed, "一、总体情况")]
    five_empty = replace_line(clean_report("2021"), PROBLEMS_2021, "")
    assert found(lint_text(five_empty), "GK403") == []
    assert found(lint_text(five_empty), "GK401")


# ── GK404 ────────────────────────────────────────────────────────────────────────────────
def test_gk404_2021_format_without_a_word_on_fees():
    text = replace_line(clean_report("2021"), "依据《政府信息公开信息处理费管理办法》，本年度我局未收取信息处理费。", "")
    assert found(lint_text(text), "GK404") == [
        (line_of(text, "六、其他需要报告的事项"), "第六部分「其他需要报告的事项」未报告信息处理费收取情况（如“本年度未收取信息处理费”）")]


def test_gk404_not_for_the_2019_format():
    assert "信息处理费" not in clean_report("2019")
    assert found(lint_text(clean_report("2019")), "GK404") == []


# ── GK405 ────────────────────────────────────────────────────────────────────────────────
NARRATIVE = "全年新收政府信息公开申请37件，上年结转2件，均在法定期限内答复。"


@pytest.mark.parametrize(
    "sentence, numbers",
    [
        ("全年新收政府信息公开申请40件，上年结转2件，均在法定期限内答复。", ("40", "37")),
        ("全年新收政府信息公开申请37件，上年结转5件，均在法定期限内答复。", ("5", "2")),
        ("全年共收到政府信息公开申请41件，均在法定期限内答复。", ("41", "37", "39")),
        ("全年共受理政府信息公开申请30件，均在法定期限内答复。", ("30", "37")),
        ("结转下年度继续办理3件。", ("3", "2")),
    ],
)
def test_gk405_narrative_contradicting_table_three(sentence, numbers):
    text = replace_line(clean_report("2021"), NARRATIVE, sentence)
    findings = found(lint_text(text), "GK405")
    assert len(findings) == 1
    line, message = findings[0]
    assert line == line_of(text, sentence)
    for number in numbers:
        assert number in message


@pytest.mark.parametrize(
    "sentence",
    [
        "全年共收到政府信息公开申请39件（含上年结转2件），均在法定期限内答复。",  # 新收 + 结转
        "全年共收到政府信息公开申请37件，上年结转2件，均在法定期限内答复。",  # 新收
        "全年共受理依申请公开事项39件。",
        "全年新收政府信息公开申请３７件，上年结转2件。",
        "较上年新收申请30件有所增加。",
        "全年政务服务大厅共受理行政审批事项1200件。",
        "本年度办理行政复议案件120件。",  # a 司法局's own work, not about 信息公开
        "结转下年度继续办理2件。",
    ],
)
def test_gk405_silent_on_agreeing_ambiguous_or_unrelated_counts(sentence):
    text = replace_line(clean_report("2021"), NARRATIVE, sentence)
    assert found(lint_text(text), "GK405") == []


def test_gk405_review_and_litigation_totals():
    base = clean_report("2021")
    text = replace_line(base, PROBLEMS_2021, PROBLEMS_2021 + "本年度因政府信息公开被申请行政复议5件，被提起行政诉讼2件。")
    findings = found(lint_text(text), "GK405")
    assert len(findings) == 1 and "「5」" not in findings[0][1]
    assert "行政复议5件" in findings[0][1] and "3" in findings[0][1]
    # 行政诉讼 2 = 未经复议直接起诉 2 + 复议后起诉 0: fine; 3 would not be.
    text = replace_line(base, PROBLEMS_2021, PROBLEMS_2021 + "本年度政府信息公开行政复议3件、行政诉讼3件。")
    findings = found(lint_text(text), "GK405")
    assert len(findings) == 1 and "行政诉讼3件" in findings[0][1]


def test_gk405_silent_when_the_table_value_is_unreadable():
    text = replace_line(clean_report("2021"), NARRATIVE, "全年新收政府信息公开申请40件，上年结转2件。")
    text = text.replace("一、本年新收政府信息公开申请数量			30	4	0	1	2	0	37",
                        "一、本年新收政府信息公开申请数量			30	4	0	1	2	0	—")
    assert found(lint_text(text), "GK405") == []


# ── GK406 ────────────────────────────────────────────────────────────────────────────────
def _pair(tmp_path, carried_row: str):
    """The 2020 report of 白河市生态环境局 and a 2021 one whose 上年结转 row is ``carried_row``."""
    earlier = tmp_path / "baihe-2020.txt"
    earlier.write_text(clean_report("2019"), encoding="utf-8")
    later_text = clean_report("2021").replace("青山县自然资源局2023年", "白河市生态环境局2021年").replace("2023年", "2021年")
    later_text = replace_line(later_text, "二、上年结转政府信息公开申请数量			2	0	0	0	0	0	2", carried_row)
    later = tmp_path / "baihe-2021.txt"
    later.write_text(later_text, encoding="utf-8")
    return earlier, later, later_text


def test_gk406_carry_over_between_consecutive_years(tmp_path):
    earlier, later, later_text = _pair(tmp_path, "二、上年结转政府信息公开申请数量			2	0	0	0	0	0	2")
    result = run_gklint("check", "--format", "json", "--select", "GK406", str(earlier), str(later))
    findings = json.loads(result.stdout)
    assert [(f["code"], f["path"].rsplit("/", 1)[-1], f["line"]) for f in findings] == [
        ("GK406", "baihe-2021.txt", line_of(later_text, "二、上年结转政府信息公开申请数量"))]
    message = findings[0]["message"]
    assert "baihe-2020.txt" in message and "自然人 1→2" in message and "法律服务机构 1→0" in message
    assert findings[0]["column"] == 1


def test_gk406_silent_when_they_agree_or_are_not_consecutive(tmp_path):
    earlier, later, _ = _pair(tmp_path, "二、上年结转政府信息公开申请数量			1	0	0	0	1	0	2")
    result = run_gklint("check", "--format", "json", "--select", "GK406", str(earlier), str(later))
    assert json.loads(result.stdout) == []
    other = tmp_path / "qingshan-2023.txt"
    other.write_text(clean_report("2021"), encoding="utf-8")
    result = run_gklint("check", "--format", "json", "--select", "GK406", str(earlier), str(other))
    assert json.loads(result.stdout) == []


def test_gk406_facts_are_small_and_picklable():
    import pickle

    result = lint_text(clean_report("2021"))
    facts = result.facts["GK406"]
    assert (facts.agency, facts.year, facts.template, facts.table) == ("青山县自然资源局", 2023, "2021", "applications")
    # Numbers and short strings only: no column keys or names per report.
    assert (facts.carried, facts.carry_forward) == ((2, 0, 0, 0, 0, 0, 2), (1, 0, 0, 0, 1, 0, 2))
    linter = make_linter()
    context = linter.context(next(rule for rule in linter.rules if rule.code == "GK406"), None)
    assert facts.numbers("carried", context)["total"] == 2
    assert facts.column_names(context)["natural"] == "自然人"
    assert pickle.loads(pickle.dumps(facts)) == facts


# ── GK407 ────────────────────────────────────────────────────────────────────────────────
def test_gk407_placeholders_of_the_template():
    text = replace_line(clean_report("2021"), PROBLEMS_2021, "（文字描述）")
    text = replace_line(text, "依据《政府信息公开信息处理费管理办法》，本年度我局未收取信息处理费。",
                        "（文字描述，收取信息处理费情况在此处报告。）XX局××年此处填写。")
    findings = found(lint_text(text), "GK407")
    assert [message.split("「")[1].split("」")[0] for _, message in findings] == [
        "（文字描述）", "（文字描述，收取信息处理费情况在此处报告。）", "XX局", "××年", "此处填写"]


def test_gk407_masked_names_are_not_placeholders():
    text = replace_line(clean_report("2021"), NARRATIVE, "申请人张××申请公开有关信息，我局依法答复。")
    assert found(lint_text(text), "GK407") == []


def test_gk407_on_the_official_template_docx():
    from conftest import lint_file, shared_path

    result = lint_file(shared_path("corpus", "template-2021-official.docx"))
    messages = [message for _, message in found(result, "GK407")]
    assert len(messages) == 3
    assert any("（文字描述，收取信息处理费情况在此处报告。）" in message for message in messages)


def test_gk407_patterns_that_read_around_their_match_are_still_found_in_each_text():
    # An anchored pattern gets no screen over the joined texts: it is searched text by text.
    options = {"GK407": {"patterns": ["^填报单位[:：]"], "placeholders": []}}
    text = replace_line(clean_report("2021"), PROBLEMS_2021, "填报单位：" + PROBLEMS_2021 + "填报单位：")
    findings = found(lint_text(text, rule_options=options), "GK407")
    assert [message.split("「")[1].split("」")[0] for _, message in findings] == ["填报单位："]


def test_gk407_screen_is_made_only_for_patterns_that_match_the_same_in_the_joined_texts():
    from gklint.check.rules.content import _placeholder_screen

    defaults = (("（文字描述）", "此处填写"), (r"(?:[XＸ]{2,3}|×{2,3})(?:年度?|局)", r"[【\[]\s*填写[^】\]\n]{0,30}[】\]]"))
    screen = _placeholder_screen(*defaults)
    assert screen is not None
    for texts, expected in ((["无", "0", "我局依法答复。"], False), (["0", "经XX局审核"], True),
                            (["【 填写】"], True), (["（文字描", "述）"], False), (["此处", "填写"], False)):
        assert bool(screen("\n".join(texts))) is expected
    grouped = _placeholder_screen((), ("(填写)说明",))
    assert grouped("无\n请按要求填写说明") and not grouped("填写\n说明")
    for unsafe in ("^XX", "XX$", r"\bXX", "(?<!张)××", "××(?=年)", r"(X)\1", "(?i)xx", "X*", ".X", r"\d年", "[^0]"):
        assert _placeholder_screen((), (unsafe,)) is None, unsafe


def test_a_rules_settings_are_prepared_once_per_context():
    from gklint.check.rule import Rule, RuleContext

    class Counting(Rule):
        prepared = 0

        def prepare(self, template, settings):
            Counting.prepared += 1
            return tuple(settings["words"])

    context = RuleContext.for_rule(Counting(), templates=None, template=None, settings={"words": ["甲"]})
    assert context.prepared == ("甲",) and Counting.prepared == 1
