"""Label normalisation and near-miss matching (GK201–GK203 and the tree builder).

Matching ignores white space (line breaks inside a cell included), half-width/full-width
forms, quote styles and the style of the numbering prefix, so that ``(一) 予以公开`` and
``（一）予以公开`` are the same label. A near miss is a label within a small edit distance of
exactly one canonical label; everything farther away, or as close to two labels, is unknown.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Callable, Collection, Hashable, Iterable, Iterator, Sequence

import re

from gklint.grammar import CLOSING, NUMERALS, OPENING, SPACE, WHITE_SPACE
from gklint.records import Frozen

# Stdlib ``re`` rather than ``regex`` (cheaper to import and compile); the classes below spell
# out what ``regex``'s ``\s`` and ``\d`` match, which differ from ``re``'s at the edges
# (``re``'s ``\s`` also takes U+001C–U+001F; ``regex``'s ``\d`` knows newer digits).
_D = (
    "0-9\\d\U00010d40-\U00010d49\U000116d0-\U000116e3\U00011bf0-\U00011bf9\U00011de0-\U00011de9"
    "\U00011f50-\U00011f59\U00016130-\U00016139\U00016d70-\U00016d79\U0001ccf0-\U0001ccf9"
    "\U0001e4f0-\U0001e4f9\U0001e5f1-\U0001e5fa"
)
_WHITESPACE = re.compile(f"[{WHITE_SPACE}\u3000\u00a0\u200b\ufeff]+")
_QUOTES = re.compile(r"[\"'“”‘’「」『』]")
# The numbering in front of a label: 一、 （一） (一) 1. 1、 1． 1） ① ⑴ ⒈, possibly bold or spaced,
# and the damaged forms copy-paste leaves (（一 without its closing parenthesis, 一） without
# its opening one, a doubled parenthesis).
NUMBERING = re.compile(
    rf"^(?:{SPACE}|\*)*(?:"
    rf"[{NUMERALS}]{{1,3}}{SPACE}*[、.．，,]"
    rf"|{OPENING}{{1,2}}{SPACE}*[{NUMERALS}{_D}]{{1,3}}{SPACE}*{CLOSING}{{1,2}}[、.．]?"
    rf"|{OPENING}{SPACE}*[{NUMERALS}]{{1,3}}(?![)）{NUMERALS}])"
    rf"|[{NUMERALS}{_D}]{{1,3}}{SPACE}*{CLOSING}{{1,2}}"
    rf"|[{_D}]{{1,2}}{SPACE}*(?:[、．]|\.(?![{_D}]))"
    r"|[\u2460-\u249b]"
    rf"){SPACE}*"
)


# Labels and counts repeat from report to report and are normalized once per process; longer
# texts (sentences, a paragraph pasted into a cell) seldom repeat and are not kept, so that the
# caches stay small over a run of thousands of reports.
_CACHED_LENGTH = 64
# Entries per cache. Each report brings a few short texts of its own (its title, the agency)
# and hundreds that all reports share (~2,000 distinct over 5,000 generated reports): the
# shared ones stay (least recently used go first), and a long run's memory stops growing
# once a cache is full (~1 MB each).
CACHED_TEXTS = 4096


def normalize(text: str) -> str:
    """The form labels are compared in: NFKC, no white space, no quotes, no numbering."""
    return _normalize_cached(text) if len(text) <= _CACHED_LENGTH else _normalize(text)


def fold(text: str) -> str:
    """NFKC, no white space, no emphasis markers, no quotes, lower case; numbering kept."""
    return _fold_cached(text) if len(text) <= _CACHED_LENGTH else _fold(text)


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    folded = _WHITESPACE.sub("", folded)
    folded = folded.replace("*", "")
    folded = _QUOTES.sub("", folded)
    return folded.lower()


_fold_cached = lru_cache(maxsize=CACHED_TEXTS)(_fold)


def _normalize(text: str) -> str:
    # The numbering is cut before NFKC too: NFKC turns ① into a bare 1 and ⒈ into 1.
    raw = _WHITESPACE.sub("", text).replace("*", "")
    match = NUMBERING.match(raw)
    if match and match.end() < len(raw):
        text = raw[match.end():]
    folded = fold(text)
    match = NUMBERING.match(folded)
    if match and match.end() < len(folded):
        folded = folded[match.end():]
    return folded


_normalize_cached = lru_cache(maxsize=CACHED_TEXTS)(_normalize)


def normalize_each(texts: Collection[str], keep: Callable[[str], object] | None = None) -> Iterator[str]:
    """``normalize`` of each of ``texts`` (with ``keep``, of each text it holds true): when
    none is longer than the cache keeps, all read through the cache itself, without a Python
    call per text (the tree builder normalizes the distinct texts of every table:
    ``benchmarks/run.py``). (``keep`` filters as the texts are read: no collection of the
    texts kept is made first, the lengths of all of them choosing the way, each giving
    ``normalize``.)"""
    kept = texts if keep is None else filter(keep, texts)
    if texts and max(map(len, texts)) <= _CACHED_LENGTH:
        return map(_normalize_cached, kept)
    return map(normalize, kept)


def numbering_length(text: str) -> int:
    """How many leading characters of ``text`` are its numbering prefix (with trailing space)."""
    if len(text) <= 80:  # labels: asked again and again, by the builder and by several rules
        return _numbering_length_cached(text)
    return _numbering_length(text)


@lru_cache(maxsize=CACHED_TEXTS)
def _numbering_length_cached(text: str) -> int:
    return _numbering_length(text)


def _numbering_length(text: str) -> int:
    match = NUMBERING.match(text)
    if not match or match.end() >= len(text.rstrip()):
        return 0
    return match.end()


def allowed_distance(length: int) -> int:
    """Edits tolerated for a near miss of a label of ``length`` normalised characters.

    One edit for short labels, then one per five characters: a doubled or dropped character
    in 无正当理由大量反复申请 (10) or two dropped in 其他法律行政法规禁止公开 (12) are near
    misses, while 行政处罚/行政强制 (two apart) stay distinct.
    """
    return max(1, length // 5)


class LabelMatch(Frozen):
    """``key``: the key of the entry matched, as the matcher was given it (a section key, a
    header text, a block key, a ``RowKey``). ``whole``: the near miss reaches into the
    numbering prefix (``的、本年度办理结果``), so a fix replaces the label with its numbering
    rather than only the text after it."""

    key: Hashable
    canonical: str
    exact: bool
    distance: int
    variant: str | None = None
    whole: bool = False


class LabelMatcher:
    """Matches texts against one set of canonical labels (a table's rows, its headers, ...).

    A text is compared twice: without its numbering prefix against each label without its
    own, and, for labels that carry a numbering prefix, as written against the whole label,
    so that a damaged prefix (``三本年度办理结果``, ``（一予以公开``) still finds its row. The
    edits tolerated are those of the label without numbering (``allowed_distance``), and the
    closest label must be unique.
    """

    def __init__(self, entries: Iterable[tuple[Hashable, str, Sequence[str]]]) -> None:
        """``entries``: (key, canonical label, legitimate variants)."""
        self._exact: dict[str, tuple[str, str, str | None]] = {}
        self._candidates: list[tuple[str, str, str, str | None]] = []
        for key, canonical, variants in entries:
            normalized = normalize(canonical)
            if normalized:
                self._exact.setdefault(normalized, (key, canonical, None))
                whole = fold(canonical)
                self._candidates.append((normalized, key, canonical, whole if whole != normalized else None))
            for variant in variants:
                variant_normalized = normalize(variant)
                if variant_normalized:
                    self._exact.setdefault(variant_normalized, (key, canonical, variant))
        # Each candidate with its tolerance and lengths, so that _match skips, without a call,
        # the many candidates whose length alone puts them out of reach.
        self._scan = [
            (candidate, key, canonical, whole, allowed_distance(len(candidate)), len(candidate),
             -1 if whole is None else len(whole))
            for candidate, key, canonical, whole in self._candidates
        ]
        self.match = lru_cache(maxsize=CACHED_TEXTS // 4)(self._match)  # (one per table: ~20)

    def may_match_numbers(self) -> bool:
        """Whether a text of decimal digits alone (a cell's count) could match a label.

        It cannot when no label or variant is digits only and every label has more
        characters that are not digits than the edits it tolerates: each of those must
        then be edited in. True in no canonical format; callers use it to pass over counts.
        """
        if any(text.isdecimal() for text in self._exact):
            return True
        for candidate, _key, _canonical, whole, limit, _length, _whole_length in self._scan:
            for form in (candidate, whole):
                if form is not None and sum(1 for char in form if not char.isdecimal()) <= limit:
                    return True
        return False

    def _match(self, text: str) -> LabelMatch | None:
        normalized = normalize(text)
        if not normalized:
            return None
        exact = self._exact.get(normalized)
        if exact is not None:
            key, canonical, variant = exact
            return LabelMatch(key, canonical, True, 0, variant)
        folded = fold(text)
        best: tuple[int, str, str, bool] | None = None
        runner_up = 10**9
        length, folded_length = len(normalized), len(folded)
        for candidate, key, canonical, whole, limit, candidate_length, whole_length in self._scan:
            if abs(candidate_length - length) > limit and (whole is None or abs(whole_length - folded_length) > limit):
                continue  # both distances would be over the limit: what _distance answers first
            distance = _distance(normalized, candidate, limit)
            used_whole = False
            if whole is not None:
                # Prefer the whole label when it is closer, or as close and the text's own
                # numbering could not be read (三本年度办理结果: the 三 belongs to the label).
                whole_distance = _distance(folded, whole, limit)
                if whole_distance < distance or (whole_distance == distance <= limit and folded == normalized):
                    distance, used_whole = whole_distance, True
            if distance > limit:
                continue
            if best is None or distance < best[0]:
                if best is not None and best[1] != key:
                    runner_up = min(runner_up, best[0])
                best = (distance, key, canonical, used_whole)
            elif best[1] != key:
                runner_up = min(runner_up, distance)
        if best is None or runner_up <= best[0]:
            return None
        return LabelMatch(best[1], best[2], False, best[0], whole=best[3])


def _distance(text: str, candidate: str, limit: int) -> int:
    if abs(len(candidate) - len(text)) > limit:
        return limit + 1
    # A lower bound, cheap: every distinct character of one string missing from the other
    # costs at least one edit of its own. It settles nearly every non-label, so rapidfuzz is
    # seldom needed. (Any value above ``limit`` means the same to the caller.)
    text_chars, candidate_chars = set(text), set(candidate)
    if len(text_chars - candidate_chars) > limit or len(candidate_chars - text_chars) > limit:
        return limit + 1
    # Imported here: rapidfuzz costs start-up time, and most labels match exactly.
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(text, candidate, score_cutoff=limit + 1)
