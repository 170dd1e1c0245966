"""Findings' logical places (``表格2 第10行 第3列``): the narrowest named cell or line holding a
finding's span, among those starting on its line, the first in the blocks' order on a tie."""

from __future__ import annotations

from gklint.check.engine import _logical_at, _logical_places
from gklint.read.blocks import CellBlock, LineBlock, RawDocument, TableBlock
from gklint.read.source import Piece, SourcedText, SourceText, Span, VerbatimText

#            0         1
#            0123456789012345678
TEXT = "第一段正文\nabcdefgh\tij\nxyz"


def _document() -> RawDocument:
    # Row 1 is on line 2 (offsets 6-17). Its cells come in an order their starts do not follow,
    # and two of them, "X" (9-12) and "Y" (8-11), are equally wide; "W" is made of pieces.
    cells = [
        CellBlock(VerbatimText("def", 9), logical="X"),
        CellBlock(VerbatimText("cde", 8), logical="Y"),
        CellBlock(VerbatimText("", 6), merged=True, logical="merged"),
        CellBlock(SourcedText("ij", (Piece(0, 1, 15, 16), Piece(1, 2, 16, 17))), logical="W"),
    ]
    return RawDocument(
        source=SourceText(TEXT),
        blocks=[
            LineBlock(VerbatimText("第一段正文", 0), logical="第1段"),
            TableBlock([cells], [Span(6, 17, "表格1 第1行")], gridded=True, logical="表格1"),
            LineBlock(VerbatimText("xyz", 18), logical="第2段"),
        ],
        loader="test",
    )


def _place(raw: RawDocument, start: int, end: int) -> str | None:
    places = _logical_places(raw)
    span = Span(start, end)
    return _logical_at(places.get(raw.source.position(start)[0], ()), span) if places else None


def test_the_narrowest_place_and_the_first_of_equal_ones():
    raw = _document()
    assert _place(raw, 10, 11) == "X"  # in X and Y alike: X comes first
    assert _place(raw, 8, 9) == "Y"
    assert _place(raw, 6, 7) == "表格1 第1行"  # the merged slot names no place
    assert _place(raw, 15, 17) == "W"
    assert _place(raw, 1, 3) == "第1段"
    assert _place(raw, 19, 20) == "第2段"
    assert _place(raw, 5, 9) is None  # starts on line 1, ends on line 2: no place holds it


def test_places_are_listed_by_line_in_the_blocks_order():
    places = _logical_places(_document())
    assert list(places.get(2, ())) == [(6, 17, "表格1 第1行"), (9, 12, "X"), (8, 11, "Y"), (15, 17, "W")]
    assert list(places.get(1, ())) == [(0, 5, "第1段")]
    assert list(places.get(4, ())) == []


def test_text_and_html_name_no_place():
    raw = RawDocument(source=SourceText("a\tb"), loader="text",
                      blocks=[TableBlock([[CellBlock(VerbatimText("a", 0)), CellBlock(VerbatimText("b", 2))]],
                                         [Span(0, 3)])])
    assert not _logical_places(raw)
