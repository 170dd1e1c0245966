"""The value cells that the value rules GK301, GK302 and GK307 may report: every value cell
that is not a plain count.

A report has some three hundred value cells, nearly all plain counts (``0``, ``12``): a whole
number, not negative, written without a unit or a space. None of the three rules reports such
a cell — GK301 judges text, symbols, units and spaces, GK302 blanks, GK307 negative and
fractional counts — and each walked every value cell to pass them over. ``unusual_values``
walks the tables once per report and keeps the other cells, in the order of
``DocumentIndex.value_cells``, for all three (``benchmarks/run.py``, text reports). Whether a
cell holds a plain count is read of its value (``CellValue.is_plain_count``, worked out once
per cell text), a row's cells at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gklint.formats.template import Template
    from gklint.parse.tree import Document, Row, ValueCell


def unusual_values(document: Document, template: Template) -> list[ValueCell]:
    """What ``document.index.value_cells(template)`` gives, without its plain counts (see the
    module); worked out once per report and template, kept in ``document.index``."""
    index = document.index
    found = index.unusual_values
    if found is None or found[0] is not template:
        found = index.unusual_values = (template, _unusual(index.tables, template))
    return found[1]


def _unusual(tables, template: Template) -> list[ValueCell]:
    # (The walk of ``DocumentIndex.value_cells``, keeping only what is not a plain count.)
    cells: list[ValueCell] = []
    for table in tables:
        spec = template.table(table.key) if table.key else None
        if spec is None:
            continue
        for row, plain in _rows_not_all_plain(table.rows):
            block = spec.block(row.block) if row.block else None
            if block is None:
                continue
            for cell, column, is_plain in zip(row.values, block.columns, plain):
                if cell is not None and not is_plain:
                    cells.append((table, block, row, column, cell))
    return cells


def _rows_not_all_plain(rows: list[Row]) -> list[tuple[Row, list[bool]]]:
    """The data rows whose shape was read and that hold a cell other than a plain count, each
    with whether each of its cells holds one: a few of a table's rows (where a place has no
    cell, also a row whose other cells are all plain counts: it gives no cell). The cells of all the read rows are tested in one pass, then each row's part
    of it (a pass per row, a list made for each, showed in profiles: ``benchmarks/stages.py``,
    GK301)."""
    # (What the cells read as, ``Row.value_readings``: a row's cells are made only for a
    # reader of them, ``CutRow``.)
    read = [(row, readings) for row in rows if row.kind == "data" and (readings := row.value_readings) is not None]
    try:
        plain = [value.is_plain_count for _, readings in read for value in readings]
    except AttributeError:  # (a place without a cell)
        plain = [value is not None and value.is_plain_count for _, readings in read for value in readings]
    if False not in plain:
        return []  # (every cell of the table a plain count)
    found = []
    end = 0
    for row, readings in read:
        start = end
        end += len(readings)
        if False in plain[start:end]:
            found.append((row, plain[start:end]))
    return found
