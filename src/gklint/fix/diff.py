"""``--diff``: the fixes of a file as a unified diff."""

from __future__ import annotations

import difflib


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
