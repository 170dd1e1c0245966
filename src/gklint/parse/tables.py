"""Tables: recognise which canonical table a grid is, undo copy-paste damage, match rows.

Tab-separated renderings lose the grid: a merged label cell becomes empty cells or vanishes,
a block narrower than its table ends in empty cells, one renderer puts an empty cell between
the labels and the values. The repair reads each row as *labels, then values*: the labels
are the text cells before the first value, and the value cells are read from the table's own
convention, learned from its well-formed rows, never guessed row by row.
"""

from __future__ import annotations

from itertools import chain, compress, count, islice, repeat
from operator import and_, attrgetter, itemgetter
from typing import Collection, Iterable, NamedTuple

from gklint.read.blocks import CellBlock, PlainTableBlock, TableBlock, line_cut
from gklint.parse.matching import LabelMatch, LabelMatcher, normalize_each, numbering_length
from gklint.parse.values import CELL_VALUES, SHORT_VALUE_LENGTH, CellValue
from gklint.read.source import Span
from gklint.records import Frozen, Record, set_field
from gklint.formats.template import BlockSpec, RowSpec, TableSpec, Template
from gklint.parse.tree import Cell, CutHeaderCell, CutLabel, CutRow, BuiltRow, HeaderCell, Label, Row, RowKey, Table

_new = object.__new__


class TableMatchers(Frozen):
    """The matchers for one canonical table: block titles, header cells and row labels."""

    spec: TableSpec
    titles: LabelMatcher
    headers: LabelMatcher
    rows: LabelMatcher
    # Whether a cell of digits alone could match one of its labels
    # (``LabelMatcher.may_match_numbers``), derived once with the matchers.
    counts_may_match: bool
    # ``row_places``: for each key the row matcher answers, the ``RowPlace`` it names, looked
    # up once here rather than for every label cell of every report (derived from ``spec``).
    # ``readings``: the ``RowReading`` of each row shape met, by the key of the block it follows
    # and its shape (``new_reading``, ``_plan_rows``); ``plans``: the ``RowPlan``s of each
    # table met, by the shapes of its rows (``KeptPlan``). All are left out of equality.
    # ``column_keys``: the keys of each block's columns, by the block's key (the first block of
    # a key, as ``spec.block`` finds it), what a data row's values are read with
    # (``RowReading.column_keys``), looked up once here rather than for every data row of every
    # table planned (derived from ``spec``).
    __slots__ = ("row_places", "column_keys", "readings", "plans")

    def __init__(self, spec: TableSpec, titles: LabelMatcher, headers: LabelMatcher, rows: LabelMatcher) -> None:
        set_field(self, "spec", spec)
        set_field(self, "titles", titles)
        set_field(self, "headers", headers)
        set_field(self, "rows", rows)
        set_field(self, "counts_may_match", any(matcher.may_match_numbers() for matcher in (titles, headers, rows)))
        places = {}
        for block in spec.blocks:
            for row in block.rows:
                key = _row_match_key(block, row)
                if row.label and key not in places:
                    place_block, row_key = self.block_and_row(key)
                    row_spec = place_block.row(row_key)
                    places[key] = RowPlace(place_block, row_key, row_spec is not None and row_spec.data)
        set_field(self, "row_places", places)
        column_keys: dict[str, tuple[str, ...]] = {}
        for block in spec.blocks:
            column_keys.setdefault(block.key, tuple([column.key for column in block.columns]))
        set_field(self, "column_keys", column_keys)
        set_field(self, "readings", {})
        set_field(self, "plans", {})

    def new_reading(self, key: tuple[str | None, tuple[str | bool | None, ...]], shape: tuple[str | bool | None, ...],
                    current: BlockSpec | None) -> RowReading:
        """How a row of this table reads below ``current`` (see ``_read_row``), worked out for
        a ``key`` not in ``readings`` (``_plan_rows`` looks it up), and kept there.

        The reading depends on nothing else than the row's shape (which cells are blank,
        which hold a value, the texts of the others) and the block it follows, and table
        rows repeat from report to report: the same labels, the same blank cells. Readings
        are kept for rows whose texts are short (labels, not paragraphs pasted in a cell).
        """
        reading = _derived(_read_row(shape, self, current), shape, self.column_keys)
        if _texts_short(shape):
            if len(self.readings) >= _READINGS_KEPT:
                self.readings.clear()
            self.readings[key] = reading
        return reading

    def plan(self, shapes: tuple[tuple[str | bool | None, ...], ...]) -> tuple[RowPlan, ...]:
        """What each row of a table of this kind is, from the shapes of its rows (see
        ``_plan_rows``).

        The plan depends on nothing else than the shapes, and whole tables repeat from
        report to report as their rows do (the same labels, values where values were): plans
        are kept, as readings are, for tables whose texts are short.
        """
        kept = self.plans.get(shapes)
        if kept is not None:
            return kept[0]
        return self._planned(shapes, False)

    def whole_plan(self, shapes: tuple[tuple[str | bool | None, ...], ...], kept: KeptPlan | None) -> tuple[RowPlan, ...]:
        """``plan``, for a table of cuts whose rows' edges read as their shapes say
        (``CutReading.edges_shown``) and which was found to hold no broken cell
        (``rejoin_broken_cells``); ``kept``: what ``plans`` holds for ``shapes`` (looked up by
        the caller). Kept as whole: a later table of these shapes is read with it without
        being tested for broken cells (``KeptPlan``)."""
        if kept is None:
            return self._planned(shapes, True)
        if not kept[1]:
            self.plans[shapes] = (kept[0], True)
        return kept[0]

    def _planned(self, shapes: tuple[tuple[str | bool | None, ...], ...], whole: bool) -> tuple[RowPlan, ...]:
        """The plan of a table of ``shapes`` worked out, and kept (``KeptPlan``) when its texts
        are short."""
        plan = _plan_rows(shapes, self)
        if _texts_short(chain.from_iterable(shapes)):
            if len(self.plans) >= _PLANS_KEPT:
                self.plans.clear()
            self.plans[shapes] = (plan, whole)
        return plan

    def block_and_row(self, key: RowKey) -> tuple[BlockSpec, str]:
        block = self.spec.block(key.block)
        assert block is not None
        return block, key.row


