"""The element tree of an HTML page, built in one pass over its source.

``build_tree(text)`` reads the page with ``html_tokens.NODE_PATTERN`` and puts each start tag,
end tag and text straight into the tree, without a token in between: a table cell
``<td>12</td>`` is one match, one element and one text node. What the pattern does not read
whole (broken or unusual markup) goes through ``html_tokens.SlowPath``, as in ``tokens``. The
rules of the tree are those of ``TreeBuilder``'s methods; ``tree_from_tokens`` feeds them the
tokens of ``html_tokens.tokens`` one by one, the reference that ``build_tree`` is pinned
against (tests/test_fast_paths.py).

Text nodes are ``SourcedText`` values: a text without character references is a
``VerbatimText`` (its one piece made only when asked for), one with references has a piece per
verbatim run and one atomic piece per reference. Elements know their children, not their
parent: the tree holds no reference cycle, so it is freed as soon as the page is read, without
the cycle collector (whose passes over the trees of pages already read took a fifth of the
loader's time on generated pages). A table of plain rows (``html_plain_tables``: the
statistics tables of portal pages) is read whole, its rows and cells not made unless a reader
walks into it (``expand_plain_table``).
"""

from __future__ import annotations

import re
from html import unescape
from typing import Sequence, Union

from gklint.read.source import Piece, SourcedText, VerbatimText

# --------------------------------------------------------------------------------------------
# Vocabulary: which tags mean what
# --------------------------------------------------------------------------------------------

VOID_TAGS = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr".split()
)
# Elements whose content a reader never sees.
INVISIBLE_TAGS = frozenset(
    "head title script style noscript template iframe object embed svg math select option textarea "
    "button xml frameset frame".split()
)
# Office namespaces whose elements carry drawing or document metadata, not report text
# (``<o:p>`` is the exception: Word wraps paragraph-final spaces in it).
INVISIBLE_PREFIXES = ("v:", "w:", "m:")
# Paragraph-level elements: each starts and ends a line of text.
BLOCK_TAGS = frozenset(
    "html body address article aside blockquote center details dialog dd div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary ul "
    "table caption thead tbody tfoot tr td th".split()
)
HEADING_LEVELS = {f"h{level}": level for level in range(1, 7)}
CELL_TAGS = frozenset({"td", "th"})
_ROW_GROUP_TAGS = frozenset({"thead", "tbody", "tfoot"})
# Starting one of these closes an open <p> (HTML's "p in button scope" rule).
_CLOSES_P = BLOCK_TAGS - {"html", "body", "td", "th", "tr", "caption", "thead", "tbody", "tfoot"}
# Elements that end the search for an open element to close (simplified HTML scopes).
_SCOPE_BOUNDARIES = frozenset({"html", "table", "td", "th", "caption", "button", "object"})
_TABLE_SCOPE = frozenset({"html", "table"})
_LIST_SCOPE = _SCOPE_BOUNDARIES | {"ul", "ol"}
_DEFINITION_SCOPE = _SCOPE_BOUNDARIES | {"dl"}
# Starting a tag closes an open element among the first tags, not looking past the second.
_IMPLIED_CLOSES: dict[str, tuple[tuple[tuple[str, ...], frozenset[str]], ...]] = {
    **{tag: ((tuple(CELL_TAGS), _TABLE_SCOPE),) for tag in CELL_TAGS},
    "tr": ((("tr",), _TABLE_SCOPE),),
    **{tag: ((tuple(_ROW_GROUP_TAGS), _TABLE_SCOPE),) for tag in _ROW_GROUP_TAGS},
    "li": ((("li",), _LIST_SCOPE),),
    "dt": ((("dt", "dd"), _DEFINITION_SCOPE),),
    "dd": ((("dt", "dd"), _DEFINITION_SCOPE),),
}
# The tags whose start may close an open element.
CLOSES_SOMETHING = frozenset(_IMPLIED_CLOSES) | frozenset(HEADING_LEVELS) | _CLOSES_P
# For each of them, the open elements it could close (``close_implied`` does nothing while
# none is open: a cell after a closed cell, a paragraph after a closed one).
_CLOSABLE = {
    tag: tuple(sorted({name for tags, _ in _IMPLIED_CLOSES.get(tag, ()) for name in tags}
                      | ({"p"} if tag in _CLOSES_P else set()) | (set(HEADING_LEVELS) if tag in HEADING_LEVELS else set())))
    for tag in CLOSES_SOMETHING
}
# Elements that ``build_tree`` does not read as a leaf: void ones (their end tag is another
# element's), raw text ones, and ``<body>`` and ``<caption>``, which ``start_tag`` notes.
_NOT_LEAVES = VOID_TAGS | {"script", "style", "body", "caption"}
# Where the search for the element an end tag closes stops (other tags: ``_SCOPE_BOUNDARIES``;
# an element of the end tag's own name is found before it could count as a boundary).
_END_TAG_SCOPES = {**{tag: _TABLE_SCOPE for tag in CELL_TAGS | _ROW_GROUP_TAGS | {"tr"}}, "table": frozenset({"html"})}

