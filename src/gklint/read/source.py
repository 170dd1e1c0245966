"""Source text and spans: where every node and finding comes from.

All offsets are indices into ``SourceText.text`` (code points, not bytes). For plain text,
Markdown and HTML that is the decoded file itself, so an offset leads straight to the bytes a
fix must touch. Loaders of binary formats (DOCX, PDF) render a text of their own and attach a
``logical`` description (paragraph, table/row/cell, page) that a person can follow.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, repeat
from operator import add

from gklint.records import Frozen, Record

_new = object.__new__


class Span(Frozen):
    """A half-open range ``[start, end)`` of ``SourceText.text``."""

    start: int
    end: int
    logical: str | None

    def __init__(self, start: int, end: int, logical: str | None = None) -> None:
        # (Fields set through their slot descriptors: loaders make a span or piece per cell.)
        if end < start:
            raise ValueError(f"span end {end} before start {start}")
        _set_span_start(self, start)
        _set_span_end(self, end)
        _set_span_logical(self, logical)

    def cover(self, other: "Span") -> "Span":
        return Span(min(self.start, other.start), max(self.end, other.end), self.logical or other.logical)


def ordered_span(start: int, end: int) -> Span:
    """``Span(start, end)`` of a range whose end is known not to come before its start, made
    slot by slot (no ``__init__`` frame: the text loader makes one per table row)."""
    span = _new(Span)
    _set_span_start(span, start)
    _set_span_end(span, end)
    _set_span_logical(span, None)
    return span


class Location(Frozen):
    """1-based line and column of a span's start and end (columns count code points)."""

    line: int
    column: int
    end_line: int
    end_column: int


class Piece(Frozen):
    """``text[text_start:text_end]`` of a node stands at ``source[src_start:src_end]``.

    When both lengths are equal the characters correspond one to one; otherwise (an HTML
    entity, a DOCX field) the piece is atomic and is only ever replaced whole.
    """

    text_start: int
    text_end: int
    src_start: int
    src_end: int

    @property
    def verbatim(self) -> bool:
        return self.text_end - self.text_start == self.src_end - self.src_start


