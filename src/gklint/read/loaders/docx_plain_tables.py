"""Word tables of plain cells: every cell's text gathered by one XPath pass that lxml runs in C.

The Word loader reads a table element by element (``docx._TableReader``): for each cell its
``w:tc``, ``w:tcPr``, ``w:p``, ``w:r`` and ``w:t`` become Python objects, and each object's
tag is built as a string and looked up, although a generated report's cell is nothing but
``<w:tc><w:tcPr>…</w:tcPr><w:p><w:r><w:t>12</w:t></w:r></w:p></w:tc>``: that walk was the
largest part of such a report's loading.

A table is *plain* when nothing in it would be read otherwise than as the text of the runs of
each cell's one paragraph: no wrapper (content control, hyperlink, insertion…), tab, break or
hyphen of any namespace, no ``w:numPr``, ``w:gridBefore`` or ``w:gridAfter``, no comment,
processing instruction or element inside a ``w:t`` (whose ``.text`` would stop there), at
most one ``w:p`` and one ``w:tcPr`` in a cell, and no paragraph style that numbers. Most of
that is told by one ``iter`` over the table with the tags looked for (lxml matches their
names in C and makes an object only for what it finds: usually nothing), the rest by one
XPath test. Then one XPath pass (``_ITEMS``) yields, in document order, each cell as an
element and each run text as a string: a cell's text is the strings after it, up to the next
cell, and its row is its parent (whose element the loader holds already: lxml hands that one
back). Rows are not in the pass: a union's node sets are merged and sorted in libxml2, a cost
that grows with their sizes (the rows in it took a sixth of the pass; callgrind).

The careful reading also takes rows, cells, paragraphs, runs and texts of other namespaces
than the document's. A document is read this way only when every element of it is of the
document's namespace, which is told once, on its bytes (``for_document``); one that is not,
and every table that is not plain, is read element by element. tests/test_fast_paths.py pins
the two readings against each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from lxml import etree

_ASCII_ENCODINGS = frozenset({"UTF-8", "UTF8", "ASCII", "US-ASCII"})
# In a table with none of the rest, a second paragraph in a cell, or an element in a w:t.
_UNUSUAL = "boolean(w:tr/w:tc/w:p[2] | descendant::w:t/*)"
_ITEMS = "w:tr/w:tc | w:tr/w:tc/w:p/w:r/w:t/text()"
_PARAGRAPH_STYLES = "w:tr/w:tc/w:p/w:pPr/w:pStyle/@w:val"


class _Expressions:
    """The compiled XPath expressions for one Word namespace ``w``."""

    __slots__ = ("unusual", "items", "paragraph_styles")

    def __init__(self, w: str) -> None:
        from lxml import etree

        namespaces = {"w": w}
        self.unusual = etree.XPath(_UNUSUAL, namespaces=namespaces)
        self.items = etree.XPath(_ITEMS, namespaces=namespaces, smart_strings=False)
        self.paragraph_styles = etree.XPath(_PARAGRAPH_STYLES, namespaces=namespaces, smart_strings=False)


_EXPRESSIONS: dict[str, _Expressions] = {}  # (compiled once per process and namespace)


def for_document(document_xml: bytes, encoding: str | None, root: "etree._Element", w: str,
                 shown_in_any_namespace: Iterable[str]) -> "PlainTables | None":
    """The plain-table reading for a document (``document_xml`` in ``encoding``, its root
    element ``root`` of namespace ``w``), or None unless every element of it is of ``w``.

    Every element is of ``w`` when the root binds the prefix ``w`` to it, no namespace is
    declared below the root (each declaration is an ``xmlns`` attribute, so there are as many
    ``xmlns`` in the bytes as declarations on the root) and every ``<`` but the XML
    declaration's is followed by ``w:`` (a start tag) or ``/`` (an end tag): told by counting
    in C (a comment, processing instruction or CDATA section only makes a document read
    element by element). In an encoding that is not ASCII's the counts tell nothing, so such
    a document is not read so.
    """
    if encoding is None or encoding.upper() not in _ASCII_ENCODINGS or root.nsmap.get("w") != w:
        return None
    count = document_xml.count
    if (count(b"<") != count(b"<w:") + count(b"</") + document_xml.startswith(b"<?xml")
            or count(b"xmlns") != len(root.nsmap)):
        return None
    expressions = _EXPRESSIONS.get(w)
    if expressions is None:
        expressions = _EXPRESSIONS[w] = _Expressions(w)
    return PlainTables(expressions, w, shown_in_any_namespace)


class PlainTables:
    """Tells plain tables of one document and reads their cells."""

    __slots__ = ("expressions", "screen", "paragraph_style")

    def __init__(self, expressions: _Expressions, w: str, shown_in_any_namespace: Iterable[str]) -> None:
        from lxml import etree

        self.expressions = expressions
        self.paragraph_style = f"{{{w}}}pStyle"
        self.screen = (
            *(f"{{*}}{local}" for local in shown_in_any_namespace),
            f"{{{w}}}numPr", f"{{{w}}}gridBefore", f"{{{w}}}gridAfter", self.paragraph_style,
            etree.Comment, etree.ProcessingInstruction, etree.Entity,
        )

    def rows(self, table: "etree._Element", rows: list["etree._Element"],
             numbers: Callable[[str], bool]) -> list[tuple[list[str], list["etree._Element"]]] | None:
        """Each row of ``table`` as the texts of its cells and its ``w:tc`` elements, in
        order, or None when the table is not plain. ``rows`` are its ``w:tr`` elements (a row
        without cells is read as one); ``numbers`` tells whether a paragraph style numbers its paragraphs.

        A cell's text is its run texts added up as they come (a cell has one run text or
        none, mostly: the first adds to the cell's "" without a copy), and a row's texts are
        looked at for raw newlines once, joined (``newlines_as_spaces``)."""
        styled = False
        for found in table.iter(*self.screen):  # (usually nothing)
            if found.tag != self.paragraph_style:
                return None
            styled = True
        if self.expressions.unusual(table):
            return None
        if styled and any(numbers(style_id) for style_id in set(self.expressions.paragraph_styles(table))):
            return None
        read: list[tuple[list[str], list["etree._Element"]]] = [([], []) for _ in rows]
        row_of = dict(zip(rows, read))
        row = texts = cells = None
        for item in self.expressions.items(table):
            if item.__class__ is str:
                texts[-1] += item  # (a run text follows its cell)
                continue
            parent = item.getparent()  # (its row's element: made already, not made again)
            if parent is not row:
                row = parent
                texts, cells = row_of[row]
            cells.append(item)
            texts.append("")
        for texts, _ in read:
            joined = "".join(texts)
            if "\n" in joined or "\r" in joined:
                texts[:] = [newlines_as_spaces(text) if "\n" in text or "\r" in text else text for text in texts]
        return read


def newlines_as_spaces(text: str) -> str:
    """A run text as Word shows it: a raw newline inside ``w:t`` shows as a space, one
    character for one (so that places in the text stay those of the characters). Asked only
    of a text that holds one (``"\n" in text``, in C, tells first)."""
    return text.replace("\r", " ").replace("\n", " ")