# html.unescape's own pattern: matching it piece by piece reproduces its decoding exactly.
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def _any_case(word: str) -> str:
    """A pattern matching what ``word`` matches with ``re.IGNORECASE``, without the flag: each
    letter as the class of the characters it matches then (``i`` also matches ``İ`` and ``ı``,
    ``s`` also ``ſ``; the other letters of the words below only their two cases)."""
    special = {"i": "iI\u0130\u0131", "s": "sS\u017f"}
    return "".join(f"[{special.get(char, char + char.upper())}]" if char.isalpha() else re.escape(char)
                   for char in word)


# ``(?<![-\w])(?:display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all)`` with
# ``re.IGNORECASE``, written so that the pattern starts with a class of its first letters: the
# regex engine then skips to those instead of trying every position of a long Word style (a
# ninth of the time on the Pingtan pages). The first letter is read, then the look-behind
# checks the character before it.
_HIDDEN_STYLE = re.compile(
    rf"[dDvVmM](?<![-\w].)(?:(?<=[dD]){_any_case('isplay')}\s*:\s*{_any_case('none')}"
    rf"|(?<=[vV]){_any_case('isibility')}\s*:\s*{_any_case('hidden')}"
    rf"|(?<=[mM]){_any_case('so-hide')}\s*:\s*{_any_case('all')})"
)
# Parts of each declaration of that pattern that a style matching it holds in any case
# (``style.lower()``), both of one pair: a long Word style is searched only when it holds
# them (Word writes ``border: medium none`` on most cells, but rarely ``display``). (Letters
# without the other characters that IGNORECASE matches: i, k and s have some.)
_HIDDEN_STYLE_PARTS = (("none", "pla"), ("dden", "ty"), ("all", "o-h"))


# --------------------------------------------------------------------------------------------
# The tree
# --------------------------------------------------------------------------------------------


