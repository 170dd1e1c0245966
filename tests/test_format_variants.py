"""Formats are data: a variant that renames or re-keys a section, the title words, the page
headings the HTML loader looks for, and identities that name no rule."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import ROOT, clean_report, found, lint_text, make_linter, replace_line, run_gklint

from gklint.formats.template import TemplateError, load_templates

OLD_TITLE = "存在的主要问题及改进情况"
NEW_TITLE = "工作短板及改进举措"
OLD_HEADING = f"五、{OLD_TITLE}"
NEW_HEADING = f"五、{NEW_TITLE}"

# A local variant of the 2021 format that renames section 五, keeping its key and its role.
RENAMED = f"""
[formats.local]
extends = "2021"
name = "某省政府信息公开工作年度报告格式"
years = "2021-"

[[formats.local.sections]]
key = "problems"
number = "五"
title = "{NEW_TITLE}"
role = "problems"
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rekeyed() -> str:
    """A new revision written out in full (no ``extends``), whose section 五 has another key
    and title but the role ``problems``: the 2019 format of rules.toml under a new id."""
    rules = (ROOT / "rules.toml").read_text(encoding="utf-8")
    body = rules[rules.index("[formats.2019]"):rules.index("# ═", rules.index("[formats.2019]"))]
    body = body.replace("formats.2019", "formats.revised").replace('years = "2019-2020"', 'years = "2030-"')
    section = body[body.index('key = "problems"'):body.index("\n\n", body.index('key = "problems"'))]
    renamed = section.replace('key = "problems"', 'key = "shortcomings"').replace(OLD_TITLE, NEW_TITLE)
    renamed = renamed.replace('variants = ["政府信息公开工作存在的主要问题及改进情况"]', "variants = []")
    return body.replace(section, renamed)


def test_a_renamed_section_is_found_by_its_new_title(tmp_path):
    local = str(_write(tmp_path, "local.toml", RENAMED))
    report = replace_line(clean_report("2021"), OLD_HEADING, NEW_HEADING)
    # The national format does not know the new title ...
    national = lint_text(report)
    assert [f.code for f in national.findings] == ["GK101"]
    # ... the variant does: no missing section, no heading to correct, no code changed.
    result = lint_text(report, extra_templates=[local], template="local")
    assert [(f.code, f.message) for f in result.findings] == []


def test_the_old_title_is_a_near_miss_in_the_variant(tmp_path):
    local = str(_write(tmp_path, "local.toml", RENAMED))
    result = lint_text(clean_report("2021"), extra_templates=[local], template="local")
    assert [f.code for f in result.findings] == ["GK203"]
    finding = result.findings[0]
    assert NEW_TITLE in finding.message and OLD_TITLE in finding.message
    assert finding.fix is not None and finding.fix.edits[0].new_text == NEW_TITLE


def test_rules_that_ask_for_the_problems_role_work_on_the_renamed_section(tmp_path):
    local = str(_write(tmp_path, "local.toml", RENAMED))
    report = replace_line(clean_report("2021"), OLD_HEADING, NEW_HEADING)
    body = report[report.index(NEW_HEADING) + len(NEW_HEADING):report.index("六、")]
    report = report.replace(body, "\n\n无。\n\n")
    result = lint_text(report, extra_templates=[local], template="local")
    assert [f.code for f in result.findings] == ["GK401"]
    assert "无。" in result.findings[0].message and NEW_TITLE in result.findings[0].message


def test_a_section_with_another_key_keeps_its_role(tmp_path):
    revised = str(_write(tmp_path, "revised.toml", _rekeyed()))
    template = load_templates([revised]).get("revised")
    assert template.section_with_role("problems").key == "shortcomings"
    report = replace_line(clean_report("2019"), OLD_HEADING, NEW_HEADING)
    assert lint_text(report, extra_templates=[revised], template="revised").findings == []
    body = report[report.index(NEW_HEADING) + len(NEW_HEADING):report.index("六、")]
    blank = report.replace(body, "\n\n无。\n\n")
    result = lint_text(blank, extra_templates=[revised], template="revised")
    # GK401 finds the section by its role; GK403 leaves it to GK401 (its `skip` names the role).
    assert [f.code for f in result.findings] == ["GK401"]
    # The national section key opens the same section of the revision, as a near miss.
    old = lint_text(clean_report("2019"), extra_templates=[revised], template="revised")
    assert [f.code for f in old.findings] == ["GK203"]


@pytest.mark.parametrize("toml, message", [
    (RENAMED + 'page_words = [""]\n', "formats.local.sections[4].page_words: 不能含空字符串"),
    (RENAMED + "page_within = -1\n", "formats.local.sections[4].page_within: 不能为负数"),
    ('[title]\nwords = ["年报", " "]\n', "title.words: 不能含空字符串"),
    ('[title]\ncolour = "red"\n', "title: 未知的键 'colour'"),
])
def test_malformed_recognition_data_names_the_key(tmp_path, toml, message):
    path = _write(tmp_path, "local.toml", toml)
    with pytest.raises(TemplateError) as error:
        load_templates([path])
    assert message in str(error.value) and str(path) in str(error.value)


def test_a_role_played_twice_is_a_template_error(tmp_path):
    twice = RENAMED.replace('key = "problems"', 'key = "problems_again"')
    with pytest.raises(TemplateError, match=r"formats\.local\.sections\[6\]\.role: 角色 'problems'"):
        load_templates([_write(tmp_path, "local.toml", twice)])


