"""The report tree that rules walk: Document → Sections → Headings, Paragraphs and Tables.

Every node carries its ``SourcedText`` (its text and where each character came from), so a
rule builds findings and fixes from exact spans and never looks at the file again.
"""

from __future__ import annotations

from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Iterator, NamedTuple, Sequence, Union

from gklint.read.blocks import RawDocument
from gklint.parse.matching import LabelMatch
from gklint.parse.values import CellValue
from gklint.records import Record, cached_property, fresh, made_on_demand
from gklint.read.source import SourcedText, SourceText, Span, VerbatimText, ordered_span

if TYPE_CHECKING:
    from gklint.formats.template import BlockSpec, ColumnSpec, Template


class Paragraph(Record):
    text: SourcedText
    logical: str | None = None

    @property
    def span(self) -> Span:
        return self.text.span


class Heading(Record):
    """A heading line. ``title`` is its text without markup and numbering."""

    text: SourcedText
    title: SourcedText
    numbering: str
    numbering_style: str
    markup_level: int | None
    bold: bool
    logical: str | None = None

    @property
    def span(self) -> Span:
        return self.text.span


class Cell(Record):
    """A cell of a table: its text, what that text reads as (``value``, whose ``raw`` is the
    text's string), the canonical column it holds a value of, and its logical place."""

    text: SourcedText
    value: CellValue
    column: str | None = None
    logical: str | None = None

    @property
    def span(self) -> Span:
        return self.text.span


