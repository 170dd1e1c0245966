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
# The numbering in front of a label: 一、 （一） (一) 1. 1、 1．, possibly bold or spaced.
NUMBERING = regex.compile(
    r"^[\s\u3000*]*(?:"
    r"[一二三四五六七八九十]{1,3}[\s\u3000]*[、.．，,]"
    r"|[（(][\s\u3000]*[一二三四五六七八九十\d]{1,3}[\s\u3000]*[)）]"
    r"|\d{1,2}[\s\u3000]*(?:[、．]|\.(?!\d))"
    r")[\s\u3000]*"
)


def normalize(text: str) -> str:
    """The form labels are compared in: NFKC, no white space, no quotes, no numbering."""
    return _normalize_cached(text)


@lru_cache(maxsize=65536)
def _normalize_cached(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text)
    folded = _WHITESPACE.sub("", folded)
    folded = folded.replace("*", "")
    folded = _QUOTES.sub("", folded)
    match = NUMBERING.match(folded)
    if match and match.end() < len(folded):
        folded = folded[match.end():]
    return folded.lower()


def numbering_length(text: str) -> int:
    """How many leading characters of ``text`` are its numbering prefix (with trailing space)."""
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
    key: str
    canonical: str
    exact: bool
    distance: int
    variant: str | None = None


class LabelMatcher:
    """Matches texts against one set of canonical labels (a table's rows, its headers, ...)."""

    def __init__(self, entries: Iterable[tuple[str, str, Sequence[str]]]) -> None:
        """``entries``: (key, canonical label, legitimate variants)."""
        self._exact: dict[str, tuple[str, str, str | None]] = {}
        self._candidates: list[tuple[str, str, str]] = []
        for key, canonical, variants in entries:
            normalized = normalize(canonical)
            if normalized:
                self._exact.setdefault(normalized, (key, canonical, None))
                self._candidates.append((normalized, key, canonical))
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
        best: tuple[int, str, str] | None = None
        runner_up = 10**9
        for candidate, key, canonical in self._candidates:
            limit = allowed_distance(len(candidate))
            if abs(len(candidate) - len(normalized)) > limit:
                continue
            distance = Levenshtein.distance(normalized, candidate, score_cutoff=limit + 1)
            if distance > limit:
                continue
            if best is None or distance < best[0]:
                if best is not None and best[1] != key:
                    runner_up = min(runner_up, best[0])
                best = (distance, key, canonical)
            elif best[1] != key:
                runner_up = min(runner_up, distance)
        if best is None or runner_up <= best[0]:
            return None
        return LabelMatch(best[1], best[2], False, best[0])
