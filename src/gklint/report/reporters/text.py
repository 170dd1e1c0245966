"""``--format text``: one line per finding, the source line, a caret underline, a summary.

Each line names the finding's severity in words (错误/警告/提示, error/warning/info): with
``--no-color``, in a pipe or in an ``-o`` file it is still plain which findings fail a run.
The other places of a finding's one defect follow its excerpt, indented: ``另见 path:line:col: …``.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from itertools import accumulate

from gklint.check.result import LintResult
from gklint.report.reporter import ReportOptions, Reporter, keep_rendered

TYPE_CHECKING = False  # (not typing's: importing typing costs some 2 ms of start-up, see benchmarks/run.py)
if TYPE_CHECKING:
    from typing import Any, Callable

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
    # (An ASCII text, which says so in O(1), has no wide character: one column each.)
    # (Not a search that takes the surely wide characters out first, in C: compiling a class
    # of the CJK ranges costs about 2 ms, which ``gklint check one.txt`` pays when it imports
    # this module, and start-up had no 2 ms to spare, benchmarks/run.py.)
    return len(text) if text.isascii() else sum(map(_WIDTH_OF, text))


def _columns_before(shown: str) -> list[int] | range:
    """The terminal columns before each character of ``shown`` (and after the last): one
    reading of a line for all of its findings' carets."""
    if shown.isascii():
        return range(len(shown) + 1)
    return list(accumulate(map(_WIDTH_OF, shown), initial=0))


_NOTHING_SHOWN = ("", 0, 0)


