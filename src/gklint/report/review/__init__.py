"""The HTML review of many reports: ``--format html``, and the public functions that render it.

``render_review(results, stream, lang=..., rules=...)`` writes the page of any number of
results (made with ``Linter.lint_bytes(..., outline=True)``); ``review_html`` returns it as a
string; ``ReviewWriter`` takes results one at a time. See ``page.py``.
"""

from __future__ import annotations

from gklint.report.review.page import ReviewWriter, render_review, review_html

__all__ = ["ReviewWriter", "render_review", "review_html"]