class Element:
    """An element: its tag, attributes and where it stands in the source.

    ``start`` is the ``<`` of its start tag, ``inner_start`` the character after the start
    tag, ``end`` the character after its end tag (or where it was implicitly closed).
    ``text_length`` (characters of the text inside, white space included) and ``has_table`` are
    counted while the tree is built; ``invisible``: a reader never sees what is inside (told
    once here, since every walk over the tree asks it). ``plain_source``: the page's source
    when the element is a table of plain rows read whole (``html_plain_tables``); its
    ``children`` are then None until ``expand_plain_table`` makes them. None for every other
    element.

    ``attrs`` (names in lower case, values decoded) is read from ``attributes_source``, the
    attributes as the start tag writes them, when first asked for, for an element that
    ``build_tree`` read with its pattern: a reader asks for few elements' attributes (a table
    cell's spans, a style that sets the font weight), and reading every Word style into a
    dict took a sixth of the tree's instructions on the Pingtan pages (callgrind). An element given its
    attributes read (the tokens' path, the slow path) has an empty ``attributes_source``.
    ``has_attributes``: whether the start tag has any, told without reading them.
    """

    __slots__ = ("tag", "parsed_attrs", "attributes_source", "has_attributes", "start", "inner_start", "end",
                 "children", "text_length", "has_table", "invisible", "plain_source")

    def __init__(self, tag: str, attrs: "dict[str, str] | None", start: int, inner_start: int,
                 attributes_source: str = ""):
        self.tag = tag
        self.parsed_attrs = attrs  # (None: ``attributes_source`` not read yet)
        self.attributes_source = attributes_source
        self.has_attributes = has_attributes = bool(attrs or attributes_source)
        self.start = start
        self.inner_start = inner_start
        self.end = inner_start
        self.children: list[Node] = []
        self.text_length = 0
        self.has_table = False
        self.invisible = (tag in INVISIBLE_TAGS or (":" in tag and tag.startswith(INVISIBLE_PREFIXES))
                          or (has_attributes and self._hidden_by_attributes()))
        self.plain_source: str | None = None

    @property
    def attrs(self) -> dict[str, str]:
        """The element's attributes: names in lower case, values unquoted and decoded."""
        attrs = self.parsed_attrs
        if attrs is None:
            from gklint.read.loaders.html_tokens import ATTRIBUTE_PARTS, attribute_values

            attrs = self.parsed_attrs = attribute_values(ATTRIBUTE_PARTS.findall(self.attributes_source))
        return attrs

    def may_hold(self, parts: tuple[str, ...]) -> bool:
        """Whether the attributes may hold one of ``parts`` (lower case) in any case, in a name
        or a value: not when the start tag holds none of them (a value is read from the start
        tag as written, unless it has a character reference)."""
        if not self.has_attributes:
            return False
        source = self.attributes_source
        return not source or "&" in source or holds_any(source, parts)

    def style_holding(self, parts: tuple[str, ...]) -> str | None:
        """The element's ``style`` when it holds one of ``parts`` in any case (``holds_any``);
        None otherwise, the attributes not read when the start tag holds none of them."""
        if not self.may_hold(parts):
            return None
        style = self.attrs.get("style")
        return style if style and holds_any(style, parts) else None

    def _hidden_by_attributes(self) -> bool:
        """``_hides`` of the element's attributes, not read when the start tag holds no word
        that could hide it (most of Word's styles)."""
        source = self.attributes_source
        if source and "&" not in source:  # (a reference could decode to one of the words)
            lowered = source.lower()
            if "hidden" not in lowered and not _holds_a_pair(lowered, _HIDDEN_STYLE_PARTS):
                return False
        return _hides(self.attrs)

    @classmethod
    def plain_table(cls, attributes_source: str, start: int, inner_start: int, end: int,
                    source: str) -> "Element":
        """The table of plain rows ``source[start:end]`` (``html_plain_tables``), read whole:
        its rows and cells are not made unless a walk asks for its children."""
        from gklint.read.loaders.html_plain_tables import text_length

        table = cls("table", None if attributes_source else {}, start, inner_start, attributes_source)
        table.end = end
        table.children = None  # type: ignore[assignment]  # (``expand_plain_table`` makes them)
        table.text_length = text_length(source, inner_start, end)
        table.plain_source = source
        return table


# A child of an element: an element or a text node.
Node = Union[Element, SourcedText]


def text_start(node: SourcedText) -> int:
    """Where a text node's first character stands in the source."""
    if node.__class__ is VerbatimText:
        return node.start  # type: ignore[attr-defined]
    return node.pieces[0].src_start


class Page:
    """What ``build_tree`` read: the ``#document`` element, the page's first ``<body>`` (None
    without one) with the elements it stands in (the document first), and whether the page
    has a ``<caption>`` at all."""

    __slots__ = ("document", "body", "body_ancestors", "has_captions")

    def __init__(self, document: Element, body: "Element | None", body_ancestors: list[Element],
                 has_captions: bool) -> None:
        self.document = document
        self.body = body
        self.body_ancestors = body_ancestors
        self.has_captions = has_captions


def _hides(attrs: dict[str, str]) -> bool:
    """Whether an element's attributes hide its content (``hidden``, ``display: none``…)."""
    if "hidden" in attrs:
        return True
    style = attrs.get("style")
    if not style:
        return False
    if _holds_a_pair(style.lower(), _HIDDEN_STYLE_PARTS):
        return _HIDDEN_STYLE.search(style) is not None
    return False


def holds_any(style: str, parts: tuple[str, ...]) -> bool:
    """Whether ``style``, in lower case, holds one of ``parts``."""
    lowered = style.lower()
    for part in parts:  # (a loop, not ``any`` over a generator: Word gives most elements a style)
        if part in lowered:
            return True
    return False


