"""Regular expressions: the standard library's ``re`` for gklint's own patterns, ``regex`` for
patterns from settings that need it.

``gklint check`` on one file has a start-up budget of 150 ms. Importing ``regex`` costs about
20 ms and its pure-Python compiler takes about twice as long as ``re``'s for the same pattern
(some 40 ms for gklint's patterns on every run), so gklint's own patterns are written for ``re``.
The one Unicode property they need, Script=Han, is spelled out as ``HAN`` below
(``tests/test_patterns.py`` checks it against ``regex``'s ``\\p{Han}`` code point by code point).

Patterns that come from data (``rules.toml``, a local variant, a user's config) are compiled
by ``compile_setting``: with ``re`` when it accepts them and otherwise with ``regex``, so a
local variant may still write ``\\p{Han}``, ``\\p{P}`` or anything else ``regex`` accepts.
"""

from __future__ import annotations

import re

# Script=Han (Unicode 17, as the ``regex`` package has it), as the body of a character class:
# ideographs and their compatibility forms, CJK and Kangxi radicals, 々, 〇, Hangzhou numerals.
# Planes 2 and 3 are reserved for CJK ideographs, so they are taken whole: ideographs added by
# later Unicode versions are Han already.
HAN = (
    "\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9"
    "\U00016fe2\U00016fe3\U00016ff0-\U00016ff6\U00020000-\U0003fffd"
)
HAN_CHARACTER = f"[{HAN}]"


def compile_setting(pattern: str, flags: int = 0):
    """A pattern from settings, compiled with ``re`` or, when only ``regex`` accepts it, ``regex``.

    Raises ``re.error`` (with ``regex``'s message when ``regex`` was tried too) when neither
    accepts it.
    """
    try:
        return re.compile(pattern, flags)
    except re.error as re_error:
        try:
            import regex
        except ImportError:  # pragma: no cover - regex is a dependency
            raise re_error from None
        try:
            return regex.compile(pattern, flags)
        except regex.error as error:
            raise re.error(str(error), pattern) from None


def without_group_names(pattern: str) -> str:
    """``pattern`` with its named groups unnamed, so that patterns naming the same group can be
    joined into one alternation (the caller has ruled out backreferences)."""
    return _NAMED_GROUP.sub("(?:", pattern)


_NAMED_GROUP = re.compile(r"(?<!\\)\(\?P?<(?![=!])[^>]*>")
