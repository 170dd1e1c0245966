"""Reports flattened into running text, the way archivers and PDF viewers extract them.

A common real input is a report saved as plain text by a tool that kept no line breaks: a few
``key: value`` lines of its own, then the whole body on one line — the title running into the
first sentence, section headings running into the text around them
(``…如下。三、收到和处理政府信息公开申请情况 …``), table rows flattened into words and numbers
whose separators may be lost (``（七）总计20 0 00 0 121`` for 20, 0, 0, 0, 0, 1, 21).

Two steps, each taken only where the ordinary reading found nothing:

* ``unflatten`` cuts the lines of such a report at the section headings inside them (the
  numbered canonical titles, or near misses of them, in the canonical order) and at the end of
  the title, so that the tree builder reads them as it reads any report;
* ``read_flat_table`` finds a section's canonical table inside a paragraph of such a report
  and reads it as a table when every row's values can be told apart, or else says that it
  could not (a ``FlatTable``), rather than guess.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from typing import NamedTuple

from gklint.grammar import NUMERAL, NUMERALS, SPACE
from gklint.parse.matching import allowed_distance, fold
from gklint.parse.patterns import is_han
from gklint.parse.structure import SectionMatcher, looks_like_title
from gklint.parse.tables import TableMatchers, build_table
from gklint.parse.tree import FlatTable, Paragraph, Table
from gklint.parse.values import looks_like_value
from gklint.read.blocks import CellBlock, LineBlock, RawDocument, TableBlock
from gklint.read.source import SourcedText
from gklint.formats.template import TableSpec, TitleSpec

__all__ = ["unflatten", "read_flat_table"]

# A section's number inside running text: 三、 (or 三. 三．), white space allowed around the mark.
_INLINE_NUMBERING = re.compile(rf"({NUMERAL}{{1,2}})(?:{SPACE})*[、.．](?:{SPACE})*")
# What may stand right before an inline heading: anything but a Han character or a letter, so
# that a mention inside a sentence (见三、…, 第三、四部分) is never taken for a heading.
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
# A line a saving tool wrote above the text: ``Title: …``, ``URL: …``, ``Saved: …``.
_TOOL_LINE = re.compile(r"^[A-Za-z][A-Za-z0-9 _.\-]{0,30}:(?:\s|$)")
# The sentence marks that never stand inside a statistics table: a table's text runs up to them.
_SENTENCE_END = "。！？"
# A count written in digits alone: what may follow a table's last row without making it
# ambiguous must not be one.
_BARE_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")


# ── Headings inside running text ─────────────────────────────────────────────────────────


class _Cut(NamedTuple):
    """A section heading found inside a line: ``text[start:end]`` of block ``block``."""

    block: int
    start: int
    end: int
    position: int  # the section's place in the canonical order (1 for 一)


def unflatten(raw: RawDocument, found: dict[int, str], matcher: SectionMatcher, title: TitleSpec) -> RawDocument | None:
    """``raw`` with its lines cut at the section headings they hold inside running text, or
    None when it holds none (the report is not flattened: it is left exactly as read).

    ``found``: the key of each section heading the ordinary reading found, by its block's
    place. Only the other sections are looked for, by their number and a title that is the
    canonical one or a near miss of it; the headings kept are those that come in the canonical
    order (among themselves and between the headings found), and a run of them with nothing
    between (a table of contents written into the text) is not taken for the sections
    themselves. Then the tool's ``key: value`` lines above the text are set aside and the
    title, when it runs into the first sentence, is cut off at its last word (``…工作年度报告``).
    """
    wanted = {key: number for key, number in matcher.numbers.items()
              if key not in found.values() and number in NUMERALS}
    if not wanted:
        return None
    by_number: dict[str, list[str]] = {}
    for key, number in wanted.items():
        by_number.setdefault(number, []).append(key)
    # The first characters of each wanted section's titles: a title as written, even a near
    # miss, keeps one of them among its own first few (a cheap test before measuring
    # distances). Gathered once for all the lines.
    heads = {key: {char for form in matcher.forms(key) for char in form[:_HEAD]} for keys in by_number.values() for key in keys}
    candidates: list[_Cut] = []
    for index, block in enumerate(raw.blocks):
        if isinstance(block, LineBlock):
            candidates.extend(_inline_headings(index, block.text.text, by_number, heads, matcher))
    anchors = [(index, NUMERALS.index(matcher.numbers[key]) + 1) for index, key in sorted(found.items())
               if matcher.numbers.get(key, "") in NUMERALS]
    cuts = _in_order([cut for cut in _without_contents_list(candidates, raw) if _between_anchors(cut, anchors)])
    if not cuts:
        return None
    return RawDocument(source=raw.source, blocks=_cut_blocks(raw, cuts, title), loader=raw.loader,
                       writer_state=raw.writer_state, notes=raw.notes, markup=raw.markup)


def _inline_headings(index: int, text: str, by_number: dict[str, list[str]], heads: dict[str, set[str]],
                     matcher: SectionMatcher) -> list[_Cut]:
    """The section headings inside the line ``text`` (block ``index``) of the sections
    ``by_number`` wants; ``heads``: the first characters of each one's titles."""
    found = []
    for numbering in _INLINE_NUMBERING.finditer(text):
        start = numbering.start()
        if start == 0 and not text[numbering.end():].strip():
            continue
        if start > 0 and (is_han(text[start - 1]) or text[start - 1] in _LETTERS):
            continue
        keys = by_number.get(numbering.group(1))
        if not keys:
            continue
        opening = set(text[numbering.end():numbering.end() + _HEAD])
        for key in keys:
            if not opening & heads[key]:
                continue
            end = _title_end(text, numbering.end(), matcher.forms(key))
            if end is None:
                continue
            match = matcher.match(text[numbering.end():end])
            if match is not None and match.key == key:
                position = NUMERALS.index(numbering.group(1)) + 1
                found.append(_Cut(index, start, end, position))
                break
    return found


