"""The rows of a report's tables as the arithmetic identities read them (GK303–GK306).

Every identity over a table reads the same rows: which data rows each key names, and each
row's counts in the order of its block's columns. ``TableRows`` works that out once per table
and block for all the identities of a report (``numbers.IdentityAnalysis``) and for the
attribution of their failures (``attribution.Ledger``), where each identity walked the table
again (``benchmarks/run.py``, text reports). The counts are read as ints (``CellValue.whole``),
in one list per block, which every identity is checked in, in C, all its columns or rows at
once (``ShapeCheck``); the rows by key (``BlockRows``) are made only of a block where one is
not said to hold (``TableRows.suspects``); the counts as Decimals only for a row where an
identity fails or a count is no such int; a cell only where a failure names it.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from operator import is_, itemgetter
from typing import TYPE_CHECKING, Callable, Sequence

if TYPE_CHECKING:
    from gklint.formats.template import BlockSpec, IdentitySpec, Template
    from gklint.parse.tree import Cell, DocumentIndex, Row, Table
    from gklint.parse.values import CellValue


class BlockRows:
    """The data rows of one block of one table, as the identities over it read them: by key
    (``single``: a row whose key is present twice is none); each readable row's counts, by the
    row's index in its table, in the order of the block's columns (``places``: each column
    key's place; ``Row.values``), as ints (``wholes``: what a failing identity is summed in
    first) and as Decimals (``counts_of``, made for a row where an identity fails or a count
    is no such int); ``read``: the rows whose shape was read, in the order of ``wholes``;
    ``number``: the table's place in ``index.tables``."""

    __slots__ = ("table", "number", "block", "rows", "places", "read", "wholes", "_single", "_counts")

    def __init__(self, table: Table, number: int, block: BlockSpec, places: dict[str, int] | None = None,
                 rows: list[Row] | None = None, read: list[Row] | None = None,
                 counts: list[int | None] | None = None) -> None:
        self.table = table
        self.number = number
        self.block = block
        width = len(block.columns)
        if rows is None:  # (else the block's rows, those read and their counts as ``TableRows.suspects`` found them)
            rows = data_rows(table, block.key)
            read = [row for row in rows if row.value_readings is not None]
            counts = block_counts(read, width)
        self.rows: list[Row] = rows
        # The rows whose shape was read, in reading order, and the counts of each, by index (a
        # row is in one block: its columns are read once per report), in the same order.
        self.read: list[Row] = read
        # (The block's, the same for every report: ``TemplateBlocks.places`` where given.)
        self.places: dict[str, int] = column_places(block) if places is None else places
        # Every count of the block in one list (``block_counts``), cut into rows of the block's
        # width in C (``zip`` of one iterator ``width`` times): a comprehension per row cost
        # about twice as much (``benchmarks/instructions.py``, text reports).
        if counts is not None:
            by_row: list = list(zip(*[iter(counts)] * width))
        else:
            by_row = [row_wholes(row.values) for row in read]
        self.wholes: dict[int, Sequence[int | None]] = dict(zip([row.index for row in read], by_row))
        # The rows whose key is present once, with their shape read: what ``single`` gives. In
        # most blocks no key is present twice: then those are the read rows that have a key,
        # with no list of rows made per key.
        keys = [row.key for row in self.rows]
        unique = len(set(keys)) == len(keys)
        if unique and len(read) == len(keys):  # (as a rule: the keys paired in C)
            self._single: dict[str, Row] = dict(zip(keys, read))
            # (a row without a key, None or "", once at most: the keys are all different)
            for no_key in (None, ""):
                self._single.pop(no_key, None)
        else:
            if unique:
                self._single = {row.key: row for row in read if row.key}
            else:
                by_key: dict[str, list[Row]] = {}
                for row in self.rows:
                    if row.key:
                        by_key.setdefault(row.key, []).append(row)
                self._single = {key: rows[0] for key, rows in by_key.items()
                                if len(rows) == 1 and rows[0].values is not None}
        self._counts: dict[int, list[Decimal | None]] = {}

    def counts_of(self, row: Row) -> list[Decimal | None]:
        """The Decimal counts of ``row`` (one of ``rows`` whose shape was read: ``row_counts``),
        what a failure's terms and the attribution read; made for such a row only."""
        found = self._counts.get(row.index)
        if found is None:
            # (Read of what the cells read as, ``Row.value_readings``: a ``CutRow``'s cells are
            # made only for a reader of them, and a failure in a row reads the cells of a few.)
            found = self._counts[row.index] = reading_counts(row.value_readings)
        return found

    def cell(self, row: Row, column_key: str) -> Cell | None:
        """The cell of ``row`` (one of ``rows`` whose shape was read) in the column
        ``column_key``: at the column's place (``Row.values``)."""
        return row.values[self.places[column_key]]

    def single(self, keys: tuple[str, ...]) -> list[Row] | None:
        """The rows of ``keys``, each present once with its shape read; None where one is not."""
        try:
            return list(map(self._single.__getitem__, keys))  # (looked up in C)
        except KeyError:
            return None


