"""The plugin contract, in-process: hooks called through pluggy, a failing plugin skipped, one
precedence rule (a later registration wins, with one notice) for rules, loaders, reporters and
templates, loaders known by what they declare, and GK000 made by its rule.

The same contract through a real installed plugin is in ``test_installed_plugin.py``.
"""

from __future__ import annotations

import re
import types
from pathlib import Path

from conftest import ROOT, found

from gklint import LoadError, Loader, Message, Reporter, Rule, hookimpl, lazy_loader, lazy_reporter
from gklint.check.engine import Linter
from gklint.config import Config
from gklint.read.loaders.text import TextLoader
from gklint.registry import MESSAGES, build_registry

REPORT_TITLE = "青山县2021年政府信息公开工作年度报告\n\n"


def plugin(name: str, **hooks) -> types.ModuleType:
    """A plugin module named ``name`` whose hooks return what ``hooks`` give."""
    namespace = types.ModuleType(name)
    for hook_name, answer in hooks.items():
        def implementation(answer=answer):
            if isinstance(answer, Exception):
                raise answer
            return answer
        implementation.__name__ = f"gklint_{hook_name}"
        setattr(namespace, f"gklint_{hook_name}", hookimpl(implementation))
    return namespace


def registry_with(*plugins):
    return build_registry(load_entry_points=False, extra_plugins=plugins)


# ── calling ──────────────────────────────────────────────────────────────────────────────
class ExtraRule(Rule):
    """An extra rule."""

    code = "XT101"
    name = "extra"

    def check(self, document, context):
        return ()


def test_a_failing_hook_is_reported_and_the_other_plugins_answers_stand():
    registry = registry_with(
        plugin("broken_rules", rules=RuntimeError("no rules today")),
        plugin("good_rules", rules=[ExtraRule]),
    )
    assert registry.errors == ["插件 broken_rules 的钩子 gklint_rules 出错，已跳过：RuntimeError: no rules today"]
    assert "XT101" in registry.rules and "GK101" in registry.rules  # after it, and before it
    assert registry.notices == []


def test_answers_that_are_not_what_the_hook_asks_for_are_reported_and_skipped():
    class Nameless(Reporter):
        pass

    registry = registry_with(
        plugin("odd", rules=42, loaders=[object()], reporters=[Nameless]),
        plugin("good_rules", rules=[ExtraRule]),
    )
    assert len(registry.errors) == 3
    assert registry.errors[0] == "插件 odd 的钩子 gklint_rules 出错，已跳过：TypeError: 'int' object is not iterable"
    assert registry.errors[1].startswith("插件 odd 提供的加载器 <object object at")
    assert registry.errors[1].endswith("没有 suffixes，已跳过")
    assert registry.errors[2].startswith("插件 odd 提供的报告格式 <class ") and registry.errors[2].endswith("没有 name，已跳过")
    assert "XT101" in registry.rules and "GK101" in registry.rules


def test_hooks_are_called_through_pluggys_hook_caller():
    """A wrapper sees every plugin's call, as it only can when pluggy's caller makes it."""
    seen = []

    class Wrapper:
        @hookimpl(wrapper=True)
        def gklint_rules(self):
            answers = yield
            seen.append([rule.code for answer in answers for rule in answer or ()][:1])
            return answers

    registry = registry_with(Wrapper(), plugin("good_rules", rules=[ExtraRule]))
    assert seen == [["GK000"], ["XT101"]]  # the built-in plugin's call, then the other one's
    assert "XT101" in registry.rules


# ── precedence ───────────────────────────────────────────────────────────────────────────
class OtherMissingSection(Rule):
    """A replacement of GK101."""

    code = "GK101"
    name = "other-missing-section"

    def check(self, document, context):
        return ()


def test_a_later_rule_replaces_an_earlier_one_with_one_notice():
    registry = registry_with(plugin("my_rules", rules=[OtherMissingSection]))
    assert registry.rules["GK101"].rule_class is OtherMissingSection
    assert registry.rules["GK101"].provider.name == "my_rules"
    assert registry.notices == ["插件 my_rules 的规则 GK101 替换了 gklint 的同名规则"]
    later = registry_with(plugin("my_rules", rules=[OtherMissingSection]), plugin("later_rules", rules=[ExtraRule, ExtraRule]))
    assert later.notices == ["插件 my_rules 的规则 GK101 替换了 gklint 的同名规则",
                             "插件 later_rules 的规则 XT101 替换了 later_rules 的同名规则"]


class ShoutingTextLoader(TextLoader):
    """Reads .txt files and notes that it did."""

    name = "shouting"
    suffixes = (".txt",)

    def load(self, path, data):
        raw = super().load(path, data)
        raw.notes.append("read by the shouting loader")
        return raw