# What ``TableMatchers.plans`` keeps for the shapes of a table's rows: its plan, and whether a
# table of cuts of these shapes whose rows' edges read as their shapes say was found to hold no
# broken cell (``TableMatchers.whole_plan``). Whether two rows hold a cell broken between them
# depends on the texts at their edges and on the table's labels alone, texts that such rows'
# shapes hold: every such table of these shapes holds none, and its rows' edges need not be
# tested again (some 30,000 instructions a table of a text report: callgrind,
# benchmarks/instructions.py).
KeptPlan = tuple[tuple["RowPlan", ...], bool]


class RowPlace(Frozen):
    """Where a row label's match puts the row: its block, its row key, and whether that row
    holds data (else it is a label-only parent row)."""

    block: BlockSpec
    row_key: str
    data: bool


def _row_match_key(block: BlockSpec, row: RowSpec) -> RowKey:
    """The key under which the row matcher knows a canonical row."""
    return RowKey(block.key, row.key)


# The longest cell text a kept row reading may hold (see ``TableMatchers.new_reading``).
_READING_TEXT_LENGTH = 80
# Whether a part of a row's shape is a text (not None or True): ``isinstance(part, str)``, in C.
_IS_TEXT = str.__instancecheck__
# Row readings kept per table (some hundreds a table over thousands of reports).
_READINGS_KEPT = 1024
# Table plans kept per table. The bound keeps a long run's memory flat: over 1,000 and 5,000
# generated mixed reports the peak RSS was 39 and 46 MiB with 128 plans, 41 and 52 MiB with 512.
_PLANS_KEPT = 128


def _texts_short(parts: Iterable[str | bool | None]) -> bool:
    """Whether the texts among ``parts`` (of a row's shape, or of a table's rows' shapes) are
    short enough for what is worked out from them to be kept (``_READING_TEXT_LENGTH``).
    (The longest found in C: a step in Python for each part of each row cost a plan some
    12,000 instructions.)"""
    return max(map(len, filter(_IS_TEXT, parts)), default=0) <= _READING_TEXT_LENGTH


def matchers_for(spec: TableSpec) -> TableMatchers:
    """The matchers of one canonical table, made anew (``gklint.parse.index.FormatIndex``
    keeps them)."""
    titles = LabelMatcher((block.key, block.title, ()) for block in spec.blocks if block.title)
    header_entries: dict[str, list[str]] = {}
    for text in spec.header_labels:
        header_entries.setdefault(text, [])
    for block in spec.blocks:
        if block.label_header:
            header_entries.setdefault(block.label_header, [])
        for column in block.columns:
            header_entries.setdefault(column.label, []).extend(column.variants)
            if column.group:
                header_entries.setdefault(column.group, [])
    headers = LabelMatcher((text, text, variants) for text, variants in header_entries.items())
    rows = LabelMatcher(
        (_row_match_key(block, row), row.label, row.variants)
        for block in spec.blocks for row in block.rows if row.label
    )
    return TableMatchers(spec, titles, headers, rows)


def cell_texts(block: TableBlock) -> list[str]:
    return [cell.text.text for row in block.rows for cell in row if not cell.merged and cell.text.text.strip()]


def rejoin_broken_cells(block: TableBlock, matchers: TableMatchers, cells: TableCells | None = None) -> TableBlock:
    """Undo a line break typed inside a cell of a tab-separated table: the cell's text ends
    one line and begins the next (``信息内容	本年新`` / ``制作数量	本年新公开数量	…``).

    Two lines are joined only when the last cell of one and the first cell of the next read
    as a canonical label together and as none apart. ``cells``: the block's cells when the
    caller has read them (``read_cells``): a table of cuts is then tested on its cells' values,
    each piece already stripped and read.
    """
    if block.gridded or block.row_count < 2:
        return block

    def canonical(text: str) -> bool:
        for matcher in (matchers.rows, matchers.headers, matchers.titles):
            match = matcher.match(text)
            if match is not None and match.exact:
                return True
        return False

    values = CELL_VALUES  # (``looks_like_value``, a lookup: asked of every row's edges)

    def broken_values(tail: CellValue, head: CellValue) -> bool:
        return (bool(tail.raw) and bool(head.raw) and not tail.is_value and not head.is_value
                and not canonical(tail.raw) and not canonical(head.raw) and canonical(tail.raw + head.raw))

    def broken(tail: str, head: str) -> bool:
        return bool(tail) and bool(head) and broken_values(values[tail], values[head])

    # Whether any two rows hold a broken cell, asked of the rows' edges first: most tables hold
    # none, and a table of cuts (``PlainTableBlock``) then never makes its cell blocks. The
    # edges of a table of cuts whose cells are read are their values, read already.
    if type(block) is PlainTableBlock and cells is not None and cells.block is block:
        # (A cut holds one piece at least, and its read row a value per piece.) A row is not
        # broken at an edge that is a value (most rows end with one) or empty (most of the
        # others), what its line's reading says (``CutReading.opens``, ``.closes``), so the
        # pairs of rows left to test are picked out in C, and only they are tested (a Python
        # call each).
        rows = cells.rows
        suspects = compress(zip(rows, rows[1:]), map(and_, map(_CLOSES, rows), islice(map(_OPENS, rows), 1, None)))
        if not any(broken_values(upper[0][-1], lower[0][0]) for upper, lower in suspects):
            return block
    else:
        edges = _edge_texts(block)
        if not any(upper is not None and lower is not None and broken(upper[1], lower[0])
                   for upper, lower in zip(edges, edges[1:])):
            return block
    # (Rows are replaced, never changed in place: the block's own row lists can be shared.)
    rows = list(block.rows)
    spans = list(block.row_spans)
    joins = 0
    index = 0
    while index + 1 < len(rows):
        upper, lower = rows[index], rows[index + 1]
        tail = upper[-1] if upper else None
        head = lower[0] if lower else None
        if tail is not None and head is not None and broken(tail.text.text, head.text.text):
            gap = (tail.text.span.end, head.text.span.start)
            joined = CellBlock(tail.text.joined(head.text, "\n", gap), logical=tail.logical)
            rows[index] = upper[:-1] + [joined] + lower[1:]
            spans[index] = spans[index].cover(spans[index + 1])
            del rows[index + 1], spans[index + 1]
            joins += 1
            continue
        index += 1
    if not joins:
        return block
    return TableBlock(rows=rows, row_spans=spans, gridded=block.gridded, logical=block.logical)


