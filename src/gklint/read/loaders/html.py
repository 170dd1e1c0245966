"""The HTML loader: portal pages and Word-exported ``.html``/``.htm`` reports.

The decoded page source *is* ``SourceText.text``: every piece of every block points at the
characters of the HTML file, so findings land on the exact line and column of a cell's text
and ``--fix`` rewrites only that text, leaving the markup around it alone.

How a page becomes blocks:

1. ``html_tree.build_tree`` builds a small element tree in one pass over the source, with
   the tokenizer's pattern and steps (``html_tokens``, which says why it is not lxml,
   selectolax or ``html.parser``): start tags, end tags and text with their exact source
   offsets. Text nodes are ``SourcedText`` s: verbatim runs and one atomic piece per
   character reference (``&nbsp;``, ``&#12289;``). The tree is never walked
   recursively, so 10,000 levels of nesting are harmless, and no entity is ever expanded
   beyond the HTML character references (no DTD, no network).
2. ``_FlowVisitor`` turns the ``<body>`` into ``LineBlock`` s (one per paragraph-level
   element) and ``TableBlock`` s (one per innermost *data* table; tables that only hold other
   tables or the page layout are read as ordinary flow). A table of plain rows, which the tree
   holds whole (``html_plain_tables``), becomes its block straight from its rows, without an
   element per row or cell (``_read_plain_table``).
3. ``_content_root`` picks the element that holds the report (the deepest element holding
   the most of the six section headings) so that navigation, headers and footers are left
   out; a title that the portal prints just above the article body is kept. What a section
   heading and a title look like is the formats' data, handed in as a ``Recognition``
   (``gklint.formats.recognition``): a format that renames a section needs no change here.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Iterator, Sequence

from gklint.grammar import ITEM_MARK, NUMERAL, NUMERALS, PAREN_ITEM, digit_item
from gklint.read.blocks import Block, CellBlock, LineBlock, RawDocument, TableBlock, verbatim_cell
from gklint.read.loader import LoadError, Loader
from gklint.read.loaders.html_plain_tables import PlainRow, plain_rows
from gklint.read.loaders.html_tree import (
    BLOCK_TAGS, CELL_TAGS, HEADING_LEVELS, Element, build_tree, expand_plain_table, text_start,
)
from gklint.read.source import Piece, SourcedText, SourceText, Span, VerbatimText

if TYPE_CHECKING:  # pragma: no cover - typing only
    from gklint.formats.recognition import Recognition



# --------------------------------------------------------------------------------------------
# Vocabulary: which tags mean what
# --------------------------------------------------------------------------------------------

# (The vocabulary of the tree, which tags are void, invisible or paragraph-level, is
# ``html_tree``'s.)

# A cell holding more text than this is page layout, not a statistics table cell.
_MAX_DATA_CELL_CHARS = 300
# Limits that keep hostile spans from building huge grids (browsers allow 1000 columns).
_MAX_COLSPAN = 200
# A report table has a few hundred slots; spans that would expand into more than this are
# not a report table (and expanding them would take minutes), so the table is skipped.
_MAX_GRID_SLOTS = 200_000
# How much text may stand between a title and the report body for the title to belong to it.
_MAX_TITLE_DISTANCE = 400
_MAX_TITLE_CHARS = 100

_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_HTML_START = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|table|div|p|h[1-6])[\s>/]", re.IGNORECASE
)
_FONT_WEIGHT = re.compile(r"(?<![-\w])font-weight\s*:\s*([a-z0-9]+)", re.IGNORECASE)
# A part of that pattern that a style matching it holds in any case (``style.lower()``):
# searching a long Word style only when it holds one is a fraction of the time.
_FONT_WEIGHT_PARTS = ("font-we",)

# A line that starts like a heading: 一、 （一） 1. 第一部分
_DIGIT_ITEM = digit_item(r"\s")
_HEADING_NUMBER = re.compile(
    rf"^\s*(?:第[{NUMERALS}百]+[章节部分条]|{NUMERAL}+\s*{ITEM_MARK}|{PAREN_ITEM}|{_DIGIT_ITEM}(?!\d))"
)
_SENTENCE_END = re.compile(r"[。！？；：:;!?]\s*$")


# --------------------------------------------------------------------------------------------
# The loader
# --------------------------------------------------------------------------------------------


class HtmlLoader(Loader):
    """Reads ``.html``/``.htm`` portal pages and Word-exported HTML reports."""

    name = "html"
    suffixes = (".html", ".htm")
    # ``load`` takes the formats' ``Recognition`` to find the report among the page's chrome.
    reads_formats = True
    markup = "html"

    def sniff(self, data: bytes) -> bool:
        """True for data that starts like an HTML document (after a BOM and whitespace)."""
        head = _sniff_text(data[:4096]).lstrip()
        if head.startswith("<?xml"):
            head = head[head.find("?>") + 2 :].lstrip() if "?>" in head else ""
        while head.startswith("<!--"):
            end = head.find("-->")
            head = head[end + 3 :].lstrip() if end >= 0 else ""
        return head.startswith("<") and _HTML_START.search(head) is not None

    def load(self, path: str, data: bytes, recognition: "Recognition | None" = None) -> "RawDocument":
        """The report's blocks, read from the region of the page that holds the report.

        ``recognition`` tells section headings and the title (the run's formats); without
        it, the built-in formats' is used.
        """
        from gklint.read.encoding import decode

        if recognition is None:
            from gklint.formats.template import load_templates

            recognition = load_templates().recognition

        decoded = decode(data, declared=declared_charset(data))
        source = SourceText(decoded.text, path=path, encoding=decoded.encoding, bom=decoded.bom)
        page = build_tree(decoded.text)
        body = page.body or page.document

        flow = _FlowVisitor(captions=page.has_captions)
        flow.run(body, page.body_ancestors if page.body else [])
        root = _content_root(flow, body, recognition)
        blocks, notes = _report_blocks(flow, root, body, recognition)
        if not blocks:
            raise LoadError(
                "网页中没有找到可读的正文内容（可能是空白页、框架页或由脚本生成的页面）",
                "no readable content found in the page (it may be empty, a frameset or generated by scripts)",
            )
        return RawDocument(source=source, blocks=blocks, loader=self.name, notes=notes, markup=self.markup)

    def escape_replacement(self, text: str) -> str:
        """``text`` as HTML text: ``&``, ``<`` and ``>`` as character references."""
        import html

        return html.escape(text, quote=False)

    def write(self, raw: "RawDocument", edits: Sequence[tuple[int, int, str]]) -> bytes:
        """The page's new bytes, with each edit's text escaped as HTML text.

        Edits carry plain text (a corrected label, a number), so ``&``, ``<`` and ``>`` in
        them are written as character references; characters the page's encoding cannot hold
        are written as numeric references instead of failing.
        """
        from gklint.read.encoding import encode
        from gklint.read.loader import apply_text_edits

        escaped = [(start, end, self.escape_replacement(text)) for start, end, text in edits]
        text = apply_text_edits(raw.source.text, escaped)
        try:
            return encode(text, raw.source.encoding, raw.source.bom)
        except UnicodeEncodeError:
            body = text.encode(raw.source.encoding, errors="xmlcharrefreplace")
            return encode("", raw.source.encoding, raw.source.bom) + body


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in ``<meta charset>``, ``http-equiv`` or ``<?xml encoding?>``."""
    head = data[:16384]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def _sniff_text(head: bytes) -> str:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore")
    if len(head) >= 4 and head[1::2].count(0) > len(head) // 4:
        return head.decode("utf-16-le", errors="ignore")
    if len(head) >= 4 and head[0::2].count(0) > len(head) // 4:
        return head.decode("utf-16-be", errors="ignore")
    return head.decode("latin-1")


# --------------------------------------------------------------------------------------------
# The element tree
# --------------------------------------------------------------------------------------------


# (``html_tree`` builds it.)


def _visible_chars_under(root: Element) -> int:
    """How many characters of the text under ``root`` (hidden or not) are not white space."""
    count = 0
    stack = [root]
    while stack:
        for child in stack.pop().children:
            if child.__class__ is Element:
                stack.append(child)  # type: ignore[arg-type]
            else:
                count += sum(map(len, child.text.split()))
    return count


def _find_all(root: Element, tags: frozenset[str], stop: frozenset[str]) -> list[Element]:
    """Descendants with a tag in ``tags``, not looking inside them or inside ``stop`` tags."""
    found: list[Element] = []
    for child in root.children:  # (the usual: they are children, a table's rows, a row's cells)
        if child.__class__ is Element and not child.invisible:  # type: ignore[union-attr]
            if child.tag not in tags:  # type: ignore[union-attr]
                break  # (the search below, from the start)
            found.append(child)  # type: ignore[arg-type]
    else:
        return found
    found = []
    stack = [child for child in reversed(root.children) if isinstance(child, Element)]
    while stack:
        element = stack.pop()
        if element.invisible:
            continue
        if element.tag in tags:
            found.append(element)
        elif element.tag not in stop:
            stack.extend(child for child in reversed(element.children) if isinstance(child, Element))
    return found


def _path_between(root: Element, target: Element) -> list[Element]:
    """The elements from ``root`` down to ``target`` (both included), found in document order."""
    stack: list[tuple[Element, list[Element]]] = [(root, [root])]
    while stack:
        element, path = stack.pop()
        if element is target:
            return path
        stack.extend((child, path + [child]) for child in reversed(element.children) if isinstance(child, Element))
    raise ValueError("target is not under root")


def _bold_after(element: Element, inherited: bool) -> bool:
    """Whether text inside ``element`` is bold, given the boldness around it."""
    bold = inherited or element.tag in ("b", "strong")
    style = element.style_holding(_FONT_WEIGHT_PARTS)
    if style is not None:
        weights = _FONT_WEIGHT.findall(style)
        if weights:  # the last declaration wins, and it overrides <b>
            value = weights[-1].lower()
            if value in ("bold", "bolder") or (value.isdigit() and int(value) >= 600):
                bold = True
            elif value in ("normal", "lighter") or value.isdigit():
                bold = False
    return bold


# --------------------------------------------------------------------------------------------
# Text accumulation: text nodes, <br> and block boundaries → SourcedText
# --------------------------------------------------------------------------------------------


class _Break:
    """A line break inside accumulated text: a ``<br>`` (``element``) or a block boundary."""

    __slots__ = ("element", "anchor")

    def __init__(self, element: Element | None, anchor: int):
        self.element = element
        self.anchor = anchor


_Item = tuple  # (text node, bold) or (_Break,)


def _compose(items: Sequence[_Item]) -> tuple["SourcedText", bool]:
    """Join text items into one ``SourcedText``; breaks between texts become ``"\\n"``.

    A ``<br>`` becomes an atomic ``"\\n"`` piece covering the tag (replacing it replaces the
    tag); a block boundary becomes an atomic ``"\\n"`` with an empty source range. Breaks
    only count between non-blank text, and the whitespace around a break is source layout,
    so it is left out. The second value tells whether all visible text is bold.
    """
    parts: list[SourcedText] = []
    has_text = False
    all_bold = True
    pending: _Break | None = None
    for item in items:
        if isinstance(item[0], _Break):
            if pending is None or pending.element is None:  # a <br> outweighs a block edge
                pending = item[0]
            continue
        text, bold = item
        blank = not text.text.strip()
        if pending is not None:
            if blank:
                continue
            if has_text:
                _rstrip_parts(parts)
                source = (pending.element.start, pending.element.end) if pending.element else (pending.anchor,) * 2
                parts.append(SourcedText("\n", (Piece(0, 1, *source),)))
            text = text.slice(len(text.text) - len(text.text.lstrip()), len(text.text))
            pending = None
        parts.append(text)
        if not blank:
            has_text = True
            all_bold = all_bold and bold
    return _concat(parts), has_text and all_bold


def _rstrip_parts(parts: list["SourcedText"]) -> None:
    """Drop the whitespace at the end of the text accumulated in ``parts``."""
    while parts and not parts[-1].text.strip():
        parts.pop()
    if parts:
        last = parts[-1]
        parts[-1] = last.slice(0, len(last.text.rstrip()))


def _concat(parts: Sequence["SourcedText"]) -> "SourcedText":
    if len(parts) == 1:
        return parts[0]  # (most cells and lines: nothing to shift)
    pieces: list[Piece] = []
    length = 0
    for part in parts:
        pieces.extend(
            Piece(piece.text_start + length, piece.text_end + length, piece.src_start, piece.src_end)
            for piece in part.pieces
        )
        length += len(part.text)
    return SourcedText("".join(part.text for part in parts), tuple(pieces))


def _stripped(text: "SourcedText", anchor: int) -> "SourcedText":
    """``text`` without surrounding whitespace; an empty text keeps a zero-width anchor."""
    result = text.strip()
    if result.text:
        return result
    return VerbatimText("", anchor)  # (its zero-width piece at ``anchor`` made only when asked for)


def _first_text_offset(items: Sequence[_Item], default: int) -> int:
    for item in items:
        if not isinstance(item[0], _Break):  # (a text node has a piece at least)
            return text_start(item[0])
    return default


# --------------------------------------------------------------------------------------------
# Walking the tree
# --------------------------------------------------------------------------------------------


class _Visitor:
    """Callbacks of ``_walk``: ``enter`` returns whether to descend into the element."""

    def enter(self, element: Element) -> bool:
        raise NotImplementedError

    def leave(self, element: Element) -> None:
        raise NotImplementedError

    def text(self, node: SourcedText) -> None:
        raise NotImplementedError


def _walk(root: Element, visitor: _Visitor) -> None:
    """Visit ``root``'s content in document order with an explicit stack (no recursion)."""
    enter, leave, text = visitor.enter, visitor.leave, visitor.text
    elements = [root]
    stack: list[Iterator[Element | SourcedText]] = [iter(root.children)]
    while stack:
        for child in stack[-1]:
            if child.__class__ is not Element:
                text(child)  # type: ignore[arg-type]
            elif enter(child):  # type: ignore[arg-type]
                elements.append(child)  # type: ignore[arg-type]
                stack.append(iter(child.children))  # type: ignore[union-attr]
                break
        else:  # no child left
            stack.pop()
            element = elements.pop()
            if stack:
                leave(element)


class _CellVisitor(_Visitor):
    """Collects a table cell's (or caption's) text: paragraphs and ``<br>`` become ``"\\n"``."""

    def __init__(self) -> None:
        self.items: list[_Item] = []

    def enter(self, element: Element) -> bool:
        if element.invisible:
            return False
        if element.tag == "br":
            self.items.append((_Break(element, element.start),))
            return False
        if element.tag in BLOCK_TAGS:
            self.items.append((_Break(None, element.start),))
        return True

    def leave(self, element: Element) -> None:
        if element.tag in BLOCK_TAGS:
            self.items.append((_Break(None, element.end),))

    def text(self, node: SourcedText) -> None:
        self.items.append((node, False))

    @classmethod
    def read(cls, element: Element) -> "SourcedText":
        children = element.children
        if len(children) == 1 and children[0].__class__ is not Element:
            # (The usual cell, one text node: what the lines below give for it, without the checks.)
            return children[0].strip()
        if not children or (len(children) == 1 and children[0].__class__ is not Element):
            nodes: list[SourcedText] | None = children  # type: ignore[assignment]  # (the usual cells)
        else:
            nodes = _inline_texts(element)
        if nodes is not None and not nodes:
            # What ``_stripped`` gives for no text: an empty text where the element's content starts.
            return VerbatimText("", element.inner_start)
        if nodes is not None and len(nodes) == 1:
            # What ``_compose`` and ``_stripped`` give for one text node: the node stripped (a
            # blank one: an empty text where it starts, as ``strip`` leaves it).
            return nodes[0].strip()
        if nodes is not None:
            # What the walk gives when there is no line break to make: the texts joined.
            items = [(node, False) for node in nodes]
        else:
            visitor = cls()
            _walk(element, visitor)
            items = visitor.items
        text, _ = _compose(items)
        return _stripped(text, _first_text_offset(items, element.inner_start))


def _inline_texts(element: Element) -> list[SourcedText] | None:
    """The visible text nodes under ``element`` in document order when nothing under it makes
    a line break (no ``<br>``, no paragraph-level element); None otherwise.

    The common table cell (``<td>12</td>``, ``<td><span>12</span></td>``) is read this way
    without the visitor's calls per element (benchmarks/run.py, HTML reports).
    """
    nodes: list[SourcedText] = []
    stack = list(reversed(element.children))
    while stack:
        child = stack.pop()
        if child.__class__ is not Element:
            nodes.append(child)
            continue
        if child.invisible:
            continue
        if child.tag == "br" or child.tag in BLOCK_TAGS:
            return None
        stack.extend(reversed(child.children))
    return nodes


class _FlowVisitor(_Visitor):
    """Turns page content into blocks: a ``LineBlock`` per paragraph, a ``TableBlock`` per
    data table. ``origins`` holds, for each block, the element it was read from, and
    ``chains`` the elements from the walked root down to that one. ``captions``: whether the
    page has any ``<caption>`` (else no table is searched for one)."""

    def __init__(self, captions: bool = True) -> None:
        self.blocks: list[Block] = []
        self.origins: list[Element] = []
        self.chains: list[list[Element]] = []
        self._captions = captions
        self._items: list[_Item] = []
        self._path: list[Element] = []  # the elements walked into, the root first
        self._containers: list[tuple[Element, int]] = []  # (element, its place in _path + 1)
        self._bold: list[bool] = [False]
        self._heading: list[int | None] = [None]

    def run(self, root: Element, ancestors: Sequence[Element]) -> None:
        """Read ``root``, which stands in ``ancestors`` (the outermost first)."""
        self._path.append(root)
        self._containers.append((root, 1))
        for element in (*ancestors, root):  # boldness set outside the walked element still counts
            self._bold[-1] = _bold_after(element, self._bold[-1])
        _walk(root, self)
        self._flush()

    def enter(self, element: Element) -> bool:
        if element.invisible:
            return False
        if element.tag == "br":
            self._items.append((_Break(element, element.start),))
            return False
        if element.tag == "table":
            if element.plain_source is not None:  # a table of plain rows, read whole
                rows = plain_rows(element.plain_source, element.inner_start, element.end)
                if not _is_layout_plain_table(rows):
                    self._flush()
                    self._emit_plain_table(element, rows)
                    return False
                expand_plain_table(element)  # (page layout: walked into, so its rows are made)
            else:
                rows = _table_rows(element)
                spans = _cell_spans(rows)
                if not _is_layout_table(element, rows, spans):
                    self._flush()
                    self._emit_table(element, rows, spans)
                    return False
        self._path.append(element)
        if element.tag in BLOCK_TAGS:
            self._flush()
            self._containers.append((element, len(self._path)))
        bold = self._bold[-1]
        self._bold.append(_bold_after(element, bold) if element.has_attributes or element.tag in ("b", "strong")
                          else bold)
        self._heading.append(HEADING_LEVELS.get(element.tag, self._heading[-1]))
        return True

    def leave(self, element: Element) -> None:
        if element.tag in BLOCK_TAGS:
            self._flush()
            self._containers.pop()
        self._path.pop()
        self._bold.pop()
        self._heading.pop()

    def text(self, node: SourcedText) -> None:
        self._items.append((node, self._bold[-1]))

    def _flush(self) -> None:
        """End the current paragraph: one ``LineBlock`` per line it holds."""
        items, self._items = self._items, []
        if not items:
            return
        if len(items) == 1 and items[0][0].__class__ is not _Break:
            # (The usual paragraph, one text node: the one line ``_compose`` makes of it, the
            # node with its boldness, without the calls.)
            lines: Sequence[tuple[SourcedText, bool]] = items
        else:
            lines = [_compose(line_items) for line_items in _split_paragraph(items)]
        for text, bold in lines:
            text = text.strip()
            if text.text:
                container, depth = self._containers[-1]
                self.blocks.append(LineBlock(text, heading_level=self._heading[-1], bold=bold))
                self.origins.append(container)
                self.chains.append(self._path[:depth])

    def _emit_table(self, table: Element, rows: _Rows, spans: _Spans) -> None:
        for caption in _find_all(table, _CAPTION_TAGS, _TABLE_TAGS) if self._captions else ():
            text = _CellVisitor.read(caption)
            if text.text:
                self.blocks.append(LineBlock(text))
                self.origins.append(caption)
                self.chains.append(self._path + _path_between(table, caption))
        block = _read_table(rows, spans)
        if block is not None:
            self.blocks.append(block)
            self.origins.append(table)
            self.chains.append(self._path + [table])


    def _emit_plain_table(self, table: Element, rows: list[PlainRow]) -> None:
        # (``_emit_table``: a table of plain rows holds no caption.)
        block = _read_plain_table(rows)
        if block is not None:
            self.blocks.append(block)
            self.origins.append(table)
            self.chains.append(self._path + [table])


def _split_paragraph(items: list[_Item]) -> list[list[_Item]]:
    """Split a paragraph at the ``<br>`` s that end a heading or a sentence.

    A ``<br>`` after ``一、总体情况`` starts the body text on a line of its own; a ``<br>`` in
    the middle of a sentence (line-wrapped copy) keeps the sentence together, as ``"\\n"``.
    """
    segments: list[list[_Item]] = [[]]
    for item in items:
        if isinstance(item[0], _Break) and item[0].element is not None:
            segments.append([item])
        else:
            segments[-1].append(item)
    if len(segments) == 1:
        return segments
    lines: list[list[_Item]] = []
    previous_text, previous_bold = "", False
    for segment in segments:
        body = [item for item in segment if not (isinstance(item[0], _Break) and item[0].element is not None)]
        text, bold = _compose(body)
        plain = text.text.strip()
        if not plain:
            continue
        if lines and not _splits_at_break(previous_text, previous_bold, plain, bold):
            lines[-1].extend(segment)
        else:
            lines.append(body)
        previous_text, previous_bold = plain, bold
    return lines


def _splits_at_break(before: str, before_bold: bool, after: str, after_bold: bool) -> bool:
    if _HEADING_NUMBER.match(before) and len(before) <= 40:
        return True
    if _SENTENCE_END.search(before) or _HEADING_NUMBER.match(after):
        return True
    return before_bold != after_bold


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


_ROW_TAGS = frozenset({"tr"})
_CAPTION_TAGS = frozenset({"caption"})
_TABLE_TAGS = frozenset({"table"})
_TABLE_AND_ROW_TAGS = frozenset({"table", "tr"})

_Rows = list  # [(row, cells)]: a table's rows (``_table_rows``)
_Spans = list  # [[(colspan, rowspan), …], …]: each cell's spans, row by row (``_cell_spans``)


def _table_rows(table: Element) -> list[tuple[Element, list[Element]]]:
    rows = _find_all(table, _ROW_TAGS, _TABLE_TAGS)
    return [(row, _find_all(row, CELL_TAGS, _TABLE_AND_ROW_TAGS)) for row in rows]


# The digits a span attribute starts with, after white space (stripped first: ``\s*\d+``
# searched in a long run of spaces backtracks quadratically).
_SPAN_DIGITS = re.compile(r"\d+")


def _span_attribute(cell: Element, name: str, limit: int) -> int:
    value = cell.attrs.get(name)
    if not value:
        return 1  # (most cells span nothing)
    digits = _SPAN_DIGITS.match(value.lstrip())
    if not digits:
        return 1
    return max(0, min(int(digits.group()), limit))


def _cell_spans(rows: _Rows) -> _Spans:
    """Each cell's ``(colspan, rowspan)``: the columns it covers (at least one) and its
    ``rowspan`` attribute (0: down to the last row)."""
    count = len(rows)
    return [
        [(max(1, _span_attribute(cell, "colspan", _MAX_COLSPAN)), _span_attribute(cell, "rowspan", count))
         if cell.may_hold(_SPAN_PARTS) else _NO_SPANS for cell in cells]
        if any(cell.has_attributes for cell in cells) else [_NO_SPANS] * len(cells)
        for _, cells in rows
    ]


# What the names of both span attributes hold: a cell whose start tag does not hold it spans
# nothing, and its attributes (Word's long styles) are not read.
_SPAN_PARTS = ("span",)


_NO_SPANS = (1, 1)  # a cell's spans without ``colspan`` or ``rowspan``


def _is_layout_table(table: Element, rows: _Rows, spans: _Spans) -> bool:
    """A table that holds other tables or the page, rather than report statistics."""
    if table.has_table:
        return True
    if len(rows) < 2:
        return True
    widest = max((sum(colspan for colspan, _ in row) if row.count(_NO_SPANS) != len(row) else len(row)
                   for row in spans), default=0)
    if widest < 2:
        return True
    # (Fewer characters than that, white space included, are fewer visible characters.)
    for _, cells in rows:
        for cell in cells:
            if cell.text_length > _MAX_DATA_CELL_CHARS and _visible_chars_under(cell) > _MAX_DATA_CELL_CHARS:
                return True
    return False


def _is_layout_plain_table(rows: list[PlainRow]) -> bool:
    """``_is_layout_table`` of a table of plain rows (which holds no table and whose cells
    span nothing): fewer than two rows or columns, or a cell holding too much text."""
    if len(rows) < 2 or max(len(cells) for _, _, _, cells in rows) < 2:
        return True
    for row_start, row_end, _, cells in rows:
        if row_end - row_start > _MAX_DATA_CELL_CHARS:  # (a shorter row holds no such cell)
            for text, _ in cells:
                if len(text) > _MAX_DATA_CELL_CHARS and sum(map(len, text.split())) > _MAX_DATA_CELL_CHARS:
                    return True
    return False


def _read_plain_table(rows: list[PlainRow]) -> "TableBlock | None":
    """``_read_table`` of a table of plain rows: each cell block made straight from the cell's
    text in the source (the text stripped, where it then starts), without elements between."""
    if sum(len(cells) for _, _, _, cells in rows) > _MAX_GRID_SLOTS:
        return None
    width = max(len(cells) for _, _, _, cells in rows)
    grid: list[list[CellBlock]] = []
    row_spans: list[Span] = []
    has_text = False
    for row_start, row_end, first_cell, cells in rows:
        line: list[CellBlock] = []
        append = line.append
        at = first_cell  # where the next cell starts
        cells_end = row_start + 4  # where the last cell read ends (a row without any: its content starts)
        first = last = -1  # where the row's cell texts start and end (-1: no text yet)
        for text, after in cells:
            at += 4  # (the cell's text starts after its start tag)
            stripped = text.strip()
            if stripped:
                # (after the white space before the text, if any)
                cell_start = at if stripped == text else at + text.find(stripped)
                if first < 0:
                    first = cell_start
                last = cell_start + len(stripped)
            else:
                cell_start = at  # (an empty cell keeps its place, where its content starts)
            append(verbatim_cell(stripped, cell_start))
            cells_end = at + len(text) + 5
            at = cells_end + len(after)
        if len(line) < width:  # (``_missing_cells``: placed where the last cell ends)
            line.extend([verbatim_cell("", cells_end, missing=True) for _ in range(width - len(line))])
        if first < 0:  # no text in the row
            if not cells:
                continue  # a row without cells (no row of plain cells is a spacer row)
            row_spans.append(Span(row_start, row_end))  # (the ``<tr>`` itself)
        else:
            row_spans.append(Span(first, last))
            has_text = True
        grid.append(line)
    if not has_text:
        return None
    return TableBlock(grid, row_spans, gridded=True)


def _read_table(rows: _Rows, spans: _Spans) -> "TableBlock | None":
    """The table of ``rows`` as a grid: ``rowspan``/``colspan`` resolved, merged slots marked."""
    count = len(rows)
    plain = all(row.count(_NO_SPANS) == len(row) for row in spans)
    if plain:
        planned = sum(map(len, spans))
    else:
        planned = sum(colspan * max(1, rowspan or count) for row in spans for colspan, rowspan in row)
    if planned > _MAX_GRID_SLOTS:
        return None
    lines = _plain_grid(rows) if plain else _spanned_grid(rows, spans)
    grid: list[list[CellBlock]] = []
    row_spans: list[Span] = []
    has_text = False
    for (row, cells), (line, has_origin) in zip(rows, lines):
        bounds = _text_bounds(line)
        if bounds is None:  # no text in the row
            if not has_origin or _is_spacer_row(row):
                continue  # a row of merged leftovers or Word's zero-height column-width row
            row_spans.append(Span(row.start, row.end))  # (the ``<tr>`` itself)
        else:
            row_spans.append(Span(*bounds))
            has_text = True
        grid.append(line)
    if not has_text:
        return None
    return TableBlock(grid, row_spans, gridded=True)


def _plain_grid(rows: _Rows) -> list[tuple[list["CellBlock"], bool]]:
    """The lines of a table without spans: each row's cells, then a ``missing`` slot for each
    column the row lacks; with whether the row has a cell of its own."""
    width = max(len(cells) for _, cells in rows)
    lines = []
    read = _CellVisitor.read
    for row, cells in rows:
        line = [CellBlock(read(cell)) for cell in cells]
        if len(line) < width:
            line.extend(_missing_cells(row, cells, width - len(line)))
        lines.append((line, bool(cells)))
    return lines


def _spanned_grid(rows: _Rows, spans: _Spans) -> list[tuple[list["CellBlock"], bool]]:
    """The lines of a table with spans: each cell in the first free slot of its row, the other
    slots it covers ``merged`` (a slot taken stays with the cell that took it first)."""
    count = len(rows)
    slots: dict[tuple[int, int], tuple[CellBlock, bool]] = {}
    width = 0
    for row_index, ((_, cells), row_spans) in enumerate(zip(rows, spans)):
        column = 0
        for cell, (colspan, rowspan) in zip(cells, row_spans):
            while (row_index, column) in slots:
                column += 1
            rowspan = min(rowspan or count, count - row_index)  # rowspan=0: to the end
            text = _CellVisitor.read(cell)
            slots[(row_index, column)] = (CellBlock(text), True)
            if colspan > 1 or rowspan > 1:
                anchor = _source_bounds(text)[0]
                for down in range(rowspan):
                    for across in range(colspan):
                        slot = (row_index + down, column + across)
                        if (down or across) and slot not in slots:
                            merged = CellBlock(VerbatimText("", anchor), merged=True)
                            slots[slot] = (merged, False)
            column += colspan
            width = max(width, column)
    lines = []
    for row_index, (row, cells) in enumerate(rows):
        line = []
        has_origin = False
        for column in range(width):
            slot = slots.get((row_index, column))
            if slot is None:
                # A slot no cell covers (a row with fewer cells than the table is wide) is
                # ``missing``: as in a tab-separated row that lost a cell, the row has only
                # the cells it has.
                line.extend(_missing_cells(row, cells, 1))
            else:
                line.append(slot[0])
                has_origin = has_origin or slot[1]
        lines.append((line, has_origin))
    return lines


def _missing_cells(row: Element, cells: list[Element], number: int) -> list["CellBlock"]:
    """``number`` missing slots of ``row``, placed where its last cell ends."""
    row_end = cells[-1].end if cells else row.inner_start
    return [CellBlock(VerbatimText("", row_end), missing=True) for _ in range(number)]


def _is_spacer_row(row: Element) -> bool:
    height = row.attrs.get("height", "").strip()
    style = row.attrs.get("style", "")
    return height in ("0", "0px") or re.search(r"(?<![-\w])height\s*:\s*0(?:\.0+)?(?:pt|px)?\s*(?:;|$)", style) is not None


def _text_bounds(line: Sequence["CellBlock"]) -> tuple[int, int] | None:
    """The source range of a row's cell texts; None when no cell has text."""
    start = end = None
    for cell in line:
        text = cell.text
        if text.text and not cell.merged:
            if text.__class__ is VerbatimText:  # (``_source_bounds``, for most cells without a call)
                first = text.start  # type: ignore[attr-defined]
                last = first + len(text.text)
            else:
                first, last = _source_bounds(text)
            if start is None:
                start, end = first, last
            else:
                start, end = min(start, first), max(end, last)  # type: ignore[type-var]
    return None if start is None else (start, end)  # type: ignore[return-value]


def _source_bounds(text: "SourcedText") -> tuple[int, int]:
    """Where ``text`` starts and ends in the source ((0, 0) without pieces): ``text.span``
    without making a span, nor the piece of a ``VerbatimText``, for each cell."""
    if text.__class__ is VerbatimText:
        return text.start, text.start + len(text.text)  # type: ignore[attr-defined]
    pieces = text.pieces
    return (pieces[0].src_start, pieces[-1].src_end) if pieces else (0, 0)


# --------------------------------------------------------------------------------------------
# Finding the report on the page
# --------------------------------------------------------------------------------------------

_MAX_HEADINGS_PER_SECTION = 20


def _content_root(flow: _FlowVisitor, body: Element, recognition: "Recognition") -> Element:
    """The deepest element holding the largest number of distinct section headings.

    Counting distinct sections (not matches) keeps a stray heading-like link in a sidebar from
    pulling the root up to ``<body>``. Fewer than two sections found: the whole body.
    """
    found_per_section: Counter[str] = Counter()
    sections_under: dict[Element, set[str]] = {}  # (elements compare and hash by identity)
    depths: dict[Element, int] = {}  # below ``body``
    for block, chain in zip(flow.blocks, flow.chains):  # (each chain runs from ``body`` down)
        if not isinstance(block, LineBlock):
            continue
        section = recognition.section_of(block.text.text)
        if section is None or found_per_section[section] >= _MAX_HEADINGS_PER_SECTION:
            continue
        found_per_section[section] += 1
        for depth in range(len(chain) - 1, -1, -1):  # from the block's element up to ``body``
            ancestor = chain[depth]
            sections_under.setdefault(ancestor, set()).add(section)
            depths[ancestor] = depth
    if len(found_per_section) < 2:
        return body
    best = max(len(sections) for sections in sections_under.values())
    candidates = [element for element, sections in sections_under.items() if len(sections) == best]
    return max(candidates, key=depths.__getitem__)


def _inside(origin: Element, root: Element) -> bool:
    return root.start <= origin.start and origin.end <= root.end


def _report_blocks(flow: _FlowVisitor, root: Element, body: Element,
                   recognition: "Recognition") -> tuple[list["Block"], list[str]]:
    """The blocks of the report region, with the title in front when it sits just outside."""
    inside = [index for index, origin in enumerate(flow.origins) if _inside(origin, root)]
    blocks = [flow.blocks[index] for index in inside]
    notes: list[str] = []
    if root is body:
        notes.append(("未能确定报告正文区域，已读取整个页面", "report region not found, read the whole page"))
        return blocks, notes
    if inside and not _has_full_title(blocks, recognition):
        title_index = _title_before(flow, inside[0], recognition)
        if title_index is not None:
            blocks.insert(0, flow.blocks[title_index])
    return blocks, notes


def _has_full_title(blocks: Sequence["Block"], recognition: "Recognition") -> bool:
    """Whether the region already starts with a complete title (agency or year included)."""
    for block in blocks:
        if not isinstance(block, LineBlock):
            return False
        text = block.text.text
        if recognition.section_of(text) is not None:
            return False
        subject_at = recognition.title_at(text)
        if subject_at is not None and len(text) <= _MAX_TITLE_CHARS and subject_at >= 2:
            return True
    return False


def _title_before(flow: _FlowVisitor, first_inside: int, recognition: "Recognition") -> int | None:
    """The nearest title-like line before the report region, if close enough to belong to it."""
    distance = 0
    for index in range(first_inside - 1, -1, -1):
        block = flow.blocks[index]
        if not isinstance(block, LineBlock):
            return None
        text = block.text.text
        if len(text) <= _MAX_TITLE_CHARS and recognition.title_at(text) is not None:
            return index
        distance += len(text)
        if distance > _MAX_TITLE_DISTANCE:
            return None
    return None
