"""Offsets of gklint's source text as LSP positions, in the encoding the client negotiated.

gklint locates a finding by code-point offsets into the document's text. LSP counts lines
at ``\\n``, ``\\r\\n`` and ``\\r`` (and nothing else: not U+2028, not a form feed), and
characters in the code units of the negotiated position encoding — UTF-16 unless the client
offered UTF-8 or UTF-32. A CJK Extension B character (U+20000 and up) is one code point, two
UTF-16 units and four UTF-8 bytes.
"""

from __future__ import annotations

import bisect
import re

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` ``text`` takes."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    # UTF-16: one unit per code point, two for those beyond the Basic Multilingual Plane.
    return len(text) + sum(1 for character in text if ord(character) > 0xFFFF)


class LineIndex:
    """Where each LSP line of a text starts, to turn offsets into positions and back."""

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self.text = text
        self.encoding = encoding
        self._starts = [0, *(match.end() for match in _LINE_BREAK.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        """0-based (line, character) of a code-point offset, the character in code units."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        start = self._starts[line]
        return line, _units(self.text[start:offset], self.encoding)

    def offset(self, line: int, character: int) -> int:
        """The code-point offset of a 0-based LSP position (clamped to its line)."""
        if line >= len(self._starts):
            return len(self.text)
        start = self._starts[max(0, line)]
        end = self._starts[line + 1] if line + 1 < len(self._starts) else len(self.text)
        text = self.text[start:end].rstrip("\r\n")
        if self.encoding == UTF32 or text.isascii():
            return start + min(character, len(text))
        units = 0
        for index, char in enumerate(text):
            if units >= character:
                return start + index
            units += _units(char, self.encoding)
        return start + len(text)