def test_a_later_loader_takes_the_suffixes_it_claims_with_one_notice():
    registry = registry_with(plugin("my_loaders", loaders=[ShoutingTextLoader()]))
    assert type(registry.loader_for("r.txt")) is ShoutingTextLoader
    assert type(registry.loader_for("r.md")) is TextLoader  # the built-in keeps its other suffixes
    assert registry.notices == ["插件 my_loaders 的加载器 shouting 替换了 gklint 的加载器 text（.txt）"]
    result = Linter(Config(), registry=registry).lint_bytes((REPORT_TITLE + "正文。\n").encode(), "r.txt")
    assert result.notes == ["read by the shouting loader"]


class QuietReporter(Reporter):
    name = "text"


def test_a_later_reporter_replaces_the_one_of_its_name_with_one_notice():
    registry = registry_with(plugin("my_reporters", reporters=[QuietReporter]))
    assert registry.reporter_class("text") is QuietReporter
    assert registry.reporter_class("json").__name__ == "JsonReporter"
    assert registry.notices == ["插件 my_reporters 的报告格式 text 替换了 gklint 的同名报告格式"]


def test_lazily_registered_items_follow_the_same_rule():
    registry = registry_with(plugin(
        "lazy_things",
        loaders=[lazy_loader("gklint.read.loaders.html:HtmlLoader", name="html", suffixes=(".html", ".htm"), markup="html")],
        reporters=[lazy_reporter("gklint.report.reporters.json:JsonReporter", name="json")],
    ))
    assert registry.notices == [
        "插件 lazy_things 的加载器 html 替换了 gklint 的加载器 html（.html、.htm）",
        "插件 lazy_things 的报告格式 json 替换了 gklint 的同名报告格式",
    ]
    assert [plugin_name for _, plugin_name in registry.loaders][-1] == "lazy_things"


def test_a_later_template_file_rewrites_a_format_with_one_notice(tmp_path: Path):
    first = tmp_path / "first.toml"
    first.write_text('[formats.2021]\nname = "地方版"\n', encoding="utf-8")
    second = tmp_path / "second.toml"
    second.write_text('[formats.2021]\nname = "再改版"\n', encoding="utf-8")
    registry = registry_with(plugin("local_a", templates=[str(first)]), plugin("local_b", templates=[second]))
    assert registry.template_files == [str(first), str(second)]  # merged in this order: the later wins
    assert registry.notices == [
        f"插件 local_a 的模板文件 {first} 改写了 gklint 的格式 2021",
        f"插件 local_b 的模板文件 {second} 改写了 local_a 的格式 2021",
    ]
    linter = Linter(Config(), registry=registry)
    assert linter.templates.get("2021").name == "再改版"


def test_the_messages_live_in_one_table():
    source = (ROOT / "src" / "gklint" / "registry.py").read_text(encoding="utf-8")
    for template in MESSAGES.values():
        assert source.count(template) == 1


# ── loaders declare what they are ────────────────────────────────────────────────────────
class PlainNamedText(TextLoader):
    """The built-in text loader under another name: the same declarations, the same results."""

    name = "plain"
    suffixes = (".plain",)


class TextWithoutMarkdown(TextLoader):
    """Named ``text`` but declaring no markup: the name decides nothing."""

    name = "text"
    suffixes = (".nomd",)
    markup = None


def test_typography_masks_markup_by_the_loaders_declaration_not_its_name():
    registry = registry_with(plugin("declared", loaders=[PlainNamedText(), TextWithoutMarkdown()]))
    linter = Linter(Config(select=["GK501"]), registry=registry)
    text = (REPORT_TITLE + "请运行`中,文`命令，然后说中,文。\n").encode()
    # Markdown: the code span is masked, the comma in prose is found.
    assert [f.column for f in linter.lint_bytes(text, "r.plain").findings] == [16]
    # No markup declared: the comma in the code span is prose too (the first is reported).
    assert [f.column for f in linter.lint_bytes(text, "r.nomd").findings] == [6]


def test_fix_verification_escapes_replacements_as_the_loader_declares():
    from gklint.fix.verify import verify
    from gklint.read.loaders.html import HtmlLoader

    page = "<html><body><p>甲&amp;乙</p></body></html>".encode()
    registry = build_registry(load_entry_points=False)
    linter = Linter(Config(), registry=registry)
    loader = HtmlLoader()
    raw = loader.load("p.html", page)
    start = raw.source.text.index("乙")
    edits = [(start, start + 1, "丙<丁")]
    new_bytes = loader.write(raw, edits)
    assert b"\xe4\xb8\x99&lt;\xe4\xb8\x81" in new_bytes
    assert verify(linter, loader, raw, edits, new_bytes, "p.html")[0] is None
    assert loader.escape_replacement("a<b&c") == "a&lt;b&amp;c" and Loader().escape_replacement("a<b") == "a<b"

    class Careless(HtmlLoader):
        def escape_replacement(self, text):
            return text  # declares no escaping, although write escapes

    problem, _ = verify(linter, Careless(), raw, edits, new_bytes, "p.html")
    assert problem == "写回的文字与预期不一致"