def _edge_texts(block: TableBlock) -> list[tuple[str, str] | None]:
    """The texts of the first and the last cell of each row (None for a row without cells)."""
    if type(block) is PlainTableBlock:
        # (A cut holds one piece at least, and a cell's text is its piece stripped.)
        return [(pieces[0].strip(), pieces[-1].strip()) for _, pieces in block.cuts]
    return [(row[0].text.text, row[-1].text.text) if row else None for row in block.rows]


class TableCells(Record):
    """The tree's cells of a table block, read before the table is recognised (its texts tell
    which table it is): per row the cells, the row's shape and its logical place
    (``_cells_and_shape``), and the normalized forms of the distinct texts of the block's
    cells not blank, merged slots left out (``normalized_texts``: what identifying the table
    and the format's markers read). For a ``PlainTableBlock``, a row is what its line reads
    as (``CutReading``: its values first, then its shape, as a row of cells has its cells and
    shape), the values standing for its cells, which ``build_table`` makes (those a row reads
    as labels, headers and values; ``CutRow`` the others, when asked) from the row's ``Cut``
    (where its line starts and the reading's ``lead`` and ``pieces``)."""

    block: TableBlock
    rows: list[tuple[list[Cell], tuple[str | bool | None, ...], str | None]] | list[CutReading]
    normalized: set[str]


def read_cells(block: TableBlock) -> TableCells:
    """The cells of ``block`` with their texts, in one pass over the cells (over its lines, for
    a ``PlainTableBlock``: no line cut, no cell block made, and what its rows read as looked
    up whole by their lines, ``CUT_READINGS``, their texts' normalized forms with them: in
    C, no Python step a row)."""
    if type(block) is PlainTableBlock:
        readings = list(map(CUT_READINGS[block.separator].__getitem__, map(_LINE_TEXT, block.lines)))
        # (The union of the rows' sets: each text's hash read where its row's set holds it,
        # and a text repeated in a row ("0") met once; what the texts one by one cost a
        # table of a text report some 18,000 instructions, the union some 7,500: callgrind.)
        return TableCells(block, readings, set().union(*map(_NORMALIZED_FORMS, readings)))
    texts: set[str] = set()
    rows = [_cells_and_shape(cells, texts) for cells in block.rows]
    return TableCells(block, rows, normalized_texts(texts))


def normalized_texts(texts: Collection[str]) -> set[str]:
    """The normalized forms of the cell ``texts`` not blank, each text normalized once: counts
    repeat within a table ("0", "1")."""
    return set(normalize_each(texts, str.strip))  # (short texts: no Python step each)


def build_table(block: TableBlock, matchers: TableMatchers | None, section_key: str | None,
                cells: TableCells | None = None) -> Table:
    """The table ``block`` shows, its rows read against the canonical table ``matchers``
    recognise (None: a table of no known kind, its rows left unread). ``cells``: the block's
    cells when the caller has read them (``read_cells``)."""
    spec = matchers.spec if matchers is not None else None
    plan: Iterable[RowPlan] | None = None
    if matchers is not None:
        # A table of cuts whose rows' edges read as their shapes say: its plan, when a table
        # of the same shapes was found to hold no broken cell (``KeptPlan``).
        shown = type(block) is PlainTableBlock and cells is not None and cells.block is block \
            and all(map(_EDGES_SHOWN, cells.rows))
        if shown:
            shapes = tuple(map(_SHAPE, cells.rows))
            kept = matchers.plans.get(shapes)
            if kept is not None and kept[1]:
                plan = kept[0]
        if plan is None:
            joined = rejoin_broken_cells(block, matchers, cells)
            if shown and joined is block:
                plan = matchers.whole_plan(shapes, kept)
            block = joined
    if cells is None or cells.block is not block:
        cells = read_cells(block)  # (and again for a block whose broken cells were joined)
    # Where each row stands: its span, or, in a table of cuts, its line (``CutRow``).
    cut = type(block) is PlainTableBlock
    places = block.lines if cut else block.row_spans
    if matchers is None:
        plan = repeat(_UNREAD)
    elif plan is None:
        plan = matchers.plan(tuple(map(_SHAPE, cells.rows)))
    if cut:
        rows = _planned_cut_rows(cells.rows, places, plan)
    else:
        rows = [_planned_row(index, built, places[index], logical, row_plan)
                for index, ((built, _, logical), row_plan) in enumerate(zip(cells.rows, plan))]
    return Table(rows=rows, span=block.span, key=spec.key if spec else None, section=section_key,
                 gridded=block.gridded, logical=block.logical)


