"""The report tree that rules walk: Document → Sections → Headings, Paragraphs and Tables.

Every node carries its ``SourcedText`` (its text and where each character came from), so a
rule builds findings and fixes from exact spans and never looks at the file again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Union

from gklint.blocks import RawDocument
from gklint.matching import LabelMatch
from gklint.numbers import CellValue
from gklint.source import SourcedText, SourceText, Span


@dataclass(slots=True)
class Paragraph:
    text: SourcedText
    logical: str | None = None

    @property
    def span(self) -> Span:
        return self.text.span


@dataclass(slots=True)
class Heading:
    """A heading line. ``title`` is its text without markup and numbering."""

    text: SourcedText
    title: SourcedText
    numbering: str
    numbering_style: str
    markup_level: int | None
    bold: bool
    logical: str | None = None

    @property
    def span(self) -> Span:
        return self.text.span

    @property
    def style(self) -> tuple[Any, ...]:
        """What GK104 compares between section headings."""
        return (self.markup_level, self.numbering_style, self.bold)


@dataclass(slots=True)
class Cell:
    text: SourcedText
    value: CellValue
    column: str | None = None
    logical: str | None = None

    @property
    def span(self) -> Span:
        return self.text.span


@dataclass(slots=True)
class Label:
    """A label cell of a row (a row may hold a label-only parent and its first sub-item)."""

    cell: Cell
    numbering_length: int
    match: LabelMatch | None

    @property
    def text(self) -> str:
        return self.cell.text.text

    @property
    def label_text(self) -> SourcedText:
        """The label without its numbering prefix: what a label fix replaces."""
        return self.cell.text.slice(self.numbering_length, len(self.cell.text.text)).strip()


@dataclass(slots=True)
class HeaderCell:
    cell: Cell
    match: LabelMatch | None


@dataclass(slots=True)
class Row:
    """One row of a table after repair.

    ``kind``: ``title`` (a sub-block title spanning the table), ``header``, ``data``,
    ``label`` (label-only row) or ``unknown``. For data rows, ``values`` holds one cell per
    canonical column of the block (``None`` when the row's shape could not be read), and
    ``value_count`` how many value cells the row really has when that differs.
    """

    index: int
    cells: list[Cell]
    span: Span
    kind: str = "unknown"
    block: str | None = None
    labels: list[Label] = field(default_factory=list)
    key: str | None = None
    label_keys: list[str] = field(default_factory=list)
    headers: list[HeaderCell] = field(default_factory=list)
    values: list[Cell | None] | None = None
    value_cells: list[Cell] = field(default_factory=list)
    shape: str = "ok"
    logical: str | None = None

    @property
    def label(self) -> Label | None:
        """The most specific label: the one that names the data row."""
        return self.labels[-1] if self.labels else None

    def value(self, column_key: str) -> Cell | None:
        if self.values is None:
            return None
        for cell in self.values:
            if cell is not None and cell.column == column_key:
                return cell
        return None


@dataclass(slots=True)
class Table:
    rows: list[Row]
    span: Span
    key: str | None = None
    section: str | None = None
    gridded: bool = False
    logical: str | None = None

    def data_rows(self, block: str | None = None) -> Iterator[Row]:
        for row in self.rows:
            if row.kind == "data" and (block is None or row.block == block):
                yield row

    def row(self, key: str, block: str | None = None) -> Row | None:
        return next((row for row in self.data_rows(block) if row.key == key), None)

    def blocks_present(self) -> list[str]:
        return list(dict.fromkeys(row.block for row in self.rows if row.block))


Node = Union[Paragraph, Heading, Table]


@dataclass(slots=True)
class Section:
    """A numbered top-level section (一 … 六) and everything up to the next one."""

    heading: Heading
    key: str | None
    number: str
    title_match: LabelMatch | None
    body: list[Node] = field(default_factory=list)
    span: Span = Span(0, 0)

    @property
    def tables(self) -> list[Table]:
        return [node for node in self.body if isinstance(node, Table)]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [node for node in self.body if isinstance(node, Paragraph)]

    @property
    def text(self) -> str:
        """The section's narrative text (paragraphs and sub-headings), one line each."""
        return "\n".join(node.text.text for node in self.body if isinstance(node, (Paragraph, Heading)))


@dataclass(slots=True)
class Document:
    """A parsed report.

    ``format_id`` is the format the tables follow (``2019``, ``2021``, ``legacy`` or
    ``None`` when nothing tells); ``template_id`` the one rules check against; ``required_format``
    the one the report's year requires.
    """

    source: SourceText
    raw: RawDocument
    title: Paragraph | Heading | None = None
    agency: str | None = None
    year: int | None = None
    year_span: Span | None = None
    format_id: str | None = None
    required_format: str | None = None
    template_id: str | None = None
    format_evidence: dict[str, list[str]] = field(default_factory=dict)
    preamble: list[Node] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    # Derived data several rules need, computed once per document (see ``cached``).
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def path(self) -> str:
        return self.source.path

    def cached(self, key: Any, compute: Any) -> Any:
        """``compute()``, once per document and ``key``. For the rules, which run on a finished
        document: what is cached does not follow later changes to the tree."""
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = compute()
            return value

    def texts(self) -> list[tuple[SourcedText, str]]:
        """Every text of the report in reading order with its kind: ``title``, ``paragraph``,
        ``heading``, ``cell`` (cached)."""
        return self.cached("texts", self._texts)

    def _texts(self) -> list[tuple[SourcedText, str]]:
        texts: list[tuple[SourcedText, str]] = []
        if self.title is not None:
            texts.append((self.title.text, "title"))
        for node in self.nodes():
            if isinstance(node, Table):
                for row in node.rows:
                    texts.extend([(cell.text, "cell") for cell in row.cells])
            elif isinstance(node, Heading):
                texts.append((node.text, "heading"))
            elif isinstance(node, Paragraph):
                texts.append((node.text, "paragraph"))
        return texts

    def narrative_texts(self) -> list[tuple[SourcedText, str]]:
        """``texts()`` without the table cells (cached)."""
        return self.cached("narrative_texts", lambda: [item for item in self.texts() if item[1] != "cell"])

    @property
    def tables(self) -> list[Table]:
        tables = [node for node in self.preamble if isinstance(node, Table)]
        for section in self.sections:
            tables.extend(section.tables)
        return tables

    def nodes(self) -> Iterator[Node]:
        """Every node in reading order, headings of sections included."""
        yield from self.preamble
        for section in self.sections:
            yield section.heading
            yield from section.body

    def section(self, key: str) -> Section | None:
        return next((section for section in self.sections if section.key == key), None)

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)

    @property
    def is_legacy(self) -> bool:
        return self.format_id == "legacy"
