"""Headings, the title, the report year and the six sections, from the block stream."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from gklint.grammar import CLOSING, NUMERAL, OPENING, SPACE
from gklint.read.blocks import LineBlock
from gklint.parse.matching import LabelMatch, LabelMatcher, normalize
from gklint.records import Frozen
from gklint.read.source import SourcedText, Span
from gklint.formats.template import SectionSpec, Template, TemplateSet, TitleSpec
from gklint.parse.tree import Heading

_MARKDOWN_HEADING = re.compile(r"^(#{1,6})[ \t\u3000]*")
_LIST_MARKER = re.compile(r"^[-*+][ \t]+")
_SECTION_NUMBERING = re.compile(rf"^({NUMERAL}{{1,3}})[ \t\u3000]*([、.．，,：:])[ \t\u3000]*")
_PAREN_NUMBERING = re.compile(rf"^({OPENING})[ \t\u3000]*({NUMERAL}{{1,3}})[ \t\u3000]*({CLOSING})[ \t\u3000]*")
_DIGIT_NUMBERING = re.compile(r"^(\d{1,2})[ \t\u3000]*([、.．])(?!\d)[ \t\u3000]*")
_YEAR = re.compile(r"((?:19|20)\d{2})[ \t\u3000]*年")
_HAN_DIGITS = str.maketrans("〇零一二三四五六七八九０１２３４５６７８９", "00123456789" "0123456789")
_HAN_YEAR = re.compile(r"([〇零一二三四五六七八九]{4})[ \t\u3000]*年")
# Markup and white space (as ``regex``'s ``\s`` has it, ``gklint.grammar``).
MARKUP_AND_SPACE = re.compile(rf"(?:[#*]|{SPACE})+")



class HeadingParts(Frozen):
    """A line taken apart: markup, numbering and title, as indices into the line's text."""

    markup_level: int | None
    bold: bool
    numeral: str | None
    numbering_style: str
    numbering_start: int
    title_start: int
    title_end: int


def parse_heading(block: LineBlock) -> HeadingParts:
    text = block.text.text
    if len(text) <= 80:  # headings repeat from report to report: short lines are read once
        return parse_short_heading(text, block.heading_level, block.bold)
    return _parse_heading(text, block.heading_level, block.bold)


@lru_cache(maxsize=1024)  # (titles name the agency: most lines seen once are never seen again)
def parse_short_heading(text: str, heading_level: int | None, bold: bool) -> HeadingParts:
    """``parse_heading`` of a line of at most 80 characters, its text, heading level and bold
    given (what the tree builder calls for each line, without a call of ``parse_heading``)."""
    return _parse_heading(text, heading_level, bold)


def _parse_heading(text: str, heading_level: int | None, block_bold: bool) -> HeadingParts:
    start, end = 0, len(text)
    markup_level = heading_level
    match = _MARKDOWN_HEADING.match(text)
    if match:
        markup_level = len(match.group(1))
        start = match.end()
    else:
        list_marker = _LIST_MARKER.match(text)
        if list_marker:
            start = list_marker.end()
    bold = block_bold
    inner = text[start:end]
    stripped_end = len(inner.rstrip())
    if inner.startswith("**") and inner[:stripped_end].endswith("**") and stripped_end > 4 and inner.count("**") == 2:
        bold = True
        start += 2
        end = start + stripped_end - 4
    elif inner.startswith("__") and inner[:stripped_end].endswith("__") and stripped_end > 4:
        bold = True
        start += 2
        end = start + stripped_end - 4
    body = text[start:end]
    numeral, style, numbering_start = None, "none", start
    for pattern, style_name in ((_SECTION_NUMBERING, None), (_PAREN_NUMBERING, "（）"), (_DIGIT_NUMBERING, "1.")):
        numbering = pattern.match(body)
        if numbering:
            if style_name is None:
                numeral = numbering.group(1)
                style = "、" if numbering.group(2) in "、，," else numbering.group(2)
            elif style_name == "（）":
                numeral = numbering.group(2)
                style = "（）" if numbering.group(1) == "（" else "()"
            else:
                numeral = numbering.group(1)
                style = "1" + numbering.group(2)
            start += numbering.end()
            break
    while end > start and text[end - 1] in " \t\u3000：:":
        end -= 1
    return HeadingParts(markup_level, bold, numeral, style, numbering_start, start, end)


def make_heading(block: LineBlock, parts: HeadingParts) -> Heading:
    text = block.text
    numbering = text.text[parts.numbering_start:parts.title_start].strip()
    # (text, title, numbering, numbering_style, markup_level, bold, logical: by place, which
    # the generated ``__init__`` takes without matching names)
    return Heading(text, text.slice(parts.title_start, parts.title_end), numbering, parts.numbering_style,
                   parts.markup_level, parts.bold, block.logical)


