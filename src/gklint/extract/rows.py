"""The value cells of a parsed report as rows of data.

The cells are the ones the number rules read (``document.index.value_cells``): every value
cell of a table row whose shape could be read, with its table, block, row and column as the
report's format names them. Nothing is read again from the file: the value is the number the
tree builder read from the cell (``None`` for a blank cell, a dash or a word — never 0), the
raw text is the cell's text as written.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from gklint.formats.template import Template
from gklint.parse.headers import stated_format
from gklint.parse.tree import Document
from gklint.read.source import SourceText
from gklint.records import Frozen

# The fields of a row, in order: the names of the CSV header and of the JSON keys.
# (``table_key`` rather than ``table``…: table, row and column are reserved words of SQL.)
FIELDS = (
    "file", "agency", "year", "format", "table_key", "block_key", "row_key", "row_label", "column_key",
    "column_label", "column_group", "value", "raw", "unit", "location",
)


class ValueRow(Frozen):
    """One value cell of a report's table.

    ``value``: the number the cell holds (as written: ``Decimal("36.50")``), ``None`` when the
    cell is blank or holds no number (a dash, a word); ``raw`` its text as written. ``unit``:
    the unit the column's header states (``万元``), else the unit the cell writes after its
    number (``元``, ``件``), else ``None``. ``location``: where the cell is — the table, row and
    column a Word or PDF rendering names (``表格3 第5行 第2列``), else ``line:column`` in the
    text gklint reads.
    """

    file: str
    agency: str | None
    year: int | None
    format: str
    table_key: str
    block_key: str
    row_key: str
    row_label: str
    column_key: str
    column_label: str
    column_group: str | None
    value: Decimal | None
    raw: str
    unit: str | None
    location: str

    def values(self) -> tuple:
        """The fields in the order of ``FIELDS``."""
        return tuple(getattr(self, name) for name in FIELDS)


def value_rows(document: Document, template: Template | None, path: str) -> Iterator[ValueRow]:
    """Every value cell of ``document``'s tables, as ``template`` (the format its tables were
    read with) names them; nothing for a report read with no format (legacy)."""
    if template is None:
        return
    source = document.source
    # The unit each column's header states, for the table at hand (a table's cells come one
    # after another), by block and column key.
    stated: dict[tuple[str, str], str | None] = {}
    stated_of = None
    for table, block, row, column, cell in document.index.value_cells(template):
        if stated_of is not table:
            stated, stated_of = {}, table
        header_key = (block.key, column.key)
        if header_key not in stated:
            stated[header_key] = stated_format(table, block, column)[1].unit
        value = cell.value
        row_spec = block.row(row.key) if row.key else None
        yield ValueRow(
            file=path,
            agency=document.agency,
            year=document.year,
            format=template.id,
            table_key=table.key,
            block_key=block.key,
            row_key=row.key or "",
            row_label=row_spec.label if row_spec is not None else "",
            column_key=column.key,
            column_label=column.label,
            column_group=column.group,
            value=value.number if value.kind == "number" else None,
            raw=cell.text.text,
            unit=stated[header_key] or value.unit,
            location=_location(source, cell),
        )


def _location(source: SourceText, cell) -> str:
    if cell.logical:
        return cell.logical
    start = source.position(cell.span.start)
    return f"{start[0]}:{start[1]}"