def column_places(block: BlockSpec) -> dict[str, int]:
    """Each column key's place in the columns of ``block``."""
    return {column.key: place for place, column in enumerate(block.columns)}


def data_rows(table: Table, block_key: str) -> list[Row]:
    """The data rows of ``table`` in the block ``block_key``, in reading order."""
    return [row for row in table.rows if row.kind == "data" and row.block == block_key]


def block_counts(read: list[Row], width: int) -> list[int | None] | None:
    """The counts of the rows ``read`` (rows of a block of ``width`` columns whose shape was
    read) in one list, row after row, as ints (``CellValue.whole``); None where a place has
    no cell (or the block no column). (Read of what the cells read as, ``Row.value_readings``:
    a ``CutRow``'s cells are made only for a reader of them.)"""
    try:
        counts = [value.whole for row in read for value in row.value_readings]
    except AttributeError:  # (a place without a cell)
        return None
    return counts if width and len(counts) == width * len(read) else None


def row_counts(values: list[Cell | None]) -> list[Decimal | None]:
    """The counts of a row's ``values``, one cell per column of its block in the columns'
    order (``Row.values``), None for a place without a cell or whose cell can't be trusted
    (its ``count`` is None)."""
    return reading_counts([None if cell is None else cell.value for cell in values])


def reading_counts(readings: Sequence[CellValue | None]) -> list[Decimal | None]:
    """The counts of what cells read as (``Row.value_readings``, or a column's of several
    rows), None for a place without a cell or a count that can't be trusted."""
    try:
        return [value.count for value in readings]
    except AttributeError:  # (a place without a cell)
        return [None if value is None else value.count for value in readings]


def row_wholes(values: list[Cell | None]) -> list[int | None]:
    """``row_counts`` as ints (``CellValue.whole``): None also for a count that is not a
    whole number written without decimals or that runs to more than 19 digits."""
    try:
        return [cell.value.whole for cell in values]
    except AttributeError:  # (a place without a cell)
        return [None if cell is None else cell.value.whole for cell in values]


def sums_at(places: list[int], rows_counts: list[list[int | None]]) -> list[int]:
    """The sum of the counts at ``places`` of each of ``rows_counts`` (``BlockRows.wholes``),
    in one pass in C; a ``TypeError`` where one of those counts is None."""
    if len(places) == 1:
        return list(map(sum, zip(map(itemgetter(places[0]), rows_counts))))
    if not places:
        return [0] * len(rows_counts)
    return list(map(sum, map(itemgetter(*places), rows_counts)))


def column_sums(rows_counts: list[list[int | None]]) -> list[int]:
    """The sum of each column (each place) of ``rows_counts`` over those rows, in one pass in
    C; a ``TypeError`` where one of the counts is None."""
    return list(map(sum, zip(*rows_counts)))


