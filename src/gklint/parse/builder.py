"""From a loader's block stream to the report tree, for every input format alike.

Steps: find the title and the year; decide which format the tables follow (markers) and
which the year requires; cut the stream into the six sections at their headings; recognise
and repair each table against the chosen template.
"""

from __future__ import annotations

import re

from gklint.grammar import NUMERALS
from gklint.read.blocks import LineBlock, RawDocument, TableBlock
from gklint.parse.structure import (
    MARKUP_AND_SPACE,
    agency_from_title,
    find_year,
    looks_like_title,
    make_heading,
    parse_heading,
    parse_short_heading,
    section_in_format,
)
from gklint.parse.index import FormatIndex, FormatMarkers, TreeIndexes, format_markers
from gklint.parse.tables import TableCells, build_table, normalized_texts, read_cells
from gklint.parse.flattened import read_flat_table, unflatten
from gklint.parse.matching import LabelMatch, fold, normalize
from gklint.parse.patterns import HAN, HAN_CHARACTER
from gklint.formats.template import LEGACY, Template, TemplateSet, TitleSpec
from gklint.parse.tree import BuiltSection, Document, Heading, Paragraph, Section, Table

__all__ = ["build_document", "detect_formats"]

# A line that is only an agency's name: Han characters and parentheses, a Han one first.
# (Compiled on first use: few reports need it.)
_AGENCY = f"{HAN_CHARACTER}[{HAN}（）()]*"


def build_document(raw: RawDocument, templates: TemplateSet, template_choice: str = "auto",
                   indexes: TreeIndexes | None = None) -> Document:
    """The report tree of ``raw``. ``indexes``: what the builder derives from ``templates``,
    which the linter keeps from one report to the next (made anew when None)."""
    indexes = TreeIndexes(templates) if indexes is None else indexes
    matcher = indexes.sections
    section_starts = _section_headings(raw, matcher)
    flat_text = None
    found_keys = {match.key for _, match in section_starts.values()}
    if len(found_keys) < len(matcher.numbers):
        # Sections not found on lines of their own: the report may be flattened into running
        # text (``gklint.parse.flattened``); then it is read from its lines cut at its headings.
        found = {index: match.key for index, (_, match) in section_starts.items()}
        unflattened = unflatten(raw, found, matcher, templates.title)
        if unflattened is not None:
            if not any(isinstance(block, TableBlock) for block in raw.blocks):
                # Its tables are words of the text: the format's markers are looked for there.
                flat_text = fold("".join(block.text.text for block in raw.blocks if isinstance(block, LineBlock)))
            raw = unflattened
            section_starts = _section_headings(raw, matcher)
    document = Document(source=raw.source, raw=raw)
    first_section = min(section_starts) if section_starts else len(raw.blocks)
    _find_title(document, raw, first_section, templates.title)
    # The cells of each table, by the block's place in the stream, and their normalized texts:
    # read once, for the format markers, for identifying each table and for its tree.
    table_cells = {index: read_cells(block) for index, block in enumerate(raw.blocks) if isinstance(block, TableBlock)}
    table_texts = {index: cells.normalized for index, cells in table_cells.items()}
    _decide_format(document, raw, templates, template_choice, table_texts, flat_text, indexes.markers)
    template = templates.formats.get(document.template_id) if document.template_id else None
    format_index = indexes.format(template) if template is not None else None
    if template is not None:
        section_starts = _judged_by_format(raw, section_starts, indexes, template)

    current: Section | None = None
    body = document.preamble  # (where the next node goes: the preamble, then each section's body)
    # The keys of the canonical tables read from grids, gathered as they are made: what
    # ``_read_flat_tables`` need not look for in running text.
    present: set[str] = set()
    for index, block in enumerate(raw.blocks):
        if index in section_starts:
            heading, match = section_starts[index]
            # (Its span, worked out when asked for, covers its heading and its body.)
            current = BuiltSection(heading, match.key, heading.numbering.rstrip("、.．，,：: "), match)
            document.sections.append(current)
            body = current.body
            continue
        cells = table_cells.get(index)  # (a table block's: every one was read)
        if cells is None:
            node = _line_node(block, document)
        else:
            node = _table_node(block, current, format_index, cells)
            if node is not None and node.key:
                present.add(node.key)
        if node is not None:
            body.append(node)
    if template is not None and format_index is not None:
        _read_flat_tables(document, format_index, present)
    return document


