"""``--format xlsx``: a workbook for the offices that review many reports at once.

Two sheets, each with a frozen bold header row, an auto filter and fixed column widths, in the
run's language (Chinese headers by default, English with ``--lang en``):

- 汇总 / Summary: one row per report — file, agency, year, format, the number of findings by
  severity (errors, warnings, infos) and by rule family (``GK1``…, one column per family of
  the registered rules);
- 问题 / Findings: one row per finding — file, agency, year, code, severity, location
  (``line:column``, or the table, row and column a Word or PDF rendering names, 表格2 第10行
  第3列), message, whether it can be fixed.

The workbook is binary: it is written only to a file (``-o FILE``; the command refuses it on
stdout). Findings stream to the sheet file by file (openpyxl's write-only mode, see
``gklint.report.workbook``); what stays in memory is one summary row per report, written when
the run ends (findings of the cross-file rules arrive last and still count in their report's
row).
"""

from __future__ import annotations

from gklint.check.result import LintResult
from gklint.report.reporter import Reporter
from gklint.report.workbook import Column, Sheet, binary_stream, new_workbook, save

SEVERITY_NAMES = {"error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info")}
FIXABLE_NAMES = {True: ("是", "yes"), False: ("否", "no")}

REPORT_COLUMNS = (
    Column(zh="文件", en="File", width=40),
    Column(zh="机关", en="Agency", width=28),
    Column(zh="年度", en="Year", width=8),
    Column(zh="格式", en="Format", width=8),
)
FINDING_COLUMNS = (
    *REPORT_COLUMNS[:3],
    Column(zh="代码", en="Code", width=9),
    Column(zh="严重级别", en="Severity", width=10),
    Column(zh="位置", en="Location", width=22),
    Column(zh="说明", en="Message", width=90),
    Column(zh="可修复", en="Fixable", width=8),
)
SEVERITY_COLUMNS = (
    Column(zh="错误", en="Errors", width=8),
    Column(zh="警告", en="Warnings", width=10),
    Column(zh="提示", en="Infos", width=8),
)
SEVERITIES = ("error", "warning", "info")


def family(code: str) -> str:
    """A rule's family: its code's prefix and first digit (``GK3`` for GK305)."""
    return code[:3]


def location(finding) -> str:
    """Where a finding is, as a reader finds it: the table, row and column a Word or PDF
    rendering names, else ``line:column``."""
    return finding.logical or f"{finding.line}:{finding.column}"


class _Report:
    """A report's row of the summary, counted as its findings arrive: the counts by severity
    (``SEVERITIES``), then by family, in one list of small ints (5,000 reports' rows take
    under a megabyte, half what a Counter each took)."""

    __slots__ = ("path", "agency", "year", "format_id", "counts")

    def __init__(self, result: LintResult, columns: int) -> None:
        self.path, self.agency, self.year, self.format_id = result.path, result.agency, result.year, result.format_id
        self.counts = [0] * columns


class XlsxReporter(Reporter):
    name = "xlsx"
    binary = True

    def __init__(self, stream, options) -> None:
        super().__init__(stream, options)
        lang = options.lang
        self.index = 1 if lang == "en" else 0
        self.families = sorted({family(code) for code in options.rules})
        self.workbook = new_workbook()
        family_columns = [Column(zh=name, en=name, width=7) for name in self.families]
        self.summary = Sheet(self.workbook, "Summary" if lang == "en" else "汇总",
                             [*REPORT_COLUMNS, *SEVERITY_COLUMNS, *family_columns], lang)
        self.findings = Sheet(self.workbook, "Findings" if lang == "en" else "问题", FINDING_COLUMNS, lang)
        # Where each severity and family is counted in a report's ``counts``.
        self.places = {name: place for place, name in enumerate((*SEVERITIES, *self.families))}
        self.reports: dict[str, _Report] = {}

    def file(self, result: LintResult) -> None:
        if result.skipped:
            return  # not a report
        report = self.reports.get(result.path)
        if report is None:
            report = self.reports[result.path] = _Report(result, len(self.places))
        for finding in result.findings:
            report.counts[self.places[finding.severity]] += 1
            report.counts[self.places[family(finding.code)]] += 1
            self.findings.append((
                result.path, report.agency, report.year, finding.code,
                SEVERITY_NAMES[finding.severity][self.index], location(finding), finding.message,
                FIXABLE_NAMES[finding.fixable][self.index],
            ))

    def finish(self) -> None:
        for report in self.reports.values():
            self.summary.append((report.path, report.agency, report.year, report.format_id, *report.counts))
        save(self.workbook, (self.summary, self.findings), binary_stream(self.stream))
