"""Options are declared per rule (name, type, default, description): rules.toml holds only
declared options of the declared type, every option is documented, user settings can be
checked against them, and ``gklint explain`` lists them."""

from __future__ import annotations

import pytest
from conftest import make_linter, registry, run_gklint

from gklint.check.options import NO_DEFAULT, OPTION_TYPES, Option, OptionError, type_matches, validate_options
from gklint.formats.template import load_templates


def built_in_rules():
    return {code: entry.rule_class for code, entry in registry().rules.items() if entry.plugin == "gklint.check.rules"}


def rules_toml_settings() -> dict:
    """``[rules.CODE]`` of the packaged rules.toml."""
    return load_templates().rule_settings


def test_every_key_under_rules_in_rules_toml_is_a_declared_option_of_its_type():
    rules = built_in_rules()
    settings = rules_toml_settings()
    assert settings, "rules.toml has rule settings"
    for code, values in settings.items():
        assert code in rules, f"[rules.{code}] names no built-in rule"
        declared = {option.name: option for option in rules[code].options}
        for name, value in values.items():
            assert name in declared, f"[rules.{code}] {name} is not an option {code} declares"
            assert type_matches(declared[name].type, value), f"[rules.{code}] {name} is not a {declared[name].type}"


def test_an_option_without_a_default_gets_one_from_rules_toml():
    settings = rules_toml_settings()
    for code, rule in built_in_rules().items():
        for option in rule.options:
            if not option.has_default:
                assert option.name in settings.get(code, {}), f"{code} {option.name}: no default anywhere"


@pytest.mark.parametrize("rule", list(built_in_rules().values()), ids=lambda rule: rule.code)
def test_every_option_is_documented(rule):
    section = rule.doc_sections().get("选项", "")
    for option in rule.options:
        assert option.type in OPTION_TYPES
        assert option.description and option.description_en, (rule.code, option.name)
        assert f"`{option.name}`" in section, f"{rule.code}'s 选项 section does not name `{option.name}`"
    if not rule.options:
        assert section.startswith("无"), f"{rule.code} declares no option; its 选项 section should say 无"


def test_the_rules_context_holds_option_defaults_under_rules_toml_and_the_configuration():
    rule_class = registry().rules["GK503"].rule_class
    assert rule_class.default_settings() == {"allow": []}
    linter = make_linter(rule_options={"GK503": {"allow": ["王丽丽"]}})
    rule = next(rule for rule in linter.rules if rule.code == "GK503")
    settings = linter.context(rule, None).settings
    assert settings["allow"] == ["王丽丽"]  # the configuration's
    assert "allow" in rules_toml_settings()["GK503"]  # (rules.toml's, laid under it)
    # A default is a fresh copy each time: a rule cannot change it for the next one.
    rule_class.default_settings()["allow"].append("人人")
    assert rule_class.default_settings()["allow"] == []


# ── validating a user's options ──────────────────────────────────────────────────────────
def test_validate_options_accepts_good_settings():
    rule = registry().rules["GK401"].rule_class
    assert rule.validate_options({"problem_words": ["问题"], "bare_answers": []}) == []
    assert validate_options("GK401", rule.options, {}) == []


def test_validate_options_names_the_closest_option_for_an_unknown_name():
    rule = registry().rules["GK401"].rule_class
    (error,) = rule.validate_options({"problem_word": ["问题"]})
    assert error == OptionError("GK401", "problem_word", "unknown", suggestion="problem_words")
    assert "problem_word" in error.message and "problem_words" in error.message
    (error,) = rule.validate_options({"zzz": 1})
    assert error.kind == "unknown" and error.suggestion is None
    (error,) = registry().rules["GK201"].rule_class.validate_options({"anything": 1})
    assert error.kind == "unknown" and error.suggestion is None  # GK201 takes no option


@pytest.mark.parametrize(
    "value, found",
    [("问题", "str"), (["问题", 3], "list"), (1, "int"), (True, "bool"), ({"a": 1}, "table")],
)
def test_validate_options_reports_a_value_of_the_wrong_type(value, found):
    rule = registry().rules["GK401"].rule_class
    (error,) = rule.validate_options({"problem_words": value})
    assert (error.code, error.name, error.kind, error.expected, error.found) == (
        "GK401", "problem_words", "type", "list[str]", found)
    assert "list[str]" in error.message and found in error.message


def test_validate_options_checks_every_type():
    options = (
        Option("name", "str", "名称", default="a"),
        Option("count", "int", "个数", default=1),
        Option("ratio", "float", "比例", default=0.5),
        Option("strict", "bool", "严格", default=False),
        Option("phrases", "list[table]", "说法", default=[]),
        Option("mapping", "table", "对照", default={}),
    )
    good = {"name": "b", "count": 2, "ratio": 1, "strict": True, "phrases": [{"pattern": "x"}], "mapping": {"a": "b"}}
    assert validate_options("EX1", options, good) == []
    bad = {"name": 1, "count": True, "ratio": "1", "strict": 0, "phrases": ["x"], "mapping": []}
    assert [error.name for error in validate_options("EX1", options, bad)] == list(bad)


def test_an_option_is_declared_with_a_known_type_and_a_default_of_that_type():
    with pytest.raises(ValueError, match="unknown type"):
        Option("words", "list[int]", "词")
    with pytest.raises(ValueError, match="not of type list"):
        Option("words", "list[str]", "词", default="问题")
    assert Option("table", "str", "表").default is NO_DEFAULT


# ── gklint explain ───────────────────────────────────────────────────────────────────────
def test_explain_lists_the_options():
    output = run_gklint("explain", "GK403").stdout.decode("utf-8")
    assert "选项 options:" in output
    assert '  skip (list[str]) = ["problems"]（rules.toml）' in output
    assert "      不检查的章节键 — keys of the sections not checked" in output
    output = run_gklint("explain", "GK201").stdout.decode("utf-8")
    assert "选项 options:" not in output


def test_explain_prints_the_english_summary_once():
    rules = built_in_rules()
    for code in ("GK000", "GK201", "GK303", "GK406", "GK504"):
        output = run_gklint("explain", code).stdout.decode("utf-8")
        assert output.count(rules[code].summary_en) == 1, code
        assert "## 检查什么" in output
