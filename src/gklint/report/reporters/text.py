"""``--format text``: one line per finding, the source line, a caret underline, a summary.

Each line names the finding's severity in words (错误/警告/提示, error/warning/info): with
``--no-color``, in a pipe or in an ``-o`` file it is still plain which findings fail a run.
The other places of a finding's one defect follow its excerpt, indented: ``另见 path:line:col: …``.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from gklint.check.result import LintResult
from gklint.report.reporter import Reporter

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"
_SEVERITY_WORDS = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


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
        self.skipped = 0
        self.severity_words = _SEVERITY_WORDS["en" if options.lang == "en" else "zh"]
        # Each other place of a finding's defect follows it on a line of its own.
        self.see_also = "see also" if options.lang == "en" else "另见"

    def _paint(self, text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if self.options.color else text

    def file(self, result: LintResult) -> None:
        if result.skipped:
            self.skipped += 1
            return
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
            color = _COLORS.get(finding.severity, "")
            code = self._paint(finding.code, color)
            severity = self._paint(self.severity_words.get(finding.severity, finding.severity), color)
            self.stream.write(f"{where} {code} {severity}{marker} {finding.message}\n")
            self._excerpt(result, finding)
            for related in finding.related:
                line, column = (related.location.line, related.location.column) if related.location else (1, 1)
                self.stream.write(f"  {self.see_also} {finding.path}:{line}:{column}: {related.message}\n")

    def _excerpt(self, result: LintResult, finding) -> None:
        if result.source is None or finding.location is None:
            return
        source = result.source
        # The finding's line, found around its span's start, which its location was worked
        # out from (``Linter.finish``): a source rebuilt for a result cache hit then never
        # makes its table of line starts. (Through the table for a location that is not.)
        line_start, line_end = source.line_bounds(finding.span.start)
        if finding.column != min(max(finding.span.start, 0), len(source.text)) - line_start + 1:
            line_start = source.line_start(finding.line)
            line_end = source.line_start(finding.line + 1) if finding.line < source.line_count else len(source.text)
        # Only a window of the line is read: a one-megabyte line with thousands of findings
        # must not be copied once per finding.
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
        self.stream.write(self.summary() + "\n")

    def summary(self) -> str:
        """``4 findings (2 fixable) in 1 file`` / ``共 4 个问题（2 个可自动修复），1 个文件``."""
        show_fixed = self.options.fixed or self.options.mode == "fix"
        if self.options.lang == "en":
            fixed = f", {self.options.fixed} fixed" if show_fixed else ""
            skipped = f"; {self.skipped} skipped (not {'a report' if self.skipped == 1 else 'reports'})" if self.skipped else ""
            return (f"{self.total} {'finding' if self.total == 1 else 'findings'} ({self.fixable} fixable{fixed}) "
                    f"in {self.files} {'file' if self.files == 1 else 'files'}{skipped}")
        fixed = f"，已修复 {self.options.fixed} 处" if show_fixed else ""
        skipped = f"；跳过 {self.skipped} 个非年度报告文件" if self.skipped else ""
        return f"共 {self.total} 个问题（{self.fixable} 个可自动修复{fixed}），{self.files} 个文件{skipped}"
