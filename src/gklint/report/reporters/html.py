"""``--format html``: the review page (``gklint.report.review``), one self-contained file.

The reporter asks for each report's outline (``wants_outline``), so that the page shows the
reports' text and tables with their findings in place; results stream into the page as they
come.
"""

from __future__ import annotations

from gklint.check.result import LintResult
from gklint.report.reporter import Reporter


class HtmlReporter(Reporter):
    name = "html"
    wants_outline = True

    def __init__(self, stream, options) -> None:
        super().__init__(stream, options)
        from gklint.report.review import ReviewWriter

        self.writer = ReviewWriter(stream, options.lang, options.rules)

    def file(self, result: LintResult) -> None:
        self.writer.add(result)

    def finish(self) -> None:
        self.writer.finish()
