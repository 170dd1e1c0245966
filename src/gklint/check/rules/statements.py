"""What the narrative states in numbers, for the rules that compare it (GK405, GK408).

A count may be written in Arabic digits (37, 1,205, full-width ３７ made ASCII first) or in
Chinese numerals (两件, 十二件, 一百零五件). Patterns in the settings write the count as
``{n}``; ``expand`` puts in its place a named group ``n`` that takes either. A sentence is
the text between two of 。；！？ (a finding's place); a period, between two of 。！？ (what a
total and its parts, or a share and its whole, may span).
"""

from __future__ import annotations

import re
from decimal import Decimal

from gklint.grammar import han_value as chinese_number  # the name the rules and tests use

# Chinese numerals: the digits and the units up to 万 (read by ``gklint.grammar.han_value``).
_NUMERAL = "零〇一二两三四五六七八九十百千万"
# A count: Arabic (with thousands separators or not), or Chinese numerals that do not start
# inside a longer numeral or after a word that makes them approximate or ordinal (数十, 几百,
# 十余 is cut by the unit that must follow, 每一件, 第一).
#   It is ``\d{1,3}(?:,\d{3})+|\d+|(?<![…数几余多每第逐])[…]+`` written to start with the class
# of its first character, the rest tried in the same order after it (a digit's, or the
# numeral's, which looks back past itself for what may not stand before it): ``re`` skips
# ahead in C to where a pattern's first class matches, and tries one that starts with a
# lookbehind at every position — GK405's phrase that starts with its count (N件…结转至下年度)
# was tried at every character of each paragraph that names 结转, and GK408's parts at every
# character of their labels (GK405's check 714 -> 690, GK408's 158 -> 127 thousand
# instructions a generated text report, callgrind; tests/test_fast_paths.py pins the matches
# to those of the lookbehind written first).
#   The numeral's branch looks back at its first character as ``\D``: the first class took a
# digit or a numeral, and no numeral is a decimal digit (〇 is a letter number), so ``\D``
# tells them apart as ``[零…万]`` would, and ``re`` compiles it without the 64 K bitmap a class
# of scattered Han characters costs (1.3 M instructions, paid by each of some 40 patterns
# holding a count at start-up; tests/test_fast_paths.py compares it at every digit).
NUMBER = (rf"(?:[\d{_NUMERAL}](?:(?<=\d)(?:\d{{0,2}}(?:,\d{{3}})+|\d*)"
          rf"|(?<=(?<![{_NUMERAL}数几余多每第逐])\D)[{_NUMERAL}]*))")
COUNT = f"(?P<n>{NUMBER})"

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# (Bound once: GK405 asks of every paragraph of a report, GK402 and GK408 of some.)
_FIND_FULLWIDTH_DIGIT = re.compile("[０-９]").search

SENTENCE_END = re.compile(r"[。；;！!？?\n]")
PERIOD_END = re.compile(r"[。！!？?\n]")
_OPENING = "（("
_CLOSING = "）)"


def expand(pattern: str) -> str:
    """``pattern`` with ``{n}`` standing for a count in either kind of numerals."""
    return pattern.replace("{n}", COUNT)


def ascii_digits(text: str) -> str:
    """``text`` with full-width digits made ASCII (３７ → 37); indices stay the same."""
    # (Most texts have none: one search, and no copy. ``str.translate`` looks every character
    # of a Chinese text up in its table: 11 us a paragraph of the benchmark corpus, which GK408
    # paid on every paragraph that names a total.)
    if _FIND_FULLWIDTH_DIGIT(text) is None:
        return text
    return text.translate(_FULLWIDTH_DIGITS)


def count_value(text: str) -> Decimal | None:
    """The value of a count matched by ``NUMBER``."""
    if text[:1].isdigit():
        return Decimal(text.replace(",", ""))
    value = chinese_number(text)
    return None if value is None else Decimal(value)


def sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]``: from after the 。；！？ before it to the one
    after it (included), leading blanks left out."""
    left = 0
    for found in SENTENCE_END.finditer(text, 0, start):
        left = found.end()
    right_match = SENTENCE_END.search(text, end)
    right = right_match.end() if right_match else len(text)
    while left < right and text[left] in " \t\u3000":
        left += 1
    return left, right


def period_start(text: str, position: int) -> int:
    """Where the period holding ``position`` starts (after the last 。！？ before it)."""
    start = 0
    for found in PERIOD_END.finditer(text, 0, position):
        start = found.end()
    return start


def depth(text: str, position: int) -> int:
    """How many brackets are open at ``position`` of ``text`` (closing ones before any
    opening one left aside)."""
    # (The two brackets of ``_OPENING`` and of ``_CLOSING`` counted one by one: a generator
    # for each sum cost more than the counts it adds up, for every count GK405 finds.)
    before = text[:position]
    opened = before.count("（") + before.count("(")
    return max(0, opened - before.count("）") - before.count(")")) if opened else 0


def closing_bracket(text: str, position: int) -> int | None:
    """The position after the bracket that closes the one at ``position``; None when unclosed."""
    depth = 0
    for index in range(position, len(text)):
        if text[index] in _OPENING:
            depth += 1
        elif text[index] in _CLOSING:
            depth -= 1
            if depth == 0:
                return index + 1
    return None
