"""GK4 — content: what the case files (``cases/GK4*.toml``) cannot say: GK406 across two
files, the facts a cross-file rule keeps, the official template as a Word file, and the
helpers behind the rules."""

from __future__ import annotations

import json

from conftest import clean_report, found, line_of, lint_text, make_linter, replace_line, run_gklint


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
def test_gk407_on_the_official_template_docx():
    from conftest import lint_file, shared_path

    result = lint_file(shared_path("corpus", "template-2021-official.docx"))
    messages = [message for _, message in found(result, "GK407")]
    assert len(messages) == 3
    assert any("（文字描述，收取信息处理费情况在此处报告。）" in message for message in messages)


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


def test_without_space_takes_out_what_the_space_pattern_does():
    # (``str.split`` also splits at U+001C–U+001F, which SPACE leaves)
    import re

    from gklint.grammar import SPACE, without_space as _without_space

    _SPACE = re.compile(f"{SPACE}+")

    spaces = [chr(code) for code in range(0x3100) if chr(code).isspace()]
    for character in [*spaces, "\x1c", "\x1f", "\u200b", "\ufeff", "中", "a"]:
        for text in (f"没有{character}问题", f"{character}{character}无", f"{character}", f"无\x1d{character} 问题"):
            assert _without_space(text) == _SPACE.sub("", text)
