"""Plain text and Markdown: lines become LineBlocks, tab-separated and pipe rows TableBlocks.

Copy-paste from Word and web editors leaves tables as tab-separated lines; some rows lose
cells, a blank line may split a table in two, Excel quotes a cell with a line break in it.
This loader only cuts the text into lines and cells with exact offsets; the tree builder
repairs the grid. A table whose rows are all cut at plain tabs or pipes is handed over as the
cuts themselves (``PlainTableBlock``): the builder makes each cell once, from its piece.
"""

from __future__ import annotations

import re
from codecs import BOM_UTF8
from itertools import repeat
from typing import Iterator

from gklint.grammar import SPACE, WHITE_SPACE
from gklint.read.blocks import (Block, CellBlock, Cut, LineBlock, PlainTableBlock, RawDocument, RowBounds, TableBlock,
                                line_cut, plain_cells, verbatim_line)
from gklint.read.encoding import decode
from gklint.read.loader import LoadError, Loader
from gklint.read.source import Piece, SourcedText, SourceText, VerbatimText, line_starts_of, ordered_span

# White space as ``regex``'s ``\s`` has it (``gklint.grammar``). ``_is_pipe_row`` tests what
# ``^\s*\|.*\|\s*$`` would match, in linear time (``.*\|`` backtracks quadratically on a long
# line of pipes).
_S = SPACE
# A Markdown table's separator row, ``| --- | :--: |``. No two neighbouring runs can take the
# same character (a pipe starts every repetition), so each run is read once: linear time.
_PIPE_SEPARATOR = re.compile(rf"^{_S}*(?:\|{_S}*)?:?-{{2,}}:?{_S}*(?:\|{_S}*:?-{{2,}}:?{_S}*)*(?:\|{_S}*)?$")
# A line of pipes and dashes alone (how most separator rows are written, ``|---|---|``).
_PIPES_AND_DASHES = re.compile(r"[-|]*")
_FENCE = re.compile(rf"^{_S}*(```|~~~)")
# Control characters below U+0020 but for tab, line feed, vertical tab, form feed and carriage
# return (what binary data is full of and text hardly holds), as the bytes that encode them in
# UTF-8.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])


class TextLoader(Loader):
    """Plain text (``.txt``) and Markdown (``.md``, ``.markdown``)."""

    name = "text"
    suffixes = (".txt", ".md", ".markdown", ".text")
    markup = "markdown"  # the text is the file verbatim: plain text is Markdown without markup

    def sniff(self, data: bytes) -> bool:
        return True

    def load(self, path: str, data: bytes) -> RawDocument:
        if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
            raise LoadError("文件为空", "the file is empty")
        decoded = decode(data)
        text = decoded.text
        # The text's UTF-8, for the sample ``_looks_binary`` reads and for the marks ``_blocks``
        # looks for: a text decoded as UTF-8 is the file's bytes after any BOM, read there
        # rather than encoded again; another text no longer than the sample is encoded (the
        # sample's UTF-8 is wanted anyway); a longer one is looked at as text.
        utf8 = None
        if decoded.encoding == "utf-8":
            utf8 = data[len(BOM_UTF8):] if decoded.bom else data
        elif len(text) <= _SAMPLE:
            utf8 = text.encode("utf-8", "surrogatepass")
        if _looks_binary(text, utf8 if len(text) <= _SAMPLE else None):
            raise LoadError("文件含有大量控制字符，不是文本文件", "the file holds control characters: it is not text")
        # (The text cut at its line feeds once, for the blocks and for the source's line starts.)
        starts, lines = _lines_and_starts(text)
        source = SourceText(text, path=path, encoding=decoded.encoding, bom=decoded.bom, line_starts=starts)
        return RawDocument(source=source, blocks=_blocks(starts, lines, text, utf8), loader=self.name, markup=self.markup)


# How many characters of a text ``_looks_binary`` looks at.
_SAMPLE = 8192


