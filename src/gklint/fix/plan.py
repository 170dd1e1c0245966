"""Choosing the fixes of one pass: the edits of all fixable findings, in source order; an edit
overlapping one already taken is skipped (and counted), and a further pass picks it up."""

from __future__ import annotations

from gklint.check.finding import Edit, Finding
from gklint.records import Record, fresh


class FixPlan(Record):
    edits: list[Edit] = fresh(list)
    applied: list[Finding] = fresh(list)
    skipped: list[Finding] = fresh(list)


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
