"""Messages are data: each rule declares what it says, a finding carries the id and the
arguments, and the text is rendered from them in either language."""

from __future__ import annotations

import ast
import importlib
import json
import pickle
from pathlib import Path

import pytest
from conftest import FIXTURES, lint_file, make_linter, registry

from gklint.check.engine import render
from gklint.check.messages import LANGUAGES, Message, MessageError, fields, fragment
from gklint.check.messages import render as render_message
from gklint.check.rule import Rule
from gklint.check.rules import FAMILY_MODULES
from gklint.read.source import Span


def built_in_rules() -> list[type[Rule]]:
    return [entry.rule_class for entry in registry().rules.values() if entry.plugin == "gklint.check.rules"]


# ── the mechanism ────────────────────────────────────────────────────────────────────────
MESSAGES = {
    "wrong": Message(zh="「{found}」应为「{expected}」", en="“{found}” should read “{expected}”"),
    "missing": Message(zh="缺少{items:、}", en="lacks {items:, }"),
    "first": Message(zh="表中有「{markers:」「}」", en="it shows “{markers[0]}”"),
    "because": Message(zh="旧格式（{reasons:，}）", en="old format ({reasons:; })"),
    "year": Message(zh="年度为{year}年", en="it reports on {year}"),
    "agency": Message(zh="机关名称", en="the agency"),
}


@pytest.mark.parametrize("lang, expected", [("zh", "「甲」应为「乙」"), ("en", "“甲” should read “乙”")])
def test_a_message_renders_in_either_language(lang, expected):
    assert render_message(MESSAGES, "wrong", {"found": "甲", "expected": "乙"}, lang) == expected


def test_a_list_is_joined_by_its_fields_format_spec():
    args = {"items": [fragment("agency"), "“年度”"]}
    assert render_message(MESSAGES, "missing", args, "zh") == "缺少机关名称、“年度”"
    assert render_message(MESSAGES, "missing", args, "en") == "lacks the agency, “年度”"
    args = {"markers": ["指标名称", "历年累计"]}
    assert render_message(MESSAGES, "first", args, "zh") == "表中有「指标名称」「历年累计」"
    assert render_message(MESSAGES, "first", args, "en") == "it shows “指标名称”"


def test_fragments_render_in_the_language_of_the_message():
    args = {"reasons": [fragment("year", year=2017), fragment("agency")]}
    assert render_message(MESSAGES, "because", args, "zh") == "旧格式（年度为2017年，机关名称）"
    assert render_message(MESSAGES, "because", args, "en") == "old format (it reports on 2017; the agency)"
    # What a client receives as JSON renders the same.
    assert render_message(MESSAGES, "because", json.loads(json.dumps(args)), "en") == "old format (it reports on 2017; the agency)"


def test_fields_names_the_arguments_of_each_text():
    assert fields(Message(zh="{found}与{items:、}", en="{found} {markers[0]}")) == {
        "zh": {"found", "items"}, "en": {"found", "markers"}}


def test_an_unknown_id_or_a_missing_argument_fails_loudly():
    with pytest.raises(MessageError, match="GK999 declares no message 'nothing'"):
        render_message(MESSAGES, "nothing", {}, "zh", owner="GK999")
    with pytest.raises(MessageError, match="'expected'"):
        render_message(MESSAGES, "wrong", {"found": "甲"}, "en")
    with pytest.raises(MessageError, match="no message 'nowhere'"):
        render_message(MESSAGES, "because", {"reasons": [fragment("nowhere")]}, "zh")


def test_a_rule_cannot_make_a_finding_with_an_undeclared_message():
    rule = registry().rules["GK201"].rule_class()
    context = make_linter().context(rule, None)
    with pytest.raises(KeyError, match="GK201 declares no message 'no-such-message'"):
        rule.finding(context, Span(0, 0), "no-such-message", found="甲")
    with pytest.raises(MessageError):
        rule.render_message("no-such-message", {}, "zh")


# ── the built-in rules' messages ─────────────────────────────────────────────────────────
def _sample_args(message: Message) -> dict:
    """A value for every argument either text uses: a list where a text joins or indexes it."""
    args: dict = {}
    for lang in LANGUAGES:
        from string import Formatter

        for _, field, spec, _ in Formatter().parse(message.text(lang)):
            if not field:
                continue
            name = field.split("[")[0].split(".")[0]
            if spec or "[" in field:
                args[name] = ["甲", "乙"]
            else:
                args.setdefault(name, "甲")
    return args