def test_no_code_outside_the_loaders_compares_a_loaders_name():
    # A line that speaks of a loader and compares with a string, or reads the loader's name
    # off a document (the old ``getattr(loader, "name", "") == "html"``, ``loader == "text"``).
    comparison = re.compile(r"""[!=]=\s*["']|["']\s*[!=]=""")
    name_read = re.compile(r"""\braw\.loader\b|loader\.name\s*[!=]=""")
    offenders = []
    for folder in ("check", "fix", "cli", "report"):
        for path in sorted((ROOT / "src" / "gklint" / folder).rglob("*.py")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if ("loader" in line and comparison.search(line)) or name_read.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


# ── GK000 ────────────────────────────────────────────────────────────────────────────────
class RefusingLoader(Loader):
    name = "refusing"
    suffixes = (".nope",)

    def load(self, path, data):
        raise LoadError("这个格式读不了", "this format cannot be read")


def test_a_plugin_loaders_error_is_a_gk000_finding_like_a_built_in_ones(tmp_path: Path):
    registry = registry_with(plugin("refusing", loaders=[RefusingLoader()]))
    result = Linter(Config(select=["GK1"]), registry=registry).lint_bytes(b"anything", "r.nope")
    assert result.unreadable
    assert [(f.code, f.name, f.severity, f.message, f.line, f.column) for f in result.findings] == [
        ("GK000", "unreadable-file", "error", "这个格式读不了", 1, 1)]
    english = Linter(Config(lang="en"), registry=registry).lint_bytes(b"anything", "r.nope")
    assert [f.message for f in english.findings] == ["this format cannot be read"]
    empty = Linter(Config(), registry=registry).lint_bytes(b"", "r.txt")
    assert found(empty, "GK000") == [(1, "文件为空")]
    missing = Linter(Config(), registry=registry).lint_path(str(tmp_path / "missing.txt"))
    assert found(missing, "GK000") == [(1, "无法读取文件：文件不存在")]


class PoliteUnreadable(Rule):
    """GK000, reworded by a plugin."""

    code = "GK000"
    name = "unreadable-file"
    severity = "warning"
    messages = {"sorry": Message(zh="抱歉：{reason}", en="sorry: {reason_en}")}

    def check(self, document, context):
        return ()

    def unreadable(self, error, context):
        from gklint.read.source import Span

        return self.finding(context, Span(0, 0), "sorry", reason=error.message, reason_en=error.message_en)


def test_the_gk000_rule_makes_the_finding_so_a_plugin_can_replace_it():
    registry = registry_with(plugin("polite", rules=[PoliteUnreadable]))
    result = Linter(Config(), registry=registry).lint_bytes(b"", "r.txt")
    assert [(f.code, f.severity, f.message) for f in result.findings] == [("GK000", "warning", "抱歉：文件为空")]


def test_sarif_writes_replacements_as_the_files_loader_declares():
    import io
    import json

    from gklint.check.finding import Edit, Finding, Fix
    from gklint.check.result import LintResult
    from gklint.read.source import Location, SourceText, Span
    from gklint.report.reporter import ReportOptions
    from gklint.report.reporters.sarif import SarifReporter

    from gklint.read.loaders.html import HtmlLoader

    class XhtmlLoader(HtmlLoader):
        name = "xhtml"
        suffixes = (".xhtml",)

    registry = registry_with(plugin("xhtml", loaders=[XhtmlLoader()]))

    def replacements(path: str):
        source = SourceText("<p>甲乙</p>\n", path=path, encoding="utf-8")
        finding = Finding(code="GK501", name="halfwidth-punctuation", severity="warning", message="m",
                          span=Span(3, 4), path=path, location=Location(1, 4, 1, 5), fix=Fix((Edit(3, 4, "丙<丁"),), "d"))
        stream = io.StringIO()
        reporter = SarifReporter(stream, ReportOptions(loader_for=registry.loader_for))
        reporter.file(LintResult(path, [finding], source=source))
        reporter.finish()
        fixes = json.loads(stream.getvalue())["runs"][0]["results"][0].get("fixes")
        return fixes and [r["insertedContent"]["text"] for r in fixes[0]["artifactChanges"][0]["replacements"]]

    assert replacements("p.html") == ["丙&lt;丁"]  # the HTML loader escapes what it writes
    assert replacements("p.xhtml") == ["丙&lt;丁"]  # so does a plugin's, whatever its suffix
    assert replacements("p.md") == ["丙<丁"]
    assert replacements("p.docx") is None  # the text is rendered from the file: no replacement addresses it


def test_warnings_and_notices_are_printed_once_per_process(monkeypatch, capsys):
    import gklint.registry as registry_module

    built = registry_with(plugin("broken_rules", rules=RuntimeError("no rules today")),
                          plugin("my_rules", rules=[OtherMissingSection]))
    monkeypatch.setattr(registry_module, "build_registry", lambda: built)
    monkeypatch.setattr(registry_module, "_REGISTRY", None)
    assert registry_module.get_registry() is built and registry_module.get_registry() is built
    assert capsys.readouterr().err.splitlines() == [
        "gklint: 警告：插件 broken_rules 的钩子 gklint_rules 出错，已跳过：RuntimeError: no rules today",
        "gklint: 提示：插件 my_rules 的规则 GK101 替换了 gklint 的同名规则",
    ]