def _planned_row(index: int, cells: list[Cell], place: Span, logical: str | None, plan: RowPlan) -> Row:
    """The row of ``cells`` as its plan reads it: its kind, labels and headers, its value cells
    and their columns. ``place``: the row's span."""
    kind, block, key, labels, label_keys, headers, values, _ = plan
    if values is None:
        shape, value_cells, read_values = "ok", None, None
    else:
        shape, start, stop, columns = values
        value_cells = cells[start:stop]
        read_values = None
        if columns is not None:
            for cell, column in zip(value_cells, columns):
                cell.column = column
            read_values = value_cells  # (the same list: no reader changes a row's cells)
    # Row(index, cells, span, kind, block, labels, key, label_keys, headers, read_values,
    # value_cells, shape, logical), slot by slot: no __init__ frame, which costs a row half its
    # making (tests/test_fast_paths.py checks it against __init__).
    row = BuiltRow()
    row.span = place
    row.index = index
    row.cells = cells
    row.kind = kind
    row.block = block
    row.labels = _labels(cells, labels) if labels else []
    row.key = key
    row.label_keys = list(label_keys)
    row.headers = _header_cells(cells, headers) if headers else []
    row.values = read_values
    row.value_readings = None if read_values is None else list(map(_VALUE_OF, read_values))
    row.value_cells = [] if value_cells is None else value_cells
    row.shape = shape
    row.logical = logical
    return row


def _planned_cut_rows(readings: list[CutReading], lines: list[tuple[int, str]], plan: Iterable[RowPlan]) -> list[CutRow]:
    """``_planned_row`` of each row of a table of cuts (``lines``: where each row's line starts
    and its text; ``readings``: what each line reads as, ``read_cells``): each row keeps its
    line and its reading (its cut, where its first piece starts and its pieces, made from them
    for its cells only), its labels and headers (``CutLabel``, ``CutHeaderCell``: their cells)
    and what its value cells read as (``value_readings``); its span, its cells, its value cells
    with their columns and its ``label_keys`` when a reader asks for them (``CutRow``).

    (One loop for the rows of a table, their labels and headers: a row, a label or a header
    cell made by a call of its own cost a Python frame each, some eighty a report.
    tests/test_fast_paths.py checks the rows against those of the same tables as cell blocks.)"""
    made = []
    add = made.append
    for index, (reading, line, (kind, block, key, labels, label_keys, headers, planned, places)) \
            in enumerate(zip(readings, lines, plan)):
        row = CutRow()
        row.line = line
        row.reading = reading
        row.index = index
        row.kind = kind
        row.block = block
        row.key = key
        row.named_keys = label_keys
        row_labels = []
        for place, numbering, match in labels:
            label = CutLabel()
            label.line = line
            label.reading = reading
            label.index = place
            label.numbering_length = numbering
            label.match = match
            row_labels.append(label)
        row.labels = row_labels
        row_headers = []
        for place, match in headers:
            header = CutHeaderCell()
            header.line = line
            header.reading = reading
            header.index = place
            header.match = match
            row_headers.append(header)
        row.headers = row_headers
        # (Its value cells made when asked for, from ``places``: the plan's, each cell's index
        # with its column, None unless the shape is ``ok``; what they read as now.)
        row.value_places = places
        row.made_value_cells = None
        if planned is None:
            row.value_readings = None
            row.shape = "ok"
        else:
            # (The values of ``cells[start:stop]``: the places are those, a slice of the
            # reading's values, made in C.)
            row.value_readings = reading[0][planned[1]:planned[2]] if planned[3] is not None else None
            row.shape = planned[0]
        add(row)
    return made


def _labels(cells: list[Cell], labels: tuple[tuple[int, int, LabelMatch | None], ...]) -> list[Label]:
    """``[Label(cells[place], numbering, match) for place, numbering, match in labels]``, each
    slot by slot (a label per data row of every table; tests/test_fast_paths.py checks it
    against ``__init__``)."""
    made = []
    for place, numbering, match in labels:
        label = _new(Label)
        label.cell = cells[place]
        label.numbering_length = numbering
        label.match = match
        made.append(label)
    return made


def _header_cells(cells: list[Cell], headers: tuple[tuple[int, LabelMatch | None], ...]) -> list[HeaderCell]:
    """``[HeaderCell(cells[place], match) for place, match in headers]``, each slot by slot."""
    made = []
    for place, match in headers:
        header = _new(HeaderCell)
        header.cell = cells[place]
        header.match = match
        made.append(header)
    return made


def _cells(cells: list[CellBlock]) -> list[Cell]:
    """The tree's cells of a row of cell blocks (the slots no cell covers left out)."""
    return _cells_and_shape(cells, set())[0]


