"""``gklint server``: a language server (LSP over stdio) that shows gklint's findings in an
editor while a report is typed, with quick fixes and the rules' documentation on hover.

It uses the engine as the command line does (``analysis``), finds each workspace folder's
configuration as the command line does (``folders``), and speaks LSP through pygls
(``lsp``); the core knows nothing of it. pygls and lsprotocol come with the ``lsp`` extra:
``pip install 'gklint[lsp]'``.
"""

from __future__ import annotations

# pygls 2 (pygls.lsp.server is new in 2.0) and the LSP types it is built on.
REQUIRED_MODULES = ("pygls.lsp.server", "lsprotocol")


def missing_modules() -> list[str]:
    """The modules the server needs that are not installed."""
    from importlib.util import find_spec

    missing = []
    for name in REQUIRED_MODULES:
        try:
            found = find_spec(name) is not None
        except ImportError:  # the parent package is missing
            found = False
        if not found:
            missing.append(name.partition(".")[0])
    return missing


def serve(lang: str | None = None) -> None:
    """Serve LSP on stdin and stdout until the client exits (``lang``: ``--lang``, over
    the language of each folder's configuration)."""
    from gklint.server.lsp import serve as serve_lsp

    serve_lsp(lang)