def _looks_binary(text: str, encoded: bytes | None = None) -> bool:
    """Whether the start of ``text`` holds a zero or many control characters; ``encoded``: the
    UTF-8 bytes of that start (``text[:_SAMPLE]``), when the caller has them."""
    sample = text[:_SAMPLE]
    # Counted in the sample's UTF-8 bytes, where a byte below 0x80 always stands for that
    # character (the bytes of a longer sequence are all 0x80 or above): deleting them is one
    # pass in C, where a pattern tried at each character cost some 5% of reading and building
    # a text report.
    if encoded is None:
        encoded = sample.encode("utf-8", "surrogatepass")
    # Most texts hold none of them: each is looked for on its own first (``memchr``, some
    # twenty passes that take thirty-two bytes a step), where deleting them all takes a step
    # per byte. (Each looked for as its value: ``bytes in bytes`` first tries its needle as a
    # number, and raises and drops an error to find it is none.) With ``_marks_in``, 70,000
    # instructions fewer a Markdown report, 52,000 a text one (benchmarks/instructions.py).
    if not any(control in encoded for control in _CONTROL_BYTES):
        return False
    controls = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
    return b"\x00" in encoded or controls > max(8, len(sample) // 20)


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line without its line ending) for every line."""
    return list(zip(*_lines_and_starts(text)))


def _lines_and_starts(text: str) -> tuple[list[int], list[str]]:
    """Where each line of ``text`` starts (``SourceText``'s line starts: one per line feed and
    one), and every line without its line ending, from one split. The readers below take the
    two lists side by side, the offset of line ``index`` being ``starts[index]``: no pair is
    made for a line (a text report has some eighty lines; the pairs cost 0.5 % of reading
    and checking it, benchmarks/instructions.py), only for a table row kept as its line."""
    lines = text.split("\n")
    starts = line_starts_of(lines)
    if not lines[-1]:
        lines.pop()  # (an empty text, or one that ends in a line break: no line after it)
    if "\r" in text:
        lines = list(map(str.rstrip, lines, repeat("\r")))
    return starts, lines


def split_blocks(text: str) -> Iterator[Block]:
    """Cut the text into LineBlocks and TableBlocks."""
    return iter(_blocks(*_lines_and_starts(text), text))


def _blocks(starts: list[int], lines: list[str], text: str, utf8: bytes | None = None) -> list[Block]:
    """The LineBlocks and TableBlocks of ``text`` cut into ``lines``, each starting at its
    ``starts`` (``_lines_and_starts``); ``utf8``: the text's UTF-8, when the loader has it.

    What a line is tested for (a fence's backtick or tilde, a tab, a pipe, a quote, a
    backslash or ``<``) is first looked for in the whole text, once: a test that the text
    fails is left out for each of its lines (a report has some eighty lines, and most hold
    no pipe, or no tab, no quote, no fence; benchmarks/instructions.py).
    """
    present = _marks_in(text, utf8)
    fences = "`" in present or "~" in present
    tabs = "\t" in present
    pipes = "|" in present
    quotes = '"' in present
    escapes = "\\" in present or "<" in present
    blocks: list[Block] = []
    add = blocks.append
    count = len(lines)
    index = 0
    in_fence = False
    while index < count:
        line = lines[index]
        if fences and ("`" in line or "~" in line) and _FENCE.match(line):
            # Code in Markdown is not report content.
            in_fence = not in_fence
            index += 1
            continue
        stripped = line.strip()
        if in_fence or not stripped:
            index += 1
            continue
        # A table line: tab-separated (a tab stays when spaces are stripped) or a pipe row.
        if tabs and "\t" in line:
            table, index = _read_tab_table(starts, lines, index, quotes)
            add(table)
            continue
        if pipes and "|" in line and _is_pipe_row(line):
            table, index = _read_pipe_table(starts, lines, index, tabs, escapes)
            add(table)
            continue
        # A line of text: stripped, where that starts (found after the white space before
        # the text, as the text starts with none).
        offset = starts[index]
        add(verbatim_line(stripped, offset if stripped == line else offset + line.find(stripped)))
        index += 1
    return blocks


# The marks ``_blocks`` looks for in a text, each with its UTF-8 byte's value (``bytes in
# bytes`` first tries its needle as a number, and raises and drops an error to find it is none).
_MARKS = tuple((mark, ord(mark)) for mark in "`~\t|\"\\<")


def _marks_in(text: str, utf8: bytes | None) -> set[str]:
    """Which of the marks ``_blocks`` looks for ``text`` holds, looked for in its UTF-8
    ``utf8`` when given. There a mark's byte stands for the mark alone (the bytes of a Han
    character are all 0x80 or above), and ``memchr`` finds it at thirty-two bytes a step; in
    the text, stored two bytes a character, a Han character whose code has the mark's byte
    (统 is U+7EDF, ``~`` 0x7E) stops that search, and a report is full of them."""
    if utf8 is None:
        return {mark for mark, _ in _MARKS if mark in text}
    return {mark for mark, byte in _MARKS if byte in utf8}


def _is_pipe_row(line: str) -> bool:
    """Whether ``^\\s*\\|.*\\|\\s*$`` matches a line without line feed, in linear time."""
    body = line.strip(WHITE_SPACE)
    return len(body) >= 2 and body[0] == "|" and body[-1] == "|"


def _read_pipe_table(starts: list[int], lines: list[str], index: int, tabs: bool = True,
                     escapes: bool = True) -> tuple[TableBlock, int]:
    """Read the rows of a pipe table from ``index``; a blank line followed by more pipe rows
    continues the table (web editors split tables with empty paragraphs). Separator rows
    (``| --- |``) are no rows. ``tabs``, ``escapes``: whether the text holds a tab, and a
    backslash or ``<`` (when not, no row is looked at for them)."""
    rows: list[tuple[int, str] | tuple[list[CellBlock], RowBounds]] = []
    all_cut = True  # (whether every row is a line to cut)
    count = len(lines)
    while index < count:
        line = lines[index]
        if len(line) < 2 or line[0] != "|" or line[-1] != "|":
            # (A line that begins and ends with a pipe is a row as it stands, neither blank nor
            # in need of stripping: most rows are written so, and are tested for no more.)
            if not line.strip():
                following = index + 1
                while following < count and not lines[following].strip():
                    following += 1
                if following < count and _is_pipe_row(lines[following]) and "\t" not in lines[following]:
                    index = following
                    continue
                break
            body = line.strip(WHITE_SPACE)  # (``_is_pipe_row`` written out: no call per row)
            if len(body) < 2 or body[0] != "|" or body[-1] != "|":
                break
        if tabs and "\t" in line:
            break
        if "-" in line and _is_separator(line):  # (a separator holds a dash at least)
            index += 1
            continue
        offset = starts[index]
        if escapes and ("\\" in line or "<" in line):
            rows.append((_pipe_cells(offset, line), (offset, offset + len(line))))
            all_cut = False
        else:
            # The line as it stands, cut at its pipes by whoever reads it (``line_cut``).
            rows.append((offset, line))
        index += 1
    return _table_block(rows, "|", all_cut), index


def _is_separator(line: str) -> bool:
    """Whether ``line`` is a separator row (``_PIPE_SEPARATOR``). One of pipes and dashes alone
    is one unless it holds what the pattern leaves out there: an empty cell (two pipes side by
    side) or a cell of one dash, looked for in C, where the pattern takes some 1,300
    instructions a column (``|---|`` ten times over: 12,800 against 5,800, callgrind)."""
    if not _PIPES_AND_DASHES.fullmatch(line):
        return _PIPE_SEPARATOR.match(line) is not None
    return ("--" in line and "||" not in line and "|-|" not in line and line[:2] != "-|"
            and line[-2:] != "|-")


def _read_tab_table(starts: list[int], lines: list[str], index: int, quotes: bool = True) -> tuple[TableBlock, int]:
    """Read the rows of a tab-separated table from ``index`` (a blank line followed by more
    of them continues it), in one loop: a row without a quoted cell is a line to cut at its
    tabs, kept as it stands (benchmarks/run.py, text). ``quotes``: whether the text holds a
    ``"`` (when not, no row is looked at for one)."""
    rows: list[tuple[int, str] | tuple[list[CellBlock], RowBounds]] = []
    all_cut = True  # (whether every row is a line to cut)
    count = len(lines)
    while index < count:
        line = lines[index]
        if not line or line.isspace():  # (``not line.strip()``, without a stripped copy of each row)
            following = index + 1
            while following < count and not lines[following].strip():
                following += 1
            if following < count and "\t" in lines[following]:
                index = following
                continue
            break
        if "\t" not in line:  # (not blank: a tab in it is one once stripped of spaces)
            break
        if quotes and '"' in line:
            offset = starts[index]
            cells, end, index = _tab_cells(starts, lines, index)
            rows.append((cells, (offset, end)))
            all_cut = False
        else:
            rows.append((starts[index], line))
            index += 1
    return _table_block(rows, "\t", all_cut), index


