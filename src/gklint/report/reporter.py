"""The reporter interface: results arrive file by file, so that memory stays flat."""

from __future__ import annotations

from typing import ClassVar, TextIO

from gklint.check.result import LintResult
from gklint.records import Record, fresh


class ReportOptions(Record):
    color: bool = False
    lang: str = "zh"
    statistics: bool = False
    rules: dict = fresh(dict)  # code -> rule class, for metadata
    rule_plugins: dict = fresh(dict)  # code -> plugin name
    fixed: int = 0
    root: str = "."
    mode: str = "check"  # "check", "fix" or "diff"


class Reporter:
    """Base class of reporters; ``name`` is the ``--format`` value."""

    name: ClassVar[str] = ""

    def __init__(self, stream: TextIO, options: ReportOptions) -> None:
        self.stream = stream
        self.options = options

    def file(self, result: LintResult) -> None:
        """Called once per linted file, in input order."""

    def finish(self) -> None:
        """Called once after the last file."""
