"""The built-in reporters, contributed through the ``gklint_reporters`` hook."""

from __future__ import annotations

from gklint.hookspecs import hookimpl

# (module, class, --format name); tests check the names match the classes'.
REPORTER_CLASSES = (
    ("gklint.reporters.text", "TextReporter", "text"),
    ("gklint.reporters.json", "JsonReporter", "json"),
    ("gklint.reporters.sarif", "SarifReporter", "sarif"),
    ("gklint.reporters.github", "GithubReporter", "github"),
)


@hookimpl
def gklint_reporters():
    # Lazy: a run imports only the module of the reporter it uses (json, hashlib... stay out).
    from gklint.plugins import LazyReporter

    return [LazyReporter(*info) for info in REPORTER_CLASSES]
