"""PDF input (read-only): text lines and ruled tables, page by page, in reading order.

A PDF holds positioned glyphs and drawn lines, not paragraphs and cells. This loader rebuilds
what a reader sees: paragraphs that the layout broke over several lines (and pages) are joined
again, page numbers and running headers are dropped, ruled tables become gridded
``TableBlock``s, and a table that a page break cut in two is joined again, its repeated header
dropped and a merged label cell broken by the page (``（四）无`` / ``法提供``) put back together.

The text handed on is a synthetic rendering, one line per paragraph and one line per table row
with cells joined by tabs; ``logical`` locations (``第4页 表格2 第5行 第3列``) point a person at
the page. pdfplumber is imported only when a PDF is loaded.
"""

from __future__ import annotations

import io
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence, Union

from gklint.grammar import CLOSING, HAN_ITEM, NUMERAL, OPENING, PAREN_ITEM, SPACE, digit_item
from gklint.read.blocks import Block, CellBlock, LineBlock, RawDocument, TableBlock
from gklint.read.loader import LoadError, Loader
from gklint.read.source import SourcedText, SourceText, Span

# Horizontal positions closer than this (points) are the same column boundary: the same
# ruling drawn on two pages, or with line widths, differs by a few points.
_COLUMN_TOLERANCE = 4.0
# Cell tops closer than this (points) start the same table row.
_ROW_TOLERANCE = 2.0
# Page bands (fraction of the page height) where page numbers and running headers live.
_MARGIN_BAND = 0.12

_S = SPACE  # white space as ``regex``'s ``\s`` has it (``gklint.grammar``)
_HEADING_START = re.compile(rf"^(?:{HAN_ITEM}|{OPENING}{NUMERAL}+{CLOSING})")
# A label that starts a row group of its own; such a cell never continues one from the page before.
_LIST_MARKER = re.compile(rf"^{_S}*(?:{HAN_ITEM}|{PAREN_ITEM}|{digit_item(_S)})")
_PAGE_NUMBER = re.compile(
    rf"^(?:(?:[-—–－_·•]|{_S})*\d+(?:[-—–－_·•]|{_S})*"
    rf"|第{_S}*\d+{_S}*页(?:{_S}*(?:[,，/]{_S}*)?共{_S}*\d+{_S}*页)?"
    rf"|\d+{_S}*/{_S}*\d+"
    rf"|[Pp]age{_S}*\d+(?:{_S}*of{_S}*\d+)?)$"
)
_NUMBER = re.compile(r"^[-+−]?\d[\d,，]*(?:\.\d+)?%?$")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|黑体|hei|FZHT|FZXBS|小标宋", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_WIDE_PUNCTUATION = set("“”‘’—…·")


class PdfLoader(Loader):
    """PDF files (``.pdf``), read-only: fixes cannot be written back into a PDF."""

    name = "pdf"
    suffixes = (".pdf",)
    fixable = False
    text_is_file = False  # the text is rendered from the pages' drawing operators

    def sniff(self, data: bytes) -> bool:
        # The spec lets the header sit anywhere in the first 1024 bytes (after junk some
        # servers prepend); in practice it is at offset 0.
        return b"%PDF-" in data[:1024]

    def load(self, path: str, data: bytes) -> RawDocument:
        if not self.sniff(data):
            raise LoadError("不是 PDF 文件（缺少 %PDF 文件头）", "not a PDF file (no %PDF header)")
        pages = _read_pages(data)
        if not any(page.lines or page.tables for page in pages):
            raise LoadError(
                "PDF 没有文本层（可能是扫描件），请先进行文字识别（OCR）",
                "the PDF has no text layer (a scan?); run OCR on it first",
            )
        _drop_page_furniture(pages)
        items = _reading_order(pages)
        raw = _render(path, items)
        raw.notes.extend(_notes(pages))
        return raw

    def write(self, raw: RawDocument, edits: Sequence[tuple[int, int, str]]) -> bytes:
        raise LoadError("PDF 文件只读，不能写回修改", "PDF input is read-only; fixes cannot be written back")


# --------------------------------------------------------------------------------------------
# What one page yields


@dataclass(slots=True)
class TextLine:
    """One visual line of text outside tables."""

    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(slots=True)
