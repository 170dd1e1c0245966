"""The loader interface: how a file becomes a ``RawDocument`` and how fixes go back into it.

Loaders are contributed by plugins through the ``gklint_loaders`` hook. A loader never judges
the report; it only reads and, for ``--fix``, writes.
"""

from __future__ import annotations

from typing import ClassVar, Sequence

from gklint.read.blocks import RawDocument
from gklint.read.encoding import encode
from gklint.read.errors import LoadError

__all__ = ["Loader", "LoadError", "apply_text_edits"]


class Loader:
    """Base class of input loaders.

    ``suffixes`` are the file name endings (lower case, with the dot) the loader reads;
    ``sniff`` may claim a file whatever its name (used for stdin and unknown endings).

    A loader that must find the report among other text (a portal page's menus and footers)
    sets ``reads_formats``: its ``load`` is then called with ``recognition=``, the run's
    ``gklint.formats.recognition.Recognition`` (the section headings and title words of
    every known format, user's template files included), so that it never spells them out.
    """

    name: ClassVar[str] = ""
    suffixes: ClassVar[tuple[str, ...]] = ()
    fixable: ClassVar[bool] = True
    reads_formats: ClassVar[bool] = False

    def sniff(self, data: bytes) -> bool:
        return False

    def load(self, path: str, data: bytes) -> RawDocument:
        raise NotImplementedError

    def write(self, raw: RawDocument, edits: Sequence[tuple[int, int, str]]) -> bytes:
        """The file's new bytes after applying non-overlapping, sorted source edits.

        Edits are ``(start, end, new_text)`` over ``raw.source.text``. The default writes the
        edited text back in the file's own encoding, BOM and line endings included.
        """
        text = apply_text_edits(raw.source.text, edits)
        return encode(text, raw.source.encoding, raw.source.bom)


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