def _read_flat_tables(document: Document, format_index: FormatIndex, present: set[str]) -> None:
    """Read the tables a section must hold but holds in none of its grids from its running
    text, where a report was flattened into it (``read_flat_table``). ``present``: the keys
    of the tables read from grids (added to as tables are read here)."""
    section_tables = format_index.section_tables
    for section in document.sections:
        for table_key in section_tables.get(section.key, ()):
            if table_key in present:
                continue
            for place, node in enumerate(section.body):
                if not isinstance(node, Paragraph):
                    continue
                nodes = read_flat_table(node, format_index.matchers[table_key], section.key)
                if nodes is not None:
                    section.span  # noqa: B018 (worked out now: the span covers the body as built)
                    section.body[place:place + 1] = nodes
                    present.add(table_key)
                    break


def _section_headings(raw: RawDocument, matcher) -> dict[int, tuple[Heading, object]]:
    starts = {}
    digit_numbered = {}
    for index, block in enumerate(raw.blocks):
        if not isinstance(block, LineBlock):
            continue
        text = block.text.text
        if len(text) > 80:
            continue
        # (``parse_heading`` of a line this short, without its call; most lines are no heading,
        # and are passed over before their title is cut out.)
        parts = parse_short_heading(text, block.heading_level, block.bold)
        if parts.numeral is None and parts.markup_level is None and not parts.bold:
            continue
        if parts.numbering_style in ("（）", "()"):
            continue
        title = text[parts.title_start:parts.title_end]
        if title.endswith("。") or "\t" in title:
            continue
        match = matcher.match(title)
        if match is None:
            continue
        if parts.numbering_style.startswith("1"):
            # ``3.收到和处理政府信息公开申请情况``: a section heading numbered in digits only
            # when the digit is the section's own number and the title is exactly canonical
            # (a narrative item ``1.…`` must not open a section).
            if not match.exact or (match.variant is not None and match.variant == match.canonical) or parts.numeral != str(_section_position(matcher, match.key)):
                continue
            digit_numbered[index] = (make_heading(block, parts), match)
            continue
        starts[index] = (make_heading(block, parts), match)
    named = {match.key for _, match in starts.values()}
    for index, (heading, match) in digit_numbered.items():
        if match.key not in named:
            starts[index] = (heading, match)
    return _without_contents_list(raw, dict(sorted(starts.items())))


def _judged_by_format(raw: RawDocument, starts: dict[int, tuple[Heading, object]], indexes: TreeIndexes,
                      template: Template) -> dict[int, tuple[Heading, object]]:
    """The section headings as the report's own format reads them.

    The sections were found with every format's titles (the format is decided later). A
    heading that only another format's title names (an old title in a revised or local
    format) still opens its section, the one with the same key or role here, but as a near
    miss of this format's title (GK203), not as an exact one.
    """
    every = indexes.sections
    own = indexes.format_sections(template)
    if own is every:
        return starts
    judged = _section_headings(raw, own)
    named = {match.key for _, match in judged.values()}
    for index, (heading, match) in starts.items():
        if index in judged:
            continue
        spec = section_in_format(match, every, template)
        if spec is None or spec.key in named:
            continue
        # The distance is the whole title's: the heading is another title altogether.
        judged[index] = (heading, LabelMatch(spec.key, spec.title, False, len(normalize(spec.title))))
        named.add(spec.key)
    return dict(sorted(judged.items()))


def _section_position(matcher, key: str) -> int:
    numeral = matcher.numbers.get(key, "")
    return NUMERALS.index(numeral) + 1 if numeral and numeral in NUMERALS else 0