class SourcedText(Frozen):
    """A node's text together with the places in the source its characters come from.

    Text loaders produce one verbatim piece; HTML produces a piece per text node, so that a
    fix can replace a label that Word split over several ``<span>`` elements without touching
    the tags between them.
    """

    text: str
    pieces: tuple[Piece, ...]

    @classmethod
    def contiguous(cls, text: str, start: int) -> "SourcedText":
        """``text``, standing verbatim at ``start`` of the source."""
        return VerbatimText(text, start)

    @property
    def span(self) -> Span:
        if not self.pieces:
            return Span(0, 0)
        return Span(self.pieces[0].src_start, self.pieces[-1].src_end)

    def source_span(self, start: int, end: int) -> Span:
        """The source range that holds ``text[start:end]``."""
        ranges = self.source_ranges(start, end)
        if not ranges:
            anchor = self._anchor(start)
            return Span(anchor, anchor)
        return Span(ranges[0][0], ranges[-1][1])

    def _overlapping(self, start: int, end: int):
        """(piece, lo, hi) for every piece holding part of ``text[start:end]``."""
        for piece in self.pieces:
            lo, hi = max(start, piece.text_start), min(end, piece.text_end)
            if lo < hi:
                yield piece, lo, hi

    def source_ranges(self, start: int, end: int) -> list[tuple[int, int]]:
        """The source ranges, piece by piece, that hold ``text[start:end]``."""
        ranges: list[tuple[int, int]] = []
        for piece, lo, hi in self._overlapping(start, end):
            if piece.verbatim:
                offset = piece.src_start - piece.text_start
                ranges.append((lo + offset, hi + offset))
            else:
                ranges.append((piece.src_start, piece.src_end))
        return ranges

    def replacement_edits(self, start: int, end: int, new_text: str) -> list[tuple[int, int, str]] | None:
        """Source edits that turn ``text[start:end]`` into ``new_text``.

        The new text goes where the first affected piece stood; the rest of the range is
        emptied piece by piece, so markup between pieces is kept. ``None`` when the range
        only partly covers an atomic piece (the edit could not be exact).
        """
        edits: list[tuple[int, int, str]] = []
        for piece, lo, hi in self._overlapping(start, end):
            if not piece.verbatim and (lo, hi) != (piece.text_start, piece.text_end):
                return None
        for src_start, src_end in self.source_ranges(start, end):
            edits.append((src_start, src_end, ""))
        if not edits:
            anchor = self._anchor(start)
            return [(anchor, anchor, new_text)] if new_text else []
        first_start, first_end, _ = edits[0]
        edits[0] = (first_start, first_end, new_text)
        return edits

    def _anchor(self, index: int) -> int:
        for piece in self.pieces:
            if index <= piece.text_end:
                if piece.verbatim:
                    return piece.src_start + max(0, index - piece.text_start)
                return piece.src_start
        return self.pieces[-1].src_end if self.pieces else 0

    def slice(self, start: int, end: int) -> "SourcedText":
        """The sub-text ``text[start:end]`` with its pieces."""
        if len(self.pieces) == 1:
            # The common case (text loaders): one piece, no loop, no list.
            piece = self.pieces[0]
            lo, hi = max(start, piece.text_start), min(end, piece.text_end)
            if lo >= hi:
                return SourcedText(self.text[start:end], ())
            if piece.verbatim:
                offset = piece.src_start - piece.text_start
                return SourcedText(self.text[start:end], (Piece(lo - start, hi - start, lo + offset, hi + offset),))
            return SourcedText(self.text[start:end], (Piece(lo - start, hi - start, piece.src_start, piece.src_end),))
        pieces = []
        for piece, lo, hi in self._overlapping(start, end):
            if piece.verbatim:
                offset = piece.src_start - piece.text_start
                pieces.append(Piece(lo - start, hi - start, lo + offset, hi + offset))
            else:
                pieces.append(Piece(lo - start, hi - start, piece.src_start, piece.src_end))
        return SourcedText(self.text[start:end], tuple(pieces))

    def joined(self, other: "SourcedText", separator: str, gap: tuple[int, int]) -> "SourcedText":
        """This text, ``separator`` standing for the source range ``gap``, then ``other``."""
        pieces = list(self.pieces)
        offset = len(self.text)
        if separator:
            pieces.append(Piece(offset, offset + len(separator), gap[0], gap[1]))
            offset += len(separator)
        pieces.extend(
            Piece(piece.text_start + offset, piece.text_end + offset, piece.src_start, piece.src_end)
            for piece in other.pieces
        )
        return SourcedText(self.text + separator + other.text, tuple(pieces))

    def strip(self) -> "SourcedText":
        stripped = self.text.strip()
        if len(stripped) == len(self.text) and stripped:
            return self  # immutable: nothing to strip
        if not stripped:
            # An empty cell still has a place: keep it, so findings about blanks can point there.
            anchor = self._anchor(0)
            return SourcedText("", (Piece(0, 0, anchor, anchor),) if self.pieces else ())
        start = len(self.text) - len(self.text.lstrip())
        return self.slice(start, start + len(stripped))


class VerbatimText(SourcedText):
    """A text that stands verbatim, in one piece, at ``start`` of the source (what the text
    loader cuts a line or a tab-separated cell into).

    The same value as ``SourcedText(text, (Piece(0, len(text), start, start + len(text)),))``
    (equal, same hash, pickled as that), but the piece is made only when asked for: a report
    has hundreds of cells and findings locate only a few of them.
    """

    __slots__ = ("start",)

    def __init__(self, text: str, start: int) -> None:
        _set_text(self, text)
        _set_start(self, start)

    @property
    def pieces(self) -> tuple[Piece, ...]:  # type: ignore[override]
        try:
            return _get_pieces(self)
        except AttributeError:
            start = self.start
            pieces = (Piece(0, len(self.text), start, start + len(self.text)),)
            _set_pieces(self, pieces)
            return pieces

    @property
    def span(self) -> Span:
        return Span(self.start, self.start + len(self.text))

    def source_span(self, start: int, end: int) -> Span:
        """The source range that holds ``text[start:end]`` (``SourcedText.source_span``), from
        the text's start alone when the range holds text: without its piece, made only when
        asked for (the report's year in its title, a finding's words in a line)."""
        if 0 <= start < end <= len(self.text):
            return Span(self.start + start, self.start + end)
        return SourcedText.source_span(self, start, end)

    def slice(self, start: int, end: int) -> SourcedText:
        """The sub-text ``text[start:end]``: verbatim too when it holds text (what
        ``SourcedText.slice`` gives, its piece made only when asked for)."""
        if 0 <= start < end <= len(self.text):
            return VerbatimText(self.text[start:end], self.start + start)
        return SourcedText.slice(self, start, end)

    def strip(self) -> SourcedText:
        stripped = self.text.strip()
        if len(stripped) == len(self.text) and stripped:
            return self
        if not stripped:
            return VerbatimText("", self.start)  # an empty text keeps its place
        return VerbatimText(stripped, self.start + len(self.text) - len(self.text.lstrip()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SourcedText):
            return self.text == other.text and self.pieces == other.pieces
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.text, self.pieces))

    def __reduce__(self) -> tuple[object, ...]:
        return (SourcedText, (self.text, self.pieces))

    def __repr__(self) -> str:
        return f"SourcedText(text={self.text!r}, pieces={self.pieces!r})"


