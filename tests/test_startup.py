"""Start-up stays cheap: linting a ``.txt`` file imports none of the heavy libraries.

pre-commit runs gklint on every commit, one small file at a time, so what ``gklint check
file.txt`` imports is its cost. The libraries of the other input and output formats are
imported only when a file or option needs them. (Real timings are in ``benchmarks/run.py``;
nothing here measures time.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from conftest import REPORTS, ROOT

# Never needed for a .txt file and the text reporter.
HEAVY = (
    "lxml",
    "docx",
    "pdfplumber",
    "pdfminer",
    "sarif_om",
    "attr",
    "charset_normalizer",
    "multiprocessing",
    "concurrent.futures.process",
)

SCRIPT = textwrap.dedent(
    """
    import json, sys
    from gklint.cli.main import main
    code = main(sys.argv[1:])
    sys.stdout.flush()
    print("\\n@@" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
    """
)


def run_and_list_modules(*args: str) -> tuple[int, set[str], str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONIOENCODING"] = "utf-8"
    process = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True, env=env, timeout=120)
    out = process.stdout.decode("utf-8")
    assert "@@" in out, process.stderr.decode("utf-8", "replace")
    data = json.loads(out.rsplit("@@", 1)[1])
    return data["code"], set(data["modules"]), process.stderr.decode("utf-8", "replace")


def loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(module.startswith(name + ".") for module in modules)


def test_linting_a_text_file_imports_nothing_heavy():
    code, modules, stderr = run_and_list_modules("check", "--no-color", str(REPORTS / "clean-2021.txt"))
    assert code in (0, 1), stderr
    heavy = [name for name in HEAVY if loaded(modules, name)]
    assert heavy == [], f"imported for a .txt file: {heavy}"


def test_entry_point_discovery_does_not_import_importlib_metadata_without_plugins():
    from gklint.registry import ENTRY_POINT_GROUP, _may_have_entry_points

    if _may_have_entry_points(ENTRY_POINT_GROUP):
        import pytest

        pytest.skip("a gklint plugin is installed: importlib.metadata is needed to load it")
    _, modules, _ = run_and_list_modules("check", "--no-color", str(REPORTS / "clean-2019.txt"))
    assert "importlib.metadata" not in modules


def test_other_formats_still_load_their_libraries(tmp_path):
    """The lazy imports happen when needed: an HTML file brings in its parser, SARIF its model."""
    page = tmp_path / "r.html"
    page.write_text("<html><body><h1>青山县2021年政府信息公开工作年度报告</h1><p>正文。</p></body></html>", encoding="utf-8")
    _, modules, stderr = run_and_list_modules("check", "--no-color", "--format", "sarif", str(page))
    assert loaded(modules, "sarif_om"), stderr


def test_the_fast_entry_point_scan_finds_an_installed_plugin(tmp_path):
    """``_may_have_entry_points`` must not miss a plugin: a distribution on the path that
    declares a ``[gklint]`` entry point is found and its plugin registered."""
    site = tmp_path / "site"
    (site / "gklint_fake_plugin-1.0.dist-info").mkdir(parents=True)
    (site / "gklint_fake_plugin-1.0.dist-info" / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: gklint-fake-plugin\nVersion: 1.0\n", encoding="utf-8")
    (site / "gklint_fake_plugin-1.0.dist-info" / "entry_points.txt").write_text(
        "[console_scripts]\nfake = gklint_fake_plugin:main\n\n[gklint]\nfake = gklint_fake_plugin\n", encoding="utf-8")
    (site / "gklint_fake_plugin.py").write_text(textwrap.dedent(
        """
        from gklint import hookimpl

        @hookimpl
        def gklint_templates():
            return []
        """), encoding="utf-8")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(site)])
    script = ("from gklint.registry import build_registry; r = build_registry(); "
              "print(r.manager.get_plugin('fake') is not None, r.errors)")
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, timeout=120)
    assert process.stdout.decode().startswith("True"), process.stdout.decode() + process.stderr.decode()


def test_lazy_builtin_loaders_and_reporters_describe_their_classes():
    """The built-in loaders and reporters are registered with ``lazy_loader`` and
    ``lazy_reporter`` (their modules are imported on first use), from declarations that must
    match the real classes."""
    from gklint.read.loader import LazyLoader, check_lazy
    from gklint.read.loaders import gklint_loaders
    from gklint.registry import build_registry
    from gklint.report.reporter import LazyReporter
    from gklint.report.reporters.builtin import gklint_reporters

    loaders = gklint_loaders()
    assert [type(loader) for loader in loaders] == [LazyLoader] * 5
    assert {loader.name: check_lazy(loader) for loader in loaders} == {name: [] for name in ("text", "html", "docx", "pdf", "legacy-word")}
    reporters = gklint_reporters()
    assert {type(reporter) for reporter in reporters} == {LazyReporter}
    assert [reporter.resolve().name for reporter in reporters] == [reporter.name for reporter in reporters]
    registry = build_registry(load_entry_points=False)
    assert type(registry.loader_for("a.txt")).__name__ == "TextLoader"
    assert registry.reporter_class("sarif").__name__ == "SarifReporter"


def test_check_lazy_names_a_declaration_that_differs_from_the_class():
    from gklint import lazy_loader
    from gklint.read.loader import check_lazy

    wrong = lazy_loader("gklint.read.loaders.html:HtmlLoader", name="html", suffixes=(".html",), markup=None)
    assert check_lazy(wrong) == ["suffixes: declared ('.html',), class has ('.html', '.htm')",
                                 "markup: declared None, class has 'html'"]


def test_a_text_run_imports_no_other_loader_or_reporter_module():
    _, modules, stderr = run_and_list_modules("check", "--no-color", str(REPORTS / "clean-2021.txt"))
    others = ["gklint.read.loaders.html", "gklint.read.loaders.docx", "gklint.read.loaders.pdf",
              "gklint.report.reporters.json", "gklint.report.reporters.sarif", "gklint.report.reporters.github"]
    assert [name for name in others if name in modules] == [], stderr


def test_the_toml_cache_is_used_only_while_the_file_is_unchanged(tmp_path, monkeypatch):
    from gklint.formats import toml_cache as cache

    monkeypatch.setenv("GKLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GKLINT_NO_CACHE", raising=False)
    path = tmp_path / "t.toml"
    path.write_text('a = 1\n[b]\nc = "读"\n', encoding="utf-8")
    os.utime(path, (1_600_000_000, 1_600_000_000))
    assert cache.read_toml(str(path)) == {"a": 1, "b": {"c": "读"}}
    assert len(os.listdir(tmp_path / "cache")) == 1
    parses = []
    monkeypatch.setattr(cache, "_parse", lambda p: parses.append(p) or {"parsed": True})
    assert cache.read_toml(str(path)) == {"a": 1, "b": {"c": "读"}} and parses == []  # from the cache
    path.write_text("a = 2\n", encoding="utf-8")
    os.utime(path, (1_600_000_100, 1_600_000_100))
    assert cache.read_toml(str(path)) == {"parsed": True} and len(parses) == 1  # changed: parsed again
    monkeypatch.setenv("GKLINT_NO_CACHE", "1")
    assert cache.read_toml(str(path)) == {"parsed": True} and len(parses) == 2


def test_a_plain_check_command_line_is_read_without_argparse():
    """``gklint check FILE`` with plain options (pre-commit's, an editor's) builds no argparse
    parser; help and a mistyped option still get argparse's (gklint.cli.plain_check)."""
    code, modules, stderr = run_and_list_modules("check", "--no-color", "--no-cache", "--format", "json",
                                                 str(REPORTS / "clean-2021.txt"))
    assert code == 0, stderr
    assert "argparse" not in modules and "gklint.cli.help_texts" not in modules
    code, modules, stderr = run_and_list_modules("check", "--no-colour", str(REPORTS / "clean-2021.txt"))
    assert code == 2 and "argparse" in modules and "无法识别的参数：--no-colour" in stderr
