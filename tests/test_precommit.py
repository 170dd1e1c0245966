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


def test_pre_commit_hooks_check_fix_and_pass(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit")
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_AUTHOR_NAME": "gklint tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_NAME": "gklint tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "PYTHONIOENCODING": "utf-8",
    }
    for name in ("PYTHONPATH", "VIRTUAL_ENV", "PRE_COMMIT", "NO_COLOR"):
        env.pop(name, None)
    hooks_repo = tmp_path / "gklint-checkout"
    snapshot(hooks_repo, env)

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

    def try_repo(hook: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(hooks_repo), hook, "--files", "report.txt", "--color", "never"],
            cwd=project, env=env, capture_output=True, timeout=900,
        )

    check = try_repo("gklint")
    output = check.stdout.decode("utf-8", "replace")
    assert check.returncode == 1, output + check.stderr.decode("utf-8", "replace")
    assert "Failed" in output and "GK201" in output and "其他法律法规禁止公开" in output
    assert report.read_bytes() == broken

    fixed = try_repo("gklint-fix")
    output = fixed.stdout.decode("utf-8", "replace")
    assert fixed.returncode == 1, output
    assert "files were modified by this hook" in output
    assert report.read_bytes() == clean

    again = try_repo("gklint")
    output = again.stdout.decode("utf-8", "replace")
    assert again.returncode == 0, output
    assert "Passed" in output
