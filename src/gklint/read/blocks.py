"""What a loader hands to the tree builder: the report as a flat stream of blocks.

A loader's only job is to turn a file into text lines and table grids, each with the place in
``SourceText`` that it came from. Everything that knows about report structure (headings,
sections, canonical rows, the repair of copy-paste damage) happens once, in ``gklint.parse.builder``,
for every input format alike.
"""

from __future__ import annotations

from typing import Any, Union

from gklint.records import Record, fresh, made_on_demand
from gklint.read.source import SourcedText, SourceText, Span, VerbatimText, ordered_span

_new = object.__new__
_set_text, _set_start = VerbatimText.text.__set__, VerbatimText.start.__set__


class LineBlock(Record):
    """A paragraph, heading or title line.

    ``text`` keeps any Markdown markup the source has (``## ``, ``**``); loaders of formats
    with real heading markup report it in ``heading_level`` (1 for ``<h1>`` or Word's
    Heading 1) and ``bold`` instead.
    """

    text: SourcedText
    heading_level: int | None = None
    bold: bool = False
    logical: str | None = None

    @property
    def span(self) -> Span:
        return self.text.span


class CellBlock(Record):
    """One cell as the source shows it.

    ``merged`` marks a grid slot covered by a merged cell that starts in another slot (to the
    left for ``colspan``/``gridSpan``, above for ``rowspan``/``vMerge``); its text is empty.
    ``missing`` marks a slot that no cell covers at the end of a row shorter than its table
    (a cell lost, or Word's ``gridAfter``): like a tab-separated row that lost a cell, the row
    has only the cells it has, so the slot is no (blank) cell either.
    """

    text: SourcedText
    merged: bool = False
    logical: str | None = None
    missing: bool = False


class TableBlock(Record):
    """A table as rows of cells, before any repair.

    Loaders of formats with explicit merges (HTML ``colspan``, DOCX ``gridSpan``) resolve
    them into the grid and set ``gridded``: every row then holds one cell per grid column,
    the slots a merged cell covers beyond its first being empty cells with ``merged``. Tab-separated
    text is not gridded: merged cells became empty cells or vanished, and the builder
    undoes that.
    """

    rows: list[list[CellBlock]]
    row_spans: list[Span]
    gridded: bool = False
    logical: str | None = None

    @property
    def span(self) -> Span:
        return Span(self.row_spans[0].start, self.row_spans[-1].end) if self.row_spans else Span(0, 0)

    @property
    def row_count(self) -> int:
        """How many rows the table has (one span per row)."""
        return len(self.row_spans)


# A row of text cut at one-character separators (tabs, pipes): where its first piece starts in
# the source, and the pieces between the separators as cut, white space and all.
Cut = tuple[int, list[str]]


# Where a row of a table stands in the source: the start and the end of its span.
RowBounds = tuple[int, int]


class PlainTableBlock(TableBlock):
    """A table of text lines cut at one-character separators (a tab-separated or a Markdown
    pipe table without quoted cells, escapes or ``<br>``): each row kept as its line, where
    it starts in the source and its text (``lines``), and the ``separator`` it is cut at (a
    tab, or a pipe: the text between a pipe row's outer pipes, ``line_cut``).

    The same table as the ``TableBlock`` whose rows are ``plain_cells`` of the lines' cuts and
    whose row spans are the lines' (equal to it, field by field). The tree builder reads what
    each line's cut reads as whole, by its text (``gklint.parse.tables.read_cells``: table
    rows repeat from report to report), so the loader cuts no line; ``cuts`` are the lines
    cut, and the ``CellBlock``s of ``rows`` and the spans of ``row_spans`` are made only for a
    reader that asks for them (a report has hundreds of cells and some forty rows, and a cell
    block or a span nobody reads is made for nothing: ``benchmarks/run.py``). Never gridded,
    no logical places: text has neither.
    """

    __slots__ = ("lines", "separator")

    def __init__(self, lines: list[tuple[int, str]], separator: str) -> None:
        self.lines = lines
        self.separator = separator
        self.gridded = False
        self.logical = None

    @property
    def cuts(self) -> list[Cut]:
        """Each line cut at the separator (``line_cut``)."""
        separator = self.separator
        return [line_cut(offset, line, separator) for offset, line in self.lines]

    @property
    def row_bounds(self) -> list[RowBounds]:
        """Where each row's line starts and ends."""
        return [(offset, offset + len(line)) for offset, line in self.lines]

    @made_on_demand(TableBlock.rows)
    def rows(self) -> list[list[CellBlock]]:  # type: ignore[override]
        return [plain_cells(start, pieces) for start, pieces in self.cuts]

    @made_on_demand(TableBlock.row_spans)
    def row_spans(self) -> list[Span]:  # type: ignore[override]
        return [ordered_span(offset, offset + len(line)) for offset, line in self.lines]

    @property
    def span(self) -> Span:
        lines = self.lines
        return Span(lines[0][0], lines[-1][0] + len(lines[-1][1])) if lines else Span(0, 0)

    @property
    def row_count(self) -> int:
        return len(self.lines)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TableBlock):
            return TableBlock.__eq__(_as_table_block(self), _as_table_block(other))
        return NotImplemented

    def __reduce__(self) -> tuple[object, ...]:
        return (PlainTableBlock, (self.lines, self.separator))


