"""The built-in reporters, contributed through the ``gklint_reporters`` hook (a built-in plugin)."""

from __future__ import annotations

from gklint.hookspecs import hookimpl


@hookimpl
def gklint_reporters():
    # Lazy: a run imports only the module of the reporter it uses (json, hashlib... stay out).
    from gklint.report.reporter import lazy_reporter

    return [
        lazy_reporter("gklint.report.reporters.text:TextReporter", name="text"),
        lazy_reporter("gklint.report.reporters.json:JsonReporter", name="json"),
        lazy_reporter("gklint.report.reporters.sarif:SarifReporter", name="sarif"),
        lazy_reporter("gklint.report.reporters.github:GithubReporter", name="github"),
        lazy_reporter("gklint.report.reporters.html:HtmlReporter", name="html"),
        lazy_reporter("gklint.report.reporters.xlsx:XlsxReporter", name="xlsx"),
    ]
