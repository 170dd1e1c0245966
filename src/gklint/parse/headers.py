"""What a table's column header states about its values: the unit (``万元``) and the decimals
(``保留4位小数``), read from the header as the report writes it.

One reading for the number rules (GK308 compares each amount with it) and for ``gklint
extract`` (the unit column of the data).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gklint.parse.values import AmountFormat, amount_format

if TYPE_CHECKING:
    from gklint.formats.template import BlockSpec, ColumnSpec
    from gklint.parse.tree import Table


def stated_format(table: Table, block: BlockSpec, column: ColumnSpec) -> tuple[str, AmountFormat]:
    """The header text of ``column`` in ``table`` as the report writes it (white space
    removed), and the unit and decimals it states. A header written exactly as the format's
    also states what the format gives the column (``unit``, ``decimals`` in rules.toml); a
    table without a header row for the column: the format's label and what it states."""
    for row in table.rows:
        if row.kind != "header" or row.block != block.key:
            continue
        for header in row.headers:
            if header.match is not None and header.match.canonical == column.label:
                text = "".join(header.cell.text.text.split())
                stated = amount_format(text)
                if header.match.variant is None and header.match.exact:
                    stated = AmountFormat(stated.unit or column.unit,
                                          stated.decimals if stated.decimals is not None else column.decimals)
                return text, stated
    stated = amount_format(column.label)
    return column.label, AmountFormat(stated.unit or column.unit,
                                      stated.decimals if stated.decimals is not None else column.decimals)
