"""The HTML tokenizer: tokens with exact source offsets, on clean, Word-exported and broken markup."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gklint.read.loaders.html_tokens import END, START, TEXT, tokens


def texts(page: str) -> list[tuple[str, str]]:
    """Each text token's decoded text and the source characters it was read from."""
    return [(token[3], page[token[1]:token[2]]) for token in tokens(page) if token[0] == TEXT]


# -- exact offsets --------------------------------------------------------------------------


def test_tags_and_text_with_their_offsets():
    page = '<p class="x">甲乙</p>\n<br/>'
    assert list(tokens(page)) == [
        (START, 0, 13, "p", {"class": "x"}, False),
        (TEXT, 13, 15, "甲乙"),
        (END, 15, 19, "p"),
        (TEXT, 19, 20, "\n"),
        (START, 20, 25, "br", {}, True),
    ]


def test_character_references_are_decoded_and_the_text_keeps_its_source_range():
    page = "<td>1&amp;2&nbsp;3&#12289;4&#x3000;5&lt</td>"
    [text] = [token for token in tokens(page) if token[0] == TEXT]
    assert text == (TEXT, 4, 39, "1&2\xa03、4\u30005<")
    assert page[text[1]:text[2]] == "1&amp;2&nbsp;3&#12289;4&#x3000;5&lt"


def test_unknown_references_stay_as_written():
    assert texts("<p>&notanentity; &#xZZ; a & b</p>") == [("¬anentity; &#xZZ; a & b", "&notanentity; &#xZZ; a & b")]


def test_attribute_values_are_unquoted_and_decoded_names_lowered_last_one_wins():
    [start] = [token for token in tokens("<TD ColSpan=2 title='a&amp;b' x=\"1\" X=\"2\" nowrap>") if token[0] == START]
    assert start[3:] == ("td", {"colspan": "2", "title": "a&b", "x": "2", "nowrap": ""}, False)


def test_a_greater_than_sign_inside_a_quoted_value_does_not_end_the_tag():
    page = '<a title="x>y" href=\'>\'>z</a>'
    assert list(tokens(page))[:2] == [(START, 0, 24, "a", {"title": "x>y", "href": ">"}, False), (TEXT, 24, 25, "z")]


def test_an_unquoted_value_ending_in_a_slash_is_not_a_self_closing_tag():
    assert list(tokens("<a href=x/>")) == [(START, 0, 11, "a", {"href": "x/"}, False)]


# -- comments, declarations, Word's conditional markup ---------------------------------------


def test_comments_declarations_and_processing_instructions_end_the_text_and_leave_no_token():
    page = '<?xml version="1.0"?><!DOCTYPE html>a<!-- <p>x</p> -->b<!bogus>c'
    assert list(tokens(page)) == [(TEXT, 36, 37, "a"), (TEXT, 54, 55, "b"), (TEXT, 63, 64, "c")]


def test_word_conditional_comments_and_sections():
    page = ('<!--[if gte mso 9]><xml><w:WordDocument/></xml><![endif]-->'
            '<p><![if !supportLists]>1.<![endif]>正文</p><![CDATA[x<y]]>')
    assert texts(page) == [("1.", "1."), ("正文", "正文")]
    assert [token[3] for token in tokens(page) if token[0] != TEXT] == ["p", "p"]


def test_an_unfinished_comment_is_text_up_to_the_next_greater_than_sign():
    assert texts("a<!-- b > c") == [("a", "a"), ("<!-- b >", "<!-- b >"), (" c", " c")]


def test_a_marked_section_without_a_known_keyword_stops_the_reading_as_it_did():
    # The behaviour of html.parser (Python 3.11) that the loader always had: the page is
    # reported unreadable (GK000) with this message.
    with pytest.raises(AssertionError, match="expected name token at '<!\\[ if\\]>x'"):
        list(tokens("<![ if]>x"))
    with pytest.raises(AssertionError, match="unknown status keyword 'foo' in marked section"):
        list(tokens("<![foo[x]]>"))


# -- script and style ----------------------------------------------------------------------------


def test_script_and_style_content_is_raw_text_that_gives_no_token():
    page = '<script>if (a<b) x="</p>";</script>t<STYLE>p{}</style >u'
    assert list(tokens(page)) == [
        (START, 0, 8, "script", {}, False),
        (END, 26, 35, "script"),
        (TEXT, 35, 36, "t"),
        (START, 36, 43, "style", {}, False),
        (END, 46, 55, "style"),
        (TEXT, 55, 56, "u"),
    ]


def test_a_script_never_closed_hides_the_rest_of_the_page():
    assert list(tokens("a<script>b<p>c</p>")) == [(TEXT, 0, 1, "a"), (START, 1, 9, "script", {}, False)]


def test_a_self_closed_script_has_no_raw_text():
    assert list(tokens("<script/>a")) == [(START, 0, 9, "script", {}, True), (TEXT, 9, 10, "a")]


# -- broken markup --------------------------------------------------------------------------------


