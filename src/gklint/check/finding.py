"""Findings and the fixes they carry."""

from __future__ import annotations

from gklint.read.source import Location, Span
from gklint.records import Frozen, Record, fresh

TYPE_CHECKING = False  # (not typing's: importing typing costs some 2 ms of start-up, see benchmarks/run.py)
if TYPE_CHECKING:
    from typing import Any

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


class Edit(Frozen):
    """Replace ``source.text[start:end]`` by ``new_text``."""

    start: int
    end: int
    new_text: str

    def as_tuple(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.new_text)


class Fix(Frozen):
    edits: tuple[Edit, ...]
    description: str = ""


class Related(Record):
    """Another place that belongs to a finding: a cell whose identity fails because of the
    finding's cell, a row with the same defect. Its message (``message_id`` and ``args``,
    declared by the finding's rule) is rendered and its place located by the engine, as the
    finding's own."""

    span: Span
    message_id: str
    args: dict[str, Any] = fresh(dict)
    message: str = ""
    location: Location | None = None
    logical: str | None = None

    def to_dict(self) -> dict[str, Any]:
        location = self.location or Location(1, 1, 1, 1)
        result: dict[str, Any] = {
            "message": self.message,
            "line": location.line,
            "column": location.column,
            "end_line": location.end_line,
            "end_column": location.end_column,
        }
        if self.logical:
            result["logical_location"] = self.logical
        return result

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, self._values(self))  # (see Finding.__reduce__)


class Finding(Record):
    """One problem in one file, located exactly; ``fix`` when it can be fixed safely.

    What it says is ``message_id`` (a message its rule declares) with ``args`` (plain JSON
    values); ``message`` is that text rendered in the run's language, filled in by the engine
    when the file is finished (``gklint.check.engine.render`` renders it in another).
    ``data``: facts for programs beyond what the message says. ``related``: the other places
    of the one defect the finding stands for (``Related``), shown as "另见"/"see also".
    """

    code: str
    name: str
    severity: str
    message: str
    span: Span
    path: str = "-"
    location: Location | None = None
    fix: Fix | None = None
    logical: str | None = None
    # What the text report shows under the finding, cut where the source was at hand
    # (``gklint.report.reporters.text.snippet``): the line, the columns before the flagged
    # text, the columns it takes. None until made (``TextReporter.prepare``).
    snippet: tuple[str, int, int] | None = None
    data: dict[str, Any] = fresh(dict)
    message_id: str | None = None
    args: dict[str, Any] = fresh(dict)
    related: list[Related] = fresh(list)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as its fields' values in order, the class called with them on unpickling:
        # each finding of a -j N run crosses from a worker to the run's process, which then
        # makes it with one call of ``__init__`` instead of a dict of its fields' names and
        # values set one by one (what a record with slots is pickled as by default).
        return (self.__class__, self._values(self))

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    @property
    def line(self) -> int:
        return self.location.line if self.location else 1

    @property
    def column(self) -> int:
        return self.location.column if self.location else 1

    def sort_key(self) -> tuple[int, int, str, int]:
        return (self.line, self.column, self.code, self.span.end)

    def to_dict(self) -> dict[str, Any]:
        location = self.location or Location(1, 1, 1, 1)
        result: dict[str, Any] = {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "path": self.path,
            "line": location.line,
            "column": location.column,
            "end_line": location.end_line,
            "end_column": location.end_column,
            "fix": None,
        }
        if self.logical:
            result["logical_location"] = self.logical
        if self.fix is not None:
            result["fix"] = {
                "description": self.fix.description,
                "edits": [
                    {"start": edit.start, "end": edit.end, "new_text": edit.new_text} for edit in self.fix.edits
                ],
            }
        if self.related:
            # (Only when there is any: findings of one place keep their shape.)
            result["related"] = [related.to_dict() for related in self.related]
        return result