def _holds_a_pair(lowered: str, pairs: tuple[tuple[str, str], ...]) -> bool:
    """Whether ``lowered`` holds both parts of one of ``pairs``."""
    for first, second in pairs:
        if first in lowered and second in lowered:
            return True
    return False


# --------------------------------------------------------------------------------------------
# The rules: what each start tag, end tag and text does to the tree
# --------------------------------------------------------------------------------------------


class TreeBuilder:
    """The tree under construction and the few HTML rules that matter for reports: void
    elements, ``<p>``/``<li>``/cell/row auto-closing, end tags without an open element
    ignored. Each element's ``text_length`` and ``has_table`` are counted on the way."""

    __slots__ = ("source", "document", "stack", "open_counts", "body", "body_ancestors")

    def __init__(self, source: str) -> None:
        self.source = source
        self.document = Element("#document", {}, 0, 0)
        self.stack = [self.document]  # the open elements, the document first
        # Open elements per tag: most tags that could close one (p, li, cells) find none open
        # without a look at the stack.
        self.open_counts: dict[str, int] = {}
        self.body: Element | None = None
        self.body_ancestors: list[Element] = []

    def start_tag(self, start: int, inner_start: int, tag: str, attributes: "dict[str, str] | None",
                  self_closing: bool, attributes_source: str = "") -> None:
        """The start tag of ``tag``, its attributes read (``attributes``) or as written
        (``attributes_source``, ``attributes`` None)."""
        stack, open_counts = self.stack, self.open_counts
        if tag in CLOSES_SOMETHING:
            self.close_implied(tag, start)
        parent = stack[-1]
        element = Element(tag, attributes, start, inner_start, attributes_source)
        parent.children.append(element)
        if tag == "body" and self.body is None:
            self.body, self.body_ancestors = element, stack[:]
        if tag in VOID_TAGS or self_closing:
            if tag == "table":
                parent.has_table = True
            return
        stack.append(element)
        open_counts[tag] = open_counts.get(tag, 0) + 1

    def plain_table(self, start: int, inner_start: int, attributes_source: str, end: int) -> None:
        """The table of plain rows ``source[start:end]`` (``html_plain_tables``), read whole:
        what ``start_tag``, its rows and cells, and ``end_tag`` make of it (nothing inside it
        closes or opens anything outside), its rows and cells made only when asked for."""
        self.close_implied("table", start)
        parent = self.stack[-1]
        table = Element.plain_table(attributes_source, start, inner_start, end, self.source)
        parent.children.append(table)
        parent.text_length += table.text_length
        parent.has_table = True

    def close_implied(self, tag: str, start: int) -> None:
        """Close what the start of ``tag`` at ``start`` closes (one of ``CLOSES_SOMETHING``)."""
        stack, open_counts = self.stack, self.open_counts
        implied = _IMPLIED_CLOSES.get(tag)
        if implied is not None:
            for tags, boundaries in implied:
                for name in tags:
                    if open_counts.get(name):  # (mostly none is open: no look at the stack)
                        _close_open(stack, open_counts, tags, boundaries, start)
                        break
        if tag in HEADING_LEVELS and stack[-1].tag in HEADING_LEVELS:
            _pop_to(stack, open_counts, len(stack) - 1, start, start)
        if tag in _CLOSES_P and open_counts.get("p"):
            _close_open(stack, open_counts, ("p",), _SCOPE_BOUNDARIES, start)

    def text(self, start: int, end: int, decoded: str) -> None:
        """The text ``decoded``, read from ``source[start:end]``."""
        parent = self.stack[-1]
        parent.children.append(_text_node(self.source, start, end, decoded))
        parent.text_length += len(decoded)

    def end_tag(self, start: int, end: int, tag: str) -> None:
        stack = self.stack
        element = stack[-1]
        if element.tag == tag:  # (the usual case: it closes the innermost element)
            stack.pop()
            self.open_counts[tag] -= 1
            element.end = end
            parent = stack[-1]
            parent.text_length += element.text_length
            if element.has_table or tag == "table":
                parent.has_table = True
        elif tag == "br":  # browsers read </br> as <br>
            element.children.append(Element("br", {}, start, end))
        else:
            index = _find_open(stack, self.open_counts, (tag,), _END_TAG_SCOPES.get(tag, _SCOPE_BOUNDARIES))
            if index is not None:
                _pop_to(stack, self.open_counts, index, start, end)

    def page(self) -> Page:
        """The tree, what is still open ending with the page."""
        end = len(self.source)
        _pop_to(self.stack, self.open_counts, 1, end, end)
        self.document.end = end
        # (A <caption> the flow reads was opened, so counted; one closed at once holds no text.)
        return Page(self.document, self.body, self.body_ancestors, "caption" in self.open_counts)