def _table_block(rows: list[tuple[int, str] | tuple[list[CellBlock], RowBounds]], separator: str,
                 all_cut: bool) -> TableBlock:
    """The table of ``rows``, each a line to cut at ``separator`` (its offset and text) or a
    row's cells and where the row stands: kept as the lines when every row is one
    (``all_cut``: ``PlainTableBlock``), else as cells and spans."""
    if all_cut:
        return PlainTableBlock(rows, separator)  # type: ignore[arg-type]
    cells = []
    spans = []
    for first, second in rows:
        if type(second) is str:
            cells.append(plain_cells(*line_cut(first, second, separator)))
            spans.append(ordered_span(first, first + len(second)))
        else:
            cells.append(first)
            spans.append(ordered_span(*second))
    return TableBlock(rows=cells, row_spans=spans)


def _cell(text: str, start: int) -> CellBlock:
    stripped = text.strip()
    if stripped and len(stripped) != len(text):
        start += len(text) - len(text.lstrip())
    # An empty cell keeps its place, so that findings about blanks can point at it.
    return CellBlock(VerbatimText(stripped, start))


_BR = re.compile(rf"<br{_S}*/?>", re.IGNORECASE)


def _pipe_cut(offset: int, line: str) -> Cut | None:
    """The common pipe row, without an escaped pipe or a ``<br>``: the text between the outer
    pipes cut at its pipes (None for any other row)."""
    if "\\" in line or "<" in line:
        return None
    first = line.index("|")
    return offset + first + 1, line[first + 1:line.rindex("|")].split("|")