@pytest.mark.parametrize("rule", built_in_rules(), ids=lambda rule: rule.code)
def test_every_message_renders_in_both_languages(rule):
    assert rule.messages, f"{rule.code} declares no message"
    for message_id, message in rule.messages.items():
        assert isinstance(message, Message)
        args = _sample_args(message)
        for lang in LANGUAGES:
            text = rule.render_message(message_id, args, lang)
            assert text and "{" not in text and "}" not in text, (rule.code, message_id, lang, text)


def _ids_used(tree: ast.AST) -> set[str]:
    """The message ids a module names where it makes a finding (``finding(context, span, ID)``,
    ``_found(…, ID)``) or a fragment (``fragment(ID, …)``)."""
    used: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name == "finding" and len(node.args) >= 3:
            argument = node.args[2]
        elif name == "fragment" and node.args:
            argument = node.args[0]
        elif name == "_found" and len(node.args) >= 5:
            argument = node.args[4]
        else:
            continue
        used.update(_message_ids(argument))
    return used


def _message_ids(node: ast.AST) -> set[str]:
    """The ids an argument may be: a string, or either branch of ``A if … else B``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _message_ids(node.body) | _message_ids(node.orelse)
    return set()


@pytest.mark.parametrize("module_name", FAMILY_MODULES)
def test_every_message_a_rule_module_uses_is_declared(module_name):
    module = importlib.import_module(module_name)
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    declared = {message_id for rule in module.RULES for message_id in rule.messages}
    assert _ids_used(tree) - declared == set()
    # (Messages picked by a condition, ``message_id = "image"``, are covered at run time:
    # ``Rule.finding`` refuses an undeclared id.)


def test_no_rule_builds_its_text_in_both_languages():
    for module_name in FAMILY_MODULES:
        source = Path(importlib.import_module(module_name).__file__).read_text(encoding="utf-8")
        assert "context.say(" not in source and 'lang == "en"' not in source, module_name


# ── findings carry the id and the arguments ─────────────────────────────────────────────
RULE_FIXTURES = sorted((FIXTURES / "rules").rglob("*.txt"))


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=lambda path: path.name)
def test_findings_render_again_in_the_other_language(path):
    zh = lint_file(path, lang="zh").findings
    en = lint_file(path, lang="en").findings
    assert zh and [finding.code for finding in zh] == [finding.code for finding in en]
    for in_zh, in_en in zip(zh, en):
        assert in_zh.message_id == in_en.message_id and in_zh.args == in_en.args
        # The arguments are plain data: they survive JSON and pickling.
        assert json.loads(json.dumps(in_zh.args)) == in_zh.args
        copy = pickle.loads(pickle.dumps(in_zh))
        assert render(copy, "en", registry()) == in_en.message
        assert render(in_en, "zh", registry()) == in_zh.message


def test_cross_file_findings_are_rendered_in_the_runs_language(tmp_path):
    from conftest import clean_report, run_gklint

    earlier = tmp_path / "baihe-2020.txt"
    earlier.write_text(clean_report("2019"), encoding="utf-8")
    later = tmp_path / "baihe-2021.txt"
    later.write_text(clean_report("2021").replace("青山县自然资源局2023年", "白河市生态环境局2021年").replace("2023年", "2021年")
                     .replace("二、上年结转政府信息公开申请数量\t\t\t2\t0\t0\t0\t0\t0\t2",
                              "二、上年结转政府信息公开申请数量\t\t\t2\t0\t0\t0\t0\t0\t3"), encoding="utf-8")
    messages = {}
    for lang in LANGUAGES:
        result = run_gklint("check", "--format", "json", "--select", "GK406", "--lang", lang, str(earlier), str(later))
        messages[lang] = [finding["message"] for finding in json.loads(result.stdout)]
    assert messages["zh"][0].startswith("2021年报告的“上年结转”与 ") and "自然人 1→2" in messages["zh"][0]
    assert messages["en"][0].startswith("上年结转 of the 2021 report differs") and "(natural 1→2, " in messages["en"][0]
