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
    from gklint.parse.tree import Document


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
    places = _Places()
    title = document.title
    # A draft first, with the number of each text and container in ``places``; the findings
    # are placed; then the views are made from the draft with their marks.
    title_draft = places.text("title", title.text) if title is not None else None
    preamble = [_draft_node(node, places, template) for node in document.preamble if node is not title]
    sections = [(places.container(section.span), section, places.text("heading", section.heading.text),
                 [_draft_node(node, places, template) for node in section.body]) for section in document.sections]
    unplaced = tuple(index for index, finding in enumerate(findings)
                     if not places.place(index, finding.span.start, finding.span.end))
    return ReportOutline(
        agency=document.agency,
        year=document.year,
        format_id=document.format_id,
        title=places.text_view(title_draft) if title_draft is not None else None,
        preamble=tuple(places.node_view(draft) for draft in preamble),
        sections=tuple(SectionView(section.key, places.text_view(heading), tuple(places.node_view(draft) for draft in body),
                                   places.container_marks(number), section.span.start, section.span.end)
                       for number, section, heading, body in sections),
        figures=key_figures(document, template),
        unplaced=unplaced,
    )


def _draft_node(node, places: _Places, template: Template | None):
    """A paragraph's or heading's text number and kind, or a table's draft."""
    if not isinstance(node, Table):
        return places.text("heading" if isinstance(node, Heading) else "paragraph", node.text)
    spec = template.table(node.key) if template is not None and node.key else None
    rows = []
    for row in node.rows:
        values = row.value_cells if row.kind == "data" else ()
        cells = [places.text("value" if any(cell is value for value in values) else "cell", cell.text) for cell in row.cells]
        rows.append((places.container(row.span), row, cells))
    return _TableDraft(places.container(node.span), node.key, spec.title if spec else None, rows)


class _TableDraft(NamedTuple):
    number: int
    key: str | None
    title: str | None
    rows: list


class _Places:
    """The texts and containers (rows, tables, sections) of a report by number, in reading
    order, and the marks of the findings placed in them."""

    def __init__(self) -> None:
        self.texts: list[tuple[int, int, SourcedText, str]] = []  # start, end, text, kind
        self.containers: list[tuple[int, int]] = []
        self.text_marks: dict[int, list[Mark]] = {}
        self.marks_of_containers: dict[int, list[int]] = {}

    def text(self, kind: str, sourced: SourcedText) -> int:
        if isinstance(sourced, VerbatimText):
            # (Most texts: no piece is made for them; see VerbatimText.)
            self.texts.append((sourced.start, sourced.start + len(sourced.text), sourced, kind))
        else:
            pieces = sourced.pieces
            self.texts.append((pieces[0].src_start, pieces[-1].src_end, sourced, kind) if pieces else (-1, -1, sourced, kind))
        return len(self.texts) - 1

    def container(self, span) -> int:
        self.containers.append((span.start, span.end) if span.end > span.start else (-1, -1))
        return len(self.containers) - 1

    def place(self, index: int, start: int, end: int) -> bool:
        """Put finding ``index`` (the source range ``start``–``end``) at its place (see the
        module); False when it has none."""
        best = _narrowest((number, low, high) for number, (low, high, _, _) in enumerate(self.texts)
                          if low <= start and end <= high)
        if best is not None:
            self.text_marks.setdefault(best, []).append(Mark(*_text_range(self.texts[best][2], start, end), index))
            return True
        best = _narrowest((number, low, high) for number, (low, high) in enumerate(self.containers)
                          if low <= start and end <= high)
        if best is not None:
            self.marks_of_containers.setdefault(best, []).append(index)
            return True
        for number, (low, high, sourced, _) in enumerate(self.texts):
            if low < end and start < high:
                mark = Mark(*_text_range(sourced, max(start, low), min(end, high)), index)
                self.text_marks.setdefault(number, []).append(mark)
                return True
        return False

    def text_view(self, number: int) -> TextView:
        _, _, sourced, kind = self.texts[number]
        return TextView(kind, sourced.text, tuple(self.text_marks.get(number, ())))

    def container_marks(self, number: int) -> tuple[int, ...]:
        return tuple(self.marks_of_containers.get(number, ()))

    def node_view(self, draft) -> NodeView:
        if not isinstance(draft, _TableDraft):
            return self.text_view(draft)
        rows = tuple(RowView(row.kind, tuple(self.text_view(cell) for cell in cells), self.container_marks(number),
                             row.span.start, row.span.end) for number, row, cells in draft.rows)
        return TableView(draft.key, draft.title, rows, self.container_marks(draft.number))


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
