"""Label normalisation and near-miss matching (GK201–GK203 and the tree builder).

Matching ignores white space (line breaks inside a cell included), half-width/full-width
forms, quote styles and the style of the numbering prefix, so that ``(一) 予以公开`` and
``（一）予以公开`` are the same label. A near miss is a label within a small edit distance of
exactly one canonical label; everything farther away, or as close to two labels, is unknown.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

import regex
from rapidfuzz.distance import Levenshtein

_WHITESPACE = regex.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_QUOTES = regex.compile(r"[\"'“”‘’「」『』]")
# The numbering in front of a label: 一、 （一） (一) 1. 1、 1． 1） ① ⑴ ⒈, possibly bold or spaced,
# and the damaged forms copy-paste leaves (（一 without its closing parenthesis, 一） without
# its opening one, a doubled parenthesis).
_HAN = "一二三四五六七八九十"
NUMBERING = regex.compile(
    r"^[\s\u3000*]*(?:"
    rf"[{_HAN}]{{1,3}}[\s\u3000]*[、.．，,]"
    rf"|[（(]{{1,2}}[\s\u3000]*[{_HAN}\d]{{1,3}}[\s\u3000]*[)）]{{1,2}}[、.．]?"
    rf"|[（(][\s\u3000]*[{_HAN}]{{1,3}}(?![)）{_HAN}])"
    rf"|[{_HAN}\d]{{1,3}}[\s\u3000]*[)）]{{1,2}}"
    r"|\d{1,2}[\s\u3000]*(?:[、．]|\.(?!\d))"
    r"|[\u2460-\u249b]"
    r")[\s\u3000]*"
)


def normalize(text: str) -> str:
    """The form labels are compared in: NFKC, no white space, no quotes, no numbering."""
    return _normalize_cached(text)


def fold(text: str) -> str:
    """NFKC, no white space, no emphasis markers, no quotes, lower case; numbering kept."""
    return _fold_cached(text)


@lru_cache(maxsize=65536)
def _fold_cached(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    folded = _WHITESPACE.sub("", folded)
    folded = folded.replace("*", "")
    folded = _QUOTES.sub("", folded)
    return folded.lower()


@lru_cache(maxsize=65536)
def _normalize_cached(text: str) -> str:
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


def numbering_length(text: str) -> int:
    """How many leading characters of ``text`` are its numbering prefix (with trailing space)."""
    if len(text) <= 80:  # labels: asked again and again, by the builder and by several rules
        return _numbering_length_cached(text)
    return _numbering_length(text)


@lru_cache(maxsize=16384)
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


@dataclass(frozen=True, slots=True)
class LabelMatch:
    """``whole``: the near miss reaches into the numbering prefix (``的、本年度办理结果``), so a
    fix replaces the label with its numbering rather than only the text after it."""

    key: str
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

    def __init__(self, entries: Iterable[tuple[str, str, Sequence[str]]]) -> None:
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
        self.match = lru_cache(maxsize=4096)(self._match)

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
        for candidate, key, canonical, whole in self._candidates:
            limit = allowed_distance(len(candidate))
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
    return Levenshtein.distance(text, candidate, score_cutoff=limit + 1)