class RawCell:
    """A ruled cell as pdfplumber found it: its box and the text inside."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str


@dataclass(slots=True)
class TablePart:
    """The piece of a table that stands on one page."""

    page: int
    cells: list[RawCell]
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def column_edges(self) -> list[float]:
        return _cluster([edge for cell in self.cells for edge in (cell.x0, cell.x1)], _COLUMN_TOLERANCE)

    @property
    def row_tops(self) -> list[float]:
        return _cluster([cell.top for cell in self.cells], _ROW_TOLERANCE)


@dataclass(slots=True)
class Page:
    number: int
    height: float
    lines: list[TextLine]
    tables: list[TablePart]
    image_only: bool = False


def _read_pages(data: bytes) -> list[Page]:
    """Open the PDF and read every page, one at a time, closing each before the next."""
    try:
        import pdfplumber
    except ImportError as error:  # pragma: no cover - pdfplumber is a dependency
        raise LoadError("读取 PDF 需要安装 pdfplumber", "reading PDF needs pdfplumber installed") from error
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = []
            for page in pdf.pages:
                try:
                    pages.append(_read_page(page))
                finally:
                    page.close()  # frees the parsed layout: a 300-page PDF must not pile up
            return pages
    except LoadError:
        raise
    except Exception as error:  # pdfminer raises many kinds; all mean "cannot read"
        raise _load_error(error) from error


def _load_error(error: Exception) -> LoadError:
    cause = error.args[0] if error.args and isinstance(error.args[0], Exception) else error
    kind = type(cause).__name__
    if "Password" in kind or "Encrypt" in kind:
        return LoadError("PDF 文件已加密，需要密码才能读取", "the PDF is encrypted and needs a password")
    return LoadError(f"PDF 文件已损坏或无法解析（{kind}）", f"the PDF is corrupt or cannot be parsed ({kind}: {cause})")


def _read_page(page: Any) -> Page:
    number = page.page_number
    chars = _without_overprints(char for char in page.chars if char.get("upright", True) and char["text"].strip())
    visible = page.filter(_is_visible)
    tables = [_table_part(number, table, chars) for table in visible.find_tables()]
    tables = [part for part in tables if len(part.column_edges) > 2]  # one column: a shaded box, not a table
    free = [char for char in chars if not any(_inside(char, part) for part in tables)]
    return Page(
        number=number,
        height=float(page.height),
        lines=[_text_line(number, line) for line in _group_lines(free)],
        tables=tables,
        image_only=not chars and bool(page.images),
    )


def _without_overprints(chars: Iterable[dict]) -> list[dict]:
    """Drop glyphs printed again within a point of the same glyph (how some writers fake bold).

    pdfplumber's ``dedupe_chars`` does this too, but sorts the whole page per glyph and
    dominates the load time of long reports; a grid of 1-point bins is enough here.
    """
    seen: set[tuple[str, int, int]] = set()
    kept = []
    for char in chars:
        x, y = round(char["x0"]), round(char["top"])
        text = char["text"]
        if any((text, x + dx, y + dy) in seen for dx in (-1, 0, 1) for dy in (-1, 0, 1)):
            continue
        seen.add((text, x, y))
        kept.append(char)
    return kept


def _is_visible(obj: dict) -> bool:
    """False for a white box without an outline: Word paints one behind a paragraph, and its
    edges would otherwise be taken for a table's rules."""
    if obj.get("object_type") not in ("rect", "curve"):
        return True
    return bool(obj.get("stroke")) or not _is_white(obj.get("non_stroking_color"))


def _is_white(color: Any) -> bool:
    if color is None:
        return False
    values = tuple(color) if isinstance(color, (tuple, list)) else (color,)
    if not values or not all(isinstance(value, (int, float)) for value in values):
        return False
    if len(values) == 4:  # CMYK: white is no ink
        return all(value <= 0.02 for value in values)
    return all(value >= 0.98 for value in values)


def _inside(char: dict, part: TablePart) -> bool:
    return _centre_in(char, (part.x0, part.top, part.x1, part.bottom))


def _centre_in(char: dict, box: Sequence[float]) -> bool:
    """Whether a glyph's centre lies in ``(x0, top, x1, bottom)``: glyphs overhang cell rules."""
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _table_part(number: int, table: Any, chars: list[dict]) -> TablePart:
    x0, top, x1, bottom = table.bbox
    inside = [char for char in chars if _centre_in(char, table.bbox)]
    cells = []
    for box in table.cells:
        text = ""
        for line in _group_lines(char for char in inside if _centre_in(char, box)):
            text = _join_lines(text, _join_chars(line))
        cells.append(RawCell(box[0], box[1], box[2], box[3], text))
    return TablePart(number, cells, x0, top, x1, bottom)


