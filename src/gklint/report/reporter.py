"""The reporter interface: results arrive file by file, so that memory stays flat."""

from __future__ import annotations

from typing import ClassVar, TextIO

from gklint.check.result import LintResult
from gklint.records import Record


class ReportOptions(Record):
    _fields = ("color", "lang", "statistics", "rules", "rule_plugins", "fixed", "root", "mode")

    def __init__(
        self,
        color: bool = False,
        lang: str = "zh",
        statistics: bool = False,
        rules: dict | None = None,
        rule_plugins: dict | None = None,
        fixed: int = 0,
        root: str = ".",
        mode: str = "check",
    ) -> None:
        self.color = color
        self.lang = lang
        self.statistics = statistics
        self.rules = {} if rules is None else rules  # code -> rule class, for metadata
        self.rule_plugins = {} if rule_plugins is None else rule_plugins  # code -> plugin name
        self.fixed = fixed
        self.root = root
        self.mode = mode  # "check", "fix" or "diff"


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