def _cells_and_shape(cells: list[CellBlock], texts: set[str]) -> tuple[list[Cell], tuple[str | bool | None, ...], str | None]:
    """The tree's cells of a row of cell blocks (the slots no cell covers left out), the
    row's shape (per cell: None when blank, True when a value, else its text) and its
    logical place (that of its first cell that has one, without the cell's own part); the
    texts of its cells, merged slots left out, are added to ``texts``.

    (One pass over the cells for all: a report has hundreds; benchmarks/run.py.)"""
    out = []
    append = out.append
    shape = []
    shape_append = shape.append
    texts_add = texts.add
    values = CELL_VALUES
    logical = None
    for cell in cells:
        cell_logical = cell.logical
        if cell_logical and logical is None:
            logical = cell_logical.rsplit(" ", 1)[0] if " " in cell_logical else cell_logical
        if cell.merged or cell.missing:
            if not cell.merged:
                texts_add(cell.text.text)
            continue
        text = cell.text
        raw = text.text
        texts_add(raw)
        value = values[raw]  # (``parse_value``, without the extra call)
        # Cell(text, value, None, cell.logical), slot by slot: no __init__ frame for each of
        # the hundreds of cells of a report (tests/test_fast_paths.py checks it against __init__).
        built = _new(Cell)
        built.text = text
        built.value = value
        built.column = None
        built.logical = cell_logical
        append(built)
        shape_append(value.shape_part)
    return out, tuple(shape), logical


class CutReading(NamedTuple):
    """What a table row's line cut at its separator reads as (``CutReadings``): the value of
    each piece's text stripped (``CELL_VALUES``), the row's shape (see ``_cells_and_shape``),
    those texts, the set of the normalized forms of those not blank (``normalized_texts``,
    worked out once a row rather than once a table for each report: ``TableCells.normalized``
    is the union of its rows' sets), and the
    line's ``Cut`` but for where the line starts: how many characters of the line stand
    before its first piece (``lead``) and the ``pieces`` (``line_cut``); whether the row's
    first and last text may be part of a cell broken over two rows (``opens``, ``closes``:
    neither empty nor a value, ``rejoin_broken_cells``); whether those two read as the row's
    shape says (``edges_shown``: neither edge a blank cell of invisible characters, which its
    shape holds as None, ``KeptPlan``)."""

    values: tuple[CellValue, ...]
    shape: tuple[str | bool | None, ...]
    texts: tuple[str, ...]
    normalized: frozenset[str]
    lead: int
    pieces: list[str]
    opens: bool
    closes: bool
    edges_shown: bool


class CutReadings(dict):
    """What each table row's line cut at ``separator`` reads as, looked up as
    ``readings[line]``.

    Table rows repeat from report to report whole (the header and title rows, the label
    rows, data rows with the same counts: 1,313 distinct rows among the 45,207 of 1,000
    generated text reports): a row met before is one lookup of its line instead of a cut, and
    a strip, a value lookup and a shape part per piece (some 1,800 instructions a cell, over
    the ~380 cells of a report; callgrind). Rows whose texts are all short (what
    ``CELL_VALUES`` keeps) are kept; bounded: emptied when full, so memory stays flat over a
    long run. (The pieces kept are shared by the cuts of the rows of that line, which no
    reader changes.)"""

    def __init__(self, separator: str) -> None:
        super().__init__()
        self.separator = separator

    def __missing__(self, line: str) -> CutReading:
        lead, pieces = line_cut(0, line, self.separator)
        texts = tuple([piece.strip() for piece in pieces])
        values = CELL_VALUES
        read = tuple([values[text] for text in texts])  # (``parse_value``, without the extra call)
        reading = CutReading(read, tuple([value.shape_part for value in read]), texts,
                             frozenset(normalize_each(texts, str.strip)), lead, pieces,
                             _may_be_broken(read[0]), _may_be_broken(read[-1]),
                             _shown(read[0]) and _shown(read[-1]))
        if max(map(len, texts), default=0) <= SHORT_VALUE_LENGTH:
            if len(self) >= _CUT_READINGS_KEPT:
                self.clear()
            self[line] = reading
        return reading


def _may_be_broken(value: CellValue) -> bool:
    """Whether a cell of ``value`` may be part of a cell broken over two rows, as
    ``rejoin_broken_cells`` tests it: neither empty nor a value."""
    return bool(value.raw) and not value.is_value


def _shown(value: CellValue) -> bool:
    """Whether its shape part says what ``_may_be_broken`` says of a cell of ``value``: it is
    not blank, or its text is empty."""
    return not value.is_blank or not value.raw


# A line's text (``PlainTableBlock.lines``), a row's shape (``TableCells.rows``), the normalized
# forms of a line's texts and whether it opens or closes with a text that may be part of a
# broken cell (``CutReading``): what ``read_cells``, ``rejoin_broken_cells`` and
# ``build_table`` take of each row in C.
_LINE_TEXT = itemgetter(1)
_SHAPE = itemgetter(1)
_NORMALIZED_FORMS = itemgetter(3)
_OPENS = itemgetter(6)
_CLOSES = itemgetter(7)
_EDGES_SHOWN = itemgetter(8)

# Cut rows kept per separator (some 1,300 distinct over 1,000 generated text reports, 960 over
# 1,000 Markdown ones).
_CUT_READINGS_KEPT = 2048
# What the table rows met in this process read as, by their separator (``PlainTableBlock``'s:
# a tab or a pipe).
CUT_READINGS = {"\t": CutReadings("\t"), "|": CutReadings("|")}