# How many first characters of a title ``_inline_headings`` compares before measuring.
_HEAD = 3


def _title_end(text: str, start: int, forms: list[str]) -> int | None:
    """Where a title that begins at ``start`` and runs into the text ends: the length that
    brings it closest to one of the section's title ``forms`` (within a near miss's
    tolerance), the shortest of equally close ones; None when none is that close."""
    from rapidfuzz.distance import Levenshtein  # (as gklint.parse.matching: lazily)

    best: tuple[int, int] | None = None  # (distance, end)
    for form in forms:
        limit = allowed_distance(len(form))
        if len(set(form) - set(text[start:start + len(form) + 2 * limit])) > limit:
            continue  # (a cheap lower bound: more of the title's characters missing than it tolerates)
        for length in range(max(1, len(form) - limit), len(form) + limit + 1):
            end = start + length
            if end > len(text):
                break
            piece = fold(text[start:end])
            if not piece or piece[0] != form[0] and piece[-1] != form[-1]:
                continue  # a near miss keeps one end of the title as written
            distance = Levenshtein.distance(piece, form, score_cutoff=limit + 1)
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, end)
    if best is None:
        return None
    end = best[1]
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _without_contents_list(cuts: list[_Cut], raw: RawDocument) -> list[_Cut]:
    """Drop a table of contents written into the text: three or more headings with nothing
    but punctuation between them, each of which comes again later."""
    dropped: set[int] = set()
    run: list[int] = []

    def close() -> None:
        if len(run) >= 3:
            later = {cuts[other].position for other in range(run[-1] + 1, len(cuts))}
            if all(cuts[item].position in later for item in run):
                dropped.update(run)

    for number, cut in enumerate(cuts):
        if run:
            previous = cuts[run[-1]]
            between = raw.blocks[cut.block].text.text[previous.end:cut.start] if previous.block == cut.block else "x"
            if fold(between).strip("；;，,、。：:") == "":
                run.append(number)
                continue
            close()
        run = [number]
    close()
    return [cut for number, cut in enumerate(cuts) if number not in dropped]


def _between_anchors(cut: _Cut, anchors: list[tuple[int, int]]) -> bool:
    """Whether ``cut`` stands in the canonical order among the headings found on lines of
    their own (``anchors``: block place and canonical position of each)."""
    return all(position < cut.position if index < cut.block else position > cut.position
               for index, position in anchors if index != cut.block)


def _in_order(cuts: list[_Cut]) -> list[_Cut]:
    """The longest run of headings in the canonical order (the first such run when several
    are as long): a heading out of order is a mention, not a section's start."""
    # The longest run ending at each canonical position so far, the first one found kept
    # (positions are few: one pass over the headings, not a comparison of every pair).
    runs: dict[int, tuple[_Cut, ...]] = {}
    for cut in cuts:
        before = max((run for position, run in runs.items() if position < cut.position), key=len, default=())
        if len(before) + 1 > len(runs.get(cut.position, ())):
            runs[cut.position] = (*before, cut)
    longest: tuple[_Cut, ...] = ()
    for position in sorted(runs):
        if len(runs[position]) > len(longest):
            longest = runs[position]
    return list(longest)


