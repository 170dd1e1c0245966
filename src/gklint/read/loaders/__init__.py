"""The built-in input loaders, contributed through the ``gklint_loaders`` hook.

Each loader module imports its parsing library (lxml, pdfplumber, ...) only inside ``load``,
and is itself imported only when a file needs it, so that linting a ``.txt`` file never pays
for them.
"""

from __future__ import annotations

from gklint.hookspecs import hookimpl

# (module, class, name, suffixes, fixable): what choosing a loader by file name needs, so
# that a run imports only the loader modules it uses (tests check these match the classes).
LOADER_INFO = (
    ("gklint.read.loaders.text", "TextLoader", "text", (".txt", ".md", ".markdown", ".text"), True),
    ("gklint.read.loaders.html", "HtmlLoader", "html", (".html", ".htm"), True),
    ("gklint.read.loaders.docx", "DocxLoader", "docx", (".docx",), True),
    ("gklint.read.loaders.pdf", "PdfLoader", "pdf", (".pdf",), False),
    ("gklint.read.loaders.legacy_word", "LegacyWordLoader", "legacy-word", (".doc", ".wps"), False),
)


@hookimpl
def gklint_loaders():
    from gklint.registry import LazyLoader

    return [LazyLoader(*info) for info in LOADER_INFO]
