"""The plugin as a user meets it: installed (its entry point), found by ``gklint`` on the
command line, its rule and its format variant in use. The rule's own cases are in
``tests/cases`` (``test_plugin_cases.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PLUGIN_SRC = Path(__file__).resolve().parents[1] / "src"

REPORT = """青山县交通运输局2023年政府信息公开工作年度报告（征求意见稿）

一、总体情况

全年新收政府信息公开申请37件【待核实】，均在法定期限内答复。

五、存在的主要问题及改进情况

下一步将完善制度。
"""


def _gklint(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gklint", *args], capture_output=True, env=env, text=True, encoding="utf-8")


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
    rules = _gklint("rules", env=env)
    assert rules.returncode == 0, rules.stderr
    line = next(line for line in rules.stdout.splitlines() if line.startswith("EX101"))
    assert "draft-mark" in line and " gklint-plugin-example 0.1.0 " in line  # the distribution, not the entry point
    explain = _gklint("explain", "EX101", env=env)
    assert explain.returncode == 0 and "extra_marks" in explain.stdout, explain.stdout + explain.stderr
    check = _gklint("check", "--select", "EX", "--no-color", str(report), env=env)
    assert check.returncode == 1
    assert f"{report}:1:27: EX101" in check.stdout or "report.txt:1:27: EX101" in check.stdout


def test_the_format_variant_comes_with_the_installed_plugin(tmp_path):
    from gklint.testing import base_report

    report = tmp_path / "report.txt"
    report.write_text(base_report("clean-2021").replace("\n五、存在的主要问题及改进情况\n", "\n五、存在的主要问题及改进措施\n"),
                      encoding="utf-8")
    plain = dict(os.environ, PYTHONIOENCODING="utf-8")
    without = _gklint("check", "--template", "qingshan-2021", "--no-color", str(report), env=plain)
    assert without.returncode == 2 and "qingshan-2021" in without.stderr
    national = _gklint("check", "--template", "2021", "--select", "GK203", "--no-color", str(report), env=plain)
    assert national.returncode == 1 and "GK203" in national.stdout
    site = _fake_install(tmp_path)
    installed = dict(plain, PYTHONPATH=os.pathsep.join([str(site), str(PLUGIN_SRC), os.environ.get("PYTHONPATH", "")]))
    variant = _gklint("check", "--template", "qingshan-2021", "--no-color", str(report), env=installed)
    assert variant.returncode == 0, variant.stdout + variant.stderr


def test_a_broken_plugin_is_reported_and_skipped(tmp_path):
    site = tmp_path / "site"
    dist_info = site / "broken-0.1.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken\nVersion: 0.1\n")
    (dist_info / "entry_points.txt").write_text("[gklint]\nbroken = no_such_module_anywhere\n")
    report = tmp_path / "report.txt"
    report.write_text(REPORT, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]), PYTHONIOENCODING="utf-8")
    check = _gklint("check", "--select", "GK101", "--no-color", str(report), env=env)
    assert "broken" in check.stderr and "已跳过" in check.stderr
    assert "GK101" in check.stdout  # the built-in rules still ran
