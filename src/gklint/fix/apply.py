"""Applying every safe fix of a file, in up to ``MAX_PASSES`` passes, each pass verified.

Imported only by ``--fix`` and ``--diff`` (and the clients that offer fixes): a plain check
never pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from gklint.fix.plan import plan
from gklint.fix.verify import verify
from gklint.read.errors import LoadError
from gklint.check.result import LintResult
from gklint.records import Record

if TYPE_CHECKING:
    from gklint.check.engine import Linter
    from gklint.check.finding import Finding

# Fixes can uncover or make room for others (an overlapping edit skipped in one pass is taken
# in the next); four passes settle every case seen, and bound a fix that would undo itself.
MAX_PASSES = 4


class FixOutcome(Record):
    data: bytes  # the new bytes (the original ones when nothing could be fixed)
    applied: int = 0  # fixes applied
    skipped: int = 0  # fixes left out because they overlap others
    error: str | None = None  # why fixing stopped early
    before: str = ""  # the source text before and after, for --diff
    after: str = ""


def fix_bytes(linter: Linter, data: bytes, path: str, track_changes: bool = False,
              chosen: Callable[[Finding], bool] | None = None) -> FixOutcome:
    """Apply every safe fix, in up to MAX_PASSES passes, and check the result.

    ``chosen``: apply only the fixes of the findings it accepts, in one pass (an editor's
    quick fix for one diagnostic); by default every fix.

    Each pass re-reads the current bytes, plans non-overlapping edits and lets the file's
    loader write them back. A pass is refused (the bytes of the previous pass stand) when
    the loader cannot write the file back byte for byte without edits (an encoding that
    does not round-trip), or when the written file does not read back as the edited text in
    the same encoding.

    ``track_changes``: a Word document's fixes are written as tracked revisions
    (``gklint.fix.tracked``), which the loader reads back as the edited text; other files
    are fixed as without it.
    """
    outcome = FixOutcome(data)
    date = None
    for number in range(MAX_PASSES):
        try:
            raw, loader = linter.load(path, outcome.data)
        except LoadError as error:
            outcome.error = _say(linter, error.message, error.message_en)
            return outcome
        if number == 0:
            outcome.before = outcome.after = raw.source.text
        findings, _ = linter.check(linter.build(raw))
        if chosen is not None:
            findings = [finding for finding in findings if chosen(finding)]
        fix_plan = plan(findings)
        outcome.skipped = len(fix_plan.skipped)
        if not fix_plan.edits:
            break
        if not getattr(loader, "fixable", True):
            outcome.error = _say(linter, f"{loader.name or '此'} 格式不支持自动修复", f"the {loader.name or 'file'} format cannot be fixed automatically")
            return outcome
        edits = [edit.as_tuple() for edit in fix_plan.edits]
        try:
            if loader.write(raw, []) != outcome.data:
                outcome.error = _say(linter, f"文件无法按原编码（{raw.source.encoding}）逐字节写回，未修复",
                                     f"the file cannot be written back byte for byte in its encoding ({raw.source.encoding}), not fixed")
                return outcome
            if track_changes and _is_word(raw):
                from gklint.fix.tracked import revision_date, write_tracked

                date = date or revision_date()  # one date for all the passes of a file
                new_bytes = write_tracked(raw, edits, date)
            else:
                new_bytes = loader.write(raw, edits)
        except Exception as error:  # a loader that cannot write must not lose the file
            outcome.error = _say(linter, f"无法应用修复：{type(error).__name__}: {error}", f"cannot apply the fixes: {type(error).__name__}: {error}")
            return outcome
        if new_bytes == outcome.data:
            break
        problem, after = verify(linter, loader, raw, edits, new_bytes, path)
        if problem:
            outcome.error = _say(linter, f"修复结果校验失败（{problem}），未写入该处修复", f"the fixed file failed verification ({problem}); those fixes were not written")
            return outcome
        outcome.applied += len(fix_plan.applied)
        outcome.data = new_bytes
        outcome.after = after
        if not fix_plan.skipped or chosen is not None:
            break
    return outcome


def fix_file(linter: Linter, result: LintResult, path: str | None, diff_only: bool = False,
             track_changes: bool = False) -> LintResult:
    """Fix the file ``result`` was linted from and return what remains in it.

    ``path``: the file to write the fixed bytes to (``None`` for stdin: the fixed bytes come
    back in ``fixed_bytes``). With ``diff_only`` nothing is written: ``result.diff`` gets the
    fixes as a unified diff.
    """
    original = result.original_bytes
    assert original is not None
    display = result.path
    outcome = fix_bytes(linter, original, display, track_changes=track_changes)
    notes = [*result.notes]
    if outcome.error:
        notes.append(outcome.error)
    if outcome.skipped:
        notes.append(_say(linter, f"{outcome.skipped} 处修复与其他修复重叠，已跳过",
                          f"{outcome.skipped} {'fix overlaps' if outcome.skipped == 1 else 'fixes overlap'} others, skipped"))
    result.original_bytes = None
    if diff_only:
        if outcome.data != original:
            from gklint.fix.diff import unified_diff

            result.diff = unified_diff(display, outcome.before, outcome.after)
        result.notes = notes
        return result
    if outcome.data == original:
        result.notes = notes
        return result
    if path is not None:
        from gklint.fix.write import FixError, write_atomic

        try:
            write_atomic(path, outcome.data, original)
        except FixError as failure:
            result.notes = [*notes, _say(linter, f"未能写入修复（{failure}），原文件保持不变",
                                         f"fixes not written ({failure.message_en}); the file is unchanged")]
            return result
    fixed = linter.lint_bytes(outcome.data, display)
    fixed.fixed = outcome.applied
    fixed.notes = [note for note in notes if note not in result.notes] + list(fixed.notes)
    fixed.original_bytes = None
    fixed.fixed_bytes = outcome.data if path is None else None
    return fixed


def _is_word(raw) -> bool:
    from gklint.read.loaders.docx import DocxState

    return isinstance(raw.writer_state, DocxState)


def _say(linter: Linter, chinese: str, english: str) -> str:
    """A note in the run's language."""
    return english if linter.config.lang == "en" else chinese
