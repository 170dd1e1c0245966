"""What the server asks of gklint for one document: its findings, and the edits of its fixes.

The document is linted as ``gklint check`` lints a file: its text (the editor's, saved or
not) as UTF-8 bytes, through the same loaders, rules and engine. Fixes go through the fix
stage of ``--fix`` (``gklint.fix.apply.fix_bytes``: plan, the loader's write-back, the
verification); the edits sent to the editor are the difference between the document and the
text ``--fix`` would write. Nothing here knows LSP.
"""

from __future__ import annotations

import difflib

from gklint.check.engine import Linter
from gklint.check.finding import Finding
from gklint.check.result import LintResult

BOM = "\ufeff"

# A text edit: replace text[start:end] (code points) by new_text.
TextEdit = tuple[int, int, str]


def source_bytes(text: str) -> bytes:
    # An editor holds text; gklint reads bytes, and reads UTF-8 first.
    return text.encode("utf-8", "surrogatepass")


def bom_shift(text: str) -> int:
    """How far gklint's offsets stand from the document's: a BOM at the start of the text
    is read as the file's encoding mark, not as a character."""
    return 1 if text.startswith(BOM) else 0


def check(linter: Linter, text: str, path: str) -> LintResult:
    """The findings of ``text`` read as the file ``path``."""
    return linter.lint_bytes(source_bytes(text), path)


def finding_key(finding: Finding) -> list:
    """What tells a finding from every other of its document (a diagnostic's ``data``)."""
    return [finding.code, finding.span.start, finding.span.end, finding.message_id]


def fix_edits(linter: Linter, text: str, path: str, key: list | None = None) -> tuple[list[TextEdit], str | None]:
    """The edits that fix ``text`` as ``--fix`` does: every fix (``key`` None), or only the
    fix of the finding ``key`` names; and why fixing stopped early, if it did."""
    from gklint.fix.apply import fix_bytes  # not at start-up: only fixes need it

    chosen = None if key is None else (lambda finding: finding_key(finding) == list(key))
    outcome = fix_bytes(linter, source_bytes(text), path, chosen=chosen)
    shift = bom_shift(text)
    edits = [(start + shift, end + shift, new) for start, end, new in text_edits(outcome.before, outcome.after)]
    return edits, outcome.error


def text_edits(before: str, after: str) -> list[TextEdit]:
    """Edits that turn ``before`` into ``after``: the changed lines, each block trimmed to the
    characters that differ (small edits keep the editor's cursor and undo steps in place)."""
    if before == after:
        return []
    old_lines, new_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    starts = [0]
    for line in old_lines:
        starts.append(starts[-1] + len(line))
    edits: list[TextEdit] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        old = "".join(old_lines[old_start:old_end])
        new = "".join(new_lines[new_start:new_end])
        head = _common_prefix(old, new)
        tail = _common_prefix(old[head:][::-1], new[head:][::-1])
        start = starts[old_start] + head
        edits.append((start, starts[old_start] + len(old) - tail, new[head:len(new) - tail]))
    return edits


def _common_prefix(first: str, second: str) -> int:
    length = min(len(first), len(second))
    index = 0
    while index < length and first[index] == second[index]:
        index += 1
    return index
