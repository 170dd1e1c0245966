"""One language per run: ``--lang`` governs everything gklint prints (issue 13).

The real command runs through a battery of situations — argument errors, missing, binary,
empty and legacy Word files, a bad configuration, bad template files, a fix that cannot be
written, every ``--help``, findings in text and JSON — and each output is checked for the
other language:

* with ``--lang en``, no Chinese character outside what gklint quotes (report text in
  「…」 or “…”, a path) and outside the one name every English text keeps,
  政府信息公开工作年度报告 (what the tool is for);
* in Chinese, no English sentence: no run of three English words outside option names,
  paths, rule codes and the quoted spans.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import run_gklint

FIXTURES = Path(__file__).parent / "fixtures"
CLEAN_REPORT = FIXTURES / "reports" / "clean-2021.txt"

# What gklint quotes is the user's text (report text, paths, names), in either language.
QUOTED = re.compile(r"「[^」\n]*」|“[^”\n]*”|‘[^’\n]*’|'[^'\n]*'|\"[^\"\n]*\"|《[^》\n]*》")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
# A file name or path as gklint prints it (``r.txt``, ``/tmp/x/r.txt``, ``x.toml:``).
PATHLIKE = re.compile(r"\S*[/\\]\S*|\S+\.(?:txt|md|toml|docx?|wps|html?|pdf|json|sarif)\b:?")
# Option names, rule codes, values and words that stay English in a Chinese text.
TECHNICAL = re.compile(r"--?[\w-]+|\bGK\d+\b|\b[A-Z_]{2,}\b|\b\w+=\S*")
ENGLISH_WORDS = re.compile(r"\b[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}\b")
# The document type is named in the English texts too (as the English description says).
KEPT_NAMES = ("政府信息公开工作年度报告",)


def chinese_outside_quotes(text: str, *paths: Path, report: str = "") -> list[str]:
    """The lines of ``text`` that hold Chinese outside quoted spans and the given paths.

    ``report``: the text of the files linted; a line of it that gklint shows (the excerpt
    under a finding, a line of a diff) is the user's text, not gklint's.
    """
    for path in paths:
        text = text.replace(str(path), "")
    lines = []
    for line in text.splitlines():
        if report and (line.strip() in report or line[1:].strip() in report):
            continue
        bare = QUOTED.sub("", line)
        for name in KEPT_NAMES:
            bare = bare.replace(name, "")
        if CJK.search(bare):
            lines.append(line)
    return lines


def english_sentences(text: str, *paths: Path) -> list[str]:
    """The lines of ``text`` that hold three English words in a row outside what gklint quotes
    and names (options, codes, paths)."""
    for path in paths:
        text = text.replace(str(path), "")
    lines = []
    for line in text.splitlines():
        bare = TECHNICAL.sub(" ", PATHLIKE.sub(" ", QUOTED.sub(" ", line)))
        if ENGLISH_WORDS.search(bare):
            lines.append(line)
    return lines


def output_of(result) -> str:
    return result.stdout.decode("utf-8") + result.stderr.decode("utf-8")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A folder holding one file for each situation."""
    folder = tmp_path_factory.mktemp("language")
    shutil.copy(CLEAN_REPORT, folder / "clean.txt")
    report = CLEAN_REPORT.read_text(encoding="utf-8")
    # A label typo (a finding with a fix) and a half-width comma (another).
    (folder / "findings.txt").write_text(report.replace("收到和处理政府信息公开申请情况", "收到和处里政府信息公开申请情况", 1)
                                         .replace("，", ",", 1), encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    (folder / "bad-key.toml").write_text('selct = ["GK1"]\n', encoding="utf-8")
    (folder / "bad-option.toml").write_text('[rules.GK403]\nskp = ["problems"]\n', encoding="utf-8")
    (folder / "gk399.toml").write_text(
        '[formats.2021]\nidentities = [{key = "balance", code = "GK399", table = "applications", block = "main", '
        'for_each = "column", left = ["new", "carried"], right = ["results_total", "carry_forward"]}]\n',
        encoding="utf-8",
    )
    (folder / "top-level.toml").write_text('[bogus]\nx = 1\n', encoding="utf-8")
    (folder / "gk399-config.toml").write_text(f'templates = ["{(folder / "gk399.toml").as_posix()}"]\n',
                                              encoding="utf-8")
    (folder / "top-level-config.toml").write_text(f'templates = ["{(folder / "top-level.toml").as_posix()}"]\n',
                                                  encoding="utf-8")
    return folder


SITUATIONS = {
    "bad option": ("check", "--bogus", "x.txt"),
    "bad option value": ("check", "--fail-on", "never", "clean.txt"),
    "bad jobs": ("check", "-j", "0", "clean.txt"),
    "unknown command": ("rule",),
    "unknown command, no match": ("zzzzzz",),
    "missing file": ("check", "missing.txt"),
    "binary file": ("check", "binary.txt"),
    "empty file": ("check", "empty.txt"),
    "legacy Word": ("check", "old.doc"),
    "track changes without fix": ("check", "--track-changes", "clean.txt"),
    "annotate with diff": ("check", "--annotate", "--diff", "clean.txt"),
    "bad config key": ("check", "--config", "bad-key.toml", "clean.txt"),
    "bad rule option": ("check", "--config", "bad-option.toml", "clean.txt"),
    "bad select": ("check", "--select", "GK9", "clean.txt"),
    "identity of no rule": ("check", "--config", "gk399-config.toml", "clean.txt"),
    "unknown top-level key": ("check", "--config", "top-level-config.toml", "clean.txt"),
    "output is input": ("check", "clean.txt", "-o", "clean.txt"),
    "findings, text": ("check", "--no-color", "findings.txt", "clean.txt"),
    "findings, statistics": ("check", "--no-color", "--statistics", "findings.txt"),
    "findings, json": ("check", "--format", "json", "findings.txt"),
    "diff": ("check", "--diff", "findings.txt"),
    "dump": ("dump", "--format", "text", "missing.txt"),
    "explain an unknown rule": ("explain", "GK999"),
    "help": ("--help",),
    "check help": ("check", "--help"),
    "rules help": ("rules", "--help"),
    "explain help": ("explain", "--help"),
    "dump help": ("dump", "--help"),
}


# What a few English runs must say (the checks above could pass on an empty output).
EXPECTED_EN = {
    "identity of no rule": "formats.2021.identities[0].code: no rule has the code GK399, so this identity would never be checked",
    "unknown top-level key": "unknown top-level key 'bogus'",
    "missing file": "No such file or directory",
    "empty file": "the file is empty",
    "help": "commands:\n  check ",
}

EXPECTED_ZH = {
    "identity of no rule": "formats.2021.identities[0].code: 没有代码为 GK399 的规则，此恒等式不会被检查",
    "help": "命令：\n  check ",  # a full-width colon, and the heading once
    "check help": "\n选项：\n",
}

def _with_language(arguments: tuple[str, ...], lang: str) -> tuple[str, ...]:
    return ("--lang", lang, *arguments)


@pytest.mark.parametrize("situation", sorted(SITUATIONS))
def test_an_english_run_prints_no_chinese(workspace, situation):
    result = run_gklint(*_with_language(SITUATIONS[situation], "en"), cwd=workspace)
    output = output_of(result)
    assert output.strip(), situation
    if situation in EXPECTED_EN:
        assert EXPECTED_EN[situation] in output, output
    report = "".join(path.read_text(encoding="utf-8") for path in workspace.glob("*.txt") if path.name != "binary.txt")
    assert chinese_outside_quotes(output, workspace, report=report) == [], situation


@pytest.mark.parametrize("situation", sorted(SITUATIONS))
def test_a_chinese_run_prints_no_english_sentence(workspace, situation):
    result = run_gklint(*_with_language(SITUATIONS[situation], "zh"), cwd=workspace)
    output = output_of(result)
    assert output.strip(), situation
    if situation in EXPECTED_ZH:
        assert EXPECTED_ZH[situation] in output, output
    assert english_sentences(output, workspace) == [], situation


def test_the_default_language_is_chinese_and_the_config_may_change_it(workspace, tmp_path):
    result = run_gklint("check", "--bogus", "x.txt", cwd=workspace)
    assert english_sentences(output_of(result), workspace) == []
    (tmp_path / "gklint.toml").write_text('lang = "en"\n', encoding="utf-8")
    (tmp_path / "r.txt").write_bytes(b"")
    result = run_gklint("check", "r.txt", cwd=tmp_path)
    assert "the file is empty" in output_of(result)
    assert chinese_outside_quotes(output_of(result), tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="no read-only mode bits on Windows")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_fix_that_cannot_be_written_says_so_in_the_runs_language(workspace, tmp_path, lang):
    shutil.copy(workspace / "findings.txt", tmp_path / "r.txt")
    (tmp_path / "r.txt").chmod(0o444)  # refused by its mode bits, for root too
    result = run_gklint("--lang", lang, "check", "--fix", "--no-color", "r.txt", cwd=tmp_path)
    output = output_of(result)
    assert result.returncode == 1
    assert (tmp_path / "r.txt").read_bytes() == (workspace / "findings.txt").read_bytes()
    if lang == "en":
        assert "fixes not written (the file is read-only)" in output
        report = (tmp_path / "r.txt").read_text(encoding="utf-8")
        assert chinese_outside_quotes(output, tmp_path, report=report) == []
    else:
        assert "未能写入修复" in output
        assert english_sentences(output, tmp_path) == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_plugin_whose_hook_raises_is_reported_in_the_runs_language(workspace, monkeypatch, capsys, lang):
    import types

    import gklint.registry as registry_module
    from gklint.cli.main import main
    from gklint.hookspecs import hookimpl

    broken = types.ModuleType("broken_rules")

    @hookimpl
    def gklint_rules():
        raise RuntimeError(42)  # (an exception's own words are the plugin's, in any language)

    broken.gklint_rules = gklint_rules
    build = registry_module.build_registry
    monkeypatch.setattr(registry_module, "build_registry", lambda: build(load_entry_points=False, extra_plugins=(broken,)))
    monkeypatch.setattr(registry_module, "_REGISTRY", None)
    monkeypatch.chdir(workspace)
    assert main(["--lang", lang, "check", "--no-color", "clean.txt"]) == 0
    error = capsys.readouterr().err
    if lang == "en":
        assert "gklint: warning: the hook gklint_rules of plugin broken_rules raised an error and was skipped: RuntimeError: 42" in error
        assert chinese_outside_quotes(error, workspace) == []
    else:
        assert "gklint: 警告：插件 broken_rules 的钩子 gklint_rules 出错，已跳过：RuntimeError: 42" in error
        assert english_sentences(error, workspace) == []


def test_template_errors_carry_both_languages(workspace):
    from gklint.check.engine import Linter
    from gklint.config import Config
    from gklint.formats.template import TemplateError

    for name in ("gk399.toml", "top-level.toml"):
        with pytest.raises(TemplateError) as caught:
            Linter(Config(extra_templates=[str(workspace / name)]))
        assert CJK.search(caught.value.text("zh")) and str(caught.value) == caught.value.text("zh")
        assert ("GK399" in str(caught.value)) == (name == "gk399.toml")
        assert chinese_outside_quotes(caught.value.text("en"), workspace) == []
        assert english_sentences(caught.value.text("zh"), workspace) == []


def test_every_template_error_is_raised_with_an_english_text():
    import ast

    source = (Path(__file__).parent.parent / "src" / "gklint" / "formats" / "template.py").read_text(encoding="utf-8")
    raised = [node.exc for node in ast.walk(ast.parse(source))
              if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
              and getattr(node.exc.func, "id", None) == "TemplateError"]
    assert len(raised) >= 40
    for call in raised:
        assert len(call.args) == 2, ast.unparse(call)
        english = ast.unparse(call.args[1])
        assert not CJK.search(QUOTED.sub("", english.replace("' → '", ""))), english


def test_the_rules_list_gives_each_summary_in_the_runs_language():
    from gklint.registry import build_registry

    rules = build_registry(load_entry_points=False).rules
    for lang in ("en", "zh"):
        lines = run_gklint("--lang", lang, "rules").stdout.decode("utf-8").splitlines()
        for line in lines:
            rule = rules[line.split()[0]].rule_class
            # (an English summary may name a label of the report, such as 总计)
            assert line.endswith(rule.summary_en if lang == "en" else rule.summary), line
