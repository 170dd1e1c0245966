"""Shared test helpers: lint a text in-process, run the installed command, find fixtures.

Like pytest's ``pytester``, these let a test (or a plugin author) lint a fragment of a
report and assert the exact findings.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gklint.config import Config
from gklint.check.engine import Linter
from gklint.check.result import LintResult
from gklint.registry import build_registry

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORTS = FIXTURES / "reports"
SHARED = ROOT.parent / "shared"

_REGISTRY = None


def registry():
    global _REGISTRY
    if _REGISTRY is None:
        _REGISTRY = build_registry()
    return _REGISTRY


def make_linter(**config) -> Linter:
    return Linter(Config(**config), registry=registry())


def lint_text(text: str, path: str = "report.txt", encoding: str = "utf-8", **config) -> LintResult:
    """Lint a report given as text (written in ``encoding``) and return the result."""
    return make_linter(**config).lint_bytes(text.encode(encoding), path)


def lint_file(path: Path | str, **config) -> LintResult:
    return make_linter(**config).lint_path(str(path))


def codes(result: LintResult) -> list[str]:
    return [finding.code for finding in result.findings]


def found(result: LintResult, code: str) -> list[tuple[int, str]]:
    """(line, message) of every finding with ``code``."""
    return [(finding.line, finding.message) for finding in result.findings if finding.code == code]


def clean_report(fmt: str) -> str:
    """A realistic report for a fictional agency, in the ``2019`` or ``2021`` format, that
    yields no finding at all."""
    return (REPORTS / f"clean-{fmt}.txt").read_text(encoding="utf-8")


def replace_line(text: str, old: str, new: str) -> str:
    """``text`` with the one occurrence of ``old`` replaced (the test fails if not exactly one)."""
    assert text.count(old) == 1, f"expected exactly one {old!r}"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first occurrence of ``needle``."""
    return text[: text.index(needle)].count("\n") + 1


def run_gklint(*args: str, cwd: Path | str | None = None, stdin: bytes | None = None, env: dict | None = None):
    """Run the installed command (``python -m gklint`` of this interpreter) as a user would."""
    full_env = dict(os.environ)
    full_env.setdefault("PYTHONIOENCODING", "utf-8")
    full_env.pop("NO_COLOR", None)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "gklint", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env=full_env,
        timeout=300,
    )


def soffice() -> str:
    """LibreOffice's ``soffice``, for the tests that drive it for real; they skip, saying
    why, only where it is not installed (``.ci/system-packages`` installs it in CI)."""
    import shutil

    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/system-packages installs it")
    return found


def shared_path(*parts: str) -> Path:
    """A path under ``../shared`` (CI has it); skips the test where it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is only present in CI and the developers' checkout)")
    return path
