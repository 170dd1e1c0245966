"""HTML tokens with exact source offsets: the tokenizer of the HTML loader.

``tokens(text)`` cuts a decoded page into start tags, end tags and text, each with the offsets
of the characters it was read from; comments, ``<!DOCTYPE>``, ``<?…?>``, ``<![CDATA[…]]>``,
Word's ``<![if …]>``/``<![endif]>`` and the raw text of ``<script>``/``<style>`` end the text
before them and give no token. A text token runs from its first character to the start of
the next token (or the end of the page), which is how its character references are mapped
back onto the source (``html_tree.text_pieces``).

The loader does not go through ``tokens``: ``html_tree.build_tree`` reads the page with
``NODE_PATTERN`` (the same matches, and an element holding plain text only, ``<td>12</td>``,
in one) and ``SlowPath``, and puts what it reads straight into the tree. ``tokens`` is the
reference it is pinned against (tests/loaders/test_html_tree.py).

Why a tokenizer of our own, and not a faster parser. The loader needs the exact source range
of every text node: the fix path rewrites the characters of one cell, SARIF regions and the
review page point at them. The maintained fast parsers do not give that: lxml (libxml2;
checked with lxml 6.2) and html5-parser give an element's ``sourceline`` and nothing for text
(``text``/``tail`` are plain strings, character references already expanded), selectolax
(lexbor/modest) gives no position at all; html5lib gives none either (a feature request) and
is slower than ``html.parser``. Their tree building (HTML5's, with foster parenting and
implied ``<tbody>``) also differs from the loader's simplified rules, so every report's blocks
would change. ``html.parser`` gives positions but spends most of its time calling Python
methods per construct (``goahead``, ``parse_starttag``, ``check_for_whole_start_tag``, one
handler per event). Here one compiled pattern finds each
construct and reads the usual tag (name, plain attributes) in a single match, the text
between two matches being the text token; whatever the pattern does not read whole (broken
or unusual markup: an unclosed tag, ``<a b==c>``, ``<p\\u3000>``, a stray ``<``) goes through a
line-by-line port of the same ``html.parser`` steps (``SlowPath``). So the tokens are exactly the
events ``html.parser`` of Python 3.11 gives for a page fed whole and closed, on any input,
and they no longer change with the Python version (newer ``html.parser`` releases read
comments, ``<![`` and ``</script`` differently). On the generated portal pages of
``benchmarks/corpus.py``, tokens and element tree take about 17 million instructions a page
(callgrind; the tokens 8 of them) where ``html.parser`` with the loader's handlers took 40.

One behaviour is kept as it was although it is a defect: a marked section ``<![`` not
followed by a name, or with a keyword other than those of SGML and Word (``<![ if]>``,
``<![foo[``), stops the reading with ``AssertionError`` as ``html.parser`` did, so the file is
reported unreadable with the same message.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Iterator

# Token kinds: the first item of each token.
TEXT = 0  # (TEXT, start, end, text): ``text`` decoded, read from ``source[start:end]``
START = 1  # (START, start, end, tag, attributes, self_closing): ``<tag …>`` or ``<tag …/>``
END = 2  # (END, start, end, tag): ``</tag>``
MARKUP = 3  # (MARKUP, start): a comment, declaration or marked section (``SlowPath`` only)

CDATA_ELEMENTS = ("script", "style")  # their content is raw text, up to their end tag
NO_ATTRIBUTES: dict[str, str] = {}  # (shared: nobody writes to a token's attributes)

# The page as a run of matches: a text (up to the next ``<``) or a construct. A construct
# is read whole by the pattern when ``html.parser`` would read it the same way: a start tag
# with a name, then attributes separated by ASCII white space, each with a quoted value or an
# unquoted one of plain ASCII characters followed by white space or ``>``; an end tag; a
# comment, ``<!DOCTYPE>``, ``<?…>``, ``<!…>`` or Word's ``<![if …]>``/``<![endif]>``. Anything
# else matches as a bare ``<``, read by ``SlowPath``.
_WS = r"[ \t\n\r\f]"
_BARE_CHARS = r"[\x21\x23-\x26\x28-\x2e\x30-\x3b\x3f-\x5f\x61-\x7e]"  # printable ASCII but "'/<=>`
_BARE_VALUE = rf"{_BARE_CHARS}+(?=[ \t\n\r\f>])"
_ATTRIBUTE = rf"{_WS}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:{_WS}*={_WS}*(?:\"[^\"]*\"|'[^']*'|{_BARE_VALUE}))?"
_DOCTYPE = "[dD][oO][cC][tT][yY][pP][eE]"
_WORD_CONDITION = r"\[(?:[iI][fF]|[eE][lL][sS][eE]|[eE][nN][dD][iI][fF])(?![-_.a-zA-Z0-9]).*?]\s*>"
_TOKEN = re.compile(
    rf"""([^<]+)
      | <(?:
            ([a-zA-Z][-a-zA-Z0-9:_.]*)((?:{_ATTRIBUTE})*){_WS}*(/?)>
          | /\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>
          | (?:!--.*?--\s*> | \?[^>]*> | !{_DOCTYPE}[^>]*> | !{_WORD_CONDITION} | !(?!--|\[|{_DOCTYPE})[^>]*>)()
        )?""",
    re.VERBOSE | re.DOTALL,
)
# The same run of matches for the one-pass tree builder (``html_tree``), which also reads an
# element holding plain text only, start tag, text and end tag, in one match. Groups: 1 a text;
# 2 and 3 the commonest such element, the cell of a statistics table as pages write it
# (``<td>12</td>``: ``td`` or ``th`` in lower case, no attribute, a text without a character
# reference or none, the same name closing it); 4-6 a start tag as in ``_TOKEN`` (name,
# attributes, slash), followed by 7 the text (may be empty) and 8 the end tag's name of a leaf
# when one follows; 9 an end tag; 10 a skipped construct. A leaf's parts are exactly the
# matches ``_TOKEN`` would make one after the other.
NODE_PATTERN = re.compile(
    rf"""([^<]+)
      | <(?:
            (?P<cell>td|th)>([^<&]+)?</(?P=cell)>
          | ([a-zA-Z][-a-zA-Z0-9:_.]*)((?:{_ATTRIBUTE})*){_WS}*(/?)>
            (?:([^<]*)</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>)?
          | /\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>
          | (?:!--.*?--\s*> | \?[^>]*> | !{_DOCTYPE}[^>]*> | !{_WORD_CONDITION} | !(?!--|\[|{_DOCTYPE})[^>]*>)()
        )?""",
    re.VERBOSE | re.DOTALL,
)
# The attributes the pattern read, one by one (``findall`` steps over the white space between).
ATTRIBUTE_PARTS = re.compile(
    rf"([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:{_WS}*={_WS}*(?:\"([^\"]*)\"|'([^']*)'|({_BARE_CHARS}+)))?"
)


def tokens(text: str) -> Iterator[tuple]:
    """The tokens of ``text`` in source order (see the module's docstring)."""
    length = len(text)
    position = 0  # where the next text or construct starts
    pending: tuple[int, str] | None = None  # a text token waiting for the start of the next
    attribute_parts = ATTRIBUTE_PARTS.findall
    slow = SlowPath(text)
    while position < length:
        raw_text_of = None  # the <script> or <style> just opened: its raw text comes next
        for match in _TOKEN.finditer(text, position):  # (the matches follow each other)
            run, tag, attributes, slash, end_tag, skipped = match.groups()
            if run is not None:
                if pending is not None:
                    yield (TEXT, pending[0], position, pending[1])
                pending = (position, unescape(run) if "&" in run else run)
                position += len(run)
                continue
            start = position
            if tag is None and end_tag is None and skipped is None:  # a bare "<": html.parser's steps, then the pattern anew
                events, position = slow.construct(start)
                for event in events:
                    if pending is not None:
                        yield (TEXT, pending[0], event[1], pending[1])
                        pending = None
                    if event[0] == TEXT:
                        pending = (event[1], event[3])
                    elif event[0] != MARKUP:
                        yield event
                        if event[0] == START and event[3] in CDATA_ELEMENTS and not event[5]:
                            raw_text_of = event[3]
                break
            position = match.end()
            if pending is not None:
                yield (TEXT, pending[0], start, pending[1])
                pending = None
            if tag is not None:
                tag = tag.lower()
                self_closing = slash == "/"
                yield (START, start, position, tag,
                       attribute_values(attribute_parts(attributes)) if attributes else NO_ATTRIBUTES, self_closing)
                if tag in CDATA_ELEMENTS and not self_closing:
                    raw_text_of = tag
                    break
            elif end_tag is not None:
                yield (END, start, position, end_tag.lower())
        if raw_text_of is not None:
            end = RAW_TEXT_END[raw_text_of].search(text, position)
            if end is None:
                break  # never closed: html.parser drops the rest of the page
            yield (END, end.start(), end.end(), raw_text_of)
            position = end.end()
    if pending is not None:
        yield (TEXT, pending[0], length, pending[1])


def attribute_values(parts: list[tuple[str, str, str, str]]) -> dict[str, str]:
    """The attributes of the pattern's start tag: names in lower case, values unquoted and
    their character references decoded; a repeated name keeps its last value."""
    attributes = {}
    for name, double, single, bare in parts:
        value = double or single or bare
        attributes[name.lower()] = unescape(value) if "&" in value else value
    return attributes


# Where the raw text of a ``<script>`` or ``<style>`` ends.
RAW_TEXT_END = {
    "script": re.compile(r"</\s*script\s*>", re.IGNORECASE),
    "style": re.compile(r"</\s*style\s*>", re.IGNORECASE),
}


# --------------------------------------------------------------------------------------------
# The slow path: html.parser's steps for one construct
# --------------------------------------------------------------------------------------------

# html.parser's own patterns (Python 3.11), unchanged.
_STARTTAG_OPEN = re.compile("<[a-zA-Z]")
_COMMENT_CLOSE = re.compile(r"--\s*>")
_TAGFIND = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRFIND = re.compile(
    r"((?<=[\'\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*"
    r"(\'[^\']*\'|\"[^\"]*\"|(?![\'\"])[^>\s]*))?(?:\s|/(?!>))*"
)
_LOCATE_STARTTAG_END = re.compile(
    r"""
  <[a-zA-Z][^\t\n\r\f />\x00]*       # tag name
  (?:[\s/]*                          # optional whitespace before attribute name
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*  # attribute name
      (?:\s*=+\s*                    # value indicator
        (?:'[^']*'                   # LITA-enclosed value
          |"[^"]*"                   # LIT-enclosed value
          |(?!['"])[^>\s]*           # bare value
         )
        \s*                          # possibly followed by a space
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*                                # trailing whitespace
""",
    re.VERBOSE,
)
_ENDTAG_FIND = re.compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")
# _markupbase's, for marked sections (``<![CDATA[``, Word's ``<![if …]>``).
_DECLNAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
_MARKED_SECTION_CLOSE = re.compile(r"]\s*]\s*>")
_MS_MARKED_SECTION_CLOSE = re.compile(r"]\s*>")


class SlowPath:
    """``html.parser``'s reading of one construct starting with ``<``, step by step.

    ``construct(i)`` returns the events of the construct at ``text[i]`` (``TEXT`` events with
    their decoded text, ``START`` and ``END`` as ``tokens`` yields them) and where reading
    goes on. Where ``html.parser`` finds a construct unfinished (no ``>`` before the end of the
    page) it reads the characters up to the next ``>`` (or ``<``) as text, as it does when the
    page is closed.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    def construct(self, i: int) -> tuple[list[tuple], int]:
        text = self.text
        events: list[tuple] = []
        if _STARTTAG_OPEN.match(text, i):
            k = self._start_tag(i, events)
        elif text.startswith("</", i):
            k = self._end_tag(i, events)
        elif text.startswith("<!--", i):
            k = self._comment(i)
        elif text.startswith("<?", i):
            close = text.find(">", i + 2)
            k = close + 1 if close >= 0 else -1
        elif text.startswith("<!", i):
            k = self._declaration(i)
        else:  # a "<" that starts nothing
            events.append((TEXT, i, i + 1, "<"))
            return events, i + 1
        if k < 0:  # unfinished: text up to the next ">" (or "<")
            k = text.find(">", i + 1)
            if k < 0:
                k = text.find("<", i + 1)
                if k < 0:
                    k = i + 1
            else:
                k += 1
            return [(TEXT, i, k, unescape(text[i:k]))], k
        if not events and not text.startswith("</>", i):  # (``</>`` alone leaves no trace)
            events.append((MARKUP, i))  # a comment or declaration: it ends the text before it
        return events, k

    def _start_tag(self, i: int, events: list[tuple]) -> int:
        text = self.text
        endpos = self._start_tag_end(i)
        if endpos < 0:
            return endpos
        match = _TAGFIND.match(text, i + 1)
        k = match.end()  # type: ignore[union-attr]
        tag = match.group(1).lower()  # type: ignore[union-attr]
        attributes: dict[str, str] = {}
        while k < endpos:
            found = _ATTRFIND.match(text, k)
            if not found:
                break
            name, rest, value = found.group(1, 2, 3)
            if not rest:
                value = None
            elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
                value = value[1:-1]
            if value:
                value = unescape(value)
            attributes[name.lower()] = value or ""
            k = found.end()
        end = text[k:endpos].strip()
        if end not in (">", "/>"):  # not a tag after all: its characters are text, as written
            events.append((TEXT, i, endpos, text[i:endpos]))
            return endpos
        events.append((START, i, endpos, tag, attributes, end.endswith("/>")))
        return endpos

    def _start_tag_end(self, i: int) -> int:
        text = self.text
        j = _LOCATE_STARTTAG_END.match(text, i).end()  # type: ignore[union-attr]
        following = text[j : j + 1]
        if following == ">":
            return j + 1
        if following == "/":
            return j + 2 if text.startswith("/>", j) else -1
        if following == "" or following in "abcdefghijklmnopqrstuvwxyz=/ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            return -1
        return j if j > i else i + 1

    def _end_tag(self, i: int, events: list[tuple]) -> int:
        text = self.text
        close = text.find(">", i + 1)
        if close < 0:
            return -1
        gtpos = close + 1
        match = _ENDTAG_FIND.match(text, i)
        if match:
            events.append((END, i, gtpos, match.group(1).lower()))
            return gtpos
        name = _TAGFIND.match(text, i + 2)
        if not name:
            if text.startswith("</>", i):
                return i + 3
            return self._bogus_comment(i)
        close = text.find(">", name.end())
        events.append((END, i, close + 1, name.group(1).lower()))
        return close + 1

    def _comment(self, i: int) -> int:
        match = _COMMENT_CLOSE.search(self.text, i + 4)
        return match.end() if match else -1

    def _declaration(self, i: int) -> int:
        text = self.text
        if text.startswith("<![", i):
            return self._marked_section(i)
        if text[i : i + 9].lower() == "<!doctype":
            close = text.find(">", i + 9)
            return close + 1 if close >= 0 else -1
        return self._bogus_comment(i)

    def _bogus_comment(self, i: int) -> int:
        close = self.text.find(">", i + 2)
        return close + 1 if close >= 0 else -1

    def _marked_section(self, i: int) -> int:
        text = self.text
        j = i + 3
        if j == len(text):
            return -1
        name = _DECLNAME.match(text, j)
        if not name:
            raise AssertionError("expected name token at %r" % text[i : i + 20])
        if name.end() == len(text):
            return -1
        keyword = name.group().strip().lower()
        if keyword in ("temp", "cdata", "ignore", "include", "rcdata"):
            close = _MARKED_SECTION_CLOSE.search(text, i + 3)
        elif keyword in ("if", "else", "endif"):
            close = _MS_MARKED_SECTION_CLOSE.search(text, i + 3)
        else:
            raise AssertionError("unknown status keyword %r in marked section" % text[i + 3 : name.end()])
        return close.end() if close else -1