def _without_contents_list(raw: RawDocument, starts: dict[int, tuple[Heading, object]]) -> dict[int, tuple[Heading, object]]:
    """Drop a table of contents: three or more section headings in a row, nothing between
    them, each of which comes again later in the report.

    (The runs found in one loop over the headings, without a call per heading: a report has
    six, mostly with text or a table right after each, and the calls cost more than the
    looking did, some 20,000 instructions a report; benchmarks/instructions.py.)"""
    blocks = raw.blocks
    indices = list(starts)
    dropped: set[int] = set()
    run_start = 0  # (where the run of headings with only blank lines between them starts)
    for position in range(1, len(indices) + 1):
        if position < len(indices):
            first, second = indices[position - 1], indices[position]
            if first + 1 == second:
                continue  # (nothing between them)
            block = blocks[first + 1]
            if isinstance(block, LineBlock) and not block.text.text.strip() and _only_blank_between(raw, first + 1, second):
                continue
        if position - run_start >= 3:
            run = indices[run_start:position]
            later = {starts[index][1].key for index in indices if index > run[-1]}
            if all(starts[index][1].key in later for index in run):
                dropped.update(run)
        run_start = position
    if not dropped:
        return starts
    return {index: value for index, value in starts.items() if index not in dropped}


def _only_blank_between(raw: RawDocument, first: int, second: int) -> bool:
    # (The blocks looked at in place, not sliced out: the first block after a heading is
    # mostly its section's text, which settles it.)
    blocks = raw.blocks
    for index in range(first + 1, second):
        block = blocks[index]
        if not isinstance(block, LineBlock) or block.text.text.strip():
            return False
    return True


def _find_title(document: Document, raw: RawDocument, first_section: int, title: TitleSpec) -> None:
    candidates = [block for block in raw.blocks[:first_section] if isinstance(block, LineBlock)]
    title_block = next((block for block in candidates if looks_like_title(block.text, title)), None)
    if title_block is None and candidates and len(candidates[0].text.text) <= 60 and "。" not in candidates[0].text.text:
        title_block = candidates[0]
    if title_block is None:
        return
    parts = parse_heading(title_block)
    if parts.markup_level is not None or parts.bold:
        document.title = make_heading(title_block, parts)
    else:
        document.title = Paragraph(title_block.text, title_block.logical)
    title_text = title_block.text.text
    found = find_year(title_text)
    if found is not None:
        year, start, end = found
        document.year = year
        document.year_span = title_block.text.source_span(start, end)
        document.agency = agency_from_title(title_text, start, end, title.subject)
    else:
        document.agency = agency_from_title(title_text, None, None, title.subject)
    if document.agency is None:
        # A title set on two lines: the agency alone on the line above.
        position = candidates.index(title_block)
        above = next((block for block in reversed(candidates[:position]) if block.text.text.strip()), None)
        if above is not None and _looks_like_agency(above.text.text, title):
            document.agency = MARKUP_AND_SPACE.sub("", above.text.text)


def _looks_like_agency(text: str, title: TitleSpec) -> bool:
    cleaned = MARKUP_AND_SPACE.sub("", text)
    return 2 <= len(cleaned) <= 40 and re.fullmatch(_AGENCY, cleaned) is not None \
        and not any(word in cleaned for word in title.not_agency)


def _normalized_texts(block: TableBlock) -> set[str]:
    """The normalized texts of the cells ``cell_texts`` keeps (those not blank, merged slots
    left out)."""
    return normalized_texts({cell.text.text for row in block.rows for cell in row if not cell.merged})


def detect_formats(raw: RawDocument, templates: TemplateSet,
                   table_texts: dict[int, set[str]] | None = None, flat_text: str | None = None,
                   markers: FormatMarkers | None = None) -> dict[str, list[str]]:
    """Which markers of each format (and of the legacy tables) the report's tables hold.
    ``table_texts``: the normalized cell texts of each table by its place in ``raw.blocks``,
    when the caller has them; ``flat_text``: the folded text (``fold``) of a report flattened
    into running text, whose tables are words in it; ``markers``: ``templates``' markers
    with their normalized forms (``format_markers``), when the caller keeps them."""
    texts = set()
    if table_texts is not None:
        for normalized in table_texts.values():
            texts.update(normalized)
    else:
        for block in raw.blocks:
            if isinstance(block, TableBlock):
                texts.update(_normalized_texts(block))
    evidence: dict[str, list[str]] = {}
    for key, pairs in format_markers(templates) if markers is None else markers:
        found = [marker for marker, normalized in pairs
                 if normalized in texts or (flat_text is not None and fold(marker) in flat_text)]
        if key == LEGACY and flat_text is not None and len(found) < 2:
            found = []  # (one old label in running text, 本年度 say, is a word of the narrative)
        if found:
            evidence[key] = found
    return evidence