class _ShownAs:
    """What a record made for speed (a slot worked out only when asked for, an instance
    filled slot by slot) shares with the others of its kind: it is the same value as the
    record it stands for (``shown_as``), so it is equal to it, shown as it and pickled as
    it: a finding, a parse dump, a cached result or a worker's result never tells them apart.
    (Reading a field through ``shown_as._values`` makes a slot not yet worked out.)"""

    __slots__ = ()
    shown_as: type[Record]

    def __init_subclass__(cls, shown_as: type[Record] | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if shown_as is not None:
            cls.shown_as = shown_as

    def __eq__(self, other: object) -> bool:
        shown_as = self.shown_as
        if isinstance(other, shown_as):
            return shown_as._values(self) == shown_as._values(other)  # type: ignore[attr-defined]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  (as the records they stand for)

    def __reduce__(self) -> tuple[object, ...]:
        return (self.shown_as, self.shown_as._values(self))  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        return self.shown_as.__name__ + self.shown_as.__repr__(self)[len(type(self).__name__):]


class VerbatimCell(_ShownAs, Cell, shown_as=Cell):
    """A cell whose text stands verbatim, in one piece, in the source: a cell of a table of
    text cut at tabs or pipes (``gklint.parse.tables``).

    The same value as ``Cell(VerbatimText(value.raw, start), value, column, logical)`` (equal,
    pickled as that), but its ``text`` is made only when asked for: a text report's tables
    hold hundreds of cells, the checks read the string of every one (``value.raw``, as
    ``DocumentIndex.joined_texts`` does) and the text with its place of about one in two
    hundred (632 of the 115,204 cells of 300 generated reports), so a text object per cell
    was made for nothing.

    Its place (``start``) is worked out only when asked for too, for the same reason: the
    cell keeps the cut of its row (``cut``: where the row's line starts, its pieces, as
    ``PlainTableBlock.cuts`` holds it) and its piece's ``index`` there, which cost the tree
    builder a store each, where counting each piece's place cost it its length, a sum and
    a search for its leading white space. ``VerbatimCell.alone(start, value)`` is a cell
    alone, the one piece of a cut of its own.

    ``VerbatimCell()`` is a cell with no slot set, which its maker fills slot by slot
    (``cut_cells``, ``gklint.parse.tables``): a class whose ``__init__`` is ``object``'s is
    made by calling it without a Python frame, and without the argument tuples of
    ``object.__new__(VerbatimCell)`` (some hundreds of cells a text report; about 1 % of its
    instructions, ``benchmarks/instructions.py``).
    """

    __slots__ = ("cut", "index")
    __init__ = object.__init__

    @classmethod
    def alone(cls, start: int, value: CellValue, column: str | None = None, logical: str | None = None) -> VerbatimCell:
        """The cell of ``value.raw`` standing at ``start``, the one piece of a cut of its own."""
        cell = cls()
        cell.cut = (start, [value.raw])
        cell.index = 0
        cell.value = value
        cell.column = column
        cell.logical = logical
        return cell

    @property
    def start(self) -> int:
        """Where the cell's text starts: after the pieces before its own in the row and their
        one-character separators, and after its piece's leading white space (an empty cell
        keeps its piece's place). (Its string, ``value.raw``, is its piece stripped.)"""
        row_start, pieces = self.cut
        index = self.index
        raw = self.value.raw
        lead = pieces[index].find(raw) if raw else 0
        return row_start + sum(map(len, pieces[:index])) + index + lead

    @made_on_demand(Cell.text)
    def text(self) -> SourcedText:  # type: ignore[override]
        return VerbatimText(self.value.raw, self.start)

    @property
    def span(self) -> Span:
        return Span(self.start, self.start + len(self.value.raw))


class RowKey(NamedTuple):
    """A canonical row of a table: its block's key and its own (``art20_1``, ``rules``).

    What a row label's ``match.key`` is (a sub-block title's is the block's key alone);
    ``str()`` gives ``block/row``.
    """

    block: str
    row: str

    def __str__(self) -> str:
        return f"{self.block}/{self.row}"


class Label(Record):
    """A label cell of a row (a row may hold a label-only parent and its first sub-item)."""

    cell: Cell
    numbering_length: int
    match: LabelMatch | None

    @property
    def text(self) -> str:
        return self.cell.text.text

    @property
    def label_text(self) -> SourcedText:
        """The label without its numbering prefix: what a label fix replaces."""
        return self.cell.text.slice(self.numbering_length, len(self.cell.text.text)).strip()


class HeaderCell(Record):
    cell: Cell
    match: LabelMatch | None


def _cut_cell(item: CutLabel | CutHeaderCell) -> VerbatimCell:
    """The cell of a label or header cell of a table of cuts: piece ``index`` of its row's
    cut (``CutRow.cut``, from its ``line`` and ``reading``), reading as that piece's value; no
    column, no logical place."""
    reading = item.reading
    cell = VerbatimCell()
    cell.cut = (item.line[0] + reading.lead, reading.pieces)
    cell.index = item.index
    cell.value = reading.values[item.index]
    cell.column = None
    cell.logical = None
    return cell


class CutLabel(_ShownAs, Label, shown_as=Label):
    """A label of a row of a table of text cut at tabs or pipes (``CutRow``): its ``cell``
    made only when asked for, from the row's ``line`` and ``reading`` (as the row keeps them)
    and the piece's ``index``.

    The same value as the ``Label`` of that cell (equal, shown and pickled as that): the
    checks read a label's match (which row it names, how near), and its cell only for a
    finding about it or its row, so a cell per label (some thirty a text report) was made
    for nothing. Asked for, the cell is made once, and it is the one ``CutRow.cells`` holds
    at its place.

    ``CutLabel()`` is a label with no slot set, which the tree builder fills slot by slot
    (as ``VerbatimCell()``).
    """

    __slots__ = ("line", "reading", "index")
    __init__ = object.__init__
    cell = made_on_demand(Label.cell)(_cut_cell)


class CutHeaderCell(_ShownAs, HeaderCell, shown_as=HeaderCell):
    """A header cell of a row of a table of cuts, its ``cell`` made only when asked for, as
    ``CutLabel``'s (GK202 reads the match of every header cell, the cell of a near miss)."""

    __slots__ = ("line", "reading", "index")
    __init__ = object.__init__
    cell = made_on_demand(HeaderCell.cell)(_cut_cell)


class Row(Record):
    """One row of a table after repair.

    ``kind``: ``title`` (a sub-block title spanning the table), ``header``, ``data``,
    ``label`` (label-only row) or ``unknown``. For data rows, ``values`` holds one cell per
    canonical column of the block (``None`` when the row's shape could not be read), and
    ``value_count`` how many value cells the row really has when that differs.
    """

    index: int
    cells: list[Cell]
    span: Span
    kind: str = "unknown"
    block: str | None = None
    labels: list[Label] = fresh(list)
    key: str | None = None
    label_keys: list[str] = fresh(list)
    headers: list[HeaderCell] = fresh(list)
    values: list[Cell | None] | None = None
    value_cells: list[Cell] = fresh(list)
    shape: str = "ok"
    logical: str | None = None

    @property
    def value_readings(self) -> Sequence[CellValue | None] | None:
        """What each of ``values`` reads as (its cell's ``value``, None for a place without a
        cell); None when ``values`` is. What the checks of a row's counts read of it: the tree
        builder's rows (``BuiltRow``, ``CutRow``) hold them, set as they are made."""
        values = self.values
        if values is None:
            return None
        return [None if cell is None else cell.value for cell in values]

    @property
    def label(self) -> Label | None:
        """The most specific label: the one that names the data row."""
        return self.labels[-1] if self.labels else None

    def value(self, column_key: str) -> Cell | None:
        if self.values is None:
            return None
        for cell in self.values:
            if cell is not None and cell.column == column_key:
                return cell
        return None




class BuiltRow(_ShownAs, Row, shown_as=Row):
    """A row the tree builder reads from a grid of cells (a Word or HTML table, a table of
    cell blocks): a ``Row`` (equal, shown and pickled as one) whose ``value_readings`` are a
    field, set as the row is made, not a property: the checks of counts read them of every
    data row, several times a report (a property call each time cost a Word report some
    0.2 M instructions more than round 13's field did: benchmarks/instructions.py).

    ``BuiltRow()`` is a row with no slot set, which the tree builder fills slot by slot (as
    ``CutRow()``).
    """

    __slots__ = ("value_readings",)
    __init__ = object.__init__


class CutRow(_ShownAs, Row, shown_as=Row):
    """A row of a table of text cut at tabs or pipes (``PlainTableBlock``): its span made
    only when asked for, from ``line``, where the row's line starts and its text (the pair
    ``PlainTableBlock.lines`` holds), and its ``cells`` too, from ``line`` and ``reading``
    (what the line reads as, ``gklint.parse.tables.CutReading``: each piece's value, and the
    line's cut but for where the line starts).

    The same value as the ``Row`` with that span and those cells (equal, pickled as that): a
    finding locates few rows by their span (160 of the 2,243 rows of 50 generated text
    reports were asked for theirs), so a span per row was made for nothing; and the checks
    read a row's cells through its labels, headers and values, which the tree builder makes
    (``gklint.parse.tables``), seldom through ``cells``: the other cells of a row (blank
    ones, those of rows read as nothing: 150 of the 384 cells of a generated text report)
    are made only for a reader of ``cells``, the made ones in their places. Its ``label_keys``
    likewise, from ``named_keys`` (the tuple its plan holds): no check reads them (the parse
    dump does), and a list per row was made for nothing. Its ``value_cells`` (and ``values``,
    the same list when the row's shape was read) likewise, from ``value_places`` (its plan's:
    the index of each value cell's piece, with its column): the checks of counts read what
    each value cell reads as, ``value_readings`` (set by the tree builder, None when
    ``values`` is), and the cells themselves for a finding, so the ~150 value cells of a text
    report (its largest share of objects) were mostly made for nothing. Its ``cut`` (where its
    line's first piece starts, its pieces), what its cells are made from, is made for them
    too, not kept: a pair and a place per row made for the few rows whose cells are made.
    A row of cuts has no logical place (a class value, not a slot set per row).

    ``CutRow()`` is a row with no slot set, which the tree builder fills slot by slot (as
    ``VerbatimCell()``: no ``__init__`` of its own to run).
    """

    __slots__ = ("line", "reading", "named_keys", "value_places", "value_readings", "made_value_cells")
    __init__ = object.__init__
    logical = None  # type: ignore[assignment]

    @property
    def cut(self) -> tuple[int, list[str]]:
        """Where the row's first piece starts and its pieces (``PlainTableBlock.cuts``)."""
        reading = self.reading
        return (self.line[0] + reading.lead, reading.pieces)

    @made_on_demand(Row.span)
    def span(self) -> Span:  # type: ignore[override]
        start, text = self.line
        return ordered_span(start, start + len(text))

    @made_on_demand(Row.cells)
    def cells(self) -> list[Cell]:  # type: ignore[override]
        made = {cell.index: cell for cell in self.value_cells}
        made.update((label.cell.index, label.cell) for label in self.labels)
        made.update((header.cell.index, header.cell) for header in self.headers)
        return cut_cells(self.cut, self.reading.values, made)

    @made_on_demand(Row.label_keys)
    def label_keys(self) -> list[str]:  # type: ignore[override]
        return [*self.named_keys]

    # (The value cells are kept in ``made_value_cells``, None until made, rather than in an
    # unset slot as ``made_on_demand`` keeps a field: the rows whose value cells are asked for
    # are a few of a report's, but each first read of an unset slot raised and caught an
    # AttributeError, twice a row with ``values``.)
    @property
    def value_cells(self) -> list[Cell]:  # type: ignore[override]
        cells = self.made_value_cells
        if cells is None:
            # (Each a ``VerbatimCell`` slot by slot, as ``cut_cells`` makes them.)
            cut, values = self.cut, self.reading.values
            cells = []
            for place, column in self.value_places:
                cell = VerbatimCell()
                cell.cut = cut
                cell.index = place
                cell.value = values[place]
                cell.column = column
                cell.logical = None
                cells.append(cell)
            self.made_value_cells = cells
        return cells

    @property
    def values(self) -> list[Cell | None] | None:  # type: ignore[override]
        return None if self.value_readings is None else self.value_cells  # (the same list, as ``Row``'s)


def cut_cells(cut: tuple[int, list[str]], values: tuple[CellValue, ...] | list[CellValue],
              made: dict[int, VerbatimCell] | None = None) -> list[Cell]:
    """The cells of a cut row (``cut``: where its line starts, its pieces) whose pieces read as
    ``values``: a ``VerbatimCell`` per piece, slot by slot (``VerbatimCell()``), or the cell
    ``made`` holds for its index."""
    cells: list[Cell] = []
    append = cells.append
    for index, value in enumerate(values):
        cell = made.get(index) if made else None
        if cell is None:
            cell = VerbatimCell()
            cell.cut = cut
            cell.index = index
            cell.value = value
            cell.column = None
            cell.logical = None
        append(cell)
    return cells


class Table(Record):
    rows: list[Row]
    span: Span
    key: str | None = None
    section: str | None = None
    gridded: bool = False
    logical: str | None = None

    def data_rows(self, block: str | None = None) -> Iterator[Row]:
        for row in self.rows:
            if row.kind == "data" and (block is None or row.block == block):
                yield row

    def row(self, key: str, block: str | None = None) -> Row | None:
        return next((row for row in self.data_rows(block) if row.key == key), None)

    def blocks_present(self) -> list[str]:
        return list(dict.fromkeys(row.block for row in self.rows if row.block))


class FlatTable(Record):
    """A canonical table found flattened into running text (a report saved as one line of
    text) whose values cannot be read unambiguously: its ``text``, the table's ``key``, and
    the first row that could not be read — its label (``row``, the table's title for an
    unlabelled row), the words ``found`` after it where ``expected`` values belong. Nothing
    of it was read as cells, so no rule checks its figures; GK106 says so."""

    text: SourcedText
    key: str
    section: str | None
    row: str
    found: int
    expected: int
    logical: str | None = None

    @property
    def span(self) -> Span:
        return self.text.span


Node = Union[Paragraph, Heading, Table, FlatTable]
# A node's or a cell's text (``DocumentIndex.texts``).
_TEXT_OF = attrgetter("text")
# A cell's string (``DocumentIndex.joined_texts``): what its value was read from, the same
# string as ``text.text``, without making the text of a ``VerbatimCell``.
_STRING_OF = attrgetter("value.raw")
_NO_SPAN = Span(0, 0)


class Section(Record):
    """A numbered top-level section (一 … 六) and everything up to the next one."""

    heading: Heading
    key: str | None
    number: str
    title_match: LabelMatch | None
    body: list[Node] = fresh(list)
    span: Span = _NO_SPAN

    @property
    def tables(self) -> list[Table]:
        return [node for node in self.body if isinstance(node, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [node for node in self.body if isinstance(node, Paragraph)]

    @property
    def flat_tables(self) -> list[FlatTable]:
        """The tables found flattened into running text whose values could not be read."""
        return [node for node in self.body if isinstance(node, FlatTable)]

    @property
    def text(self) -> str:
        """The section's narrative text (paragraphs and sub-headings), one line each."""
        return "\n".join(node.text.text for node in self.body if isinstance(node, (Paragraph, Heading)))




class BuiltSection(_ShownAs, Section, shown_as=Section):
    """A section as the tree builder makes it: its span, its heading's widened to its body's
    (``covering``), worked out when first asked for.

    The same value as the ``Section`` with that span (equal, shown and pickled as that): few
    read a section's span (the outline, ``gklint.parse.dump``, GK101 placing a missing
    section after one found), so covering every section's body and making its heading's span
    was done for nothing. The builder asks for the span itself before it changes a body it
    has built (a flattened table read from a paragraph), so that the span is the built body's.
    """

    __slots__ = ()

    def __init__(self, heading: Heading, key: str | None, number: str, title_match: LabelMatch | None) -> None:
        """A section of ``heading`` and an empty body, its span not set."""
        self.heading = heading
        self.key = key
        self.number = number
        self.title_match = title_match
        self.body = []

    @made_on_demand(Section.span)
    def span(self) -> Span:  # type: ignore[override]
        return covering(self.heading.span, self.body)


def covering(span: Span, nodes: list[Node]) -> Span:
    """``span`` covered with the span of each of ``nodes`` in turn (``Span.cover``), made once:
    a section's span is its heading's, widened to its body's."""
    start, end, logical = span.start, span.end, span.logical
    for node in nodes:
        text = node.text if type(node) is not Table else None
        if type(text) is VerbatimText:
            # The span of a line of text (``VerbatimText.span``) read without making it: a
            # section's body is mostly such lines, and their spans are wanted nowhere else.
            node_start = text.start
            node_end = node_start + len(text.text)
            node_logical = None
        else:
            node_span = node.span
            node_start, node_end, node_logical = node_span.start, node_span.end, node_span.logical
        if node_start < start:
            start = node_start
        if node_end > end:
            end = node_end
        logical = logical or node_logical
    return Span(start, end, logical)


class Document(Record):
    """A parsed report.

    ``format_id`` is the format the tables follow (``2019``, ``2021``, ``legacy`` or
    ``None`` when nothing tells); ``template_id`` the one rules check against; ``required_format``
    the one the report's year requires.
    """

    source: SourceText
    raw: RawDocument
    title: Paragraph | Heading | None = None
    agency: str | None = None
    year: int | None = None
    year_span: Span | None = None
    format_id: str | None = None
    required_format: str | None = None
    template_id: str | None = None
    format_evidence: dict[str, list[str]] = fresh(dict)
    # The first year of the statistical period stated in the body, looked for only when the
    # title gives no year (it then tells a pre-2019 report).
    period_year: int | None = None
    preamble: list[Node] = fresh(list)
    sections: list[Section] = fresh(list)
    # ``_index``: the document's ``DocumentIndex``, made on first use (unset until then); left
    # out of equality and repr.
    __slots__ = ("_index",)

    @property
    def path(self) -> str:
        return self.source.path

    @property
    def index(self) -> DocumentIndex:
        """What several rules read of this document, each part worked out on first use (see
        ``DocumentIndex``). For the rules, which run on a finished document: the index does
        not follow later changes to the tree."""
        try:
            return self._index
        except AttributeError:
            index = self._index = DocumentIndex(self.title, self.preamble, self.sections, self.source.text)
            return index

    def texts(self) -> list[tuple[SourcedText, str]]:
        """Every text of the report in reading order with its kind: ``title``, ``paragraph``,
        ``heading``, ``cell`` (``index.texts``)."""
        return self.index.texts

    def narrative_texts(self) -> list[tuple[SourcedText, str]]:
        """``texts()`` without the table cells (``index.narrative_texts``)."""
        return self.index.narrative_texts

    @property
    def tables(self) -> list[Table]:
        return _tables(self.preamble, self.sections)

    def nodes(self) -> Iterator[Node]:
        """Every node in reading order, headings of sections included."""
        return _nodes(self.preamble, self.sections)

    def section(self, key: str) -> Section | None:
        return next((section for section in self.sections if section.key == key), None)

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)

    @property
    def is_legacy(self) -> bool:
        return self.format_id == "legacy"


# A value cell with where it stands: its table, its block and row, its column (``value_cells``).
ValueCell = tuple[Table, "BlockSpec", Row, "ColumnSpec", Cell]


class DocumentIndex:
    """Facts about one parsed report that several rules read, each worked out the first time a
    rule asks (``Document.index``): a report is checked by some forty rules, and walking its
    tree again for each of them showed in profiles (``benchmarks/run.py``).

    Every attribute is derived from the finished tree and does not follow later changes to it.
    The index holds the document's parts, not the document: a document that held an index
    holding it would be a reference cycle, left for the cycle collector, which the runner
    tunes to run seldom (a report's tree has none).
    """

    def __init__(self, title: Paragraph | Heading | None, preamble: list[Node], sections: list[Section],
                 source_text: str = "") -> None:
        """``source_text``: the text the tree was read from (``Document.source``), where the
        tables of text cut at tabs or pipes stand verbatim (``screen_text``)."""
        self.title = title
        self.preamble = preamble
        self.sections = sections
        self.source_text = source_text
        # ``value_cells``: the template last asked about and the cells read with it.
        self._value_cells: tuple[Template, list[ValueCell]] | None = None
        # What the identity rules (GK303–GK306) work out together for this report, set by the
        # first of them to run (``gklint.check.rules.numbers.IdentityAnalysis``): every failed
        # identity, and the single defects that explain several, found once rather than once
        # per rule (attribution showed in profiles, ``benchmarks/run.py``).
        self.identity_analysis: Any = None
        # The counts of the narrative that GK405 found to contradict the tables, by the place of
        # their number, left for GK408 (a wrong total is one finding, not a breakdown too).
        self.stated_counts: Any = None
        # The value cells that are not plain counts, with the template they were read under,
        # set by the first of GK301, GK302 and GK307 to run
        # (``gklint.check.rules.unusual_values``).
        self.unusual_values: Any = None

    @cached_property
    def texts(self) -> list[tuple[SourcedText, str]]:
        """Every text of the report in reading order with its kind: ``title``, ``paragraph``,
        ``heading``, ``cell``."""
        texts: list[tuple[SourcedText, str]] = []
        if self.title is not None:
            texts.append((self.title.text, "title"))
        for node in _nodes(self.preamble, self.sections):
            if isinstance(node, Table):
                for row in node.rows:
                    # (The pairs of a row made without a Python step per cell: a report has
                    # hundreds of cells; benchmarks/run.py.)
                    texts.extend(zip(map(_TEXT_OF, row.cells), repeat("cell")))
            elif isinstance(node, Heading):
                texts.append((node.text, "heading"))
            elif isinstance(node, Paragraph):
                texts.append((node.text, "paragraph"))
        return texts

    @cached_property
    def narrative_texts(self) -> list[tuple[SourcedText, str]]:
        """``texts`` without the table cells."""
        # (The nodes walked again rather than ``texts`` filtered: hundreds of cells skipped.)
        texts: list[tuple[SourcedText, str]] = []
        if self.title is not None:
            texts.append((self.title.text, "title"))
        for node in _nodes(self.preamble, self.sections):
            if isinstance(node, Heading):
                texts.append((node.text, "heading"))
            elif isinstance(node, Paragraph):
                texts.append((node.text, "paragraph"))
        return texts

    @cached_property
    def joined_texts(self) -> str:
        """Every text (``texts``) in one string, one per line (what ``screen_text`` holds, each
        text once and nothing between them)."""
        return self._joined(cut_tables_as_source=False)

    @cached_property
    def screen_text(self) -> str:
        """A string that holds every text (``texts``) whole, perhaps with more between them:
        what a rule searches first to ask whether any text holds what it looks for (GK407 and
        the GK5 rules). A rule that finds nothing of it here has nothing to find in any text;
        one that finds something looks at the texts themselves (what stands between two texts
        may make a match that no text has).

        ``joined_texts``, except that a table of text cut at tabs or pipes (its rows are
        ``CutRow``s) stands as its lines of the source, separators and all: each of its cells
        is a ``VerbatimCell``, whose string stands in one piece at its place in the source,
        inside the table's span. One slice a table instead of the string of each of its cells
        (the hundreds of cells of a text report made ``joined_texts`` 40 us of it: in-process,
        300 generated text reports; tests/test_fast_paths.py checks that every text stands in
        this string)."""
        return self._joined(cut_tables_as_source=bool(self.source_text))

    def _joined(self, cut_tables_as_source: bool) -> str:
        """The texts one per line, gathered from the nodes as ``texts`` gathers them (without
        its pairs); with ``cut_tables_as_source``, a table whose rows are all ``CutRow``s as
        its slice of the source instead."""
        source_text = self.source_text
        strings: list[str] = []
        if self.title is not None:
            strings.append(self.title.text.text)
        for node in _nodes(self.preamble, self.sections):
            if isinstance(node, Table):
                rows = node.rows
                if cut_tables_as_source and rows and all(type(row) is CutRow for row in rows):
                    span = node.span
                    strings.append(source_text[span.start:span.end])
                else:
                    for row in rows:
                        strings.extend(map(_STRING_OF, row.cells))
            elif isinstance(node, (Heading, Paragraph)):
                strings.append(node.text.text)
        return "\n".join(strings)

    @cached_property
    def tables(self) -> list[Table]:
        """Every table in reading order (``Document.tables``)."""
        return _tables(self.preamble, self.sections)

    @cached_property
    def first_tables(self) -> dict[str | None, Table]:
        """The first table of each key (``Document.table``)."""
        tables: dict[str | None, Table] = {}
        for table in self.tables:
            tables.setdefault(table.key, table)
        return tables

    def value_cells(self, template: Template) -> list[ValueCell]:
        """Every value cell of a row whose shape could be read, with its table, block, row and
        column, as ``template`` describes them (the GK3 value rules read them all)."""
        found = self._value_cells
        if found is None or found[0] is not template:
            found = self._value_cells = (template, self._list_value_cells(template))
        return found[1]

    def _list_value_cells(self, template: Template) -> list[ValueCell]:
        cells: list[ValueCell] = []
        for table in self.tables:
            spec = template.table(table.key) if table.key else None
            if spec is None:
                continue
            for row in table.rows:
                if row.kind != "data":  # (``table.data_rows()``)
                    continue
                block = spec.block(row.block) if row.block else None
                if block is None or row.values is None:
                    continue
                cells.extend([(table, block, row, column, cell)
                              for cell, column in zip(row.values, block.columns) if cell is not None])
        return cells


def _nodes(preamble: list[Node], sections: list[Section]) -> Iterator[Node]:
    yield from preamble
    for section in sections:
        yield section.heading
        yield from section.body


def _tables(preamble: list[Node], sections: list[Section]) -> list[Table]:
    tables = [node for node in preamble if isinstance(node, Table)]
    for section in sections:
        tables.extend(section.tables)
    return tables
