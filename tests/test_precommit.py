"""The pre-commit hooks, run by the real ``pre-commit`` against a snapshot of this checkout.

``pre-commit try-repo`` clones the hook repository, so the test commits a snapshot of the
package files (the working tree, with whatever is not committed yet) to a temporary git
repository, then, in a second temporary repository holding a report, runs:

1. ``gklint`` on a report with a row-label typo: fails;
2. ``gklint-fix``: fixes the label, and pre-commit fails the hook because it changed a file;
3. ``gklint`` again: passes.

pre-commit pip-installs gklint and its dependencies from PyPI into a cache under a temporary
``PRE_COMMIT_HOME``, so the test needs the network and takes a minute or two.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPORTS, ROOT

PACKAGE_FILES = ("pyproject.toml", "README.md", "rules.toml", ".pre-commit-hooks.yaml")
TYPO = ("2.其他法律行政法规禁止公开", "2.其他法律法规禁止公开")


def git(*args: str, cwd: Path, env: dict) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def snapshot(target: Path, env: dict) -> None:
    target.mkdir()
    for name in PACKAGE_FILES:
        shutil.copyfile(ROOT / name, target / name)
    shutil.copytree(ROOT / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    git("init", "-q", cwd=target, env=env)
    git("add", "-A", cwd=target, env=env)
    git("commit", "-q", "-m", "snapshot", cwd=target, env=env)


@pytest.fixture(scope="module")
def hooks(tmp_path_factory) -> tuple[Path, dict]:
    """A snapshot of this checkout as a hook repository, and the environment to run
    pre-commit in (its cache shared by the tests of this module: one install)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit")
    base = tmp_path_factory.mktemp("pre-commit")
    home = base / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(base / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "gklint tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_NAME": "gklint tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "PYTHONIOENCODING": "utf-8",
    }
    for name in ("PYTHONPATH", "VIRTUAL_ENV", "PRE_COMMIT", "NO_COLOR"):
        env.pop(name, None)
    hooks_repo = base / "gklint-checkout"
    snapshot(hooks_repo, env)
    return hooks_repo, env


def try_repo(hooks_repo: Path, project: Path, env: dict, hook: str, *files: str) -> subprocess.CompletedProcess:
    selection = ["--files", *files] if files else ["--all-files"]
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hooks_repo), hook, *selection, "--color", "never"],
        cwd=project, env=env, capture_output=True, timeout=900,
    )


def test_pre_commit_hooks_check_fix_and_pass(hooks, tmp_path: Path) -> None:
    hooks_repo, env = hooks
    project = tmp_path / "project"
    project.mkdir()
    clean = (REPORTS / "clean-2021.txt").read_bytes()
    broken = clean.replace(TYPO[0].encode("utf-8"), TYPO[1].encode("utf-8"))
    assert broken != clean
    report = project / "report.txt"
    report.write_bytes(broken)
    git("init", "-q", cwd=project, env=env)
    git("add", "report.txt", cwd=project, env=env)
    git("commit", "-q", "-m", "report", cwd=project, env=env)  # tracked: pre-commit sees what a hook changed

    check = try_repo(hooks_repo, project, env, "gklint", "report.txt")
    output = check.stdout.decode("utf-8", "replace")
    assert check.returncode == 1, output + check.stderr.decode("utf-8", "replace")
    assert "Failed" in output and "GK201" in output and "其他法律法规禁止公开" in output
    assert report.read_bytes() == broken

    fixed = try_repo(hooks_repo, project, env, "gklint-fix", "report.txt")
    output = fixed.stdout.decode("utf-8", "replace")
    assert fixed.returncode == 1, output
    assert "files were modified by this hook" in output
    assert report.read_bytes() == clean

    again = try_repo(hooks_repo, project, env, "gklint", "report.txt")
    output = again.stdout.decode("utf-8", "replace")
    assert again.returncode == 0, output
    assert "Passed" in output


def test_pre_commit_hooks_pass_a_repository_whose_other_files_are_not_reports(hooks, tmp_path: Path) -> None:
    """README.md, CHANGELOG.md and notes are skipped (one line each), a clean report passes
    both hooks; a report with a label typo added fails both."""
    hooks_repo, env = hooks
    project = tmp_path / "reports"
    project.mkdir()
    (project / "README.md").write_text("# 本仓库\n\n存放本机关历年政府信息公开工作年度报告。\n", encoding="utf-8")
    (project / "CHANGELOG.md").write_text("# 更新记录\n\n- 2024-01-20：上传 2023 年度报告。\n", encoding="utf-8")
    (project / "notes.txt").write_text("待办：核对第三部分的数字。\n", encoding="utf-8")
    (project / "report-2023.txt").write_bytes((REPORTS / "clean-2021.txt").read_bytes())
    git("init", "-q", cwd=project, env=env)
    git("add", "-A", cwd=project, env=env)
    git("commit", "-q", "-m", "reports", cwd=project, env=env)
    for hook in ("gklint", "gklint-fix"):
        result = try_repo(hooks_repo, project, env, hook)
        output = result.stdout.decode("utf-8", "replace")
        assert result.returncode == 0, output
        assert "Passed" in output

    clean = (REPORTS / "clean-2021.txt").read_bytes()
    (project / "report-2024.txt").write_bytes(clean.replace(TYPO[0].encode("utf-8"), TYPO[1].encode("utf-8")))
    git("add", "-A", cwd=project, env=env)
    git("commit", "-q", "-m", "typo", cwd=project, env=env)
    check = try_repo(hooks_repo, project, env, "gklint")
    output = check.stdout.decode("utf-8", "replace")
    assert check.returncode == 1 and "GK201" in output and "report-2024.txt" in output, output
    fix = try_repo(hooks_repo, project, env, "gklint-fix")
    assert fix.returncode == 1, fix.stdout.decode("utf-8", "replace")
    assert "files were modified by this hook" in fix.stdout.decode("utf-8", "replace")