class RowPlan(NamedTuple):
    """What a row of a table is, read from the shapes of the table's rows
    (``TableMatchers.plan``): ``kind``, ``block`` and ``key`` as ``Row`` has them; ``labels``
    and ``headers`` (by cell index) and ``label_keys`` as its ``RowReading``; ``values``, for
    a data row read with the table's layout, (shape, start, stop, columns): its value cells
    are ``cells[start:stop]``, and ``columns`` their column keys when the shape is ``ok``
    (else None); ``value_places``: the index of each of those cells that the row has, with
    its column (None when the shape is not ``ok``), what a row of cuts makes its value cells
    from (``_planned_cut_rows``: worked out once a plan, not once a row for each report)."""

    kind: str
    block: str | None
    key: str | None
    labels: tuple[tuple[int, int, LabelMatch | None], ...]
    label_keys: tuple[str, ...]
    headers: tuple[tuple[int, LabelMatch | None], ...]
    values: tuple[str, int, int, tuple[str, ...] | None] | None
    value_places: tuple[tuple[int, str | None], ...] = ()



# The plan of a row of a table of no known kind: ``Row``'s defaults (a row left unread).
_UNREAD = RowPlan("unknown", None, None, (), (), (), None)


def _plan_rows(shapes: tuple[tuple[str | bool | None, ...], ...], matchers: TableMatchers) -> tuple[RowPlan, ...]:
    """The plan of a table whose rows have ``shapes``: each row read below the block the
    rows above it lead to, the spacer rows set aside, the values read with the layout the
    table's own rows suggest."""
    spec = matchers.spec
    current: BlockSpec | None = spec.blocks[0] if len(spec.blocks) == 1 else None
    readings = []
    kept = matchers.readings  # (looked up here, a method called on a miss only: a call a row saved)
    for shape in shapes:
        # (The block by its key, unique within the table: hashing a BlockSpec walks all its
        # rows and columns. Every block a row can follow is one of ``spec``'s.)
        key = (current.key if current is not None else None, shape)
        reading = kept.get(key)
        if reading is None:
            reading = matchers.new_reading(key, shape, current)
        readings.append(reading)
        current = reading.next_block
    # Each row as its reading has it (``RowReading.plan``), but the spacer rows and the rows
    # whose values are read.
    plan = list(map(_PLAN_OF, readings))
    spacers = _spacer_rows(shapes, readings)
    for index in spacers:
        plan[index] = _SPACER
    # The rows whose values are read: data rows of a block with columns, not set aside.
    data_rows = list(compress(count(), map(_TAIL_OF, readings)))
    if spacers:
        data_rows = [index for index in data_rows if index not in spacers]
    for index, read in zip(data_rows, _learn_layout(readings, data_rows)):
        reading = readings[index]
        valued = reading.valued
        if valued is not None and valued[0] == read:
            plan[index] = valued[1]
            continue
        # Its ``RowPlan.values``: the read's bounds in the row, not its tail.
        shape, start, stop = read
        first = reading.tail_start
        planned = (shape, first + start, first + stop, reading.column_keys if shape == "ok" else None)
        # (A row's value cells stand in it: ``stop`` is at most its length, ``_read_rows``.)
        value_places = VALUE_PLACES.get(planned[1:]) or _value_places(*planned[1:])
        plan[index] = row_plan = RowPlan(*reading.plan[:6], planned, value_places)
        set_field(reading, "valued", (read, row_plan))
    return tuple(plan)


# The plan of a spacer row (``_spacer_rows``: a blank row, no labels, no headers).
_SPACER = RowPlan("empty", None, None, (), (), (), None)
_PLAN_OF = attrgetter("plan")
_VALUE_OF = attrgetter("value")  # (a cell's: ``Row.value_readings``)
_TAIL_OF = attrgetter("tail")


def _value_places(start: int, stop: int, columns: tuple[str, ...] | None) -> tuple[tuple[int, str | None], ...]:
    """``RowPlan.value_places`` of a row whose value cells are ``cells[start:stop]`` with
    ``columns``, one tuple for every row of every kept plan that reads its values so
    (``VALUE_PLACES``)."""
    key = (start, stop, columns)
    places = VALUE_PLACES.get(key)
    if places is None:
        if len(VALUE_PLACES) >= _VALUE_PLACES_KEPT:
            VALUE_PLACES.clear()
        places = VALUE_PLACES[key] = tuple(zip(range(start, stop), columns or repeat(None)))
    return places


# The value places of the rows of kept plans, by (start, stop, columns): the rows of a table's
# blocks read their values alike, plan after plan, and a tuple of pairs for each row of each
# of the 128 plans a table keeps (``_PLANS_KEPT``) cost a run over 1,000 mixed reports 2 MiB of
# peak memory (HTML tables, whose plans never use them, among them). Some dozens of layouts
# occur; the bound keeps it flat whatever the tables.
VALUE_PLACES: dict[tuple[int, int, tuple[str, ...] | None], tuple[tuple[int, str | None], ...]] = {}
_VALUE_PLACES_KEPT = 1024


def _spacer_rows(shapes: tuple[tuple[str | bool | None, ...], ...], readings: list[RowReading]) -> set[int]:
    """The indices of Word's spacer rows — all blank (``&nbsp;``), at the end of a table or
    between its blocks — which are not data. A blank row reads as data only as the unlabelled
    row of a block (table 四, whose values have no label), so it is set aside when another
    row of the same block stands for that row too: the one with values, or, when every one
    is blank, the first (a real data row left all blank, which GK302 reports)."""
    unlabelled: dict[tuple[str | None, str | None], list[int]] = {}
    for index, reading in enumerate(readings):
        if reading.kind == "data" and not reading.labels:
            unlabelled.setdefault((reading.block, reading.key), []).append(index)
    spacers = set()
    for same in unlabelled.values():
        if len(same) < 2:
            continue
        blank = [index for index in same if all(part is None for part in shapes[index])]
        kept = blank[0] if len(blank) == len(same) else None
        spacers.update(index for index in blank if index != kept)
    return spacers


