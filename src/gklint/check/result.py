"""What linting one file gives (a leaf module: reporters, the fixer and the runner read it)."""

from __future__ import annotations

from typing import Any

from gklint.check.finding import Finding
from gklint.read.source import SourceText
from gklint.records import Record


class LintResult(Record):
    """What one file gave: its findings (sorted), and what reporters and fixers need.

    ``supplement``: findings of cross-file rules (GK406) about a file already reported, not
    another file. ``skipped``: the file is not an annual report (see ``gklint.check.reports``)
    and was not checked.
    """

    _fields = (
        "path", "findings", "source", "unreadable", "fixed", "facts", "fixed_bytes", "original_bytes", "notes",
        "supplement", "diff", "skipped",
    )

    def __init__(
        self,
        path: str,
        findings: list[Finding],
        source: SourceText | None = None,
        unreadable: bool = False,
        fixed: int = 0,
        facts: dict[str, Any] | None = None,
        fixed_bytes: bytes | None = None,
        original_bytes: bytes | None = None,
        notes: list[str] | None = None,
        supplement: bool = False,
        diff: str = "",
        skipped: bool = False,
    ) -> None:
        self.path = path
        self.findings = findings
        self.source = source
        self.unreadable = unreadable
        self.fixed = fixed
        self.facts = {} if facts is None else facts
        self.fixed_bytes = fixed_bytes
        self.original_bytes = original_bytes
        self.notes = [] if notes is None else notes
        self.supplement = supplement
        self.diff = diff  # --diff: the file's fixes as a unified diff
        self.skipped = skipped