def _text_node(source: str, start: int, end: int, decoded: str) -> SourcedText:
    if end - start == len(decoded):  # verbatim (a decoded reference is always shorter)
        return VerbatimText(decoded, start)
    return SourcedText(decoded, text_pieces(source, start, end, decoded))


def expand_plain_table(table: Element) -> None:
    """Make the children of a table of plain rows read whole (``Element.plain_source``), for a
    reader that walks into it: its rows, and the texts between them, as the rules of the tree
    make them from the same source (no row or cell closes or opens anything outside the table,
    every element is closed by its own end tag). Nothing to do for any other element."""
    from gklint.read.loaders.html_plain_tables import plain_rows
    from gklint.read.loaders.html_tokens import NO_ATTRIBUTES

    source = table.plain_source
    if source is None or table.children is not None:
        return
    children: list[Node] = []
    at = table.inner_start  # where the next text or tag starts
    body_end = table.end - len("</table>")
    for row_start, row_end, first_cell, cells in plain_rows(source, at, table.end):
        if row_start > at:
            children.append(VerbatimText(source[at:row_start], at))
        row = Element("tr", NO_ATTRIBUTES, row_start, row_start + 4)
        if first_cell > row_start + 4:
            row.children.append(VerbatimText(source[row_start + 4 : first_cell], row_start + 4))
            row.text_length += first_cell - row_start - 4
        at = first_cell
        for text, after in cells:
            cell = Element(source[at + 1 : at + 3], NO_ATTRIBUTES, at, at + 4)  # (``td`` or ``th``)
            if text:
                cell.children.append(VerbatimText(text, at + 4))
                cell.text_length = len(text)
                row.text_length += len(text)
            at = cell.end = at + 4 + len(text) + 5
            row.children.append(cell)
            if after:
                row.children.append(VerbatimText(after, at))
                row.text_length += len(after)
                at += len(after)
        row.end = at = row_end
        children.append(row)
    if body_end > at:
        children.append(VerbatimText(source[at:body_end], at))
    table.children = children


def _find_open(stack: list[Element], open_counts: dict[str, int], tags: Sequence[str],
               boundaries: frozenset[str]) -> int | None:
    """Stack index of the innermost open element among ``tags``, not past a boundary."""
    for tag in tags:
        if open_counts.get(tag):
            break
    else:
        return None
    for index in range(len(stack) - 1, 0, -1):
        tag = stack[index].tag
        if tag in tags:
            return index
        if tag in boundaries:
            return None
    return None


def _close_open(stack: list[Element], open_counts: dict[str, int], tags: Sequence[str],
                boundaries: frozenset[str], offset: int) -> None:
    index = _find_open(stack, open_counts, tags, boundaries)
    if index is not None:
        _pop_to(stack, open_counts, index, offset, offset)


def _pop_to(stack: list[Element], open_counts: dict[str, int], index: int, inner_end: int, end: int) -> None:
    """Close ``stack[index]`` (ending at ``end``) and everything opened inside it, adding
    each closed element's counts to its parent's."""
    while len(stack) > index:
        element = stack.pop()
        open_counts[element.tag] -= 1  # (opened, so counted)
        element.end = end if len(stack) == index else inner_end
        parent = stack[-1]
        parent.text_length += element.text_length
        if element.has_table or element.tag == "table":
            parent.has_table = True


