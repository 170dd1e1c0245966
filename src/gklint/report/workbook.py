"""Excel workbooks written as a stream (openpyxl's write-only mode), for ``--format xlsx`` and
``gklint extract --format xlsx``.

Rows go to a temporary file per sheet as they come, so memory does not grow with the rows;
what a workbook keeps in memory until it is saved is its table of distinct texts (Excel's
shared strings, which the file holds too). Each sheet has a bold header row, frozen, an auto
filter over its rows and column widths fixed up front (write-only sheets take widths only
before the first row). openpyxl is imported only here, and only when a workbook is written.
"""

from __future__ import annotations

from typing import Any, BinaryIO, Iterable, Sequence

from gklint.records import Frozen


class Column(Frozen):
    """A column of a sheet: its header in Chinese and in English, and its width in characters
    (a Chinese character counts two)."""

    zh: str
    en: str
    width: float

    def header(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class Sheet:
    """A write-only sheet with its header row written: ``append`` rows, then ``close``."""

    def __init__(self, workbook, title: str, columns: Sequence[Column], lang: str) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter

        self.sheet = workbook.create_sheet(title)
        self.last_column = get_column_letter(len(columns))
        for number, column in enumerate(columns, 1):
            self.sheet.column_dimensions[get_column_letter(number)].width = column.width
        self.sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for column in columns:
            cell = WriteOnlyCell(self.sheet, value=column.header(lang))
            cell.font = bold
            header.append(cell)
        self.sheet.append(header)
        self.rows = 1

    def append(self, values: Iterable[Any]) -> None:
        self.sheet.append(list(values))
        self.rows += 1

    def close(self) -> None:
        """Set the filter over every row written (a write-only sheet writes it after its rows)."""
        self.sheet.auto_filter.ref = f"A1:{self.last_column}{self.rows}"


def new_workbook():
    """An empty write-only workbook (its sheets are added with ``Sheet``)."""
    from openpyxl import Workbook

    return Workbook(write_only=True)


def save(workbook, sheets: Iterable[Sheet], output: BinaryIO) -> None:
    """Close ``sheets`` and write the workbook to ``output`` (a binary file)."""
    for sheet in sheets:
        sheet.close()
    workbook.save(output)


def binary_stream(stream) -> BinaryIO:
    """The binary file under a text stream opened by ``-o`` (what has been written to the
    text layer is flushed first)."""
    stream.flush()
    return stream.buffer