# --------------------------------------------------------------------------------------------
# Characters into lines, lines into text


def _group_lines(chars: Iterable[dict]) -> list[list[dict]]:
    """Characters grouped into visual lines (top to bottom), each sorted left to right.

    Lines are told apart by the vertical middle of the glyphs: Latin digits sit a point lower
    than ideographs on the same line.
    """
    ordered = sorted(chars, key=lambda char: ((char["top"] + char["bottom"]) / 2, char["x0"]))
    lines: list[list[dict]] = []
    middle = 0.0
    for char in ordered:
        char_middle = (char["top"] + char["bottom"]) / 2
        if lines and char_middle - middle <= 0.5 * max(char["size"], 1.0):
            lines[-1].append(char)
        else:
            lines.append([char])
            middle = char_middle
    return [sorted(line, key=lambda char: char["x0"]) for line in lines]


def _is_wide(char: str) -> bool:
    """Ideographs, fullwidth forms and the punctuation Chinese text sets at full width."""
    return unicodedata.east_asian_width(char) in ("W", "F") or char in _WIDE_PUNCTUATION


def _join_chars(chars: Sequence[dict]) -> str:
    """A line's text. The PDF has no space characters, only gaps: Chinese text takes none
    (gaps there are justification), Latin words keep theirs, and the narrow gap Word puts
    between a digit and an ideograph (``2024 年``) is not a space either."""
    parts: list[str] = []
    previous: dict | None = None
    for char in chars:
        text = char["text"]
        if previous is not None and parts:
            gap = (char["x0"] - previous["x1"]) / max(previous["size"], char["size"], 1.0)
            if _wants_space(parts[-1][-1], text[0], gap):
                parts.append(" ")
        parts.append(text)
        previous = char
    return "".join(parts)


def _wants_space(left: str, right: str, gap_em: float) -> bool:
    if left.isspace() or right.isspace():
        return False
    wide_left, wide_right = _is_wide(left), _is_wide(right)
    if wide_left and wide_right:
        return False
    if wide_left or wide_right:
        return gap_em > 0.5
    return gap_em > 0.15


def _join_lines(text: str, line: str) -> str:
    """Join a wrapped line onto what came before: Chinese wraps anywhere and takes no space."""
    if not text:
        return line
    if not line:
        return text
    left, right = text[-1], line[0]
    latin_words = not _is_wide(left) and not _is_wide(right) and left.isalpha() and right.isalnum()
    return text + (" " if latin_words else "") + line


def _text_line(number: int, chars: list[dict]) -> TextLine:
    sizes = Counter(round(char["size"], 1) for char in chars)
    bold = sum(1 for char in chars if _BOLD_FONT.search(char.get("fontname", ""))) * 2 > len(chars)
    return TextLine(
        text=_join_chars(chars),
        page=number,
        x0=min(char["x0"] for char in chars),
        x1=max(char["x1"] for char in chars),
        top=min(char["top"] for char in chars),
        bottom=max(char["bottom"] for char in chars),
        size=sizes.most_common(1)[0][0],
        bold=bold,
    )


def _cluster(values: Iterable[float], tolerance: float) -> list[float]:
    """Sorted representative values: values within ``tolerance`` of their neighbour merge."""
    groups: list[list[float]] = []
    for value in sorted(values):
        if groups and value - groups[-1][-1] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [sum(group) / len(group) for group in groups]


# --------------------------------------------------------------------------------------------
# Page numbers and running headers


def _drop_page_furniture(pages: list[Page]) -> None:
    """Remove page numbers and lines repeated in the top or bottom band of most pages."""
    repeated = _running_lines(pages)
    for page in pages:
        page.lines = [
            line
            for line in page.lines
            if not (_in_margin_band(line, page) and (_PAGE_NUMBER.match(line.text) or _shape(line.text) in repeated))
        ]


def _in_margin_band(line: TextLine, page: Page) -> bool:
    return line.bottom <= page.height * _MARGIN_BAND or line.top >= page.height * (1 - _MARGIN_BAND)


def _shape(text: str) -> str:
    """A line with its digits blanked, so ``第3页`` and ``第4页`` headers compare equal."""
    return _DIGITS.sub("#", text.replace(" ", ""))


