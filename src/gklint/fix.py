"""Applying fixes: only the bytes of the fixed spans change, and the write is atomic.

Edits of all fixable findings are applied together, in source order; an edit overlapping
one already taken is skipped (and reported), and a further pass picks up what the first
could not take. The loader that read the file writes it back (text in its own encoding,
BOM and line endings; DOCX run by run), and the new bytes replace the file by rename of a
temporary file in the same folder, after checking that the file did not change meanwhile.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile

from gklint.finding import Edit, Finding
from gklint.records import Record

MAX_PASSES = 4


class FixError(Exception):
    """The fixed file could not be written; the original is intact."""


class FixPlan(Record):
    __slots__ = _fields = ("edits", "applied", "skipped")

    def __init__(self, edits: list[Edit] | None = None, applied: list[Finding] | None = None,
                 skipped: list[Finding] | None = None) -> None:
        self.edits = [] if edits is None else edits
        self.applied = [] if applied is None else applied
        self.skipped = [] if skipped is None else skipped


def plan(findings: list[Finding]) -> FixPlan:
    """Choose non-overlapping fixes, earliest first."""
    result = FixPlan()
    taken: list[tuple[int, int]] = []
    fixable = sorted((finding for finding in findings if finding.fix is not None),
                     key=lambda finding: (min(edit.start for edit in finding.fix.edits), finding.code))
    for finding in fixable:
        edits = finding.fix.edits
        if any(_overlaps(edit, start, end) for edit in edits for start, end in taken):
            result.skipped.append(finding)
            continue
        result.edits.extend(edits)
        result.applied.append(finding)
        taken.extend((edit.start, edit.end) for edit in edits)
    result.edits.sort(key=lambda edit: (edit.start, edit.end))
    return result


def _overlaps(edit: Edit, start: int, end: int) -> bool:
    if edit.start == edit.end or start == end:
        # Two insertions at one point would be ordered arbitrarily: treat as a conflict.
        return start <= edit.start <= end and edit.start <= end and start <= edit.end
    return edit.start < end and start < edit.end


def unified_diff(path: str, before: str, after: str) -> str:
    """A unified diff of two texts, with ``a/`` and ``b/`` prefixes that ``patch -p1`` and
    ``git apply`` take; a last line without a line ending is marked as diff(1) does."""
    name = path.replace("\\", "/").lstrip("/")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def write_atomic(path: str, data: bytes, expected: bytes) -> None:
    """Replace ``path`` by ``data`` if it still holds ``expected``; never half-write it.

    The new bytes go to a temporary file in the target's folder (a symbolic link is followed,
    so the link stays a link), are flushed to disk, get the original's permissions and then
    replace the target by an atomic rename. On any error the temporary file is removed and
    the original is left as it was.
    """
    path = os.path.realpath(path)
    try:
        with open(path, "rb") as handle:
            current = handle.read()
    except OSError as error:
        raise FixError(f"无法重新读取文件：{error.strerror or error}") from None
    if current != expected:
        raise FixError("文件在检查期间被修改，未写入修复，原文件保持不变")
    # No write bit at all is read-only too, also for root (for whom os.access always says yes).
    if not os.access(path, os.W_OK) or not os.stat(path).st_mode & 0o222:
        raise FixError("文件只读，未写入修复，原文件保持不变")
    folder = os.path.dirname(os.path.abspath(path))
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        descriptor, temporary = tempfile.mkstemp(prefix=".gklint-", suffix=".tmp", dir=folder)
    except OSError as error:
        raise FixError(f"无法在 {folder} 中创建临时文件（{error.strerror or error}），原文件保持不变") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except OSError as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise FixError(f"写入失败（{error.strerror or error}），原文件保持不变") from None