def test_a_less_than_sign_that_starts_nothing_is_a_text_of_its_own():
    assert texts("1 < 2") == [("1 ", "1 "), ("<", "<"), (" 2", " 2")]


def test_an_unfinished_tag_is_text():
    # No ">" after it: the "<" alone, then the rest (up to the next "<", decoded).
    assert texts("<p>abc<b") == [("abc", "abc"), ("<", "<"), ("b", "b")]
    assert texts("<a&amp; '<a") == [("<a& '", "<a&amp; '"), ("<", "<"), ("a", "a")]


def test_an_empty_end_tag_leaves_no_trace_and_the_text_before_runs_over_it():
    assert list(tokens("a</>b")) == [(TEXT, 0, 4, "a"), (TEXT, 4, 5, "b")]


def test_end_tags_with_spaces_or_attributes():
    # (``<//p>`` is a bogus comment.)
    assert list(tokens("</ p></p x><//p>")) == [(END, 0, 5, "p"), (END, 5, 11, "p")]


def test_names_as_html_parser_reads_them():
    # A start tag's name runs to ASCII white space; an end tag's allows any white space after it;
    # an attribute name takes what stands before the white space.
    assert list(tokens("<p\u3000>x</p\u3000>")) == [
        (START, 0, 4, "p\u3000", {}, False), (TEXT, 4, 5, "x"), (END, 5, 10, "p")]
    assert list(tokens('<a b"c">')) == [(START, 0, 8, "a", {'b"c"': ""}, False)]


# -- the same tokens as html.parser --------------------------------------------------------------


def _html_parser_reads_as_in_python_3_11() -> bool:
    """Whether the installed html.parser is the one the tokenizer reproduces (3.11's): newer
    releases end a comment at ``--!>`` and read ``<![`` differently."""
    from html.parser import HTMLParser

    class Comments(HTMLParser):
        found: list[str] = []

        def handle_comment(self, data: str) -> None:
            self.found.append(data)

    parser = Comments()
    parser.found = []
    parser.feed("<!--a--!>b-->")
    parser.close()
    return sys.version_info[:2] == (3, 11) and parser.found == ["a--!>b"]


def _html_parser_tokens(page: str) -> list[tuple] | tuple[str, str]:
    """The tokens html.parser's events give, as the loader read them before the tokenizer."""
    from html.parser import HTMLParser

    class Events(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.position = self.consumed = 0
            self.found: list[tuple] = []
            self.pending: tuple[int, str] | None = None

        def updatepos(self, i: int, j: int) -> int:
            if i < j:
                self.position = self.consumed + j
            return j

        def event(self) -> int:
            if self.pending is not None:
                self.found.append((TEXT, self.pending[0], self.position, self.pending[1]))
                self.pending = None
            return self.position

        def handle_starttag(self, tag, attrs, self_closing=False):
            start = self.event()
            self.found.append((START, start, start + len(self.get_starttag_text()), tag,
                               {name: value or "" for name, value in attrs}, self_closing))

        def handle_startendtag(self, tag, attrs):
            self.handle_starttag(tag, attrs, True)

        def handle_endtag(self, tag):
            start = self.event()
            close = page.find(">", start)
            self.found.append((END, start, close + 1 if close >= 0 else len(page), tag))

        def handle_data(self, data):
            start = self.event()
            if not self.cdata_elem:
                self.pending = (start, data)

        def handle_comment(self, data):
            self.event()

        handle_decl = handle_pi = unknown_decl = handle_comment

        def close(self):
            self.consumed = len(page) - len(self.rawdata)
            super().close()
            self.position = len(page)
            self.event()

    parser = Events()
    try:
        parser.feed(page)
        parser.close()
    except AssertionError as error:
        return ("AssertionError", str(error))
    return parser.found


def _tokens_or_error(page: str) -> list[tuple] | tuple[str, str]:
    try:
        return list(tokens(page))
    except AssertionError as error:
        return ("AssertionError", str(error))


_PIECES = ["<", ">", "/", "!", "-", "--", "?", "[", "]", "=", '"', "'", " ", "\n", "\t", "\x0b", "\u3000", "\xa0",
           "&", ";", "#", "a", "p", "td", "br", "script", "style", "SCRIPT", "doctype", "if", "endif", "CDATA",
           "&amp;", "&lt", "&#12289;", "b=c", 'b="c>d"', "<p>", "</p>", "<td colspan=2>", "<!--", "-->", "<![",
           "]]>", "<![if !supportLists]>", "<![endif]>", "<?", "</", "</>", "<script>", "</script>", "<style>",
           "</style >", "<a", "<a ", "<a/", "o:p", "1", "\r", "`", "<br/>", "<x y=z/>", "中文"]


@pytest.mark.skipif(not _html_parser_reads_as_in_python_3_11(),
                    reason="the installed html.parser is not Python 3.11's, which the tokenizer reproduces")
@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_the_tokens_are_the_events_of_python_3_11_html_parser(page):
    assert _tokens_or_error(page) == _html_parser_tokens(page)
