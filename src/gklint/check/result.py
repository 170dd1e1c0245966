"""What linting one file gives (a leaf module: reporters, the fixer and the runner read it)."""

from __future__ import annotations

from gklint.check.finding import Finding
from gklint.read.source import SourceText
from gklint.records import Record, fresh

TYPE_CHECKING = False  # (not typing's: importing typing costs some 2 ms of start-up, see benchmarks/run.py)
if TYPE_CHECKING:
    from typing import Any


class LintResult(Record):
    """What one file gave: its findings (sorted), and what reporters and fixers need.

    ``supplement``: findings of cross-file rules (GK406) about a file already reported, not
    another file. ``skipped``: the file is not an annual report (see ``gklint.check.reports``)
    and was not checked. ``outline``: the report's sections and tables with the places of its
    findings (``gklint.check.outline.ReportOutline``), made only for a reporter that asks for
    it (``Reporter.wants_outline``).
    """

    path: str
    findings: list[Finding]
    source: SourceText | None = None
    unreadable: bool = False
    fixed: int = 0
    facts: dict[str, Any] = fresh(dict)
    fixed_bytes: bytes | None = None
    original_bytes: bytes | None = None
    notes: list[str] = fresh(list)
    supplement: bool = False
    diff: str = ""  # --diff: the file's fixes as a unified diff
    skipped: bool = False  # not an annual report: not checked (``gklint.check.reports``)
    outline: Any = None  # ``ReportOutline`` when asked for (``Linter.lint_bytes(outline=True)``)
    # The findings' fingerprints (``gklint.report.fingerprint``) when worked out before some
    # findings were left out (``--baseline``): identical lines keep their occurrence numbers.
    fingerprints: list[str] | None = None
    # What the report says of itself, for the reporters that list reports (xlsx, html):
    # the issuing agency, the year, and the format its tables were read with (``2021``), or
    # ``legacy`` for a report older than the formats.
    agency: str | None = None
    year: int | None = None
    format_id: str | None = None
    # With -j N and a reporter that writes each file's findings where the file was checked
    # (``Reporter.prepare_for``): the text it wrote for them, and per finding ``(code, name,
    # severity, fixable)``, what the run's process still counts; ``findings`` is then empty.
    written: tuple[str, tuple[tuple[str, str, str, bool], ...]] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # (As a finding is: see ``Finding.__reduce__``. Every result of a -j N run is sent.)
        return (self.__class__, self._values(self))
