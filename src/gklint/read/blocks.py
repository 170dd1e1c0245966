"""What a loader hands to the tree builder: the report as a flat stream of blocks.

A loader's only job is to turn a file into text lines and table grids, each with the place in
``SourceText`` that it came from. Everything that knows about report structure (headings,
sections, canonical rows, the repair of copy-paste damage) happens once, in ``gklint.parse.builder``,
for every input format alike.
"""

from __future__ import annotations

from typing import Any, Union

from gklint.records import Record, fresh
from gklint.read.source import SourcedText, SourceText, Span


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
