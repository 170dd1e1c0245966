"""Writing the rows of ``gklint extract``: CSV, JSON Lines or an Excel workbook.

Each writer takes rows one at a time and holds none of them, so memory stays flat however
many reports a run reads (a workbook keeps its table of distinct texts until it is saved).

- ``csv``: UTF-8 **with a byte-order mark**, so that Excel and WPS open the Chinese text
  correctly (without it they take the file for the local code page); a header of the field
  names of ``FIELDS``, CRLF line ends (RFC 4180); a blank value is an empty field.
- ``jsonl``: one JSON object per line with the keys of ``FIELDS``, readable UTF-8; a value is
  a JSON number, or ``null`` when the cell is blank or holds no number.
- ``xlsx``: one sheet with a frozen header row (Chinese by default, English with ``--lang
  en``), a filter and column widths; values are numbers Excel can add up. Binary: written
  only to a file (``-o``).
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from typing import ClassVar, TextIO

from gklint.extract.rows import FIELDS, ValueRow


def plain_number(value: Decimal | None) -> int | float | None:
    """A cell's number as JSON and Excel hold numbers: whole numbers exactly, others as the
    nearest float."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


class Writer:
    """A destination of rows: ``write`` each, then ``close``."""

    binary: ClassVar[bool] = False

    def __init__(self, stream: TextIO, lang: str) -> None:
        self.stream = stream
        self.lang = lang

    def write(self, row: ValueRow) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.stream.flush()


class CsvWriter(Writer):
    def __init__(self, stream: TextIO, lang: str) -> None:
        super().__init__(stream, lang)
        stream.write("\ufeff")
        self.writer = csv.writer(stream, lineterminator="\r\n")
        self.writer.writerow(FIELDS)

    def write(self, row: ValueRow) -> None:
        self.writer.writerow(["" if value is None else str(value) for value in row.values()])


class JsonLinesWriter(Writer):
    def write(self, row: ValueRow) -> None:
        fields = dict(zip(FIELDS, row.values()))
        fields["value"] = plain_number(row.value)
        self.stream.write(json.dumps(fields, ensure_ascii=False) + "\n")


class XlsxWriter(Writer):
    binary = True
    # (Chinese header, English header, width in characters) of each field of ``FIELDS``.
    COLUMNS = (
        ("文件", "File", 40), ("机关", "Agency", 28), ("年度", "Year", 8), ("格式", "Format", 8),
        ("表格", "Table", 18), ("分块", "Block", 10), ("行", "Row", 22), ("行标签", "Row label", 40),
        ("列", "Column", 18), ("列标签", "Column label", 16), ("列分组", "Column group", 16),
        ("数值", "Value", 12), ("原文", "Raw text", 12), ("单位", "Unit", 8), ("位置", "Location", 20),
    )

    def __init__(self, stream: TextIO, lang: str) -> None:
        from gklint.report.workbook import Column, Sheet, new_workbook

        super().__init__(stream, lang)
        self.workbook = new_workbook()
        columns = [Column(zh=zh, en=en, width=width) for zh, en, width in self.COLUMNS]
        self.sheet = Sheet(self.workbook, "Values" if lang == "en" else "数据", columns, lang)

    def write(self, row: ValueRow) -> None:
        values = list(row.values())
        values[FIELDS.index("value")] = plain_number(row.value)
        self.sheet.append(values)

    def close(self) -> None:
        from gklint.report.workbook import binary_stream, save

        save(self.workbook, (self.sheet,), binary_stream(self.stream))


WRITERS: dict[str, type[Writer]] = {"csv": CsvWriter, "jsonl": JsonLinesWriter, "xlsx": XlsxWriter}