class RowReading(Frozen):
    """How a row of a given shape reads below a given block (``TableMatchers.new_reading``).

    ``kind``, ``block``, ``key``: what the row is; ``labels``: (cell index, numbering length,
    match) of its label cells; ``label_keys``: the parent rows its labels name; ``headers``:
    (cell index, match) of its cells when it is a header row; ``tail_start``: the index of
    the first cell after its labels, None when the row has no values to read, and
    ``tail_filled`` the indices, counted from there, of the cells not blank;
    ``next_block``: the block that rows below belong to.
    """

    kind: str
    block: str | None
    next_block: BlockSpec | None
    key: str | None = None
    labels: tuple[tuple[int, int, LabelMatch | None], ...] = ()
    label_keys: tuple[str, ...] = ()
    headers: tuple[tuple[int, LabelMatch | None], ...] = ()
    tail_start: int | None = None
    tail_filled: tuple[int, ...] = ()
    # Derived from the fields and the row's shape (``_derived``), left out of equality: what
    # planning a table reads of each row, worked out once a reading rather than once for
    # each table planned (``TableMatchers.plan``). ``plan``: the row's ``RowPlan`` when its
    # values are not read; for a data row of a block with columns, ``tail``: (length, first,
    # filled, width), what ``_read_rows`` reads its values from, ``column_keys`` the keys of its
    # block's columns, and ``suggests`` the layouts it suggests (``_learn_layout``); None,
    # None and () for another row. ``valued``: the last ``RowPlan`` of a data row of this
    # reading whose values a table's layout read, with how it read them (``_read_rows``'s
    # shape, start and stop of the row's tail, which its ``values`` follow from), None
    # before: a row reads its values alike in most tables planned, and a table not planned
    # before (a new table of known rows, a report not seen before: some 0.4 a text report)
    # takes its data rows' plans from their readings rather than making each anew (a plan
    # made in Python costs some thousands of instructions a row: callgrind).
    __slots__ = ("plan", "tail", "column_keys", "suggests", "valued")


def _derived(reading: RowReading, shape: tuple[str | bool | None, ...],
             column_keys: dict[str, tuple[str, ...]]) -> RowReading:
    """``reading`` with its derived slots set (see ``RowReading``); ``column_keys``: the keys
    of each block's columns (``TableMatchers.column_keys``)."""
    set_field(reading, "plan", RowPlan(reading.kind, reading.block, reading.key, reading.labels, reading.label_keys,
                                       reading.headers, None))
    keys = column_keys.get(reading.block) if reading.kind == "data" else None  # type: ignore[arg-type]
    tail = None
    suggests: tuple[tuple[int, int], ...] = ()
    if keys is not None:
        first, filled = reading.tail_start, reading.tail_filled
        width = len(keys)
        tail = (len(shape) - first, first, filled, width)
        if len(filled) == width and filled[-1] - filled[0] + 1 == width:
            suggests = ((_GRID, first + filled[0]), (_AFTER_LABELS, filled[0]))
    set_field(reading, "tail", tail)
    set_field(reading, "column_keys", keys)
    set_field(reading, "suggests", suggests)
    set_field(reading, "valued", None)
    return reading


def _read_row(shape: tuple[str | bool | None, ...], matchers: TableMatchers, current: BlockSpec | None) -> RowReading:
    """The reading of a row from its shape: per cell None (blank), True (a value) or the text."""
    spec = matchers.spec
    filled = [index for index, part in enumerate(shape) if part is not None]
    if not filled:
        # A blank row is the unlabelled data row of table 四 when that is what the block
        # expects (writers leave zeros blank); otherwise it is spacing.
        block = current or (spec.blocks[0] if len(spec.blocks) == 1 else None)
        unlabelled = next((candidate for candidate in block.rows if candidate.unlabelled), None) if block else None
        if unlabelled is not None and len(shape) >= len(block.columns):
            return RowReading("data", block.key, block, key=unlabelled.key, tail_start=0)
        return RowReading("empty", None, current)
    holds_value = any(shape[index] is True for index in filled)
    first = shape[filled[0]]
    title = matchers.titles.match(first) if first is not True else None
    if title is not None and not holds_value and len(filled) <= 2:
        label = (filled[0], numbering_length(first), title)
        return RowReading("title", title.key, spec.block(title.key), labels=(label,))
    if not holds_value:
        header_matches = [(index, matchers.headers.match(shape[index])) for index in filled]
        matched = sum(1 for _, match in header_matches if match is not None)
        row_label_matches = sum(1 for index in filled if matchers.rows.match(shape[index]))
        if matched and matched * 2 >= len(filled) and matched > row_label_matches:
            return RowReading("header", current.key if current else None, current, headers=tuple(header_matches))
    # The labels: the text cells before the first value, or up to the label of a data row
    # (after it come its values, text or not: 五十八 is a value).
    last_label_index = -1
    labels: list[tuple[int, int, LabelMatch | None]] = []
    label_keys: list[str] = []
    data_place: RowPlace | None = None
    names_data_row = False  # whether the last label names a data row
    for index, part in enumerate(shape):
        if part is None:
            continue
        if part is True or names_data_row:
            break
        match = matchers.rows.match(part)
        labels.append((index, numbering_length(part), match))
        last_label_index = index
        names_data_row = False
        if match is not None:
            place = matchers.row_places[match.key]
            if place.data:
                data_place = place
                names_data_row = True
            else:
                label_keys.append(place.row_key)
                current = place.block
    tail_start = last_label_index + 1
    read = {
        "labels": tuple(labels), "label_keys": tuple(label_keys), "tail_start": tail_start,
        "tail_filled": tuple(index - tail_start for index in filled if index >= tail_start),
    }
    if labels and labels[-1][2] is None:
        return RowReading("unknown", current.key if current else None, current, **read)
    if data_place is not None:
        return RowReading("data", data_place.block.key, data_place.block, key=data_place.row_key, **read)
    if labels:
        return RowReading("label", current.key if current else None, current, **read)
    unlabelled_block = current or (spec.blocks[0] if len(spec.blocks) == 1 else None)
    if unlabelled_block is not None:
        unlabelled = next((candidate for candidate in unlabelled_block.rows if candidate.unlabelled), None)
        if unlabelled is not None:
            return RowReading("data", unlabelled_block.key, unlabelled_block, key=unlabelled.key, **read)
    return RowReading("unknown", None, current, **read)


