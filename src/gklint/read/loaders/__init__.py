"""The built-in input loaders, contributed through the ``gklint_loaders`` hook.

Each loader module imports its parsing library (lxml, pdfplumber, ...) only inside ``load``,
and is itself imported only when a file needs it (``lazy_loader``, the helper any plugin may
use), so that linting a ``.txt`` file never pays for them.
"""

from __future__ import annotations

from gklint.hookspecs import hookimpl


@hookimpl
def gklint_loaders():
    from gklint.read.loader import lazy_loader

    return [
        lazy_loader("gklint.read.loaders.text:TextLoader", name="text",
                    suffixes=(".txt", ".md", ".markdown", ".text"), markup="markdown"),
        lazy_loader("gklint.read.loaders.html:HtmlLoader", name="html", suffixes=(".html", ".htm"), markup="html"),
        lazy_loader("gklint.read.loaders.docx:DocxLoader", name="docx", suffixes=(".docx",)),
        lazy_loader("gklint.read.loaders.pdf:PdfLoader", name="pdf", suffixes=(".pdf",), fixable=False),
        # .doc/.wps: recognised and explained (GK000 saying how to convert), not read
        lazy_loader("gklint.read.loaders.legacy_word:LegacyWordLoader", name="legacy-word", suffixes=(".doc", ".wps"),
                    fixable=False),
    ]
