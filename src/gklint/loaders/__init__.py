"""The built-in input loaders, contributed through the ``gklint_loaders`` hook.

Each loader module imports its parsing library (lxml, pdfplumber, ...) only inside ``load``,
so that linting a ``.txt`` file never pays for them.
"""

from __future__ import annotations

import importlib

from gklint.hookspecs import hookimpl

LOADER_CLASSES = (
    ("gklint.loaders.text", "TextLoader"),
    ("gklint.loaders.html", "HtmlLoader"),
    ("gklint.loaders.docx", "DocxLoader"),
    ("gklint.loaders.pdf", "PdfLoader"),
)


@hookimpl
def gklint_loaders():
    return [getattr(importlib.import_module(module), name)() for module, name in LOADER_CLASSES]
