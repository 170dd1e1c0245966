"""Whether a parsed file is a 政府信息公开工作年度报告 at all: a README, a changelog or notes
in a folder of reports are skipped, not failed for lacking six sections.

The test is data (``[reports]`` in ``rules.toml``): a title naming a report, or enough of
the canonical section headings.
"""

from __future__ import annotations

from typing import Sequence

from gklint.parse.tree import Document
from gklint.records import Record


class ReportSigns(Record):
    """What makes a file a report: a title with all ``title_words`` of a group that ends
    with one of ``title_endings``, or ``min_sections`` canonical section headings."""

    title_words: tuple[tuple[str, ...], ...]
    title_endings: tuple[str, ...]
    min_sections: int

    def __init__(self, title_words: Sequence[Sequence[str]], title_endings: Sequence[str], min_sections: int) -> None:
        self.title_words = tuple(tuple(group) for group in title_words)
        self.title_endings = tuple(title_endings)
        self.min_sections = min_sections


def load_report_signs(rules_file: str) -> ReportSigns:
    """``[reports]`` of the built-in ``rules.toml``."""
    from gklint.formats.toml_cache import read_toml  # parsed once and cached

    table = read_toml(rules_file).get("reports", {})
    return ReportSigns(table.get("title_words", []), table.get("title_endings", []), int(table.get("min_sections", 2)))


def is_report(document: Document, signs: ReportSigns) -> bool:
    """Whether ``document`` names itself a report or has the sections of one."""
    if document.title is not None and _names_a_report(document.title.text.text, signs):
        return True
    return len({section.key for section in document.sections}) >= signs.min_sections


_CLOSING = {"）": "（", ")": "(", "】": "【", "]": "["}


def _without_trailing_brackets(title: str) -> str:
    """``…年度报告（2023年度）`` → ``…年度报告``: bracketed parts at the end left aside."""
    title = title.rstrip()
    while title and title[-1] in _CLOSING:
        opening = title.rfind(_CLOSING[title[-1]])
        if opening < 0:
            break
        title = title[:opening].rstrip()
    return title


def _names_a_report(title: str, signs: ReportSigns) -> bool:
    if not any(all(word in title for word in group) for group in signs.title_words):
        return False
    # A sentence that speaks of reports (存放…年度报告。) is not a report's title.
    if any(mark in title for mark in "。！？；"):
        return False
    ending = _without_trailing_brackets(title.strip().rstrip("#*_ \t")).rstrip("#*_ \t")
    return ending.endswith(signs.title_endings)
