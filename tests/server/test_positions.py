"""Offsets as LSP positions: lines end at \\n, \\r\\n or \\r only; characters are counted in
the negotiated encoding's code units (UTF-16 by default)."""

from __future__ import annotations

import pytest

from gklint.server.positions import UTF8, UTF16, UTF32, LineIndex

ASTRAL = "\U00020000"  # 𠀀, CJK Extension B


@pytest.mark.parametrize(("encoding", "character"), [(UTF16, 2 + 1), (UTF8, 4 + 3), (UTF32, 1 + 1)])
def test_an_astral_character_counts_as_its_code_units(encoding, character):
    text = f"标题\n{ASTRAL}年,\n"
    lines = LineIndex(text, encoding)
    comma = text.index(",")
    assert lines.position(comma) == (1, character)
    assert lines.offset(1, character) == comma


def test_lines_end_at_crlf_cr_and_lf_only():
    text = "一\r\n二\r三\n四\u2028五\x0c六"
    lines = LineIndex(text)
    assert lines.position(text.index("二")) == (1, 0)
    assert lines.position(text.index("三")) == (2, 0)
    assert lines.position(text.index("四")) == (3, 0)
    assert lines.position(text.index("六")) == (3, 4)  # U+2028 and a form feed end no LSP line


def test_offsets_past_the_end_of_a_line_or_the_text_are_clamped():
    text = "ab\r\ncd"
    lines = LineIndex(text)
    assert lines.offset(0, 99) == 2  # before the line break
    assert lines.offset(5, 0) == len(text)
    assert lines.position(99) == (1, 2)
