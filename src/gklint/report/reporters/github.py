"""``--format github``: GitHub Actions workflow commands, which annotate the pull request.

One line per finding::

    ::warning file=report.txt,line=46,col=5,endLine=46,endColumn=15,title=GK201 row-label::行标签…

``error`` findings become ``::error``, ``warning`` ``::warning`` and ``info`` ``::notice``.
Values are escaped as GitHub's runner expects: ``%``, ``\\r`` and ``\\n`` everywhere, and
also ``:`` and ``,`` in the properties.
"""

from __future__ import annotations

from gklint.check.result import LintResult
from gklint.report.reporter import Reporter, keep_rendered

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    name = "github"

    reads_source = False

    @classmethod
    def prepare(cls, result: LintResult) -> None:
        result.source = None  # (findings are written from their locations: the text is never read)
        keep_rendered(result)

    def file(self, result: LintResult) -> None:
        for finding in result.findings:
            location = finding.location
            properties = [("file", finding.path.replace("\\", "/"))]
            if location is not None:
                properties += [
                    ("line", str(location.line)),
                    ("col", str(location.column)),
                    ("endLine", str(location.end_line)),
                    ("endColumn", str(location.end_column)),
                ]
            properties.append(("title", f"{finding.code} {finding.name}"))
            fields = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
            message = finding.message
            if finding.logical:
                message = f"{message}（{finding.logical}）"
            command = COMMANDS.get(finding.severity, "warning")
            self.stream.write(f"::{command} {fields}::{escape_data(message)}\n")