def _decide_format(document: Document, raw: RawDocument, templates: TemplateSet, choice: str,
                   table_texts: dict[int, set[str]] | None = None, flat_text: str | None = None,
                   markers: FormatMarkers | None = None) -> None:
    evidence = detect_formats(raw, templates, table_texts, flat_text, markers)
    document.format_evidence = evidence
    by_markers = None
    ranked = sorted(((len(found), key) for key, found in evidence.items() if key != "legacy"), reverse=True)
    if ranked and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        by_markers = ranked[0][1]
    legacy_tables = len(evidence.get("legacy", ())) >= 2 and by_markers is None
    year = document.year
    if year is None:
        # No year in a title: the statistical period's in the body dates the report, and tells
        # a pre-2019 one (a later period leaves the format to the tables, as before).
        document.period_year = _period_year(raw, templates.legacy.period_words)
        if document.period_year is not None and document.period_year < templates.legacy.before_year:
            document.required_format = LEGACY
    if year is not None and year < templates.legacy.before_year:
        document.required_format = LEGACY
    elif year is not None:
        required = templates.for_year(year)
        document.required_format = required.id if required else None
    if choice == LEGACY:
        document.required_format = LEGACY  # (what the user states the report follows)
    if legacy_tables or document.required_format == LEGACY:
        document.format_id = LEGACY
    else:
        document.format_id = by_markers or document.required_format
    if choice == LEGACY:
        document.template_id = None
    elif choice != "auto":
        document.template_id = templates.get(choice).id
    elif document.format_id == "legacy":
        document.template_id = None
    else:
        document.template_id = document.format_id or templates.latest().id


# How far after a period word (统计期限) its first year may stand: 自2017年… or 为2017年度.
_PERIOD_REACH = 16


def _period_year(raw: RawDocument, words: tuple[str, ...]) -> int | None:
    """The first year of the statistical period the body states (…统计期限自2017年1月1日起…),
    from the first line that names one."""
    if not words:
        return None
    for block in raw.blocks:
        if not isinstance(block, LineBlock):
            continue
        text = block.text.text
        for word in words:
            start = text.find(word)
            if start >= 0:
                found = find_year(text[start + len(word):start + len(word) + _PERIOD_REACH])
                if found is not None:
                    return found[0]
    return None


def _table_node(block: TableBlock, section: Section | None, format_index: FormatIndex | None,
                cells: TableCells) -> Table | None:
    """The table ``block`` shows (None for a block of no rows); ``cells``: its cells
    (``read_cells``)."""
    if not block.row_count:
        return None
    section_key = section.key if section else None
    spec = format_index.identify(block, section_key, cells.normalized) if format_index is not None else None
    return build_table(block, format_index.matchers[spec.key] if spec is not None else None, section_key, cells)


def _line_node(block: LineBlock, document: Document) -> Heading | Paragraph | None:
    """The node a line becomes: a heading, a paragraph, or None for the report's title (the
    document's own)."""
    if document.title is not None and block.text is document.title.text:
        return None
    text = block.text.text
    if len(text) > 60:
        return Paragraph(block.text, block.logical)  # (no heading is longer: not taken apart)
    parts = parse_short_heading(text, block.heading_level, block.bold)
    # A heading is marked up (``#``, bold): a numbered line that is not is a paragraph.
    if (parts.markup_level is not None or parts.bold) and not text.rstrip().endswith(("。", "；", ";")):
        return make_heading(block, parts)
    return Paragraph(block.text, block.logical)
