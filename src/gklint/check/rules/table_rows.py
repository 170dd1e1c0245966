"""The rows of a report's tables as the arithmetic identities read them (GK303–GK306).

Every identity over a table reads the same rows: which data rows each key names, and each
row's cells and counts by column. ``TableRows`` works that out once per table and block for
all the identities of a report (``numbers.IdentityAnalysis``) and for the attribution of
their failures (``attribution.Ledger``), where each identity walked the table again
(``benchmarks/run.py``, text reports).
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
    (a key present twice keeps both rows), and each readable row's cells and counts by column
    (``row_columns``); ``number``: the table's place in ``index.tables``."""

    __slots__ = ("table", "number", "block", "rows", "by_key", "columns")

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
        # (cells, counts) of each row whose shape was read, by the row's index in its table
        # (a row is in one block: its columns are read once per report, here)
        self.columns: dict[int, tuple[dict[str, Cell], dict[str, Decimal]]] = {
            row.index: row_columns(row) for row in self.rows if row.values is not None
        }

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


def row_columns(row: Row) -> tuple[dict[str, Cell], dict[str, Decimal]]:
    """``Row.value`` for every column key of ``row`` at once (the first cell of each column),
    and the counts of those cells without the columns whose cell can't be trusted (its
    ``count`` is None)."""
    cells: dict[str, Cell] = {}
    counts: dict[str, Decimal] = {}
    for cell in row.values or ():
        if cell is None:
            continue
        column = cell.column
        if column not in cells:
            cells[column] = cell
            count = cell.value.count
            if count is not None:
                counts[column] = count
    return cells, counts


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
    (``BlockRows.columns``) as a tuple, a ``KeyError`` for one missing: one call rather than
    a step per key (the identities read every row of a table: benchmarks/run.py)."""
    if len(keys) == 1:
        key = keys[0]
        return lambda counts: (counts[key],)
    return itemgetter(*keys) if keys else lambda counts: ()
