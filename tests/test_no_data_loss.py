"""``--fix`` never loses data: a read-only file, a file changed while gklint runs, a full disk.

In each case the original bytes stay as they were, no temporary file is left behind, and
gklint says why it did not write the fix (on stderr, exit code as for the findings left).
"""

from __future__ import annotations

import errno
import os
import stat

import pytest

import gklint.fix.apply
import gklint.fix.write
import gklint.cli.runner
from conftest import clean_report, make_linter
from gklint.cli.main import main

# Two fixable findings: a half-width comma in Chinese text (GK501), a label typo (GK201).
BROKEN = (
    clean_report("2021")
    .replace("围绕中心工作推进决策、执行", "围绕中心工作推进决策,执行", 1)
    .replace("（一）予以公开", "（一）予已公开", 1)
)


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(BROKEN.encode("utf-8"))
    result = make_linter().lint_path(str(path))
    assert any(finding.fixable for finding in result.findings), "the fixture must have a fixable finding"
    return path


def leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith(".gklint-") or name.endswith(".tmp"))


def test_fix_works_on_a_writable_file(report, capsys):
    """The control case: the same file, writable, is fixed."""
    main(["check", "--fix", "--no-color", str(report)])
    assert report.read_bytes() != BROKEN.encode("utf-8")
    assert "决策，执行" in report.read_text(encoding="utf-8")
    assert leftovers(report.parent) == []


def test_read_only_file_is_left_intact(report, capsys):
    original = report.read_bytes()
    report.chmod(0o444)
    try:
        code = main(["check", "--fix", "--no-color", str(report)])
        assert report.read_bytes() == original
        assert stat.S_IMODE(report.stat().st_mode) == 0o444
    finally:
        report.chmod(0o644)
    err = capsys.readouterr().err
    assert "只读" in err and "原文件保持不变" in err, err
    assert code == 1  # the findings are still there
    assert leftovers(report.parent) == []


def test_file_changed_while_linting_is_left_as_changed(report, monkeypatch, capsys):
    """Someone saves the file between gklint's read and its write: their bytes win."""
    theirs = (BROKEN + "\n（另一位编辑刚刚保存的修改）\n").encode("utf-8")
    real_fix_bytes = gklint.fix.apply.fix_bytes

    def fix_then_someone_saves(*args, **kwargs):
        outcome = real_fix_bytes(*args, **kwargs)
        report.write_bytes(theirs)
        return outcome

    monkeypatch.setattr(gklint.fix.apply, "fix_bytes", fix_then_someone_saves)
    main(["check", "--fix", "--no-color", str(report)])
    assert report.read_bytes() == theirs
    err = capsys.readouterr().err
    assert "被修改" in err and "原文件保持不变" in err, err
    assert leftovers(report.parent) == []


class _FullDisk:
    """A file object whose writes fail half-way with ENOSPC, like a full disk."""

    def __init__(self, handle):
        self._handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()
        return False

    def write(self, data):
        self._handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name):
        return getattr(self._handle, name)


def test_full_disk_leaves_the_original_and_no_temporary_file(report, monkeypatch, capsys):
    original = report.read_bytes()
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):
        return _FullDisk(real_fdopen(fd, *args, **kwargs))

    monkeypatch.setattr(gklint.fix.write.os, "fdopen", fdopen)
    main(["check", "--fix", "--no-color", str(report)])
    assert report.read_bytes() == original
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "原文件保持不变" in err, err
    assert leftovers(report.parent) == []


def test_failed_rename_leaves_the_original(report, monkeypatch, capsys):
    """The last step, the rename, fails (a file system that refuses it)."""
    original = report.read_bytes()

    def refuse(*args, **kwargs):
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(gklint.fix.write.os, "replace", refuse)
    main(["check", "--fix", "--no-color", str(report)])
    assert report.read_bytes() == original
    assert "原文件保持不变" in capsys.readouterr().err
    assert leftovers(report.parent) == []


def test_write_atomic_refuses_directly(tmp_path):
    """The same guarantees from ``write_atomic`` itself."""
    path = tmp_path / "r.txt"
    path.write_bytes(b"old")
    with pytest.raises(gklint.fix.write.FixError):
        gklint.fix.write.write_atomic(str(path), b"new", b"something else")
    assert path.read_bytes() == b"old"
    path.chmod(0o444)
    try:
        with pytest.raises(gklint.fix.write.FixError):
            gklint.fix.write.write_atomic(str(path), b"new", b"old")
        assert path.read_bytes() == b"old"
    finally:
        path.chmod(0o644)
    gklint.fix.write.write_atomic(str(path), b"new", b"old")
    assert path.read_bytes() == b"new"
    assert leftovers(tmp_path) == []