_set_span_start, _set_span_end, _set_span_logical = Span.start.__set__, Span.end.__set__, Span.logical.__set__
_set_text, _set_pieces = SourcedText.text.__set__, SourcedText.pieces.__set__
_get_pieces = SourcedText.pieces.__get__
_set_start = VerbatimText.start.__set__


def line_starts_of(lines: list[str]) -> list[int]:
    """Where each of ``lines``, a text split at its line feeds, starts in the text: each one
    past the end of the line before it (summed in C, no Python step per line; the length of
    a line with its line feed is most often a small number, one Python keeps made, so only
    the sum is a new number: 120 instructions a line less than adding the line's index to
    the sum of the lengths, benchmarks/instructions.py)."""
    return list(accumulate(map(add, map(len, lines[:-1]), repeat(1)), initial=0))


class SourceText(Record):
    """The text of one input, with what is needed to write it back exactly.

    ``encoding`` and ``bom`` are those of the file; line endings stay inside ``text`` as they
    were, so writing ``text`` back in ``encoding`` reproduces the original bytes.
    """

    text: str
    path: str
    encoding: str
    bom: bool
    # ``_line_starts`` (derived from ``text``) is left out of equality and repr.
    __slots__ = ("_line_starts",)

    def __init__(self, text: str, path: str = "-", encoding: str = "utf-8", bom: bool = False,
                 line_starts: list[int] | None = None) -> None:
        """``line_starts``: where each line of ``text`` starts (``line_starts_of``), when the
        loader has cut the text into lines already."""
        self.text = text
        self.path = path
        self.encoding = encoding
        self.bom = bom
        if line_starts is not None:
            self._line_starts = line_starts

    def __reduce__(self) -> tuple[object, ...]:
        # Without the table of line starts, which is made again when asked for: a -j N run's
        # worker sends each source with findings to the run's process, whose reporters read it
        # around the findings (``line_bounds``), never through the table.
        return (self.__class__, (self.text, self.path, self.encoding, self.bom))

    @property
    def line_starts(self) -> list[int]:
        """Where each line starts in ``text``, made when first asked for: a source rebuilt
        for a result cache hit is read only around its findings (``line_bounds``)."""
        try:
            return self._line_starts
        except AttributeError:
            starts = self._line_starts = line_starts_of(self.text.split("\n"))
            return starts

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of an offset."""
        offset = max(0, min(offset, len(self.text)))
        starts = self.line_starts
        line_index = bisect_right(starts, offset) - 1
        return line_index + 1, offset - starts[line_index] + 1

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Where the line holding ``offset`` starts and where the next one starts (the end of
        the text for the last line): the line ``position(offset)`` names, found around the
        offset without the table of line starts."""
        if not 0 <= offset <= len(self.text):  # (clamped only when need be, as in ``location``)
            offset = max(0, min(offset, len(self.text)))
        line_feed = self.text.find("\n", offset)
        return self.text.rfind("\n", 0, offset) + 1, len(self.text) if line_feed < 0 else line_feed + 1

    def location(self, span: Span) -> Location:
        """The ``position`` of each end of ``span``, found in one call, the end's line searched
        from the start's on. (Every finding and each of its related places is located so; a
        call of ``position`` for each end cost a third more: tens of thousands of instructions
        a text report, benchmarks/instructions.py.)"""
        start, end = span.start, span.end
        length = len(self.text)
        # A span within the text, as most are, is not clamped: a call of min or max costs more
        # than a bisection (4,800 instructions a finding less, callgrind).
        if not 0 <= start <= end <= length:
            start = max(0, min(start, length))
            end = max(0, min(end, length))
        starts = self.line_starts
        line = bisect_right(starts, start)
        end_line = bisect_right(starts, end, line - 1 if end >= start else 0)
        return Location(line, start - starts[line - 1] + 1, end_line, end - starts[end_line - 1] + 1)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line ending."""
        starts = self.line_starts
        if line < 1 or line > len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    def line_start(self, line: int) -> int:
        starts = self.line_starts
        return starts[max(0, min(line, len(starts)) - 1)]
