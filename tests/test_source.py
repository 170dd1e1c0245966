"""SourcedText and its one-piece form VerbatimText: equal values, spans and pieces."""

from __future__ import annotations

import pickle

from gklint.read.source import Piece, SourcedText, Span, VerbatimText


def test_verbatim_text_equals_the_one_piece_sourced_text():
    verbatim = VerbatimText("予以公开", 10)
    sourced = SourcedText("予以公开", (Piece(0, 4, 10, 14),))
    assert verbatim == sourced and sourced == verbatim
    assert hash(verbatim) == hash(sourced)
    assert verbatim.pieces == (Piece(0, 4, 10, 14),)
    assert verbatim.span == sourced.span == Span(10, 14)
    assert repr(verbatim) == repr(sourced)
    assert VerbatimText("予以公开", 11) != sourced


def test_verbatim_text_pickles_as_sourced_text():
    restored = pickle.loads(pickle.dumps(VerbatimText("总计", 3)))
    assert type(restored) is SourcedText
    assert restored == SourcedText("总计", (Piece(0, 2, 3, 5),))


def test_verbatim_text_strips_and_slices_like_sourced_text():
    for text, start in (("  予以公开 ", 7), ("", 4), ("   ", 9), ("总计", 0)):
        verbatim = VerbatimText(text, start)
        sourced = SourcedText(text, (Piece(0, len(text), start, start + len(text)),))
        assert verbatim.strip() == sourced.strip(), text
        assert verbatim.strip().span == sourced.strip().span, text
        for bounds in ((1, 3), (0, len(text)), (2, 2), (3, 1), (-1, 2), (1, len(text) + 3), (0, 0)):
            assert verbatim.slice(*bounds) == sourced.slice(*bounds), (text, bounds)
            assert verbatim.slice(*bounds).span == sourced.slice(*bounds).span, (text, bounds)
            assert repr(verbatim.slice(*bounds)) == repr(sourced.slice(*bounds)), (text, bounds)
        assert verbatim.source_span(0, len(text)) == sourced.source_span(0, len(text)), text
        assert verbatim.replacement_edits(0, 1, "X") == sourced.replacement_edits(0, 1, "X"), text


def test_contiguous_is_verbatim():
    text = SourcedText.contiguous("五、存在的主要问题", 20)
    assert isinstance(text, VerbatimText)
    assert text.source_span(2, 4) == Span(22, 24)
