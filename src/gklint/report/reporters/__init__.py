"""The built-in reporters, contributed through the ``gklint_reporters`` hook."""

from __future__ import annotations

from gklint.hookspecs import hookimpl

# (module, class, --format name); tests check the names match the classes'.
REPORTER_CLASSES = (
    ("gklint.report.reporters.text", "TextReporter", "text"),
    ("gklint.report.reporters.json", "JsonReporter", "json"),
    ("gklint.report.reporters.sarif", "SarifReporter", "sarif"),
    ("gklint.report.reporters.github", "GithubReporter", "github"),
)


@hookimpl
def gklint_reporters():
    # Lazy: a run imports only the module of the reporter it uses (json, hashlib... stay out).
    from gklint.registry import LazyReporter

    return [LazyReporter(*info) for info in REPORTER_CLASSES]