def text_pieces(source: str, start: int, end: int, decoded: str) -> tuple[Piece, ...]:
    """Pieces for the text node ``decoded`` read from ``source[start:end]``.

    Verbatim runs map character for character; each character reference becomes one atomic
    piece covering the whole reference.
    """
    raw = source[start:end]
    if raw == decoded:
        return (Piece(0, len(decoded), start, end),)
    pieces: list[Piece] = []
    parts: list[str] = []
    text_pos = cursor = 0
    for match in _CHARREF.finditer(raw):
        replacement = unescape(match.group())
        if replacement == match.group():
            continue  # not a known reference: browsers show it as written
        if match.start() > cursor:
            run = raw[cursor : match.start()]
            pieces.append(Piece(text_pos, text_pos + len(run), start + cursor, start + match.start()))
            parts.append(run)
            text_pos += len(run)
        pieces.append(Piece(text_pos, text_pos + len(replacement), start + match.start(), start + match.end()))
        parts.append(replacement)
        text_pos += len(replacement)
        cursor = match.end()
    if cursor < len(raw):
        run = raw[cursor:]
        pieces.append(Piece(text_pos, text_pos + len(run), start + cursor, end))
        parts.append(run)
    if "".join(parts) == decoded:
        return tuple(pieces)
    # The parser skipped something silently (a stray ``</>``) inside the range.
    if raw.startswith(decoded):
        return (Piece(0, len(decoded), start, start + len(decoded)),)
    return (Piece(0, len(decoded), start, end),)  # one atomic piece keeps the text exact


# --------------------------------------------------------------------------------------------
# Building: one pass over the source, or the tokens one by one (the reference)
# --------------------------------------------------------------------------------------------


