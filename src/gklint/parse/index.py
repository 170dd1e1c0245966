"""What the tree builder derives from the formats, made once and kept from one report to the
next: the matcher of section titles, and per template (``FormatIndex``) the matchers of each
canonical table, the row readings and table plans they learn and the tables already identified
by their texts.

Table rows and label sets repeat from report to report, so working them out once per format
rather than once per report is most of what makes building a tree cheap
(``benchmarks/run.py``). The linter keeps one ``TreeIndexes`` (``Linter.tree_indexes``); what
rules read of one report is in ``gklint.parse.tree.DocumentIndex``.
"""

from __future__ import annotations

from itertools import filterfalse
from typing import Iterable

from gklint.formats.template import LEGACY, TableSpec, Template, TemplateSet
from gklint.parse.matching import normalize
from gklint.parse.structure import SectionMatcher, format_section_matcher, section_matcher
from gklint.parse.tables import TableMatchers, cell_texts, matchers_for
from gklint.read.blocks import TableBlock
from gklint.records import cached_property

# Table identifications a format index keeps (a few label sets make most reports: a small
# memory will do).
_IDENTIFICATIONS_KEPT = 512
# Texts whose scores a format index keeps (``FormatIndex._scores``): the labels and the few new
# texts of each report; emptied when full, so memory stays flat over a long run.
_SCORED_KEPT = 8192


class FormatIndex:
    """What the tree builder derives from one template (kept by ``TreeIndexes``): the matchers
    of each canonical table (with the row readings they learn) and the tables already
    identified by their texts."""

    def __init__(self, template: Template) -> None:
        self.template = template
        # The matchers of each table of the template, by table key.
        self.matchers: dict[str, TableMatchers] = {spec.key: matchers_for(spec) for spec in template.tables}
        # Whether a cell of digits alone could match a label of some table: if not, counts
        # score nothing in ``identify`` and are left out of what it remembers.
        self.counts_may_match = any(matchers.counts_may_match for matchers in self.matchers.values())
        # The keys of the tables each section must hold that have matchers, by section key
        # (what ``gklint.parse.builder`` looks for in a flattened report's running text):
        # looked up once here rather than in the template for every section of every report.
        # (The first section of a key, as ``Template.section`` finds it.)
        self.section_tables: dict[str, tuple[str, ...]] = {}
        for section in template.sections:
            self.section_tables.setdefault(section.key, tuple([key for key in section.tables if key in self.matchers]))
        # (normalized cell texts, section key) → the table identified (``identify``).
        self._identified: dict[tuple[frozenset[str], str | None], TableSpec | None] = {}
        # What each text met scores for each table (``_score``), one dict per table in the
        # template's order, and the texts they hold: a table's texts are mostly known ones,
        # scored once for the run rather than matched again against every table's labels for
        # each table not identified before (some 0.1 a text report, ~100 texts and four
        # tables each: a few hundred thousand instructions each, callgrind).
        self._scores: tuple[dict[str, float], ...] = tuple({} for _ in template.tables)
        self._scored: set[str] = set()

    def identify(self, block: TableBlock, section_key: str | None, texts: set[str] | None = None) -> TableSpec | None:
        """The canonical table this grid shows: the one most of its texts belong to.
        ``texts``: the normalized cell texts of the block, when the caller has them."""
        texts = {normalize(text) for text in cell_texts(block)} if texts is None else texts
        if not self.counts_may_match:
            # Counts score nothing, and without them the texts of a table repeat from report
            # to report: the answer is remembered. (The texts that score, made the key's set
            # at once.)
            scored = frozenset(filterfalse(str.isdecimal, texts))
        else:
            scored = frozenset(texts)
        key = (scored, section_key)
        try:
            return self._identified[key]
        except KeyError:
            pass
        spec = self._identify(scored, section_key)
        if len(self._identified) >= _IDENTIFICATIONS_KEPT:
            self._identified.clear()
        self._identified[key] = spec
        return spec

    def _identify(self, texts: frozenset[str], section_key: str | None) -> TableSpec | None:
        new = texts.difference(self._scored)
        if new:
            if len(self._scored) + len(new) > _SCORED_KEPT:
                # (Emptied when full, then every text of the table scored anew.)
                self._scored.clear()
                for scores in self._scores:
                    scores.clear()
                new = texts
            self._score(new)
        best: tuple[float, TableSpec] | None = None
        for spec, scores in zip(self.template.tables, self._scores):
            # (Its texts' scores are halves and wholes: their sum is exact in any order.)
            score = 0.0 + sum(map(scores.__getitem__, texts))
            if spec.section == section_key:
                score += 1
            if best is None or score > best[0]:
                best = (score, spec)
        if best is None or best[0] < 2:
            return None
        return best[1]

    def _score(self, texts: Iterable[str]) -> None:
        """What each of ``texts`` scores for each table, kept (``_scores``): 1 for a row label
        or a block title of the table, 0.5 for one of its header cells, else (and for an
        empty text) nothing."""
        for spec, scores in zip(self.template.tables, self._scores):
            matchers = self.matchers[spec.key]
            for text in texts:
                if not text:
                    scores[text] = 0
                elif matchers.rows.match(text) or matchers.titles.match(text):
                    scores[text] = 1
                elif matchers.headers.match(text):
                    scores[text] = 0.5
                else:
                    scores[text] = 0
        self._scored.update(texts)


# The markers of each format by its id, in the templates' order, then those of the legacy
# tables (``LEGACY``), each as (marker, its normalized form): what ``detect_formats`` looks
# for among a report's table texts.
FormatMarkers = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def format_markers(templates: TemplateSet) -> FormatMarkers:
    """The markers of ``templates``' formats and legacy tables with their normalized forms
    (``FormatMarkers``), made anew (``TreeIndexes.markers`` keeps them for the linter)."""
    def paired(markers: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
        return tuple((marker, normalize(marker)) for marker in markers)

    return (*((template.id, paired(template.markers)) for template in templates.formats.values()),
            (LEGACY, paired(templates.legacy.markers)))


class TreeIndexes:
    """What the tree builder derives from a template set, made once for as long as the linter
    runs: the matcher of section titles (every format's) and the ``FormatIndex`` of each
    template, each made the first time a report needs it (a run over one file builds only
    the one it needs)."""

    def __init__(self, templates: TemplateSet) -> None:
        self.templates = templates
        self._formats: dict[str, FormatIndex] = {}
        self._format_sections: dict[str, SectionMatcher] = {}

    @cached_property
    def sections(self) -> SectionMatcher:
        """The matcher of section titles of every format."""
        return section_matcher(self.templates)

    @cached_property
    def markers(self) -> FormatMarkers:
        """The markers of every format and of the legacy tables, normalized once for the run
        (``format_markers``)."""
        return format_markers(self.templates)

    def format_sections(self, template: Template) -> SectionMatcher:
        """The matcher of ``template``'s own section titles (``sections`` itself when they are
        every format's), to judge headings once a report's format is known."""
        matcher = self._format_sections.get(template.id)
        if matcher is None:
            matcher = self._format_sections[template.id] = format_section_matcher(self.sections, template)
        return matcher

    def format(self, template: Template) -> FormatIndex:
        """The index of ``template``, one of ``templates``' formats."""
        index = self._formats.get(template.id)
        if index is None:
            index = self._formats[template.id] = FormatIndex(template)
        return index
