"""Tables of plain rows, read whole: the statistics tables as portal pages write them.

A portal page writes most of its tables as plain rows of plain cells,
``<table …><tr><td>12</td><td>3</td></tr>…</table>``: no attribute on a row or a cell, no
character reference, nothing inside a cell but its text. Such a table is recognised with one
pattern when its start tag is read (``PLAIN_TABLE_BODY``) and kept whole: the element tree
holds the table, not its rows and cells (``html_tree.expand_plain_table`` makes them for a
reader that walks into it: only a table that turns out to be page layout), and the loader
makes each cell block straight from the rows read here (``html``). A report has hundreds of
cells; read element by element, each was an element and a text node made, then read back out
of the tree (callgrind: the loader's instructions on the generated pages of
``benchmarks/corpus.py`` fell from 13.3 to 7.2 million a page).

What the pattern does not accept (an attribute on a row or cell, a reference, ``<tbody>``, an
upper-case tag, anything nested) is read element by element as before. The rows read here are
what the tree's rules make of the same source (``tests/loaders/test_html_tree.py`` pins the
trees, ``tests/test_fast_paths.py`` the blocks).
"""

from __future__ import annotations

import re

# Text between the tags, and a cell's text: anything but a tag or a character reference.
_TEXT = r"[^<&]*"
# The body of a table of plain rows, from its first tag to its end tag included. (Each ``<``
# leads to one choice only, so a table that turns out not to be plain fails in time linear in
# its length; every pattern here starts with a tag, so that a search never tries a long run
# of text from each of its characters.)
PLAIN_TABLE_BODY = re.compile(rf"(?:<tr>(?:{_TEXT}<(td|th)>{_TEXT}</\1>)*{_TEXT}</tr>{_TEXT})*</table>")
END_TAG_LENGTH = len("</table>")
# Each element inside such a body is a four-character start tag and a five-character end tag.
_TAGS_PER_ELEMENT = len("<td>") + len("</td>")

_ROW = re.compile(rf"<tr>(?:{_TEXT}<t[dh]>{_TEXT}</t[dh]>)*{_TEXT}</tr>")
_CELL = re.compile(rf"<t[dh]>({_TEXT})</t[dh]>({_TEXT})")

# A row: where its ``<tr>`` starts, where its ``</tr>`` ends, where its first cell starts (or
# its ``</tr>``, in a row without cells: the text before stands between), and its cells, each
# as (its text, the text after its end tag).
PlainRow = tuple[int, int, int, list[tuple[str, str]]]


def plain_table_end(source: str, inner_start: int) -> int | None:
    """Where a table whose start tag ends at ``inner_start`` ends (after its ``</table>``) when
    it is a table of plain rows; None otherwise."""
    first_tag = source.find("<", inner_start)
    if first_tag < 0 or source.find("&", inner_start, first_tag) >= 0:
        return None
    body = PLAIN_TABLE_BODY.match(source, first_tag)
    return None if body is None else body.end()


def text_length(source: str, inner_start: int, end: int) -> int:
    """How many characters of text the table of plain rows ``source[inner_start:end]``
    (its end tag included) holds: all but its tags."""
    body_end = end - END_TAG_LENGTH
    return body_end - inner_start - _TAGS_PER_ELEMENT * source.count("</", inner_start, body_end)


def plain_rows(source: str, inner_start: int, end: int) -> list[PlainRow]:
    """The rows of the table of plain rows ``source[inner_start:end]`` (its end tag included).

    A cell's text stands after its four-character start tag and is followed by its
    five-character end tag; the text between the rows is what the positions leave.
    """
    cells, find = _CELL.findall, source.find
    rows = []
    for row in _ROW.finditer(source, inner_start, end - END_TAG_LENGTH):
        row_start, row_end = row.span()
        first_cell = find("<", row_start + 4)
        rows.append((row_start, row_end, first_cell, cells(source, first_cell, row_end - 5)))
    return rows