class TemplateBlocks:
    """What the identities look up in ``template``, the same for every report: each block by
    table and block key, each block's column places, the identities of the rules that run and
    the places of a row identity's two sides. Kept with what the GK3 rules prepare
    (``numbers.BlockNames.lookups``), so that it is looked up once per template, where each
    report looked up the template's tables one by one and mapped each block's columns again
    (``benchmarks/stages.py``, text reports)."""

    __slots__ = ("template", "_blocks", "_places", "_selected", "_sides", "_by_table", "shape_checks")

    def __init__(self, template: Template) -> None:
        self.template = template
        self._blocks: dict[tuple[str, str], BlockSpec | None] = {}
        self._places: dict[tuple[str, str], dict[str, int]] = {}
        self._selected: dict[frozenset[str] | None, list[IdentitySpec]] = {}
        self._sides: dict[str, tuple[list[int], list[int]]] = {}
        self._by_table: dict[tuple[str, ...], dict[str, list[tuple[BlockSpec, tuple[IdentitySpec, ...]]]]] = {}
        # The checks of some identities over a block by the shape of its rows: by the
        # identities' keys, the table and block keys, the keys of the block's rows and of those
        # whose shape was read (``ShapeCheck``: all the check depends on). Reports of one
        # template lay out their tables alike, so a run meets few shapes; bounded by
        # ``MAX_SHAPES`` all the same (emptied when full), as a run may read any report.
        self.shape_checks: dict[tuple, ShapeCheck] = {}

    def block(self, table_key: str, block_key: str) -> BlockSpec | None:
        """The block ``block_key`` of the template's table ``table_key``."""
        key = (table_key, block_key)
        try:
            return self._blocks[key]
        except KeyError:
            table_spec = self.template.table(table_key)
            block = self._blocks[key] = table_spec.block(block_key) if table_spec else None
            return block

    def places(self, table_key: str, block: BlockSpec) -> dict[str, int]:
        """Each column key's place in ``block`` of the template's table ``table_key``
        (``column_places``)."""
        key = (table_key, block.key)
        found = self._places.get(key)
        if found is None:
            found = self._places[key] = column_places(block)
        return found

    def identities(self, selected: frozenset[str] | None) -> list[IdentitySpec]:
        """The template's identities whose code is among ``selected`` (None: every code)."""
        found = self._selected.get(selected)
        if found is None:
            found = self._selected[selected] = [identity for identity in self.template.identities
                                                if selected is None or identity.code in selected]
        return found

    def sides(self, identity: IdentitySpec, places: dict[str, int]) -> tuple[list[int], list[int]]:
        """The places (``places``, its block's) of the columns of a row identity's two sides."""
        found = self._sides.get(identity.key)
        if found is None:
            found = self._sides[identity.key] = ([places[key] for key in identity.left],
                                                 [places[key] for key in identity.right])
        return found

    def over(self, identities: list[IdentitySpec]) -> tuple[tuple[str, ...], dict[str, list[tuple[BlockSpec, tuple[IdentitySpec, ...]]]]]:
        """The keys of ``identities`` (what their checks are kept by, ``shape_check``) and the
        blocks they are over, by table key, each with its identities in their order."""
        selection = tuple([identity.key for identity in identities])
        by_table = self._by_table.get(selection)
        if by_table is None:
            grouped: dict[str, dict[str, tuple[BlockSpec, tuple[IdentitySpec, ...]]]] = {}
            for identity in identities:
                block = self.block(identity.table, identity.block)
                if block is not None:
                    blocks = grouped.setdefault(identity.table, {})
                    _, over = blocks.get(block.key, (block, ()))
                    blocks[block.key] = (block, over + (identity,))
            by_table = self._by_table[selection] = {key: list(blocks.values()) for key, blocks in grouped.items()}
        return selection, by_table

    def shape_check(self, selection: tuple[str, ...], table_key: str, block: BlockSpec,
                    identities: tuple[IdentitySpec, ...], rows: list[Row], read: list[Row]) -> ShapeCheck:
        """How ``identities`` (of the keys ``selection``) over ``block`` of a table of the key
        ``table_key`` whose data rows of the block are ``rows`` (``read``: those whose shape
        was read) are checked in ints (``ShapeCheck``)."""
        keys = tuple([row.key for row in rows])
        shape = (selection, table_key, block.key, keys, tuple([row.key for row in read]))
        check = self.shape_checks.get(shape)
        if check is None:
            if len(self.shape_checks) >= MAX_SHAPES:
                self.shape_checks.clear()
            check = self.shape_checks[shape] = ShapeCheck(identities, self.places(table_key, block),
                                                          len(block.columns), keys, shape[4])
        return check


# How many shapes of rows ``TemplateBlocks.shape_checks`` keeps at most.
MAX_SHAPES = 256


