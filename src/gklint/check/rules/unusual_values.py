"""The value cells that the value rules GK301, GK302 and GK307 may report: every value cell
that is not a plain count.

A report has some three hundred value cells, nearly all plain counts (``0``, ``12``): a whole
number, not negative, written without a unit or a space. None of the three rules reports such
a cell — GK301 judges text, symbols, units and spaces, GK302 blanks, GK307 negative and
fractional counts — and each walked every value cell to pass them over. ``unusual_values``
walks the tables once per report and keeps the other cells, in the order of
``DocumentIndex.value_cells``, for all three (``benchmarks/run.py``, text reports).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gklint.formats.template import Template
    from gklint.parse.tree import Document, ValueCell


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
        for row in table.rows:
            if row.kind != "data":
                continue
            block = spec.block(row.block) if row.block else None
            if block is None or row.values is None:
                continue
            for cell, column in zip(row.values, block.columns):
                if cell is None:
                    continue
                value = cell.value
                # A plain count: ``is_integer`` holds only for a number.
                if value.is_integer and value.unit is None and not value.spaced and value.number >= 0:
                    continue
                cells.append((table, block, row, column, cell))
    return cells
