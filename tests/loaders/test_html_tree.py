"""The HTML element tree: the one-pass builder gives the tree its tokens give, one by one.

``html_tree.build_tree`` reads the source with one pattern and puts what it reads straight
into the tree (a cell ``<td>12</td>`` is one match); ``tree_from_tokens`` feeds the tokens of
``html_tokens.tokens`` to the same rules one at a time. The two trees must be the same in every
field, on clean, Word-exported and broken markup.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.read.loaders.html_tree import Element, Page, build_tree, expand_plain_table, tree_from_tokens
from gklint.read.source import VerbatimText

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def shape(page: Page) -> list[tuple]:
    """Every element and text node of ``page`` in document order, with all it holds (a table
    of plain rows read whole with the children it is made to have)."""
    found: list[tuple] = [("page", page.has_captions, [element.start for element in page.body_ancestors])]
    stack: list[tuple[object, int]] = [(page.document, 0)]
    while stack:
        node, depth = stack.pop()
        if node.__class__ is Element:
            expand_plain_table(node)
            found.append((depth, node.tag, node.attrs, node.start, node.inner_start, node.end, node.text_length,
                          node.has_table, node.invisible, node is page.body))
            stack.extend((child, depth + 1) for child in reversed(node.children))
        else:
            found.append((depth, node.text, node.pieces))
    return found


def shape_or_error(build, page: str) -> list[tuple] | tuple[str, str]:
    try:
        return shape(build(page))
    except AssertionError as error:
        return ("AssertionError", str(error))


def test_a_table_cell_is_one_element_with_its_text_node():
    source = "<table><tr><td>12</td><TD class=x>a&amp;b</td><td></td></tr></table>"
    page = build_tree(source)
    [table] = page.document.children
    [row] = table.children
    first, second, empty = row.children
    assert (first.tag, first.start, first.inner_start, first.end, first.text_length) == ("td", 11, 15, 22, 2)
    assert first.children == [VerbatimText("12", 15)]
    assert (second.attrs, second.text_length, second.children[0].text) == ({"class": "x"}, 3, "a&b")
    assert [source[piece.src_start:piece.src_end] for piece in second.children[0].pieces] == ["a", "&amp;", "b"]
    assert (empty.children, source[empty.start:empty.inner_start], source[empty.inner_start:empty.end]) == (
        [], "<td>", "</td>")
    assert (row.text_length, table.text_length, page.document.has_table) == (5, 5, True)


def test_a_stray_empty_end_tag_lets_the_text_before_it_run_on():
    page = "<p>ab</></>cd</p>"
    assert shape(build_tree(page)) == shape(tree_from_tokens(page))
    [paragraph] = build_tree(page).document.children
    assert [(node.text, node.pieces[0].src_start, node.pieces[0].src_end) for node in paragraph.children] == [
        ("ab", 3, 5), ("cd", 11, 13)]


def test_an_unknown_marked_section_stops_the_reading_as_the_tokens_do():
    assert shape_or_error(build_tree, "<p>x<![ if]>y</p>") == shape_or_error(tree_from_tokens, "<p>x<![ if]>y</p>")
    with pytest.raises(AssertionError, match="expected name token"):
        build_tree("<p>x<![ if]>y</p>")


_PIECES = ["<", ">", "/", "!", "--", "?", "[", "]", "=", '"', "'", " ", "\n", "\u3000", "&", ";", "a", "p",
           "td", "br", "body", "script", "style", "&amp;", "&lt", "&#12289;", "&nbsp", "b=c", "<p>", "</p>",
           "<P class=x>", "</P >", "<td>", "</td>", "<TD colspan=2>", "</Td>", "<th>", "<tr>", "</tr>", "<table>",
           "</table>", "<tbody>", "<caption>", "</caption>", "<br>", "</br>", "<br/>", "<h1>", "</h1>", "<h2>",
           "<li>", "</li>", "<dt>", "<dd>", "<body>", "</body>", "<html>", "<head>", "<title>", "</title>",
           "<!--", "-->", "<![if !supportLists]>", "<![endif]>", "<![CDATA[x]]>", "<?x?>", "<!DOCTYPE html>",
           "</", "</>", "<script>", "</script>", "<style>", "</style >", "<a", "<a ", "<a b==c>", "<o:p>",
           "</o:p>", "<v:shape>", "<span style='display:none'>", "<div hidden>", "</div>", "<td hidden>",
           "<tr style=display:none>", "<img src=x/>", "<x y=z/>", "<p\u3000>", "1", "中文"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_the_one_pass_tree_is_the_tree_of_the_tokens(page):
    assert shape_or_error(build_tree, page) == shape_or_error(tree_from_tokens, page)


def test_the_one_pass_tree_of_generated_and_real_pages_is_the_tree_of_the_tokens():
    from gklint.read.encoding import decode
    from gklint.read.loaders.html import declared_charset

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from corpus import generate

    readings = [data for _, data in generate(20, seed=18, fmt="html")]
    readings += [path.read_bytes() for path in sorted(CORPUS.glob("*.html"))]
    pages = [decode(data, declared=declared_charset(data)).text for data in readings]
    assert pages
    for page in pages:
        assert shape(build_tree(page)) == shape(tree_from_tokens(page))


_GAPS = st.sampled_from(["", "", " ", "\n", "\r\n  ", "\u3000", "x"])
_CELL_TEXTS = st.sampled_from(["", "", "12", "12", " 3 ", "中文", "\u3000", "a b", "字" * 301, "字 " * 160,
                               "&amp;"])
_CELL_TAGS = st.sampled_from(["td", "td", "th"])
_BREAKS = st.sampled_from(["<TD>", "<tr class=x>", "<td colspan=2>", "<tbody>", "<caption>", "<p>", "</p>", "<br>",
                           "<table>", "</table>", "</tr>", "</td>", "<td>", "<", "</", "<!--x-->", "</th>"])


@st.composite
def _pages_with_plain_tables(draw) -> str:
    """Pages of tables of plain rows (nested in one another now and then), some broken by a
    piece of other markup somewhere."""
    def table() -> str:
        rows = []
        for _ in range(draw(st.integers(0, 4))):
            cells = []
            for _ in range(draw(st.integers(0, 4))):
                tag = draw(_CELL_TAGS)
                cells.append(f"{draw(_GAPS)}<{tag}>{draw(_CELL_TEXTS)}</{tag}>")
            rows.append(f"{draw(_GAPS)}<tr>{''.join(cells)}{draw(_GAPS)}</tr>")
        start = draw(st.sampled_from(["<table>", '<table border="1">', "<table style='display:none'>"]))
        return f"{start}{''.join(rows)}{draw(_GAPS)}</table>"

    parts = [draw(st.sampled_from(["", "<p>x", "<div>", "<table><tr><td>"])), table()]
    if draw(st.booleans()):
        parts.append(table())
    page = "".join(parts)
    if draw(st.booleans()):
        at = draw(st.integers(0, len(page)))
        page = page[:at] + draw(_BREAKS) + page[at:]
    return page


@settings(max_examples=2000, deadline=None)
@given(_pages_with_plain_tables())
def test_tables_of_plain_rows_read_whole_are_the_tables_of_the_tokens(page):
    """Tables of plain rows (``html_plain_tables``), read whole and made into rows and cells
    when asked for, are the tables the tokens give, in every field; so is what surrounds them.
    The loader's blocks, read from the rows without the elements, are those it reads from the
    elements (the table blocks' cells, the rows' places, which tables are page layout)."""
    assert shape_or_error(build_tree, page) == shape_or_error(tree_from_tokens, page)
    try:
        whole, by_element = build_tree(page), tree_from_tokens(page)
    except AssertionError:
        return
    assert _blocks(whole) == _blocks(by_element)


def _blocks(page: Page) -> tuple[list, list[int], list[list[int]]]:
    """The loader's blocks of ``page``, with where each is read from (its element and the
    elements it stands in)."""
    from gklint.read.loaders.html import _FlowVisitor

    body = page.body or page.document
    flow = _FlowVisitor(captions=page.has_captions)
    flow.run(body, page.body_ancestors if page.body else [])
    return flow.blocks, [origin.start for origin in flow.origins], [[element.start for element in chain]
                                                                    for chain in flow.chains]


def test_a_table_of_plain_rows_is_read_whole():
    source = '<p>x<table border="1">\n<tr><td>12</td><th> a </th></tr>\n<tr></tr></table>y'
    page = build_tree(source)
    paragraph, table, after = page.document.children
    assert (table.plain_source, table.children, table.attrs) == (source, None, {"border": "1"})
    assert (paragraph.end, table.start, table.end, table.text_length, after.text) == (4, 4, len(source) - 1, 7, "y")
    assert page.document.has_table and page.document.text_length == 9
    expand_plain_table(table)
    gap, first, between, last = table.children
    at = source.index("<td>")
    assert (gap, between) == (VerbatimText("\n", 22), VerbatimText("\n", source.index("</tr>") + 5))
    assert [(cell.tag, cell.start, cell.end, cell.children) for cell in first.children] == [
        ("td", at, at + 11, [VerbatimText("12", at + 4)]), ("th", at + 11, at + 23, [VerbatimText(" a ", at + 15)])]
    assert (first.text_length, last.start, last.end, last.children) == (5, source.index("<tr></tr>"), len(source) - 9, [])


_ATTRIBUTES = st.lists(st.sampled_from([
    " style='display:none'", ' STYLE="Display : NONE"', " style=visibility:hidden", " style='mso-hide: ALL'",
    " style='disp&#108;ay:none'", " style='VISİBİLİTY:hidden'", " style='-display:none'", " style=border:none",
    " style=font-weight:bold", ' style="FONT-WEIGHT: 700"', " style='font-w&#101;ight:bold'", " hidden",
    " HIDDEN", " data-hidden=1", " colspan=2", ' ROWSPAN="3"', ' title="span"', " class=x",
    " style='font-family:宋体;mso-font-kerning:0pt'", " style=''",
]), max_size=4).map("".join)


@settings(max_examples=1000, deadline=None)
@given(_ATTRIBUTES)
def test_what_attributes_tell_unread_is_what_they_tell_read(attributes):
    """An element ``build_tree`` reads keeps its attributes as written until asked for them:
    whether it is invisible, whether they may hold a word and the style that holds one are
    those of the same attributes read (as the tokens' path gives them)."""
    from gklint.read.loaders.html_tree import holds_any

    [element] = build_tree(f"<p{attributes}>x</p>").document.children
    unread = (element.invisible, element.may_hold(("span",)), element.style_holding(("font-we",)))
    read = Element("p", dict(element.attrs), 0, 0)
    assert unread[0] == read.invisible
    assert unread[1] or not any(holds_any(f"{name}={value}", ("span",)) for name, value in read.attrs.items())
    assert unread[2] == read.style_holding(("font-we",))


# -- the readers' shortcuts over the tree ------------------------------------------------------


def _descendants(root: Element, tags: frozenset[str], stop: frozenset[str]) -> list[Element]:
    """``_find_all`` as a plain search: elements under ``root`` with a tag in ``tags``, in
    document order, not looking inside them, inside ``stop`` tags or inside invisible ones."""
    found: list[Element] = []
    stack = [child for child in reversed(root.children) if child.__class__ is Element]
    while stack:
        element = stack.pop()
        if element.invisible:
            continue
        if element.tag in tags:
            found.append(element)
        elif element.tag not in stop:
            stack.extend(child for child in reversed(element.children) if child.__class__ is Element)
    return found


def _elements(page: Page) -> list[Element]:
    found, stack = [], [page.document]
    while stack:
        element = stack.pop()
        expand_plain_table(element)
        found.append(element)
        stack.extend(child for child in element.children if child.__class__ is Element)
    return found


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_rows_cells_and_cell_texts_are_those_of_the_plain_reading(page):
    from gklint.read.loaders.html import _CellVisitor, _compose, _find_all, _first_text_offset, _stripped, _walk

    try:
        tree = build_tree(page)
    except AssertionError:
        return
    for element in _elements(tree):
        for tags, stop in ((frozenset({"tr"}), frozenset({"table"})), (frozenset({"td", "th"}), frozenset({"table", "tr"}))):
            assert _find_all(element, tags, stop) == _descendants(element, tags, stop)
        visitor = _CellVisitor()
        _walk(element, visitor)
        text, _ = _compose(visitor.items)
        assert _CellVisitor.read(element) == _stripped(text, _first_text_offset(visitor.items, element.inner_start))


# -- hidden styles ----------------------------------------------------------------------------

_HIDDEN_STYLE_AS_WRITTEN = re.compile(
    r"(?<![-\w])(?:display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all)", re.IGNORECASE
)


def test_each_letter_of_the_hidden_style_words_matches_what_it_matches_ignoring_case():
    from gklint.read.loaders.html_tree import _any_case

    for letter in sorted(set("displayvisibilitymso-hidenonehiddenall") - {"-"}):
        ignoring_case = re.compile(letter, re.IGNORECASE)
        plain = re.compile(_any_case(letter))
        # (Every character that folds to an ASCII letter is in the Basic Multilingual Plane.)
        assert [code for code in range(0x10000) if ignoring_case.fullmatch(chr(code))] == [
            code for code in range(0x10000) if plain.fullmatch(chr(code))], letter


_STYLE_PIECES = ["display", "DISPLAY", "dıſplay", "dİsplay", "visibility", "VISİBİLİTY", "mso-hide", "MſO-HIDE",
                 ":", " ", "\n", "\t", "none", "NONE", "hidden", "hıdden", "all", "ALL", "-", "x", "_", "İ", "ſ",
                 "é", ";", "\u3000", "a", "1"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_STYLE_PIECES), max_size=12).map("".join))
def test_the_hidden_style_pattern_finds_what_the_pattern_as_written_finds(style):
    from gklint.read.loaders.html_tree import _HIDDEN_STYLE, _hides

    assert (_HIDDEN_STYLE.search(style) is None) == (_HIDDEN_STYLE_AS_WRITTEN.search(style) is None)
    # (and so does the screen of the parts a hiding style holds, before the search)
    assert _hides({"style": style}) == (_HIDDEN_STYLE_AS_WRITTEN.search(style) is not None)
