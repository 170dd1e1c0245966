"""EX101 through gklint's own engine, and the entry-point mechanism that finds the plugin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gklint.config import Config
from gklint.check.engine import Linter
from gklint.registry import build_registry

PLUGIN_SRC = Path(__file__).resolve().parents[1] / "src"
if str(PLUGIN_SRC) not in sys.path:  # tests run from a checkout without installing the plugin
    sys.path.insert(0, str(PLUGIN_SRC))

import gklint_plugin_example.plugin as plugin  # noqa: E402

REPORT = """青山县交通运输局2023年政府信息公开工作年度报告（征求意见稿）

一、总体情况

全年新收政府信息公开申请37件【待核实】，均在法定期限内答复。

五、存在的主要问题及改进情况

下一步将完善制度。
"""


def _lint(text: str):
    registry = build_registry(load_entry_points=False, extra_plugins=(plugin,))
    linter = Linter(Config(select=["EX"]), registry=registry)
    return linter.lint_bytes(text.encode("utf-8"), "report.txt")


def test_draft_marks_are_reported_where_they_stand():
    result = _lint(REPORT)
    assert [(f.code, f.line, f.column) for f in result.findings] == [("EX101", 1, 27), ("EX101", 5, 16)]
    assert "征求意见稿" in result.findings[0].message
    assert "【待核实】" in result.findings[1].message


def test_a_final_report_is_clean():
    clean = REPORT.replace("（征求意见稿）", "").replace("【待核实】", "")
    assert _lint(clean).findings == []


def _fake_install(tmp_path: Path) -> Path:
    """A distribution's metadata with the plugin's entry point, as pip would install it."""
    site = tmp_path / "site"
    dist_info = site / "gklint_plugin_example-0.1.0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: gklint-plugin-example\nVersion: 0.1.0\n")
    # The same declaration as [project.entry-points.gklint] in this plugin's pyproject.toml.
    (dist_info / "entry_points.txt").write_text("[gklint]\ndraft_marks = gklint_plugin_example.plugin\n")
    return site


def test_installed_plugin_is_found_through_its_entry_point(tmp_path):
    site = _fake_install(tmp_path)
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(PLUGIN_SRC), os.environ.get("PYTHONPATH", "")]),
               PYTHONIOENCODING="utf-8")
    rules = subprocess.run([sys.executable, "-m", "gklint", "rules"], capture_output=True, env=env, text=True, encoding="utf-8")
    assert rules.returncode == 0, rules.stderr
    line = next(line for line in rules.stdout.splitlines() if line.startswith("EX101"))
    assert "draft-mark" in line and " gklint-plugin-example 0.1.0 " in line  # the distribution, not the entry point
    check = subprocess.run([sys.executable, "-m", "gklint", "check", "--select", "EX", "--no-color", str(report)],
                           capture_output=True, env=env, text=True, encoding="utf-8")
    assert check.returncode == 1
    assert f"{report}:1:27: EX101" in check.stdout or "report.txt:1:27: EX101" in check.stdout


def test_a_broken_plugin_is_reported_and_skipped(tmp_path):
    site = tmp_path / "site"
    dist_info = site / "broken-0.1.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken\nVersion: 0.1\n")
    (dist_info / "entry_points.txt").write_text("[gklint]\nbroken = no_such_module_anywhere\n")
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]), PYTHONIOENCODING="utf-8")
    check = subprocess.run([sys.executable, "-m", "gklint", "check", "--select", "GK101", "--no-color", str(report)],
                           capture_output=True, env=env, text=True, encoding="utf-8")
    assert "broken" in check.stderr and "已跳过" in check.stderr
    assert "GK101" in check.stdout  # the built-in rules still ran