class SectionMatcher:
    """Recognises the section titles of some formats (all of a run's, or one), variants included.

    A key's canonical title is the first format's; the other formats' titles for the same key
    count as variants of it.
    """

    def __init__(self, templates: Iterable[Template]) -> None:
        entries: dict[str, tuple[str, list[str]]] = {}
        self.numbers: dict[str, str] = {}
        self.roles: dict[str, str] = {}
        for template in templates:
            for section in template.sections:
                title, variants = entries.setdefault(section.key, (section.title, []))
                if section.title != title:
                    variants.append(section.title)
                variants.extend(section.variants)
                self.numbers[section.key] = section.number
                if section.role is not None:
                    self.roles.setdefault(section.key, section.role)
        entries = {key: (title, list(dict.fromkeys(variants))) for key, (title, variants) in entries.items()}
        # What the matcher answers depends on these alone (see ``format_section_matcher``).
        self.signature = (tuple((key, title, tuple(variants)) for key, (title, variants) in entries.items()),
                          tuple(self.numbers.items()))
        self._titles = {key: [normalize(title)] + [normalize(v) for v in variants] for key, (title, variants) in entries.items()}
        self._matcher = LabelMatcher((key, title, variants) for key, (title, variants) in entries.items())

    def forms(self, key: str) -> list[str]:
        """The normalized titles of section ``key``: its canonical title, then its variants."""
        return self._titles.get(key, [])

    def match(self, title: str) -> LabelMatch | None:
        """The section a heading title names: exact, variant, near miss, or a title that
        contains a canonical one (``2020年度政府信息公开总体情况``)."""
        if not title or len(title) > 60:
            return None
        found = self._matcher.match(title)
        if found is not None:
            return found
        normalized = normalize(title)
        if len(normalized) < 4:
            return None
        for key, forms in self._titles.items():
            for form in forms:
                if form and form in normalized and len(normalized) <= len(form) + 12:
                    return LabelMatch(key, title, True, 0, variant=title)
        return None


def section_matcher(templates: TemplateSet) -> SectionMatcher:
    """The section titles of every format of ``templates``: what finds the sections before
    the report's format is known; made anew (``TreeIndexes.sections`` in ``gklint.parse.index``
    keeps one for the linter)."""
    return SectionMatcher(templates.formats.values())


def format_section_matcher(every: SectionMatcher, template: Template) -> SectionMatcher:
    """The section titles of one format, to judge headings once the report's format is known;
    ``every`` (the matcher of all formats) itself when this one's titles are all there is (the
    built-in formats share their sections), so that nothing is matched twice. Made anew
    (``TreeIndexes.format_sections`` keeps one per format)."""
    own = SectionMatcher((template,))
    return every if own.signature == every.signature else own


def section_in_format(match: LabelMatch, every: SectionMatcher, template: Template) -> SectionSpec | None:
    """The section of ``template`` that a heading matched among all formats' titles stands
    for: the one with the same key, else the one with the same role."""
    spec = template.section(match.key)
    if spec is None and match.key in every.roles:
        spec = template.section_with_role(every.roles[match.key])
    return spec


def find_year(text: str) -> tuple[int, int, int] | None:
    """(year, start, end) of the first ``20XX年`` in a title, digits full-width or Chinese."""
    translated = text.translate(_HAN_DIGITS)
    match = _YEAR.search(translated)
    if match:
        return int(match.group(1)), match.start(1), match.end(1)
    han = _HAN_YEAR.search(text)
    if han:
        digits = han.group(1).translate(_HAN_DIGITS)
        return int(digits), han.start(1), han.end(1)
    return None


def agency_from_title(title: str, year_start: int | None, year_end: int | None, subject: str) -> str | None:
    """The issuing agency named in a title such as ``XX局2020年政府信息公开工作年度报告``:
    what stands before the year, or else before the title's ``subject`` (``政府信息公开``)."""
    cleaned = title
    if year_start is not None and year_end is not None:
        before = title[:year_start]
        after = title[year_end:].lstrip("年度 \u3000")
        candidate = before if normalize(before) else after.split(subject)[0]
    else:
        candidate = title.split(subject)[0]
    cleaned = MARKUP_AND_SPACE.sub("", candidate).strip("《》“”\"")
    return cleaned or None


def looks_like_title(text: SourcedText, title: TitleSpec) -> bool:
    """Whether a line reads as the report's title: one of the title words, and short."""
    value = text.text
    return any(word in value for word in title.words) and len(value) <= 120


def year_span(text: SourcedText, start: int, end: int) -> Span:
    return text.source_span(start, end)
