"""The loader interface: how a file becomes a ``RawDocument`` and how fixes go back into it.

Loaders are contributed by plugins through the ``gklint_loaders`` hook. A loader never judges
the report; it only reads and, for ``--fix``, writes.
"""

from __future__ import annotations

import importlib
from typing import ClassVar, Sequence

from gklint.read.blocks import RawDocument
from gklint.read.encoding import encode
from gklint.read.errors import LoadError

__all__ = ["Loader", "LoadError", "LazyLoader", "apply_text_edits", "check_lazy", "lazy_loader"]

# What ``Loader.markup`` may say.
MARKUPS = ("markdown", "html", None)


class Loader:
    """Base class of input loaders.

    A loader declares what it is; the core decides by these declarations, never by ``name``:

    - ``name``: a short name for people (``gklint dump`` shows it);
    - ``suffixes``: the file name endings (lower case, with the dot) it reads; ``sniff`` may
      claim a file whatever its name (used for stdin and unknown endings);
    - ``fixable``: whether ``write`` can put fixes back into the file;
    - ``markup``: what markup the text it hands over carries, for rules that must tell markup
      from prose (the typography rules mask it): ``"markdown"`` when the text is the file
      verbatim and Markdown markup in it is live (code spans, link targets); ``"html"`` when
      the text was decoded from HTML, so that a ``<`` or ``&`` in it is a character the page
      escaped, not a tag or entity left over; ``None`` for text taken out of a document format
      (Word, PDF), where a tag in the text is debris;
    - ``text_is_file``: whether the source text is the file's own text, decoded (so that its
      lines and columns address the file, as SARIF's replacements need), rather than a text
      gklint renders from the file (Word, PDF);
    - ``escape_replacement``: how the text of a fix is written into the file, which fix
      verification repeats to know what the file must read back as.
    - ``reads_formats``: whether ``load`` must find the report among other text (a portal
      page's menus and footers): it is then called with ``recognition=``, the run's
      ``gklint.formats.recognition.Recognition`` (the section headings and title words of every
      known format, the user's template files included), so that it never spells them out.
    """

    name: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    fixable: ClassVar[bool] = True
    reads_formats: ClassVar[bool] = False
    markup: ClassVar[str | None] = None
    text_is_file: ClassVar[bool] = True

    def sniff(self, data: bytes) -> bool:
        return False

    def load(self, path: str, data: bytes) -> RawDocument:
        raise NotImplementedError

    def escape_replacement(self, text: str) -> str:
        """``text`` as ``write`` puts it into the file (the text of a fix); as it is by default."""
        return text

    def write(self, raw: RawDocument, edits: Sequence[tuple[int, int, str]]) -> bytes:
        """The file's new bytes after applying non-overlapping, sorted source edits.

        Edits are ``(start, end, new_text)`` over ``raw.source.text``. The default writes the
        edited text back in the file's own encoding, BOM and line endings included.
        """
        text = apply_text_edits(raw.source.text, edits)
        return encode(text, raw.source.encoding, raw.source.bom)


class LazyLoader:
    """A loader registered by its import path (see ``lazy_loader``).

    It answers the declarations the core needs to choose a loader by file name (``name``,
    ``suffixes``, ``fixable``, ``markup``) from what it was given, and imports the loader's
    module the first time anything else is asked (``sniff``, ``load``...).
    ``Registry.loader_for`` hands out the real loader.
    """

    __slots__ = ("target", "name", "suffixes", "fixable", "markup", "_loader")

    def __init__(self, target: str, name: str, suffixes: tuple[str, ...], fixable: bool, markup: str | None) -> None:
        self.target = target
        self.name, self.suffixes, self.fixable, self.markup = name, suffixes, fixable, markup
        self._loader: Loader | None = None

    def loader_class(self) -> type[Loader]:
        """The class ``target`` names, imported now."""
        module_name, _, attribute = self.target.partition(":")
        return getattr(importlib.import_module(module_name), attribute)

    def resolve(self) -> Loader:
        """The real loader (one instance, made on first use)."""
        if self._loader is None:
            self._loader = self.loader_class()()
        return self._loader

    def declared(self) -> tuple[str, tuple[str, ...], bool, str | None]:
        """What this registration declares, to compare with ``loader_class()``'s attributes."""
        return (self.name, self.suffixes, self.fixable, self.markup)

    def __getattr__(self, name: str):
        return getattr(self.resolve(), name)

    def __repr__(self) -> str:
        return f"<lazy loader {self.target}>"


def lazy_loader(
    target: str, *, name: str, suffixes: Sequence[str], fixable: bool = True, markup: str | None = None
) -> LazyLoader:
    """A loader to return from ``gklint_loaders`` whose module is imported only when a file needs it.

    ``target`` is ``"package.module:ClassName"`` of a ``Loader`` subclass; ``name``,
    ``suffixes``, ``fixable`` and ``markup`` must repeat the class's declarations (the core
    chooses loaders by them without importing the module; ``gklint.read.loader.check_lazy``
    compares them in a test). The built-in loaders are registered this way::

        @hookimpl
        def gklint_loaders():
            return [lazy_loader("my_plugin.odt:OdtLoader", name="odt", suffixes=(".odt",))]
    """
    if ":" not in target:
        raise ValueError(f"lazy_loader: {target!r} is not 'package.module:ClassName'")
    if markup not in MARKUPS:
        raise ValueError(f"lazy_loader: markup {markup!r} is not one of {MARKUPS}")
    return LazyLoader(target, name, tuple(suffix.lower() for suffix in suffixes), fixable, markup)


def check_lazy(loader: LazyLoader) -> list[str]:
    """How the declarations of a lazily registered loader differ from its class's (empty: none)."""
    loader_class = loader.loader_class()
    actual = (loader_class.name, tuple(loader_class.suffixes), loader_class.fixable, loader_class.markup)
    fields = ("name", "suffixes", "fixable", "markup")
    return [
        f"{field}: declared {declared!r}, class has {real!r}"
        for field, declared, real in zip(fields, loader.declared(), actual)
        if declared != real
    ]


def apply_text_edits(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """Splice sorted, non-overlapping edits into ``text``."""
    parts: list[str] = []
    cursor = 0
    for start, end, new_text in sorted(edits, key=lambda edit: (edit[0], edit[1])):
        if start < cursor:
            raise ValueError("overlapping edits")
        parts.append(text[cursor:start])
        parts.append(new_text)
        cursor = end
    parts.append(text[cursor:])
    return "".join(parts)