def _cut_blocks(raw: RawDocument, cuts: list[_Cut], title: TitleSpec) -> list:
    by_block: dict[int, list[_Cut]] = {}
    for cut in cuts:
        by_block.setdefault(cut.block, []).append(cut)
    blocks: list = []
    leading = True  # before any block of the report's own
    titled = False  # whether a line before the first heading reads as a title
    for index, block in enumerate(raw.blocks):
        if leading and isinstance(block, LineBlock) and _TOOL_LINE.match(block.text.text) and index not in by_block:
            continue  # the saving tool's line, not the report's
        leading = False
        if not isinstance(block, LineBlock):
            blocks.append(block)
            continue
        text = block.text
        bounds = [0]
        if index == cuts[0].block and not titled:
            title_end = _title_end_in(text.text[:cuts[0].start], title)
            if title_end is not None:
                bounds.append(title_end)
        elif index < cuts[0].block and looks_like_title(text, title):
            titled = True
        for cut in by_block.get(index, ()):
            bounds.extend((cut.start, cut.end))
        bounds.append(len(text.text))
        for start, end in zip(bounds, bounds[1:]):
            piece = text.slice(start, end).strip()
            if piece.text:
                blocks.append(LineBlock(piece, heading_level=None, bold=False, logical=block.logical))
    return blocks


def _title_end_in(text: str, title: TitleSpec) -> int | None:
    """Where a title running into the first sentence ends: after the first of the title's
    words within its first 120 characters, when no sentence ends before it and text follows;
    None when the line holds no title or only one."""
    head = text[:120]
    ends = [head.find(word) + len(word) for word in title.words if word in head]
    if not ends:
        return None
    end = min(ends)
    if not text[end:].strip() or any(mark in head[:end] for mark in "。；;！？"):
        return None
    return end


# ── Tables inside running text ───────────────────────────────────────────────────────────


class _Item(NamedTuple):
    """What a canonical table shows in reading order: a block title, a row label, or the header
    run before the values of an unlabelled row (``headers``). ``values``: how many values
    follow it (0 for a title or a label-only row); ``label``: how a message names it."""

    texts: tuple[str, ...]
    values: int
    label: str
    title: bool = False
    headers: tuple[str, ...] = ()


def read_flat_table(paragraph: Paragraph, matchers: TableMatchers, section_key: str | None) -> list | None:
    """The nodes ``paragraph`` becomes when it holds the canonical table of ``matchers``
    flattened into running text: the text before, the table — a ``Table`` when every row's
    values can be read unambiguously (as many numbers as the row has columns), else a
    ``FlatTable`` —, the text after. None when it does not hold the table (fewer than three of
    its titles and labels in order, or fewer than half of them; for a table of one unlabelled
    row, a run of three of its headers or more before its values)."""
    spec = matchers.spec
    sourced = paragraph.text
    text = sourced.text
    items = _items(spec)
    if sum(1 for item in items if any(part in text for part in item.texts or item.headers)) < min(3, len(items)):
        return None  # (a quick look at the text as written, before folding every character)
    folded, where = _folded_with_offsets(text)
    found: list[tuple[_Item, int, int]] = []  # (item, start, end) in ``text``
    position = 0
    for item in items:
        located = _locate(item, text, folded, where, position)
        if located is not None:
            found.append((item, *located))
            position = located[1]
    if len(found) < min(3, len(items)) or len(found) * 2 < len(items):
        return None
    start = _header_start(text, found[0][1], _header_texts(spec))
    end = start
    rows: list[list[SourcedText]] = []
    unreadable: tuple[str, int, int] | None = None
    for number, (item, item_start, item_end) in enumerate(found):
        last = number + 1 == len(found)
        stop = len(text) if last else found[number + 1][1]
        words = _words(text, item_end, stop, item.values if last else None)
        cells = [] if item.headers else [sourced.slice(item_start, item_end)]
        end = item_end
        if item.title:
            rows.append(cells)  # (the words after a title are its block's column headers)
            continue
        if item.values:
            readable = len(words) == item.values and all(looks_like_value(text[a:b]) for a, b in words)
        else:
            readable = not words
        if not readable and unreadable is None:
            unreadable = (item.label, len(words), item.values)
        cells.extend(sourced.slice(a, b) for a, b in words)
        if words:
            end = words[-1][1]
        rows.append(cells)
    region = sourced.slice(start, end)
    if unreadable is not None:
        row, count, expected = unreadable
        table: Table | FlatTable = FlatTable(text=region, key=spec.key, section=section_key, row=row,
                                             found=count, expected=expected, logical=paragraph.logical)
    else:
        block = TableBlock(rows=[[CellBlock(cell, logical=paragraph.logical) for cell in cells] for cells in rows],
                           row_spans=[cells[0].span.cover(cells[-1].span) for cells in rows], logical=paragraph.logical)
        table = build_table(block, matchers, section_key)
    nodes: list = []
    before, after = sourced.slice(0, start).strip(), sourced.slice(end, len(text)).strip()
    if before.text:
        nodes.append(Paragraph(before, paragraph.logical))
    nodes.append(table)
    if after.text:
        nodes.append(Paragraph(after, paragraph.logical))
    return nodes