class ShapeCheck:
    """Some identities over one block of a table whose rows have one shape (the keys of the
    block's rows and of those whose shape was read), checked in ints over the block's counts
    in one list (``block_counts``: the counts of its read rows, each a row of the block's
    width): for each identity and side, the places in that list of its cells, column by
    column (by row: row by row), summed in C a group (a column, a row) at a time
    (``_group_sums``). What tells the common case, an identity that holds everywhere, from
    the blocks where ``numbers.evaluate`` looks at one column (or row) at a time.

    An identity over columns whose rows are not each present once with their shape read is
    not checked (as in ``numbers.evaluate``)."""

    __slots__ = ("_sides",)

    def __init__(self, identities: tuple[IdentitySpec, ...], places: dict[str, int], width: int,
                 keys: tuple[str | None, ...], read_keys: tuple[str | None, ...]) -> None:
        position = {}
        for number, key in enumerate(read_keys):
            position[key] = number if key not in position else None
        single = {key: number for key, number in position.items()
                  if key and number is not None and keys.count(key) == 1}
        # (what gives the sums of each side's groups, a column or a row each)
        self._sides: list[tuple[IdentitySpec, Callable[[list], list], Callable[[list], list]]] = []
        for identity in identities:
            if identity.for_each == "column":
                if not all(key in single for key in identity.left + identity.right):
                    continue
                left_rows = [single[key] for key in identity.left]
                right_rows = [single[key] for key in identity.right]
                left = [[row * width + column for row in left_rows] for column in range(width)]
                right = [[row * width + column for row in right_rows] for column in range(width)]
            else:
                only = identity.rows
                checked = [number for number, key in enumerate(read_keys) if not only or key in only]
                left_places = [places[key] for key in identity.left]
                right_places = [places[key] for key in identity.right]
                left = [[row * width + place for place in left_places] for row in checked]
                right = [[row * width + place for place in right_places] for row in checked]
            if not any(left) and not any(right):
                continue
            left_sums, left_summed = _group_sums(left, may_leave_unsummed=True)
            right_sums, _ = _group_sums(right, may_leave_unsummed=left_summed)
            self._sides.append((identity, left_sums, right_sums))

    def failing(self, counts: list[int | None]) -> list[IdentitySpec]:
        """The identities not said to hold in every column (row) of ``counts`` (see the
        class): those that fail somewhere in ints, or sum a count that is no int (None)."""
        failing = []
        for identity, left_sums, right_sums in self._sides:
            try:
                if left_sums(counts) == right_sums(counts):
                    continue
            except TypeError:  # (a count no int)
                pass
            failing.append(identity)
        return failing


def _group_sums(groups: list[list[int]], may_leave_unsummed: bool) -> tuple[Callable[[list], list], bool]:
    """A function giving the sum of the counts at each of ``groups`` (places in a block's
    counts, ``block_counts``; as many in each group) as a list, raising a ``TypeError``
    where one of them is None; and whether it sums. Where ``may_leave_unsummed`` and every
    group is one place, the counts themselves (a None among them given as it is: only
    against a side that sums, so that no None is taken to equal another).

    A group whose places stand at even steps (a column of rows one after another, a row's
    columns side by side: most groups) is a slice of the counts, summed as it is; the
    others are picked one by one (``itemgetter``) and cut into groups. Slices cost less than
    a third of the instructions (``benchmarks/instructions.py``, text reports)."""
    slices = [_even_steps(group) for group in groups]
    if None not in slices:
        if may_leave_unsummed and all(len(group) == 1 for group in groups):
            # (the counts at the groups' places, in one slice where they too are at even steps)
            counts_at = _even_steps([group[0] for group in groups])
            if counts_at is not None:
                return itemgetter(counts_at), False
        return lambda counts: list(map(sum, map(counts.__getitem__, slices))), True
    picked = _getter([place for group in groups for place in group])
    size = len(groups[0])
    return lambda counts: list(map(sum, zip(*[iter(picked(counts))] * size))), True


def _even_steps(places: list[int]) -> slice | None:
    """The slice of ``places`` (in this order), where they stand at even steps forwards (and
    are some: an empty group is left to the general case)."""
    if len(places) <= 1:
        return slice(places[0], places[0] + 1) if places else None
    first, step = places[0], places[1] - places[0]
    if step <= 0 or any(after - before != step for before, after in zip(places, places[1:])):
        return None
    return slice(first, places[-1] + 1, step)