def _pipe_cells(offset: int, line: str) -> list[CellBlock]:
    cut = _pipe_cut(offset, line)
    if cut is not None:
        return plain_cells(*cut)
    first = line.index("|")
    last = line.rindex("|")
    cells = []
    start = first + 1
    position = start
    while position <= last:
        char = line[position]
        if char == "\\" and position + 1 < last:
            position += 2
            continue
        if char == "|":
            cells.append(_pipe_cell(line[start:position], offset + start))
            start = position + 1
        position += 1
    return cells


def _pipe_cell(text: str, start: int) -> CellBlock:
    """A pipe-table cell; ``<br>`` inside it (the Markdown way to break a line in a cell)
    reads as a line break, its source kept whole."""
    pieces: list[Piece] = []
    parts: list[str] = []
    cursor = 0
    length = 0
    for match in _BR.finditer(text):
        segment = text[cursor:match.start()]
        pieces.append(Piece(length, length + len(segment), start + cursor, start + match.start()))
        parts.append(segment)
        length += len(segment)
        pieces.append(Piece(length, length + 1, start + match.start(), start + match.end()))
        parts.append("\n")
        length += 1
        cursor = match.end()
    if not pieces:
        return _cell(text, start)
    segment = text[cursor:]
    pieces.append(Piece(length, length + len(segment), start + cursor, start + len(text)))
    parts.append(segment)
    return CellBlock(SourcedText("".join(parts), tuple(pieces)).strip())


def _tab_cells(starts: list[int], lines: list[str], index: int) -> tuple[list[CellBlock], int, int]:
    """Split a tab-separated row; a cell opened with ``"`` runs to its closing quote, over
    line breaks if need be (the way Excel copies a cell holding a line break)."""
    offset, line = starts[index], lines[index]
    if '"' not in line:
        # The common case: no quoted cell, the row is the line cut at its tabs.
        return plain_cells(offset, line.split("\t")), offset + len(line), index + 1
    cells: list[CellBlock] = []
    cursor = 0
    end = offset + len(line)
    index += 1
    while True:
        if line.startswith('"', cursor):
            quoted = _read_quoted(starts, lines, index, offset, line, cursor)
            if quoted is not None:
                cell, line, offset, cursor, index = quoted
                cells.append(cell)
                end = offset + len(line)
                if cursor >= len(line):
                    break
                cursor += 1  # the tab after the closing quote
                continue
        tab = line.find("\t", cursor)
        if tab == -1:
            cells.append(_cell(line[cursor:], offset + cursor))
            break
        cells.append(_cell(line[cursor:tab], offset + cursor))
        cursor = tab + 1
    return cells, end, index


def _read_quoted(
    starts: list[int], lines: list[str], index: int, offset: int, line: str, cursor: int
) -> tuple[CellBlock, str, int, int, int] | None:
    """A quoted cell starting at ``line[cursor]``; ``None`` when the quote never closes as a
    cell (then the quote is ordinary text)."""
    pieces: list[Piece] = []
    text_parts: list[str] = []
    position = cursor + 1
    current_offset, current_line, current_index = offset, line, index
    text_length = 0
    for _ in range(50):  # a cell spans a few lines at most
        segment_start = position
        while position < len(current_line):
            if current_line[position] == '"':
                if current_line.startswith('""', position):
                    position += 2
                    continue
                break
            position += 1
        segment = current_line[segment_start:position]
        pieces.append(Piece(text_length, text_length + len(segment), current_offset + segment_start, current_offset + position))
        text_parts.append(segment)
        text_length += len(segment)
        if position < len(current_line):
            after = position + 1
            if after < len(current_line) and current_line[after] != "\t":
                return None
            text = "".join(text_parts)
            sourced = SourcedText(text, tuple(pieces))
            # A doubled quote inside the cell stands for one; keep the source text as is.
            return CellBlock(sourced.strip()), current_line, current_offset, after, current_index
        if current_index >= len(lines):
            return None
        next_offset, next_line = starts[current_index], lines[current_index]
        # The line break (LF or CRLF) inside the cell reads as one "\n".
        pieces.append(Piece(text_length, text_length + 1, current_offset + len(current_line), next_offset))
        text_parts.append("\n")
        text_length += 1
        current_offset, current_line = next_offset, next_line
        current_index += 1
        position = 0
    return None