# The layouts a rendering may put a row's values in, tried in this order: at a fixed grid
# column (a padded or gridded table), or a fixed number of empty cells after the last label
# (the way some web-to-text copies lay rows out); each with its offset (``_learn_layout``).
_GRID, _AFTER_LABELS = 0, 1


def _learn_layout(readings: list[RowReading], data_rows: list[int]) -> list[tuple[str, int, int]]:
    """The layout that reads the most data rows of this table cleanly (``data_rows``: their
    indices), tried among those suggested by its rows that hold exactly one value per column;
    returns how that layout reads each data row in turn, (shape, start, stop) of its tail
    (``_read_rows``)."""
    rows = [readings[index] for index in data_rows]
    # The rows' distinct tails (``RowReading.tail``), each read once per layout tried, with
    # how many rows have it (``weights``) and the layouts it suggests; ``places``: each row's
    # tail among them. (The rows of a table mostly hold their values alike, some four rows a
    # tail: reading each row with each layout cost a table not planned before a third of
    # its plan's instructions, some 150,000: callgrind.)
    index_of: dict[tuple[int, int, tuple[int, ...], int], int] = {}
    weights: list[int] = []
    suggested: list[tuple[tuple[int, int], ...]] = []
    places = []
    for reading in rows:
        tail = reading.tail
        place = index_of.get(tail)
        if place is None:
            place = index_of[tail] = len(weights)
            weights.append(1)
            suggested.append(reading.suggests)
        else:
            weights[place] += 1
        places.append(place)
    tails = list(index_of)
    # (anchor, offset) of every candidate layout, the anchor ``_GRID`` or ``_AFTER_LABELS``:
    # sorted, the order they are tried in.
    candidates: set[tuple[int, int]] = {(_GRID, 0), (_AFTER_LABELS, 0)}
    candidates.update(*suggested)
    best: list[tuple[str, int, int]] = []
    best_score = -1
    for anchor, offset in sorted(candidates):
        reads, score = _read_rows(tails, weights, anchor, offset)
        if score > best_score:
            best, best_score = reads, score
        if score == len(rows):
            break  # reads every row cleanly: no layout can do better
    return list(map(best.__getitem__, places))


def _read_rows(tails: list[tuple[int, int, tuple[int, ...], int]], weights: list[int], anchor: int,
               offset: int) -> tuple[list[tuple[str, int, int]], int]:
    """(shape, start, stop) of each row's ``tail`` read with a layout (``anchor``, ``offset``:
    see ``_learn_layout``), and how many rows read cleanly (shape ``ok``), a tail counting
    for ``weights``' figure at its place. A row's ``tail``
    (``RowReading.tail``): ``length`` cells after its labels, the first at ``first`` in the
    row, ``filled`` the indices among them of those not blank, and the ``width`` of its
    block. Its value cells are ``tail[start:stop]``, one per column when the shape is ``ok``.

    (Bounds, not lists: most layouts tried are not kept, and the filled cells of what a
    layout reads are those of the tail, moved by where the layout starts reading. The rows
    read in one loop, without a call or a ``min`` a row: a table not planned before is read
    with some three layouts, a call per row and layout cost a plan about a third of its
    instructions: callgrind.)"""
    reads = []
    add = reads.append
    clean = 0
    by_grid = anchor == _GRID
    for (length, first, filled, width), weight in zip(tails, weights):
        if by_grid:
            start = offset - first
            if start < 0 or (filled and filled[0] < start):
                # A value stands before the layout's column: the row is judged by how many
                # values it holds.
                if not filled:
                    add(("short", 0, 0))
                    continue
                start, stop = filled[0], filled[-1] + 1
                if stop - start > width:
                    add(("long", start, stop))
                elif stop - start < width:
                    add(("short", start, stop))
                else:
                    add(("ok", start, stop))
                    clean += weight
                continue
            if start > length:
                start = length  # (a column past the row's end reads nothing)
        else:
            # After the blank cells that lead the tail, at most ``offset`` of them.
            start = filled[0] if filled else length
            if offset < start:
                start = offset
        if width == 1 and len(filled) == 1 and filled[0] > start:
            # One value merged over several columns (2021 （五）行政许可) may sit in any of them.
            start = filled[0]
        used = (filled[-1] + 1 - start) if filled else 0
        if used > width:
            add(("long", start, start + used))
        elif length - start < width:
            add(("short", start, length))
        else:
            add(("ok", start, start + width))
            clean += weight
    return reads, clean
