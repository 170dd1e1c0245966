"""The rows of a report's tables as the arithmetic identities read them (GK303–GK306).

Every identity over a table reads the same rows: which data rows each key names, and each
row's counts by column (its cells by column only where a failure names them). ``TableRows``
works that out once per table and block for all the identities of a report
(``numbers.IdentityAnalysis``) and for the attribution of their failures
(``attribution.Ledger``), where each identity walked the table again (``benchmarks/run.py``,
text reports).
"""

from __future__ import annotations

from decimal import Decimal
from operator import itemgetter
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from gklint.formats.template import BlockSpec, Template
    from gklint.parse.tree import Cell, DocumentIndex, Row, Table


class BlockRows:
    """The data rows of one block of one table, as the identities over it read them: by key
    (a key present twice keeps both rows), and each readable row's counts by column
    (``counts``, ``row_counts``); its cells by column (``cells``) only where a failure or
    its attribution names them; ``number``: the table's place in ``index.tables``."""

    __slots__ = ("table", "number", "block", "rows", "by_key", "counts", "_cells")

    def __init__(self, table: Table, number: int, block: BlockSpec) -> None:
        self.table = table
        self.number = number
        self.block = block
        block_key = block.key
        self.rows: list[Row] = [row for row in table.rows if row.kind == "data" and row.block == block_key]
        self.by_key: dict[str, list[Row]] = {}
        for row in self.rows:
            if row.key:
                self.by_key.setdefault(row.key, []).append(row)
        # The counts of each row whose shape was read, by the row's index in its table (a row
        # is in one block: its columns are read once per report, here). Its cells by column
        # are made when asked for: a report whose identities hold, most, names no cell.
        self.counts: dict[int, dict[str, Decimal]] = {
            row.index: row_counts(row.values) for row in self.rows if row.values is not None
        }
        self._cells: dict[int, dict[str, Cell]] = {}

    def cells(self, row: Row) -> dict[str, Cell]:
        """The cells of ``row`` (one of ``rows`` whose shape was read) by column key, the
        first cell of each column (``row_cells``)."""
        found = self._cells.get(row.index)
        if found is None:
            found = self._cells[row.index] = row_cells(row.values)
        return found

    def single(self, keys: tuple[str, ...]) -> list[Row] | None:
        """The rows of ``keys``, each present once with its shape read; None where one is not."""
        found = []
        by_key = self.by_key
        for key in keys:
            rows = by_key.get(key)
            if rows is None or len(rows) != 1 or rows[0].values is None:
                return None
            found.append(rows[0])
        return found


def row_counts(values: list[Cell | None]) -> dict[str, Decimal]:
    """The counts of the cells of ``row_cells`` for a row's ``values``, by column, without
    the columns whose cell can't be trusted (its ``count`` is None); the cells themselves
    are not kept."""
    counts: dict[str, Decimal] = {}
    untrusted = False  # (a count of None, made a key to keep the first cell of its column)
    for cell in values:
        if cell is not None:
            column = cell.column
            if column not in counts:
                count = counts[column] = cell.value.count
                if count is None:
                    untrusted = True
    if untrusted:
        return {column: count for column, count in counts.items() if count is not None}
    return counts


def row_cells(values: list[Cell | None]) -> dict[str, Cell]:
    """``Row.value`` for every column key of a row's ``values`` at once: the first cell of
    each column."""
    cells: dict[str, Cell] = {}
    for cell in values:
        if cell is not None and cell.column not in cells:
            cells[cell.column] = cell
    return cells


class TableRows:
    """The ``BlockRows`` of a report's tables under ``template``, each made on first use."""

    __slots__ = ("index", "template", "_blocks", "_found")

    def __init__(self, index: DocumentIndex, template: Template) -> None:
        self.index = index
        self.template = template
        self._blocks: dict[tuple[str, str], BlockSpec | None] = {}
        self._found: dict[tuple[str, str], list[BlockRows]] = {}

    def block(self, table_key: str, block_key: str) -> BlockSpec | None:
        """The block ``block_key`` of the template's table ``table_key``."""
        key = (table_key, block_key)
        try:
            return self._blocks[key]
        except KeyError:
            table_spec = self.template.table(table_key)
            block = self._blocks[key] = table_spec.block(block_key) if table_spec else None
            return block

    def of(self, table_key: str, block: BlockSpec) -> list[BlockRows]:
        """The rows of ``block`` in every table of the key ``table_key``, in reading order."""
        key = (table_key, block.key)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = [BlockRows(table, number, block)
                                        for number, table in enumerate(self.index.tables) if table.key == table_key]
        return found


def counts_getter(keys: tuple[str, ...]) -> Callable[[dict[str, Decimal]], tuple[Decimal, ...]]:
    """A function giving the counts of the columns ``keys`` from a row's counts by column
    (``BlockRows.counts``) as a tuple, a ``KeyError`` for one missing: one call rather than
    a step per key (the identities read every row of a table: benchmarks/run.py)."""
    if len(keys) == 1:
        key = keys[0]
        return lambda counts: (counts[key],)
    return itemgetter(*keys) if keys else lambda counts: ()