def snippet(source, finding, shown_line: list | None = None) -> tuple[str, int, int]:
    """What the text report shows under a located finding (``Finding.snippet``): its source
    line (or a window of a long one), the columns before the flagged text, and the columns of
    the caret underline (at least one); nothing (an empty line shown) for a blank line.

    ``shown_line``: [where, shown, columns] of the line shown under the finding before in the
    same source, taken again when this one shows the same line (a table row holds several
    findings in a row, each underlined in the one line), else replaced."""
    text = source.text
    location = finding.location
    line, column = location.line, location.column
    # The finding's line, found around its span's start, which its location was worked
    # out from (``Linter.finish``): a source rebuilt for a result cache hit then never
    # makes its table of line starts. (Through the table for a location that is not.)
    span_start = finding.span.start
    line_start, line_end = source.line_bounds(span_start)
    if column != min(max(span_start, 0), len(text)) - line_start + 1:
        line_start = source.line_start(line)
        line_end = source.line_start(line + 1) if line < source.line_count else len(text)
    # Only a window of the line is read: a one-megabyte line with thousands of findings
    # must not be copied once per finding.
    if line_end - line_start <= 162:
        window_start = line_start
        window = text[line_start:line_end].rstrip("\r\n")
    else:
        window_start = line_start + max(0, column - 41)
        window = text[window_start:window_start + 120].rstrip("\r\n")
    if not window.strip():
        return _NOTHING_SHOWN
    clipped_left = window_start > line_start
    where = (window_start, clipped_left, len(window))
    if shown_line is not None and shown_line[0] == where:
        shown, columns = shown_line[1], shown_line[2]
    else:
        shown = ("…" if clipped_left else "") + window.replace("\t", "→")
        columns = _columns_before(shown)
        if shown_line is not None:
            shown_line[:] = where, shown, columns
    offset = column - 1 - (window_start - line_start) + (1 if clipped_left else 0)
    last = len(shown)
    if location.end_line == line:
        length = location.end_column - column
    else:
        length = last - offset
    length = max(1, min(length, last - offset))
    # (Past the line's end, as a finding at its line feed is: the columns of the whole line.)
    pad = columns[min(offset, last)]
    return shown, pad, max(1, columns[min(offset + length, last)] - pad)


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
        # The escape codes around each painted part, chosen once: empty without colour.
        self._colors = _COLORS if options.color else {}
        self._bold, self._dim, self._reset = (_BOLD, _DIM, _RESET) if options.color else ("", "", "")

    reads_source = False  # (only the snippets: ``cut_snippets``)

    @classmethod
    def prepare(cls, result: LintResult) -> None:
        # Each located finding's excerpt is cut where the source is at hand (with -j N, in the
        # worker): the run's process then gets a line or two per finding, not the whole text,
        # and never reads the source for the excerpt's columns.
        cls.cut_snippets(result)
        result.source = None
        keep_rendered(result)

    @classmethod
    def prepare_for(cls, options: ReportOptions) -> Callable[[LintResult], None]:
        # (A diff run writes no report and reads an unreadable file's finding; a subclass may
        # write a file's findings its own way: both get the findings themselves.)
        if options.mode == "diff" or cls is not TextReporter:
            return cls.prepare
        return WrittenInWorker(options.color, options.lang, options.statistics)

    @classmethod
    def cut_snippets(cls, result: LintResult) -> None:
        source = result.source
        if source is None:
            return
        shown_line = [None, "", range(1)]  # (see snippet)
        for finding in result.findings:
            if finding.location is not None and finding.snippet is None:
                finding.snippet = snippet(source, finding, shown_line)

    def file(self, result: LintResult) -> None:
        if result.skipped:
            self.skipped += 1
            return
        self.files += not result.supplement
        written = result.written
        if written is None:
            # A file's lines are written at once: one write per file, not two or three per finding.
            lines: list[str] = []
            self._write_findings(result, lines)
            text, tally = "".join(lines), tally_of(result.findings)
        else:  # (written in the worker: ``prepare_for``)
            text, tally = written
        counts, names = self.counts, self.names
        for code, name, _, fixable in tally:
            counts[code] += 1
            names[code] = name
            self.fixable += fixable
        self.total += len(tally)
        if text:
            self.stream.write(text)

    def _write_findings(self, result: LintResult, lines: list[str]) -> None:
        """The lines of ``result``'s findings (none with ``--statistics``), added to ``lines``."""
        if self.options.statistics:
            return
        source = result.source
        dim, reset = self._dim, self._reset
        shown_line = [None, "", range(1)]  # (see snippet)
        for finding in result.findings:
            marker = " [*]" if finding.fixable else ""
            line, column = finding.line, finding.column
            color = self._colors.get(finding.severity, "")
            severity = self.severity_words.get(finding.severity, finding.severity)
            lines.append(f"{self._bold}{finding.path}:{line}:{column}:{reset} {color}{finding.code}{reset} "
                         f"{color}{severity}{reset}{marker} {finding.message}\n")
            excerpt = finding.snippet  # (made by ``prepare``, or here from the result's source)
            if excerpt is None and source is not None and finding.location is not None:
                excerpt = snippet(source, finding, shown_line)
            if excerpt is not None and excerpt[0]:
                shown, pad, carets = excerpt
                lines.append(f"  {dim}{shown}{reset}\n  {' ' * pad}{color}{'^' * carets}{reset}\n")
            for related in finding.related:
                line, column = (related.location.line, related.location.column) if related.location else (1, 1)
                lines.append(f"  {self.see_also} {finding.path}:{line}:{column}: {related.message}\n")

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


def tally_of(findings: list) -> tuple[tuple[str, str, str, bool], ...]:
    """What the report counts of each of ``findings``: its code, rule name, severity and
    whether it is fixable (what a -j N worker sends of them: ``LintResult.written``)."""
    return tuple((finding.code, finding.name, finding.severity, finding.fixable) for finding in findings)


class WrittenInWorker:
    """What a -j N worker does to each result of a text report (``TextReporter.prepare_for``):
    it writes the file's findings as the run's reporter would (colour, language,
    ``--statistics``) into ``LintResult.written``, and leaves out the findings and the source.

    The run's process then gets one string per file and a small tuple per finding, which
    unpickle in C, where each finding, its span and its location took it a call of a record's
    ``__init__``, and no longer formats them: it shares the CPUs with the workers. (A class,
    not a closure: a worker that is spawned, not forked, gets it pickled.)"""

    __slots__ = ("color", "lang", "statistics", "writer")

    def __init__(self, color: bool, lang: str, statistics: bool) -> None:
        self.color, self.lang, self.statistics = color, lang, statistics
        self.writer = TextReporter(None, ReportOptions(color=color, lang=lang, statistics=statistics))

    def __call__(self, result: LintResult) -> None:
        lines: list[str] = []
        self.writer._write_findings(result, lines)  # (each excerpt cut from the source here)
        result.written = ("".join(lines), tally_of(result.findings))
        result.findings = []
        result.source = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (self.__class__, (self.color, self.lang, self.statistics))