def _running_lines(pages: list[Page]) -> set[str]:
    if len(pages) < 2:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_shape(line.text) for line in page.lines if _in_margin_band(line, page)})
    needed = max(2, (len(pages) + 1) // 2)
    return {shape for shape, count in counts.items() if count >= needed}


# --------------------------------------------------------------------------------------------
# Paragraphs and tables across the document

Item = Union["Paragraph", "JoinedTable"]


@dataclass(slots=True)
class Paragraph:
    lines: list[TextLine]

    @property
    def pages(self) -> tuple[int, int]:
        return self.lines[0].page, self.lines[-1].page


@dataclass(slots=True)
class JoinedTable:
    parts: list[TablePart]


@dataclass(slots=True)
class Layout:
    """The body text column, measured over the whole document."""

    left: float
    right: float
    pitch: float
    body_size: float

    def is_display(self, line: TextLine) -> bool:
        """A centred line set larger than the body text: part of the title block."""
        centre = (self.left + self.right) / 2
        return line.size >= self.body_size + 2 and abs((line.x0 + line.x1) / 2 - centre) < line.size


def _reading_order(pages: list[Page]) -> list[Item]:
    """Paragraphs and tables in reading order, with breaks caused by pages undone."""
    layout = _measure_layout(pages)
    items: list[Item] = []
    for page in pages:
        page_items: list[tuple[float, TextLine | TablePart]] = [(line.top, line) for line in page.lines]
        page_items += [(part.top, part) for part in page.tables]
        page_items.sort(key=lambda pair: pair[0])
        for position, (_, element) in enumerate(page_items):
            first_on_page = position == 0
            if isinstance(element, TablePart):
                _place_table(items, element, first_on_page)
            else:
                _place_line(items, element, first_on_page, layout)
    return items


def _measure_layout(pages: list[Page]) -> Layout:
    lines = [line for page in pages for line in page.lines]
    if not lines:
        return Layout(0.0, 0.0, 0.0, 0.0)
    body_size = Counter(line.size for line in lines).most_common(1)[0][0]
    body = [line for line in lines if abs(line.size - body_size) < 0.6] or lines
    # Justified lines all end at the right margin (punctuation may hang past it), so the most
    # common line end is the margin; the left margin is where the full lines that do not open
    # a paragraph start (first lines are indented).
    ends = Counter(round(line.x1 / 2) * 2 for line in body)
    right = max(ends.items(), key=lambda item: (item[1], item[0]))[0]
    full = [line for line in body if line.x1 >= right - body_size] or body
    left = min(line.x0 for line in full)
    pitches = [
        below.top - above.top
        for above, below in zip(body, body[1:])
        if above.page == below.page and 0 < below.top - above.top < 3 * body_size
    ]
    pitch = statistics.median(pitches) if pitches else 1.5 * body_size
    return Layout(float(left), float(right), pitch, body_size)


def _place_line(items: list[Item], line: TextLine, first_on_page: bool, layout: Layout) -> None:
    previous = items[-1] if items else None
    if isinstance(previous, Paragraph) and _continues(previous.lines[-1], line, first_on_page, layout):
        previous.lines.append(line)
    else:
        items.append(Paragraph([line]))


def _continues(above: TextLine, line: TextLine, first_on_page: bool, layout: Layout) -> bool:
    """Whether ``line`` carries on the paragraph that ``above`` ends."""
    size = max(above.size, line.size, 1.0)
    if abs(above.size - line.size) > 1.0:  # a title or a note in another size
        return False
    if layout.is_display(above) and layout.is_display(line):  # a title set on two lines
        return line.page == above.page and line.top - above.top <= 2 * size
    if above.x1 < layout.right - 0.8 * size:  # stopped short of the margin: the paragraph ended
        return False
    if line.x0 > layout.left + 0.8 * size or line.x0 < layout.left - 0.8 * size:  # indented: a new one
        return False
    if _HEADING_START.match(line.text):
        return False
    if line.page != above.page:
        return first_on_page and line.page == above.page + 1
    return line.top - above.top <= 1.6 * max(layout.pitch, size)


def _place_table(items: list[Item], part: TablePart, first_on_page: bool) -> None:
    previous = items[-1] if items else None
    if (
        first_on_page
        and isinstance(previous, JoinedTable)
        and previous.parts[-1].page == part.page - 1
        and _same_table(previous.parts[-1], part)
    ):
        previous.parts.append(part)
    else:
        items.append(JoinedTable([part]))


def _same_table(above: TablePart, below: TablePart) -> bool:
    """A table that ends one page and one that starts the next are one if they line up: the
    same outer edges and either the same number of columns or one set of column rules
    contained in the other (a continuation may merge columns the first page splits)."""
    if abs(above.x0 - below.x0) > 3 * _COLUMN_TOLERANCE or abs(above.x1 - below.x1) > 3 * _COLUMN_TOLERANCE:
        return False
    edges_above, edges_below = above.column_edges, below.column_edges
    if len(edges_above) == len(edges_below):
        return True
    fewer, more = sorted((edges_above, edges_below), key=len)
    inner = fewer[1:-1]  # the outer edges were compared above, with a looser tolerance
    return all(any(abs(edge - other) <= _COLUMN_TOLERANCE for other in more) for edge in inner)


# --------------------------------------------------------------------------------------------
# Table grids


@dataclass(eq=False, slots=True)
class GridCell:
    """A slot of the table grid: where a cell starts, or a slot covered by one (``origin``)."""

    text: str
    page: int
    row_span: int = 1
    col_span: int = 1
    origin: "GridCell | None" = None

    @property
    def merged(self) -> bool:
        return self.origin is not None


@dataclass(slots=True)
class GridRow:
    page: int
    slots: list[GridCell] = field(default_factory=list)


def _grid(table: JoinedTable) -> list[GridRow]:
    """The table as rows of one slot per column, over a column grid shared by all parts."""
    edges = _cluster([edge for part in table.parts for edge in part.column_edges], _COLUMN_TOLERANCE)
    rows: list[GridRow] = []
    for index, part in enumerate(table.parts):
        part_rows = _part_grid(part, edges)
        if index:
            part_rows = _without_repeated_header(rows, part_rows)
            _rejoin_split_cells(rows[-1], part_rows[0] if part_rows else None, part_rows)
        rows.extend(part_rows)
    return rows


def _nearest(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda index: abs(edges[index] - value))


def _part_grid(part: TablePart, edges: list[float]) -> list[GridRow]:
    tops = part.row_tops
    width = len(edges) - 1
    slots: list[list[GridCell | None]] = [[None] * width for _ in tops]
    for cell in sorted(part.cells, key=lambda cell: (cell.top, cell.x0)):
        row = _nearest(tops, cell.top)
        row_end = max(row + 1, sum(1 for top in tops if top < cell.bottom - _ROW_TOLERANCE))
        col, col_end = _nearest(edges, cell.x0), _nearest(edges, cell.x1)
        if col_end <= col or slots[row][col] is not None:
            continue  # a sliver between near-identical rules, or a cell already claimed
        origin = GridCell(cell.text, part.page, row_end - row, col_end - col)
        for covered_row in range(row, row_end):
            for covered_col in range(col, col_end):
                if slots[covered_row][covered_col] is None:
                    is_origin = covered_row == row and covered_col == col
                    slots[covered_row][covered_col] = origin if is_origin else GridCell("", part.page, origin=origin)
    return [
        GridRow(part.page, [slot if slot is not None else GridCell("", part.page) for slot in row_slots])
        for row_slots in slots
    ]


def _row_texts(row: GridRow) -> tuple[str, ...]:
    return tuple(slot.text for slot in row.slots)


def _without_repeated_header(rows_above: list[GridRow], part_rows: list[GridRow]) -> list[GridRow]:
    """Drop the header rows a continuation page repeats from the table's first page."""
    repeated = 0
    for above, below in zip(rows_above, part_rows):
        texts = _row_texts(below)
        if texts != _row_texts(above) or not any(texts) or any(_NUMBER.match(text) for text in texts):
            break
        repeated += 1
    # Only drop whole header blocks: no cell of the dropped rows may reach into the kept ones.
    while repeated and _reaches_below(part_rows, repeated):
        repeated -= 1
    if repeated == len(part_rows):
        return part_rows
    return part_rows[repeated:]


def _reaches_below(rows: list[GridRow], count: int) -> bool:
    kept = rows[count] if count < len(rows) else None
    if kept is None:
        return False
    # (Grid cells compare and hash by identity: ``eq=False``.)
    dropped = {slot for row in rows[:count] for slot in row.slots if not slot.merged}
    return any(slot.origin is not None and slot.origin in dropped for slot in kept.slots)


def _rejoin_split_cells(last_above: GridRow, first_below: GridRow | None, rows_below: list[GridRow]) -> None:
    """Put back together a merged label cell that the page break cut in two.

    Word repeats a vertically merged cell on the next page, carrying the rest of its text
    (``（四）无`` above the break, ``法提供`` below it; or an empty cell under a tall
    ``三、本年度办理结果``). Such a cell spans several rows on one side of the break, has the same
    width as the cell above and does not open a row group of its own with a list marker.
    """
    if first_below is None:
        return
    for column, below in enumerate(first_below.slots):
        if below.merged:
            continue
        above_slot = last_above.slots[column]
        above = above_slot.origin or above_slot
        if not _is_continuation(above, below):
            continue
        above.text = _join_lines(above.text, below.text)
        above.row_span += below.row_span
        for row in rows_below:
            for index, slot in enumerate(row.slots):
                if slot is below:
                    row.slots[index] = GridCell("", row.page, origin=above)
                elif slot.origin is below:
                    slot.origin = above


def _is_continuation(above: GridCell, below: GridCell) -> bool:
    if above.col_span != below.col_span or (above.row_span < 2 and below.row_span < 2):
        return False
    if _NUMBER.match(above.text) or _NUMBER.match(below.text) or not above.text:
        return False
    return not _LIST_MARKER.match(below.text)


# --------------------------------------------------------------------------------------------
# The synthetic text and the blocks


class _Writer:
    """Appends lines to the synthetic text and hands back each piece's place in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> SourcedText:
        sourced = SourcedText.contiguous(text, self.length)
        self.parts.append(text)
        self.length += len(text)
        return sourced

    def end_line(self) -> None:
        self.add("\n")

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _render(path: str, items: list[Item]) -> RawDocument:
    writer = _Writer()
    blocks: list[Block] = []
    table_number = 0
    for item in items:
        if isinstance(item, Paragraph):
            block = _paragraph_block(writer, item)
        else:
            table_number += 1
            block = _table_block(writer, item, table_number)
        if block is not None:
            blocks.append(block)
    source = SourceText(text=writer.text, path=path, encoding="utf-8")
    return RawDocument(source=source, blocks=blocks, loader=PdfLoader.name)


def _pages_label(first: int, last: int) -> str:
    return f"第{first}页" if first == last else f"第{first}-{last}页"


def _clean(text: str) -> str:
    # The rendering is line- and tab-structured: neither may occur inside a piece.
    return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _paragraph_block(writer: _Writer, paragraph: Paragraph) -> LineBlock | None:
    text = ""
    for line in paragraph.lines:
        text = _join_lines(text, line.text)
    text = _clean(text).strip()
    if not text:
        return None
    logical = _pages_label(*paragraph.pages)
    sourced = writer.add(text)
    writer.end_line()
    bold = sum(1 for line in paragraph.lines if line.bold) * 2 > len(paragraph.lines)
    return LineBlock(text=sourced, bold=bold, logical=logical)


def _table_block(writer: _Writer, table: JoinedTable, number: int) -> TableBlock | None:
    rows = _grid(table)
    if not rows:
        return None
    cell_rows: list[list[CellBlock]] = []
    row_spans: list[Span] = []
    for row_number, row in enumerate(rows, start=1):
        row_label = f"第{row.page}页 表格{number} 第{row_number}行"
        row_start = writer.length
        cells = []
        for column, slot in enumerate(row.slots, start=1):
            if column > 1:
                writer.add("\t")
            sourced = writer.add(_clean(slot.text))
            cells.append(CellBlock(text=sourced, merged=slot.merged, logical=f"{row_label} 第{column}列"))
        row_spans.append(Span(row_start, writer.length, logical=row_label))
        writer.end_line()
        cell_rows.append(cells)
    first_page, last_page = table.parts[0].page, table.parts[-1].page
    return TableBlock(
        rows=cell_rows,
        row_spans=row_spans,
        gridded=True,
        logical=f"{_pages_label(first_page, last_page)} 表格{number}",
    )


def _notes(pages: list[Page]) -> list[tuple[str, str]]:
    return [(f"第{page.number}页只有图像、没有文本层，未能读取（需 OCR）",
             f"page {page.number} holds only images, no text layer: not read (needs OCR)") for page in pages if page.image_only]
