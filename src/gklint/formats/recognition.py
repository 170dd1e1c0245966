"""What tells a report apart from the other text around it, from the formats' data.

A portal page holds the report among menus, links and footers. A loader that must find the
report's region there (the HTML loader) is handed a ``Recognition``: the section headings
of every known format and the title words, as ``rules.toml`` (and the user's template files)
give them. It is built once per ``TemplateSet`` (``TemplateSet.recognition``), on first use,
so runs that read only text files never build it.

A section heading is its number (一 … 六), its 、 (or . ．) and then one of the section's
``page_words``: right after white space, or, when ``page_within`` is set, within that many
characters of any kind (``四、因政府信息公开工作被申请行政复议…`` finds 行政复议). A section
without ``page_words`` is recognised by its title and variants. A title on a page is the
title's ``subject``, then at most ``page_gap`` characters, then one of its ``page_words``.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

# The formats' model (``Template``, ``TitleSpec``) is taken as it comes, not imported:
# ``gklint.formats.template`` builds a ``Recognition``, and importing it back, even for
# annotations only, would be an import cycle.

# What may stand around the number of a section heading (numbering grammar, not format data).
_NUMBER_SEPARATOR = r"\s*[、.．]"
_LEADING_SPACE = " \t\r\n\u3000\xa0"


class Recognition:
    """Section headings (by section key) and the title pattern of every known format."""

    def __init__(self, formats: Iterable[Any], title: Any) -> None:
        """``formats``: the ``Template`` s of a run; ``title``: its ``TitleSpec``."""
        patterns: dict[str, str] = {}  # pattern → section key (the first format's)
        for template in formats:
            for section in template.sections:
                patterns.setdefault(_heading_pattern(section), section.key)
        self._headings = tuple((re.compile(pattern), key) for pattern, key in patterns.items())
        self._title = _title_pattern(title)

    def section_of(self, text: str) -> str | None:
        """The key of the section whose heading ``text`` is, if it is one."""
        text = text.lstrip(_LEADING_SPACE)
        for pattern, key in self._headings:
            if pattern.match(text):
                return key
        return None

    def title_at(self, text: str) -> int | None:
        """Where in ``text`` a report title's subject starts, if ``text`` reads as a title."""
        if self._title is None:
            return None
        match = self._title.search(text)
        return match.start() if match else None


def _heading_pattern(section: Any) -> str:
    words = section.page_words or (section.title, *section.variants)
    gap = rf".{{0,{section.page_within}}}?" if section.page_within else r"\s*"
    alternatives = "|".join(re.escape(word) for word in words)
    return rf"^{re.escape(section.number)}{_NUMBER_SEPARATOR}{gap}(?:{alternatives})"


def _title_pattern(title: Any) -> re.Pattern[str] | None:
    if not title.subject or not title.page_words:
        return None
    alternatives = "|".join(re.escape(word) for word in title.page_words)
    return re.compile(rf"{re.escape(title.subject)}.{{0,{title.page_gap}}}?(?:{alternatives})")
