"""Configuration discovery, select/ignore and their errors."""

from __future__ import annotations


import pytest
from conftest import REPORTS, run_gklint

from gklint.config import Config, ConfigError, find_config, load_config

BAD_REPORT = (REPORTS / "clean-2021.txt").read_text(encoding="utf-8").replace(
    "本年废止件数", "本年废止数").replace("2.其他法律行政法规禁止公开", "2.其他法律法规禁止公开")


@pytest.mark.parametrize("name, body", [
    ("gklint.toml", 'select = ["GK202"]\n'),
    (".gklint.toml", 'select = ["GK202"]\n'),
    ("pyproject.toml", '[project]\nname = "x"\n[tool.gklint]\nselect = ["GK202"]\n'),
])
def test_config_is_found_by_searching_upward(tmp_path, name, body):
    (tmp_path / name).write_text(body, encoding="utf-8")
    nested = tmp_path / "reports" / "2023"
    nested.mkdir(parents=True)
    (nested / "report.txt").write_text(BAD_REPORT, encoding="utf-8")
    assert find_config(nested) == tmp_path / name
    result = run_gklint("check", "--no-color", "report.txt", cwd=nested)
    output = result.stdout.decode()
    assert "GK202" in output and "GK201" not in output, output


def test_pyproject_without_a_gklint_table_is_not_a_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(tmp_path) is None or find_config(tmp_path).parent != tmp_path


def test_the_nearest_config_wins(tmp_path):
    (tmp_path / "gklint.toml").write_text('select = ["GK201"]\n', encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / ".gklint.toml").write_text('select = ["GK202"]\n', encoding="utf-8")
    assert find_config(inner) == inner / ".gklint.toml"


def test_select_and_ignore_by_code_and_prefix():
    config = Config(select=["GK2", "GK109"], ignore=["GK20"])
    assert [code for code in ("GK109", "GK101", "GK201", "GK202", "GK203") if config.is_selected(code)] == ["GK109"]
    narrower = Config(select=["GK201"], ignore=["GK2"])
    assert narrower.is_selected("GK201") and not narrower.is_selected("GK202")
    assert Config(ignore=["GK5"]).is_selected("GK401") and not Config(ignore=["GK5"]).is_selected("GK501")


def test_command_line_select_and_ignore(tmp_path):
    report = tmp_path / "report.txt"
    report.write_text(BAD_REPORT, encoding="utf-8")
    both = run_gklint("check", "--no-color", "--select", "GK201,GK202", str(report)).stdout.decode()
    assert "GK201" in both and "GK202" in both
    ignored = run_gklint("check", "--no-color", "--select", "GK2", "--ignore", "GK202", str(report)).stdout.decode()
    assert "GK201" in ignored and "GK202" not in ignored


def test_severity_and_rule_options_from_config(tmp_path):
    path = tmp_path / "gklint.toml"
    path.write_text('[severity]\nGK202 = "error"\n[rules.GK503]\nallow = ["人人"]\n', encoding="utf-8")
    config = load_config(path)
    assert config.severity == {"GK202": "error"} and config.rule_options["GK503"] == {"allow": ["人人"]}


@pytest.mark.parametrize("body, message", [
    ('colour = "red"\n', "未知的配置项 'colour'"),
    ('select = "GK2"\nlang = "fr"\n', "lang"),
    ('[severity]\nGK202 = "fatal"\n', "severity.GK202"),
    ('select = [1, 2]\n', "select"),
    ('templates = ["missing.toml"]\n', "templates 中的文件不存在：missing.toml"),
    ('select = [\n', "TOML 语法错误"),
])
def test_a_bad_config_is_a_clear_error_and_exit_code_2(tmp_path, body, message):
    (tmp_path / "gklint.toml").write_text(body, encoding="utf-8")
    (tmp_path / "report.txt").write_text(BAD_REPORT, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(tmp_path / "gklint.toml")
    assert message in str(error.value)
    result = run_gklint("check", "report.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr.decode()


@pytest.mark.parametrize("options, message", [
    ((), "规则 GK405 的设置中有无效的正则表达式 '([0-9'：unterminated character set at position 5"),
    (("--lang", "en"), "rule GK405's settings hold an invalid regular expression '([0-9': unterminated character set"),
    (("-j", "2", "--no-cache"), "规则 GK405 的设置中有无效的正则表达式 '([0-9'"),
])
def test_a_bad_pattern_in_a_rules_settings_is_a_clear_error_and_exit_code_2(tmp_path, options, message):
    # A rule's patterns are compiled when a report first needs them, in a worker under -j:
    # a bad one still ends the run with the configuration error, in the run's language.
    (tmp_path / "gklint.toml").write_text('[rules.GK405]\nshare = "([0-9"\n', encoding="utf-8")
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(BAD_REPORT, encoding="utf-8")
    result = run_gklint("check", *options, "a.txt", "b.txt", "c.txt", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_explicit_config_and_unknown_template_are_usage_errors(tmp_path):
    (tmp_path / "report.txt").write_text(BAD_REPORT, encoding="utf-8")
    missing = run_gklint("check", "--config", "nope.toml", "report.txt", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.toml" in missing.stderr.decode()
    template = run_gklint("check", "--template", "1999", "report.txt", cwd=tmp_path)
    assert template.returncode == 2 and "1999" in template.stderr.decode()