# ── identities ───────────────────────────────────────────────────────────────────────────
UNKNOWN_CODE = """
[[formats.2021.identities]]
key = "carried_only"
code = "GK399"
table = "applications"
block = "main"
for_each = "column"
left = ["carried"]
right = ["new"]
"""


def test_an_identity_of_no_registered_rule_stops_the_run_naming_the_key(tmp_path):
    _write(tmp_path, "x.toml", UNKNOWN_CODE)
    _write(tmp_path, "gklint.toml", 'templates = ["x.toml"]\n')
    _write(tmp_path, "report.txt", clean_report("2021"))
    result = run_gklint("check", "--no-color", "report.txt", cwd=tmp_path)
    assert result.returncode == 2, result.stdout.decode() + result.stderr.decode()
    error = result.stderr.decode()
    assert "formats.2021.identities[6].code" in error and "GK399" in error and "x.toml" in error


def test_an_identity_of_a_rule_that_checks_no_identities_is_a_template_error(tmp_path):
    path = str(_write(tmp_path, "x.toml", UNKNOWN_CODE.replace("GK399", "GK101")))
    with pytest.raises(TemplateError, match=r"identities\[6\]\.code: 规则 GK101 不检查恒等式"):
        make_linter(extra_templates=[path])


def test_the_built_in_identities_all_name_a_rule_that_checks_them():
    linter = make_linter()
    checkers = {rule.code for rule in linter.rules if rule.checks_identities}
    codes = {identity.code for template in linter.templates.formats.values() for identity in template.identities}
    assert codes == checkers == {"GK303", "GK304", "GK305", "GK306"}


# ── the title and the page headings ──────────────────────────────────────────────────────
def test_title_words_come_from_the_template_files(tmp_path):
    report = clean_report("2021")
    title = report.splitlines()[0]
    # A short note before a title that says 年度总结: without the word, no line reads as
    # the title (the note ends in 。); with it in a template file, the title is found.
    renamed = "本页内容转载自门户网站。\n\n" + replace_line(report, title, title.replace("年度报告", "年度总结"))
    words = _write(tmp_path, "words.toml", '[title]\nwords = ["年度总结"]\n')

    def title_of(linter):
        raw, _ = linter.load("report.txt", renamed.encode("utf-8"))
        document = linter.build(raw)
        return document.title.text.text if document.title is not None else None

    assert title_of(make_linter()) is None
    assert title_of(make_linter(extra_templates=[str(words)])) == title.replace("年度报告", "年度总结")


def test_the_html_loader_finds_a_renamed_heading_through_the_formats(tmp_path):
    recognition = load_templates([_write(tmp_path, "local.toml", RENAMED)]).recognition
    assert recognition.section_of(f"  {NEW_HEADING}") == "problems"
    assert load_templates().recognition.section_of(NEW_HEADING) is None
    national = load_templates().recognition
    assert [national.section_of(text) for text in (
        "一、政府信息公开工作总体情况", "二、主动公开政府信息情况", "三．收到和处理政府信息公开申请情况",
        "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "五、工作中存在的不足和改进措施", "六、其他需要报告的事项",
        "一、本单位总体情况", "七、其他需要报告的事项")] == [
        "overview", "proactive", "applications", "review_litigation", "problems", "other", None, None]
    assert national.title_at("某县政府信息公开工作年度报告") == 2
    assert national.title_at("政府信息公开指南") is None


def test_the_html_loader_spells_out_no_section_heading():
    """No string of the loader's code (docstrings aside) holds a section's or a title's words."""
    tree = ast.parse((ROOT / "src" / "gklint" / "read" / "loaders" / "html.py").read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    strings = [node.value for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]
    templates = load_templates()
    sections = [section for template in templates.formats.values() for section in template.sections]
    words = {section.title for section in sections} | {word for section in sections for word in section.page_words}
    words |= set(templates.title.page_words) | {templates.title.subject}
    assert [(word, text) for word in words for text in strings if word in text] == []


PAGE = """<html><body>
<div class="nav"><a href="/">首页</a> <a href="/gk">政务公开</a></div>
<div class="article">
<p>某县2023年政府信息公开工作年度报告</p>
<p>一、年度工作概况</p><p>本年度我县认真贯彻落实《条例》。</p>
<p>二、信息发布情况</p><p>本年度主动公开政府信息1200条。</p>
</div>
<div class="footer">版权所有 某县人民政府</div>
</body></html>"""

RETITLED = """
[formats.local]
extends = "2021"
name = "某省政府信息公开工作年度报告格式"
years = "2021-"

[[formats.local.sections]]
key = "overview"
number = "一"
title = "年度工作概况"
role = "overview"

[[formats.local.sections]]
key = "proactive"
number = "二"
title = "信息发布情况"
tables = ["proactive"]
role = "proactive"
"""


def test_the_linter_hands_its_formats_to_the_html_loader(tmp_path):
    """Headings only a user's variant knows mark the report's region on a portal page."""
    local = str(_write(tmp_path, "local.toml", RETITLED))

    def read(linter):
        raw, _ = linter.load("page.html", PAGE.encode("utf-8"))
        return [block.text.text for block in raw.blocks], raw.notes

    texts, notes = read(make_linter())
    assert "首页 政务公开" in texts and notes  # no region: the whole page, with a note
    texts, notes = read(make_linter(extra_templates=[local]))
    assert texts[0] == "某县2023年政府信息公开工作年度报告" and "一、年度工作概况" in texts
    assert not any("首页" in text or "版权所有" in text for text in texts) and notes == []
