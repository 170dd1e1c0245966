"""``--format text``: one line per finding, the source line, a caret underline, a summary."""

from __future__ import annotations

import unicodedata
from collections import Counter

from gklint.check.result import LintResult
from gklint.report.reporter import Reporter

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


class _CharacterWidths(dict):
    """Terminal columns of each character met so far: CJK (East Asian Wide and Fullwidth)
    characters take two. Looked up in C (``map``), as excerpts of a whole province's
    findings are many characters."""

    def __missing__(self, character: str) -> int:
        width = self[character] = 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
        return width


_WIDTH_OF = _CharacterWidths().__getitem__


def display_width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(map(_WIDTH_OF, text))


class TextReporter(Reporter):
    name = "text"

    def __init__(self, stream, options) -> None:
        super().__init__(stream, options)
        self.total = 0
        self.fixable = 0
        self.files = 0
        self.counts: Counter[str] = Counter()
        self.names: dict[str, str] = {}

    def _paint(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.options.color else text

    def file(self, result: LintResult) -> None:
        self.files += not result.supplement
        for finding in result.findings:
            self.total += 1
            self.fixable += finding.fixable
            self.counts[finding.code] += 1
            self.names[finding.code] = finding.name
            if self.options.statistics:
                continue
            marker = " [*]" if finding.fixable else ""
            where = self._paint(f"{finding.path}:{finding.line}:{finding.column}:", _BOLD)
            code = self._paint(finding.code, _COLORS.get(finding.severity, ""))
            self.stream.write(f"{where} {code}{marker} {finding.message}\n")
            self._excerpt(result, finding)

    def _excerpt(self, result: LintResult, finding) -> None:
        if result.source is None or finding.location is None:
            return
        source = result.source
        # Only a window of the line is read: a one-megabyte line with thousands of findings
        # must not be copied once per finding.
        line_start = source.line_start(finding.line)
        line_end = source.line_start(finding.line + 1) if finding.line < source.line_count else len(source.text)
        if line_end - line_start <= 162:
            window_start = line_start
            window = source.text[line_start:line_end].rstrip("\r\n")
        else:
            window_start = line_start + max(0, finding.column - 41)
            window = source.text[window_start:window_start + 120].rstrip("\r\n")
        if not window.strip():
            return
        clipped_left = window_start > line_start
        shown = ("…" if clipped_left else "") + window.replace("\t", "→")
        offset = finding.column - 1 - (window_start - line_start) + (1 if clipped_left else 0)
        if finding.location.end_line == finding.line:
            length = finding.location.end_column - finding.column
        else:
            length = len(shown) - offset
        length = max(1, min(length, len(shown) - offset))
        pad = display_width(shown[:offset])
        carets = "^" * max(1, display_width(shown[offset:offset + length]))
        self.stream.write(f"  {self._paint(shown, _DIM)}\n  {' ' * pad}{self._paint(carets, _COLORS.get(finding.severity, ''))}\n")

    def finish(self) -> None:
        if self.options.statistics:
            for code, count in sorted(self.counts.items()):
                self.stream.write(f"{count:6d}  {code}  {self.names[code]}\n")
        fixed = f", {self.options.fixed} fixed" if self.options.fixed or self.options.mode == "fix" else ""
        self.stream.write(f"{self.total} findings ({self.fixable} fixable{fixed}) in {self.files} files\n")
