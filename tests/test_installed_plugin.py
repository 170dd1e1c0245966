"""A real plugin, pip-installed into a fresh virtual environment, replaces in turn the built-in
loader for ``.txt``, the ``text`` reporter and a GK rule, each with one notice on stderr.

The environment is made without pip and sees this interpreter's packages (gklint's
dependencies, pip, hatchling) through a ``.pth`` file, so that nothing is downloaded; gklint
itself is installed into it from this checkout and the plugin from a folder the test writes,
both by pip, as a user would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, run_gklint

PLUGIN_PYPROJECT = """\
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "gklint-shadow-plugin"
version = "1.2.3"

[project.entry-points.gklint]
shadow = "gklint_shadow_plugin"

[tool.hatch.build.targets.wheel]
packages = ["gklint_shadow_plugin"]
"""

PLUGIN_MODULE = '''\
"""Replaces the built-in .txt loader, the text reporter and GK101."""

from gklint import Loader, Reporter, Rule, hookimpl


class ShadowTextLoader(Loader):
    name = "shadow-text"
    suffixes = (".txt",)
    markup = "markdown"

    def load(self, path, data):
        from gklint.read.loaders.text import TextLoader

        raw = TextLoader().load(path, data)
        raw.notes.append("read by the shadow loader")
        return raw


class ShadowTextReporter(Reporter):
    name = "text"

    def __init__(self, stream, options):
        super().__init__(stream, options)
        self.count = 0

    def file(self, result):
        self.count += len(result.findings)

    def finish(self):
        self.stream.write(f"shadow report: {self.count} findings\\n")


class NoMissingSections(Rule):
    """GK101, replaced: sections are never missing."""

    code = "GK101"
    name = "no-missing-section"
    severity = "error"

    def check(self, document, context):
        return ()


@hookimpl
def gklint_loaders():
    return [ShadowTextLoader()]


@hookimpl
def gklint_reporters():
    return [ShadowTextReporter]


@hookimpl
def gklint_rules():
    return [NoMissingSections]
'''

NOTICES = [
    "gklint: 提示：插件 gklint-shadow-plugin 1.2.3 的规则 GK101 替换了 gklint 的同名规则",
    "gklint: 提示：插件 gklint-shadow-plugin 1.2.3 的加载器 shadow-text 替换了 gklint 的加载器 text（.txt）",
    "gklint: 提示：插件 gklint-shadow-plugin 1.2.3 的报告格式 text 替换了 gklint 的同名报告格式",
]

# No section: the built-in GK101 reports the six missing; and a half-width comma (GK501).
REPORT = "青山县2021年政府信息公开工作年度报告\n\n全年收到申请37件,均已答复。\n"


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


@pytest.fixture(scope="module")
def plugin_venv(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("installed-plugin")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = _bin(venv, "python")
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True, timeout=60).stdout.strip()
    # This interpreter's packages, after the environment's own (whose gklint and plugin win).
    ours = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (Path(purelib) / "_test_parent_packages.pth").write_text(
        "".join(f"import site; site.addsitedir({folder!r})\n" for folder in ours), encoding="utf-8")
    plugin = base / "gklint-shadow-plugin"
    (plugin / "gklint_shadow_plugin").mkdir(parents=True)
    (plugin / "pyproject.toml").write_text(PLUGIN_PYPROJECT, encoding="utf-8")
    (plugin / "gklint_shadow_plugin" / "__init__.py").write_text(PLUGIN_MODULE, encoding="utf-8")
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         str(ROOT), str(plugin)],
        capture_output=True, text=True, timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    return venv


def _gklint(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "NO_COLOR")}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([str(_bin(venv, "gklint")), *args], cwd=cwd, env=env, capture_output=True, timeout=120)


def _notices(stderr: bytes) -> list[str]:
    return [line for line in stderr.decode("utf-8").splitlines() if line.startswith("gklint: 提示：")]


@pytest.mark.slow
def test_the_installed_plugin_replaces_the_txt_loader(plugin_venv: Path, tmp_path: Path):
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "r.md").write_text(REPORT, encoding="utf-8")
    result = _gklint(plugin_venv, "check", "--format", "json", "-j", "2", "r.txt", "r.md", cwd=tmp_path)
    stderr = result.stderr.decode("utf-8")
    assert "gklint: r.txt: read by the shadow loader" in stderr
    assert "r.md: read by the shadow loader" not in stderr  # the built-in keeps .md
    assert sorted(_notices(result.stderr)) == sorted(NOTICES)


@pytest.mark.slow
def test_the_installed_plugin_replaces_the_text_reporter(plugin_venv: Path, tmp_path: Path):
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    result = _gklint(plugin_venv, "check", "r.txt", cwd=tmp_path)
    assert result.stdout.decode("utf-8").startswith("shadow report: ")
    assert sorted(_notices(result.stderr)) == sorted(NOTICES)


@pytest.mark.slow
def test_the_installed_plugin_replaces_a_gk_rule(plugin_venv: Path, tmp_path: Path):
    (tmp_path / "r.txt").write_text(REPORT, encoding="utf-8")
    result = _gklint(plugin_venv, "check", "--format", "json", "--exit-zero", "r.txt", cwd=tmp_path)
    assert {finding["code"] for finding in json.loads(result.stdout)} == {"GK501"}
    without_plugin = run_gklint("check", "--format", "json", "--exit-zero", "r.txt", cwd=tmp_path)
    assert {finding["code"] for finding in json.loads(without_plugin.stdout)} == {"GK101", "GK501"}
    assert sorted(_notices(result.stderr)) == sorted(NOTICES)
    listing = _gklint(plugin_venv, "rules", "--format", "json", cwd=tmp_path)
    rows = {row["code"]: row for row in json.loads(listing.stdout)}
    assert (rows["GK101"]["name"], rows["GK101"]["plugin"], rows["GK101"]["plugin_version"]) == (
        "no-missing-section", "gklint-shadow-plugin", "1.2.3")
    assert rows["GK102"]["plugin"] == "gklint"
    text = _gklint(plugin_venv, "rules", cwd=tmp_path).stdout.decode("utf-8")
    assert any(line.startswith("GK101") and " gklint-shadow-plugin 1.2.3 " in line for line in text.splitlines())
