"""``--format json``: a list of finding objects, readable UTF-8 (Chinese is not escaped).

Findings stream out file by file, so a run over many files keeps flat memory. Each object
has the fields of ``cli.md``: code, name, severity, message, path, line, column, end_line,
end_column, fix (``null`` or a description and a list of start/end/new_text edits),
``logical_location`` for DOCX and PDF input, and ``related`` where the finding stands for a
defect seen in several places (each with message, line, column, end_line, end_column and
``logical_location`` for DOCX and PDF; the key is absent otherwise). With ``--statistics`` the list holds one object
per rule instead: code, name, count, fixable.
"""

from __future__ import annotations

import json
from collections import Counter

from gklint.check.result import LintResult
from gklint.report.reporter import Reporter, keep_rendered

# One encoder for every finding: ``json.dumps`` with these options makes a new one per call.
_FINDING = json.JSONEncoder(ensure_ascii=False, indent=2)


class JsonReporter(Reporter):
    name = "json"

    reads_source = False

    @classmethod
    def prepare(cls, result: LintResult) -> None:
        result.source = None  # (findings are written from their locations: the text is never read)
        keep_rendered(result)

    def __init__(self, stream, options) -> None:
        super().__init__(stream, options)
        self.count = 0
        self.counts: Counter[str] = Counter()
        self.fixable: Counter[str] = Counter()
        self.names: dict[str, str] = {}

    def file(self, result: LintResult) -> None:
        for finding in result.findings:
            if self.options.statistics:
                self.counts[finding.code] += 1
                self.fixable[finding.code] += finding.fixable
                self.names[finding.code] = finding.name
                continue
            self.stream.write("[\n  " if self.count == 0 else ",\n  ")
            self.stream.write(_FINDING.encode(finding.to_dict()).replace("\n", "\n  "))
            self.count += 1

    def finish(self) -> None:
        if self.options.statistics:
            rows = [
                {"code": code, "name": self.names[code], "count": count, "fixable": self.fixable[code]}
                for code, count in sorted(self.counts.items())
            ]
            self.stream.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
            return
        self.stream.write("[]\n" if self.count == 0 else "\n]\n")