def line_cut(offset: int, line: str, separator: str) -> Cut:
    """The ``Cut`` of a table row's ``line`` starting at ``offset``: the line cut at its tabs
    (``separator`` a tab), or the text between a pipe row's outer pipes cut at its pipes (a
    pipe: what stands before the first pipe and after the last is no cell)."""
    parts = line.split(separator)
    if separator == "\t":
        return offset, parts
    return offset + len(parts[0]) + 1, parts[1:-1]


def _as_table_block(block: TableBlock) -> TableBlock:
    if type(block) is PlainTableBlock:
        return TableBlock(block.rows, block.row_spans, block.gridded, block.logical)
    return block


def verbatim_cell(text: str, start: int, merged: bool = False, logical: str | None = None,
                  missing: bool = False) -> CellBlock:
    """``CellBlock(VerbatimText(text, start), merged, logical, missing)``, slot by slot (no
    ``__init__`` frames: a report has hundreds of cells; tests/loaders/test_docx_loader.py
    checks it against the constructors)."""
    sourced = _new(VerbatimText)
    _set_text(sourced, text)
    _set_start(sourced, start)
    cell = _new(CellBlock)
    cell.text = sourced
    cell.merged = merged
    cell.logical = logical
    cell.missing = missing
    return cell


def verbatim_line(text: str, start: int) -> LineBlock:
    """``LineBlock(VerbatimText(text, start))``, slot by slot (no ``__init__`` frames: the
    text loader makes one per line; tests/test_fast_paths.py checks it against the
    constructors)."""
    sourced = _new(VerbatimText)
    _set_text(sourced, text)
    _set_start(sourced, start)
    line = _new(LineBlock)
    line.text = sourced
    line.heading_level = None
    line.bold = False
    line.logical = None
    return line


def plain_cells(start: int, pieces: list[str]) -> list[CellBlock]:
    """The cells of a row cut at one-character separators, its first piece at ``start``:
    each the stripped piece, where its text starts (an empty cell keeps its place, so that
    findings about blanks can point at it).

    (Only a table that mixes cut rows with others, ``gklint dump`` and the repair of broken
    cells make cell blocks of cuts: the tree builder reads the cuts of a ``PlainTableBlock``
    itself, ``gklint.parse.tables``.)"""
    cells = []
    append = cells.append
    for piece in pieces:
        stripped = piece.strip()
        if stripped == piece or not stripped:
            append(verbatim_cell(stripped, start))
        else:
            append(verbatim_cell(stripped, start + piece.find(stripped)))  # (after the white space before the text)
        start += len(piece) + 1
    return cells


Block = Union[LineBlock, TableBlock]


class RawDocument(Record):
    """A loaded file: its text, its blocks in reading order, and the loader that read it.

    ``loader`` is the loader's name, for people (``gklint dump``); nothing decides by it.
    ``markup`` is what the loader declared its text carries (``Loader.markup``): rules that
    must tell markup from prose ask this. ``writer_state`` is private to the loader, for
    writing fixes back (the DOCX package, say). ``notes``: what the user should know about the
    reading, each a string or a (Chinese, English) pair; the engine passes on the run's
    language.
    """

    source: SourceText
    blocks: list[Block]
    loader: str
    writer_state: Any = None
    notes: list[str | tuple[str, str]] = fresh(list)
    markup: str | None = None