def _getter(places: list[int]) -> Callable[[list], tuple]:
    """A function giving the items at ``places`` of a list as a tuple."""
    if len(places) == 1:
        place = places[0]
        return lambda counts: (counts[place],)
    return itemgetter(*places) if places else lambda counts: ()


class TableRows:
    """The ``BlockRows`` of a report's tables under ``template``, each made on first use;
    ``lookups``: what is looked up in the template (made here where not given)."""

    __slots__ = ("index", "template", "lookups", "_found", "_made")

    def __init__(self, index: DocumentIndex, template: Template, lookups: TemplateBlocks | None = None) -> None:
        self.index = index
        self.template = template
        self.lookups = TemplateBlocks(template) if lookups is None else lookups
        self._found: dict[tuple[str, str], list[BlockRows]] = {}
        # (each made, by the table's place and the block's key)
        self._made: dict[tuple[int, str], BlockRows] = {}

    def block(self, table_key: str, block_key: str) -> BlockSpec | None:
        """The block ``block_key`` of the template's table ``table_key``."""
        return self.lookups.block(table_key, block_key)

    def of(self, table_key: str, block: BlockSpec) -> list[BlockRows]:
        """The rows of ``block`` in every table of the key ``table_key``, in reading order."""
        key = (table_key, block.key)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = [self._rows(number, table, block)
                                        for number, table in enumerate(self.index.tables) if table.key == table_key]
        return found

    def among(self, numbers: list[int], table_key: str, block: BlockSpec) -> list[BlockRows]:
        """The rows of ``block`` in those of the tables ``numbers`` (places in ``index.tables``,
        in reading order) whose key is ``table_key``."""
        tables = self.index.tables
        return [self._rows(number, tables[number], block) for number in numbers if tables[number].key == table_key]

    def _rows(self, number: int, table: Table, block: BlockSpec) -> BlockRows:
        made = self._made.get((number, block.key))
        if made is None:
            places = self.lookups.places(table.key, block)
            made = self._made[number, block.key] = BlockRows(table, number, block, places)
        return made

    def suspects(self, identities: list[IdentitySpec]) -> dict[str, list[BlockRows]]:
        """The rows of each block (by the key of an identity of ``identities`` over it, in
        reading order) where the identity is not said to hold in every column (or row) by
        their ints (``ShapeCheck``; an identity not checked, one of its rows missing or present
        twice, holds; a block where a place has no cell is suspect for every identity over
        it): where ``numbers.evaluate`` looks for its failures. Nothing, in most reports.

        One pass over each block's counts and a check per shape of its rows, the ``BlockRows``
        made only of a suspect block, from that pass: each identity walked every table of its
        key, its rows by key and its counts read again, to find that it holds: some 300,000
        instructions per text report (``benchmarks/instructions.py``)."""
        lookups = self.lookups
        selection, by_table = lookups.over(identities)
        suspects: dict[str, list[BlockRows]] = {}
        for number, table in enumerate(self.index.tables):
            blocks = by_table.get(table.key)
            if blocks is None:
                continue
            for block, over in blocks:
                rows = data_rows(table, block.key)
                read = [row for row in rows if row.value_readings is not None]
                counts = block_counts(read, len(block.columns))
                if counts is not None:
                    failing = lookups.shape_check(selection, table.key, block, over, rows, read).failing(counts)
                    if not failing:
                        continue
                else:
                    failing = over
                made = self._made.get((number, block.key))
                if made is None:
                    made = self._made[number, block.key] = BlockRows(table, number, block,
                                                                     lookups.places(table.key, block), rows, read, counts)
                for identity in failing:
                    suspects.setdefault(identity.key, []).append(made)
        return suspects


_is_none = partial(is_, None)


def trusted(counts: tuple[Decimal | None, ...] | list[Decimal | None]) -> bool:
    """Whether none of ``counts`` is None (asked by identity: ``None in counts`` compares
    each Decimal with None, through the ``numbers`` ABCs)."""
    return not any(map(_is_none, counts))


def counts_getter(places: list[int]) -> Callable[[Sequence], tuple]:
    """A function giving the counts at ``places`` of a row's counts (``BlockRows.counts_of``,
    ``BlockRows.wholes``) as a tuple: one call rather than a step per place."""
    if len(places) == 1:
        place = places[0]
        return lambda counts: (counts[place],)
    return itemgetter(*places) if places else lambda counts: ()