def build_tree(text: str) -> Page:
    """The element tree of ``text``: what ``tree_from_tokens`` builds, in one pass."""
    from gklint.read.loaders.html_plain_tables import plain_table_end
    from gklint.read.loaders.html_tokens import (
        CDATA_ELEMENTS, END, NO_ATTRIBUTES, NODE_PATTERN, RAW_TEXT_END, START, TEXT, SlowPath,
    )

    builder = TreeBuilder(text)
    stack, open_counts, start_tag, close_implied = builder.stack, builder.open_counts, builder.start_tag, builder.close_implied
    slow = SlowPath(text)
    length = len(text)
    position = 0  # where the next text or construct starts
    text_end = -1  # where the last text node's source ends
    while position < length:
        raw_text_of = None  # the <script> or <style> just opened: its raw text comes next
        for match in NODE_PATTERN.finditer(text, position):  # (the matches follow each other)
            (run, cell, cell_text, tag, attributes_source, slash, leaf_text, leaf_end_tag, end_tag,
             skipped) = match.groups()
            if run is not None:  # text
                start = position
                position += len(run)
                decoded = unescape(run) if "&" in run else run
                parent = stack[-1]
                parent.children.append(
                    VerbatimText(run, start) if decoded is run else _text_node(text, start, position, decoded)
                )
                parent.text_length += len(decoded)
                text_end = position
                continue
            if cell is not None:  # ``<td>12</td>``: what the leaf below makes of it, known to be a cell
                start = position
                if open_counts.get("td") or open_counts.get("th"):
                    close_implied(cell, start)
                parent = stack[-1]
                element = Element(cell, NO_ATTRIBUTES, start, start + 4)
                parent.children.append(element)
                if cell_text is not None:
                    element.children.append(VerbatimText(cell_text, start + 4))
                    element.text_length = len(cell_text)
                    parent.text_length += len(cell_text)
                element.end = position = match.end()
                continue
            start = position
            if tag is not None:
                tag = tag.lower()
                self_closing = slash == "/"
                inner_start = match.end(6) + 1
                if leaf_end_tag is not None and not slash and tag not in _NOT_LEAVES and leaf_end_tag.lower() == tag:
                    # An element holding text only (``<td>12</td>``): what ``start_tag``, ``text`` and
                    # ``end_tag`` make of it, without opening and closing it on the stack.
                    closable = _CLOSABLE.get(tag)
                    if closable is not None:
                        for name in closable:
                            if open_counts.get(name):
                                close_implied(tag, start)
                                break
                    parent = stack[-1]
                    element = Element(tag, None if attributes_source else NO_ATTRIBUTES, start, inner_start,
                                      attributes_source)
                    parent.children.append(element)
                    if leaf_text:
                        decoded = unescape(leaf_text) if "&" in leaf_text else leaf_text
                        element.children.append(
                            VerbatimText(leaf_text, inner_start) if decoded is leaf_text
                            else _text_node(text, inner_start, inner_start + len(leaf_text), decoded)
                        )
                        element.text_length = len(decoded)
                        parent.text_length += len(decoded)
                    element.end = position = match.end()
                    if tag == "table":
                        parent.has_table = True
                    continue
                if tag == "table" and leaf_end_tag is None and not self_closing:
                    table_end = plain_table_end(text, inner_start)
                    if table_end is not None:  # a table of plain rows: read whole, up to its end tag
                        builder.plain_table(start, inner_start, attributes_source, table_end)
                        position = table_end
                        break  # (the pattern anew, after the table)
                start_tag(start, inner_start, tag, None if attributes_source else NO_ATTRIBUTES, self_closing,
                          attributes_source)
                if tag in CDATA_ELEMENTS and not self_closing:
                    position = inner_start  # (a leaf the pattern read is raw text, read below)
                    raw_text_of = tag
                    break
                position = match.end()
                if leaf_end_tag is None:
                    continue
                # A leaf: its text (if any), then its end tag.
                if leaf_text:
                    text_start_at = inner_start
                    start = inner_start + len(leaf_text)
                    decoded = unescape(leaf_text) if "&" in leaf_text else leaf_text
                    parent = stack[-1]
                    parent.children.append(
                        VerbatimText(leaf_text, text_start_at) if decoded is leaf_text
                        else _text_node(text, text_start_at, start, decoded)
                    )
                    parent.text_length += len(decoded)
                else:
                    start = inner_start
                end_tag = leaf_end_tag
            elif end_tag is not None:
                position = match.end()
            elif skipped is not None:
                position = match.end()
                continue
            else:  # a bare "<": html.parser's steps, then the pattern anew
                events, position = slow.construct(start)
                if not events:  # ``</>``, which leaves no trace: a text just before it runs on over it
                    if text_end == start:
                        _extend_last_text(builder, position)
                        text_end = position
                elif events[-1][0] == TEXT:
                    text_end = events[-1][2]
                for event in events:  # (a comment or declaration, ``MARKUP``, only ends the text before it)
                    kind = event[0]
                    if kind == TEXT:
                        builder.text(event[1], event[2], event[3])
                    elif kind == START:
                        builder.start_tag(*event[1:])
                        if event[3] in CDATA_ELEMENTS and not event[5]:
                            raw_text_of = event[3]
                    elif kind == END:
                        builder.end_tag(*event[1:])
                break
            # An end tag (alone or ending a leaf) from ``start`` to ``position``.
            element = stack[-1]
            end_tag = end_tag.lower()
            if element.tag == end_tag:  # (the usual case: ``TreeBuilder.end_tag``'s first)
                stack.pop()
                open_counts[end_tag] -= 1
                element.end = position
                parent = stack[-1]
                parent.text_length += element.text_length
                if element.has_table or end_tag == "table":
                    parent.has_table = True
            else:
                builder.end_tag(start, position, end_tag)
        if raw_text_of is not None:
            end = RAW_TEXT_END[raw_text_of].search(text, position)
            if end is None:
                break  # never closed: html.parser drops the rest of the page
            builder.end_tag(end.start(), end.end(), raw_text_of)
            position = end.end()
    return builder.page()


def _extend_last_text(builder: TreeBuilder, end: int) -> None:
    """Make the last text node read from its start up to ``end``."""
    children = builder.stack[-1].children
    node = children[-1]
    children[-1] = SourcedText(node.text, text_pieces(builder.source, text_start(node), end, node.text))  # type: ignore[union-attr]


def tree_from_tokens(text: str) -> Page:
    """The element tree of ``text``, built from its tokens (``html_tokens.tokens``) one by one."""
    from gklint.read.loaders.html_tokens import END, START, TEXT, tokens

    builder = TreeBuilder(text)
    for token in tokens(text):
        kind = token[0]
        if kind == TEXT:
            builder.text(*token[1:])
        elif kind == START:
            builder.start_tag(*token[1:])
        elif kind == END:
            builder.end_tag(*token[1:])
    return builder.page()