def _items(spec: TableSpec) -> list[_Item]:
    items = []
    for block in spec.blocks:
        if block.title:
            items.append(_Item((block.title,), 0, block.title, title=True))
        for row in block.rows:
            if row.label:
                items.append(_Item((row.label, *row.variants), len(block.columns) if row.data else 0, row.label))
            elif row.unlabelled:
                headers = [text for column in block.columns for text in (column.label, column.group) if text]
                items.append(_Item((), len(block.columns), spec.title,
                                   headers=tuple(sorted({*spec.header_labels, *headers}, key=len, reverse=True))))
    return items


def _header_texts(spec: TableSpec) -> list[str]:
    """Every header text of the table, the longest first."""
    texts = set(spec.header_labels)
    for block in spec.blocks:
        texts.update(text for text in (block.label_header, *(column.label for column in block.columns),
                                       *(column.group for column in block.columns)) if text)
    return sorted(texts, key=len, reverse=True)


def _folded_with_offsets(text: str) -> tuple[str, list[int]]:
    """``text`` without white space, each character in its compatibility form (full-width
    parentheses as half-width …), and for each character of that the offset it came from."""
    folded: list[str] = []
    where: list[int] = []
    for offset, char in enumerate(text):
        if char.isspace():
            continue
        folded.append(_fold_char(char))
        where.append(offset)
    return "".join(folded), where


def _fold_char(char: str) -> str:
    form = unicodedata.normalize("NFKC", char)
    return form if len(form) == 1 else char


def _locate(item: _Item, text: str, folded: str, where: list[int], position: int) -> tuple[int, int] | None:
    """(start, end) in ``text`` of the item's first occurrence at or after ``position`` with no
    sentence ending between: a label as written (white space and character widths aside), or
    the header run of an unlabelled row (three header texts or more in a row)."""
    if item.headers:
        return _header_run(text, item.headers, position)
    folded_start = bisect_left(where, position)
    best: tuple[int, int] | None = None
    for label in item.texts:
        target = "".join(_fold_char(char) for char in label if not char.isspace())
        found = folded.find(target, folded_start) if target else -1
        if found >= 0 and (best is None or where[found] < best[0]):
            best = (where[found], where[found + len(target) - 1] + 1)
    if best is None or any(mark in text[position:best[0]] for mark in _SENTENCE_END):
        return None
    return best


def _header_run(text: str, headers: tuple[str, ...], position: int) -> tuple[int, int] | None:
    """The first run of three header texts or more, white space between them allowed, at or
    after ``position`` and before any sentence ends."""
    limit = min((text.find(mark, position) for mark in _SENTENCE_END if mark in text[position:]), default=len(text))
    for start in range(position, limit):
        cursor, count = start, 0
        while True:
            header = next((header for header in headers if text.startswith(header, cursor)), None)
            if header is None:
                break
            cursor, count = cursor + len(header), count + 1
            while cursor < len(text) and text[cursor].isspace():
                cursor += 1
        if count >= 3:
            return start, cursor
    return None


def _header_start(text: str, start: int, headers: list[str]) -> int:
    """Where the table's text begins: back from ``start`` (its first title or label) over the
    header texts that stand right before it."""
    while True:
        trimmed = text[:start].rstrip()
        header = next((header for header in headers if trimmed.endswith(header)), None)
        if header is None:
            return start
        start = len(trimmed) - len(header)


def _words(text: str, start: int, stop: int, limit: int | None) -> list[tuple[int, int]]:
    """(start, end) of the white-space separated words of ``text[start:stop]``; for the
    table's last row (``limit``: the values it takes) only the values that lead, up to
    ``limit``, and any bare number after them (which makes the row ambiguous)."""
    words = [(match.start(), match.end()) for match in _WORD.finditer(text, start, stop)]
    if limit is None:
        return words
    kept = []
    for word in words:
        value = text[word[0]:word[1]]
        if not (looks_like_value(value) if len(kept) < limit else _BARE_NUMBER.match(value)):
            break
        kept.append(word)
    return kept


_WORD = re.compile(r"\S+")
