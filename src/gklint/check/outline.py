"""A compact view of a checked report, for reporters that show the report itself.

A reporter that renders a report's sections and tables (``--format html``) cannot get the
parsed tree: results travel from worker processes to the reporter, and a run over thousands of
files keeps no tree. A reporter that needs more than the findings says so
(``Reporter.wants_outline``); the worker that checked the file then attaches this view to its
result (``LintResult.outline``), made from the tree and the findings while both are at hand,
and the tree is dropped as before. The view is plain text and numbers in tuples, cheap to
pickle; the reporter writes it out and lets it go, so memory stays flat.

Each finding is placed once, at the narrowest place that holds its span:

1. a text of the report (the title, a heading, a paragraph, a table cell) — the flagged
   characters within it (``Mark``; a finding of no width marks the character next to it, an
   empty cell is marked whole);
2. else the narrowest row, table or section that holds it (the element is marked whole);
3. else the first text its span overlaps, as far as it overlaps;
4. else nowhere: ``ReportOutline.unplaced`` lists it (a file-wide finding, a missing section).

Findings are referred to by their index in ``LintResult.findings``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple, Union

from gklint.parse.tree import Heading, Paragraph, Table
from gklint.records import Record, fresh
from gklint.read.source import SourcedText, VerbatimText

if TYPE_CHECKING:
    from gklint.check.finding import Finding
    from gklint.formats.template import Template
    from gklint.parse.tree import Document, Row, Section


class Mark(NamedTuple):
    """``text[start:end]`` of a text is the place of finding ``finding``."""

    start: int
    end: int
    finding: int


class TextView(NamedTuple):
    """A title, heading or paragraph (``kind``), or a cell (``cell``, ``value`` for a value
    cell), with the marks of the findings placed in it."""

    kind: str
    text: str
    marks: tuple[Mark, ...] = ()


class RowView(NamedTuple):
    """A table row: its kind (``header``, ``data``, ``title``, ``label``, ``unknown``), its
    cells, the findings placed on the row as a whole, and where it stands in the source
    (``start``–``end``: findings of cross-file rules, which come after the report, are placed
    by it)."""

    kind: str
    cells: tuple[TextView, ...]
    marks: tuple[int, ...] = ()
    start: int = 0
    end: int = 0


class TableView(NamedTuple):
    """A table: its key in the format (or None), the format's title for it, its rows, and
    the findings placed on the table as a whole."""

    key: str | None
    title: str | None
    rows: tuple[RowView, ...]
    marks: tuple[int, ...] = ()


NodeView = Union[TextView, TableView]


class SectionView(NamedTuple):
    """A numbered section: its heading, body, the findings placed on it as a whole, and where
    it stands in the source (as ``RowView``)."""

    key: str | None
    heading: TextView
    body: tuple[NodeView, ...]
    marks: tuple[int, ...] = ()
    start: int = 0
    end: int = 0


class ReportOutline(Record):
    """What a reporter shows of one report: its identity, its text and tables with the places
    of its findings, and its key figures (``KEY_FIGURES``; ``None`` where a table does not
    tell)."""

    agency: str | None = None
    year: int | None = None
    format_id: str | None = None
    title: TextView | None = None
    preamble: tuple[NodeView, ...] = ()
    sections: tuple[SectionView, ...] = ()
    figures: dict = fresh(dict)
    unplaced: tuple[int, ...] = ()

    def placed(self) -> set[int]:
        """The indexes of the findings placed somewhere in the report."""
        placed: set[int] = set()
        for node in self.nodes():
            if isinstance(node, TextView):
                placed.update(mark.finding for mark in node.marks)
            elif isinstance(node, TableView):
                placed.update(node.marks)
                for row in node.rows:
                    placed.update(row.marks)
                    for cell in row.cells:
                        placed.update(mark.finding for mark in cell.marks)
            else:
                placed.update(node.marks)
        return placed

    def keeping(self, kept: list[int]) -> ReportOutline:
        """This outline for the findings ``kept`` (old indexes, in order) alone, renumbered
        as they stand in the shortened list (``--baseline`` leaves findings out)."""
        number = {old: new for new, old in enumerate(kept)}

        def indexes(marks: tuple[int, ...]) -> tuple[int, ...]:
            return tuple(number[index] for index in marks if index in number)

        def text(view: TextView) -> TextView:
            if not view.marks:
                return view
            return view._replace(marks=tuple(mark._replace(finding=number[mark.finding])
                                             for mark in view.marks if mark.finding in number))

        def node(view: NodeView) -> NodeView:
            if isinstance(view, TextView):
                return text(view)
            rows = tuple(row._replace(cells=tuple(text(cell) for cell in row.cells), marks=indexes(row.marks))
                         for row in view.rows)
            return view._replace(rows=rows, marks=indexes(view.marks))

        return ReportOutline(
            agency=self.agency, year=self.year, format_id=self.format_id,
            title=text(self.title) if self.title is not None else None,
            preamble=tuple(node(view) for view in self.preamble),
            sections=tuple(section._replace(heading=text(section.heading), body=tuple(node(view) for view in section.body),
                                            marks=indexes(section.marks)) for section in self.sections),
            figures=self.figures, unplaced=indexes(self.unplaced))

    def nodes(self):
        """Every node in reading order: the title, the preamble, then each section itself
        followed by its heading and body."""
        if self.title is not None:
            yield self.title
        yield from self.preamble
        for section in self.sections:
            yield section
            yield section.heading
            yield from section.body


# ── key figures ──────────────────────────────────────────────────────────────────────────
# What a reviewer compares across reports, read from the canonical tables (keys of rules.toml):
# applications received (section 三, row 一, column 总计), the outcome mix (the sub-items of
# row 三, each summed over its own sub-items), and the review and litigation totals (section 四).
APPLICATIONS = ("applications", "main")
RECEIVED_ROW, TOTAL_COLUMN = "new", "total"
OUTCOMES_PARENT, OUTCOMES_TOTAL = "results", "results_total"
REVIEW_LITIGATION = ("review_litigation", "main")
REVIEW_ROW = "counts"
REVIEW_FIGURES = {
    "review": ("review_total",),
    "review_corrected": ("review_corrected",),
    "litigation": ("direct_total", "after_review_total"),
    "litigation_corrected": ("direct_corrected", "after_review_corrected"),
}
KEY_FIGURES = ("received", "review", "review_corrected", "litigation", "litigation_corrected")


def key_figures(document: Document, template: Template | None) -> dict[str, object]:
    """``received``, ``review``… (``KEY_FIGURES``) as whole numbers or None, and ``outcomes``:
    (row key, the format's label, count or None) for each kind of outcome of row 三."""
    figures: dict[str, object] = dict.fromkeys(KEY_FIGURES)
    figures["outcomes"] = []
    if template is None:
        return figures
    table_spec = template.table(APPLICATIONS[0])
    block = table_spec.block(APPLICATIONS[1]) if table_spec else None
    table = document.table(APPLICATIONS[0])
    if block is not None and table is not None:
        rows = {row.key: row for row in table.data_rows(APPLICATIONS[1])}

        def count(key: str) -> int | None:
            row = rows.get(key)
            cell = row.value(TOTAL_COLUMN) if row is not None else None
            value = cell.value.count if cell is not None else None
            return _whole(value)

        def descendants(key: str) -> list[str]:
            found = []
            for spec in block.rows:
                if spec.parent == key:
                    found.extend([spec.key] if spec.data else descendants(spec.key))
            return found

        figures["received"] = count(RECEIVED_ROW)
        outcomes = []
        for spec in block.rows:
            if spec.parent != OUTCOMES_PARENT or spec.key == OUTCOMES_TOTAL:
                continue
            counts = [count(key) for key in ([spec.key] if spec.data else descendants(spec.key))]
            known = [value for value in counts if value is not None]
            outcomes.append((spec.key, spec.label, sum(known) if known else None))
        figures["outcomes"] = outcomes
    table = document.table(REVIEW_LITIGATION[0])
    row = table.row(REVIEW_ROW, REVIEW_LITIGATION[1]) if table is not None else None
    if row is not None:
        for name, columns in REVIEW_FIGURES.items():
            cells = [row.value(column) for column in columns]
            values = [_whole(cell.value.count) if cell is not None else None for cell in cells]
            figures[name] = None if None in values else sum(values)
    return figures


def _whole(value: Decimal | None) -> int | None:
    return int(value) if value is not None and value == value.to_integral_value() else None


# ── the view ─────────────────────────────────────────────────────────────────────────────
def outline(document: Document, findings: list[Finding], template: Template | None) -> ReportOutline:
    """The view of ``document`` with the place of each of ``findings`` (see the module)."""
    texts: list[tuple[int, int, SourcedText]] = []  # every text with a place, by its number
    containers: list[tuple[int, int]] = []  # rows, tables, sections, by their number
    numbers: dict[int, int] = {}  # id() of a node of the tree → its number in the lists above

    def note_text(sourced: SourcedText, node: object) -> None:
        numbers[id(node)] = len(texts)
        if isinstance(sourced, VerbatimText):
            # (Most texts: no piece is made for them; see VerbatimText.)
            texts.append((sourced.start, sourced.start + len(sourced.text), sourced))
            return
        pieces = sourced.pieces
        texts.append((pieces[0].src_start, pieces[-1].src_end, sourced) if pieces else (-1, -1, sourced))

    def note_container(span, node: object) -> None:
        numbers[id(node)] = len(containers)
        containers.append((span.start, span.end) if span.end > span.start else (-1, -1))

    def note_node(node) -> None:
        if isinstance(node, Table):
            note_container(node.span, node)
            for row in node.rows:
                note_container(row.span, row)
                for cell in row.cells:
                    note_text(cell.text, cell)
        else:
            note_text(node.text, node)

    if document.title is not None:
        note_text(document.title.text, document.title)
    for node in document.preamble:
        if node is not document.title:
            note_node(node)
    for section in document.sections:
        note_container(section.span, section)
        note_text(section.heading.text, section.heading)
        for node in section.body:
            note_node(node)

    text_marks: dict[int, list[Mark]] = {}
    container_marks: dict[int, list[int]] = {}
    unplaced = []
    for index, finding in enumerate(findings):
        if not _place(index, finding.span.start, finding.span.end, texts, containers, text_marks, container_marks):
            unplaced.append(index)

    def text_view(kind: str, sourced: SourcedText, node: object) -> TextView:
        return TextView(kind, sourced.text, tuple(text_marks.get(numbers[id(node)], ())))

    def node_view(node) -> NodeView:
        if isinstance(node, Table):
            return _table_view(node, template, numbers, text_marks, container_marks)
        kind = "heading" if isinstance(node, Heading) else "paragraph"
        return text_view(kind, node.text, node)

    def section_view(section: Section) -> SectionView:
        return SectionView(section.key, text_view("heading", section.heading.text, section.heading),
                           tuple(node_view(node) for node in section.body),
                           tuple(container_marks.get(numbers[id(section)], ())), section.span.start, section.span.end)

    title = document.title
    return ReportOutline(
        agency=document.agency,
        year=document.year,
        format_id=document.format_id,
        title=text_view("title", title.text, title) if title is not None else None,
        preamble=tuple(node_view(node) for node in document.preamble if node is not title),
        sections=tuple(section_view(section) for section in document.sections),
        figures=key_figures(document, template),
        unplaced=tuple(unplaced),
    )


def _table_view(table: Table, template: Template | None, numbers: dict[int, int],
                text_marks: dict[int, list[Mark]], container_marks: dict[int, list[int]]) -> TableView:
    spec = template.table(table.key) if template is not None and table.key else None
    rows = []
    for row in table.rows:
        values = {id(cell) for cell in row.value_cells} if row.kind == "data" else set()
        cells = tuple(TextView("value" if id(cell) in values else "cell", cell.text.text,
                               tuple(text_marks.get(numbers[id(cell)], ()))) for cell in row.cells)
        rows.append(RowView(row.kind, cells, tuple(container_marks.get(numbers[id(row)], ())), row.span.start, row.span.end))
    return TableView(table.key, spec.title if spec else None, tuple(rows),
                     tuple(container_marks.get(numbers[id(table)], ())))


def _place(index: int, start: int, end: int, texts: list[tuple[int, int, SourcedText]],
           containers: list[tuple[int, int]], text_marks: dict[int, list[Mark]],
           container_marks: dict[int, list[int]]) -> bool:
    """Put finding ``index`` (the source range ``start``–``end``) at its place (see the module);
    False when it has none."""
    best = _narrowest((number, text_start, text_end) for number, (text_start, text_end, _) in enumerate(texts)
                      if text_start <= start and end <= text_end)
    if best is not None:
        text_start, text_end, sourced = texts[best]
        text_marks.setdefault(best, []).append(Mark(*_text_range(sourced, start, end), index))
        return True
    best = _narrowest((number, low, high) for number, (low, high) in enumerate(containers)
                      if low <= start and end <= high and low >= 0)
    if best is not None:
        container_marks.setdefault(best, []).append(index)
        return True
    for number, (text_start, text_end, sourced) in enumerate(texts):
        if text_start < end and start < text_end:
            low, high = max(start, text_start), min(end, text_end)
            text_marks.setdefault(number, []).append(Mark(*_text_range(sourced, low, high), index))
            return True
    return False


def _narrowest(candidates) -> int | None:
    best = None
    for number, low, high in candidates:
        if low < 0:
            continue
        if best is None or high - low < best[1]:
            best = (number, high - low)
    return best[0] if best else None


def _text_range(sourced: SourcedText, start: int, end: int) -> tuple[int, int]:
    """The characters of ``sourced.text`` that stand at ``start``–``end`` of the source; at
    least one character when the text has any (a finding of no width marks the next one)."""
    low, high = _text_offset(sourced, start, False), _text_offset(sourced, end, True)
    length = len(sourced.text)
    if high <= low:
        if length == 0:
            return 0, 0
        low = min(low, length - 1)
        high = low + 1
    return low, high


def _text_offset(sourced: SourcedText, position: int, is_end: bool) -> int:
    for piece in sourced.pieces:
        if piece.src_start <= position <= piece.src_end:
            if piece.verbatim:
                return piece.text_start + (position - piece.src_start)
            return piece.text_end if is_end and position > piece.src_start else piece.text_start
        if position < piece.src_start:
            return piece.text_start
    return len(sourced.text)
