"""Findings and the fixes they carry."""

from __future__ import annotations

from typing import Any

from gklint.read.source import Location, Span
from gklint.records import Frozen, Record, set_field

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


class Edit(Frozen):
    """Replace ``source.text[start:end]`` by ``new_text``."""

    __slots__ = _fields = ("start", "end", "new_text")

    def __init__(self, start: int, end: int, new_text: str) -> None:
        set_field(self, "start", start)
        set_field(self, "end", end)
        set_field(self, "new_text", new_text)

    def as_tuple(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.new_text)


class Fix(Frozen):
    __slots__ = _fields = ("edits", "description")

    def __init__(self, edits: tuple[Edit, ...], description: str = "") -> None:
        set_field(self, "edits", edits)
        set_field(self, "description", description)


class Finding(Record):
    """One problem in one file, located exactly; ``fix`` when it can be fixed safely.

    What it says is ``message_id`` (a message its rule declares) with ``args`` (plain JSON
    values); ``message`` is that text rendered in the run's language, filled in by the engine
    when the file is finished (``gklint.check.engine.render`` renders it in another).
    ``data``: facts for programs beyond what the message says.
    """

    __slots__ = _fields = (
        "code", "name", "severity", "message", "span", "path", "location", "fix", "logical", "snippet", "data",
        "message_id", "args",
    )

    def __init__(
        self,
        code: str,
        name: str,
        severity: str,
        message: str,
        span: Span,
        path: str = "-",
        location: Location | None = None,
        fix: Fix | None = None,
        logical: str | None = None,
        snippet: str | None = None,
        data: dict[str, Any] | None = None,
        message_id: str | None = None,
        args: dict[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.name = name
        self.severity = severity
        self.message = message
        self.span = span
        self.path = path
        self.location = location
        self.fix = fix
        self.logical = logical
        self.snippet = snippet
        self.data = {} if data is None else data
        self.message_id = message_id
        self.args = {} if args is None else args

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
        return result
