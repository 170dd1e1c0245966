"""The built-in reporters, contributed through the ``gklint_reporters`` hook."""

from __future__ import annotations

import importlib

from gklint.hookspecs import hookimpl

REPORTER_CLASSES = (
    ("gklint.reporters.text", "TextReporter"),
    ("gklint.reporters.json", "JsonReporter"),
    ("gklint.reporters.sarif", "SarifReporter"),
    ("gklint.reporters.github", "GithubReporter"),
)


@hookimpl
def gklint_reporters():
    return [getattr(importlib.import_module(module), name) for module, name in REPORTER_CLASSES]
