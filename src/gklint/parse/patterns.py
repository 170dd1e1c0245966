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
from bisect import bisect_right

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


def _class_bounds(body: str) -> tuple[int, ...]:
    """The code points of a class body of characters and ``a-b`` ranges, in order, as bounds:
    the first of a range, the one after its last, the first of the next…"""
    bounds: list[int] = []
    position = 0
    while position < len(body):
        first = last = ord(body[position])
        if body[position + 1:position + 2] == "-":
            last = ord(body[position + 2])
            position += 2
        position += 1
        if bounds and bounds[-1] == first:
            bounds[-1] = last + 1
        else:
            bounds += (first, last + 1)
    return tuple(bounds)


_HAN_BOUNDS = _class_bounds(HAN)


def is_han(character: str) -> bool:
    """Whether ``character`` is in ``HAN``: what ``re.compile(HAN_CHARACTER).match`` answers,
    without compiling it (``re``'s compiler sets a bit for each of the class's 28 thousand BMP
    code points one by one, in Python: 13 M instructions, twice for a pattern that is the
    class alone, which ``gklint check`` paid at start-up for each such test)."""
    return bisect_right(_HAN_BOUNDS, ord(character)) & 1 == 1


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


# ── What a match can start with ───────────────────────────────────────────────────────────
#
# ``start_characters`` reads a pattern with a small parser of its own for the plain part of the
# syntax (literals, classes, groups, alternation, repeats) rather than with ``re``'s private
# parser: anything else is answered with None, which only costs the caller a faster path.


def start_characters(pattern: str) -> list[tuple[int, int]] | None:
    """The characters a match of ``pattern`` (compiled by ``re`` without flags) can start with,
    as ranges of code points, when what it matches at a position depends only on the characters
    it matches there and it cannot match the empty string. None otherwise, or when they cannot
    be listed: anchors, ``\\b``, lookarounds, backreferences, atomic groups, possessive
    repeats, inline flags; ``.``, a negated class or ``\\s`` where a match starts.
    """
    try:
        items = _PlainPattern(pattern).parse()
    except _NotPlain:
        return None
    first = _first_characters(items)
    if first is None or first[1] or not first[0]:
        return None
    return first[0]


class _NotPlain(Exception):
    """The pattern uses syntax ``_PlainPattern`` does not read (or reads as context-dependent)."""


# Escapes that stand for one character.
_CHARACTER_ESCAPES = {"a": "\a", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
# Escapes that stand for a class of characters that cannot be listed (``\d``, ``\s``, ``\w``…).
_CLASS_ESCAPES = frozenset("dDsSwW")
_REPEAT_BOUNDS = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")

# The parsed form: a sequence is a list of items; an item is ("char", code point),
# ("class", ranges or None when they cannot be listed), ("any", None),
# ("group", list of alternative sequences) or ("repeat", (low, high, item)).


class _PlainPattern:
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.position = 0

    def parse(self) -> list:
        alternatives = self._alternatives()
        if self.position != len(self.pattern):
            raise _NotPlain  # an unbalanced ")"
        return [("group", alternatives)]

    def _alternatives(self) -> list[list]:
        alternatives = [self._sequence()]
        while self._peek() == "|":
            self.position += 1
            alternatives.append(self._sequence())
        return alternatives

    def _sequence(self) -> list:
        items: list = []
        while self.position < len(self.pattern) and self._peek() not in "|)":
            item = self._atom()
            items.append(self._repeated(item))
        return items

    def _peek(self) -> str:
        return self.pattern[self.position] if self.position < len(self.pattern) else ""

    def _atom(self):
        pattern = self.pattern
        char = pattern[self.position]
        self.position += 1
        if char == "(":
            if pattern.startswith("?:", self.position):
                self.position += 2
            elif pattern.startswith("?P<", self.position):
                end = pattern.find(">", self.position)
                if end < 0:
                    raise _NotPlain
                self.position = end + 1
            elif pattern.startswith("?", self.position):
                raise _NotPlain  # lookarounds, flags, atomic groups, (?P=name), conditionals
            alternatives = self._alternatives()
            if self._peek() != ")":
                raise _NotPlain
            self.position += 1
            return ("group", alternatives)
        if char == "[":
            return ("class", self._class())
        if char == ".":
            return ("any", None)
        if char in "^$*+?{" and not (char == "{" and not _REPEAT_BOUNDS.match(pattern, self.position - 1)):
            raise _NotPlain  # anchors, or a repeat of nothing
        if char == "\\":
            return self._escape(in_class=False)
        return ("char", ord(char))

    def _escape(self, in_class: bool):
        pattern = self.pattern
        if self.position >= len(pattern):
            raise _NotPlain
        char = pattern[self.position]
        self.position += 1
        if char in _CLASS_ESCAPES:
            return ("class", None)
        if char in _CHARACTER_ESCAPES:
            return ("char", ord(_CHARACTER_ESCAPES[char]))
        if char in "xuU":
            width = {"x": 2, "u": 4, "U": 8}[char]
            digits = pattern[self.position:self.position + width]
            if len(digits) != width or not all(digit in "0123456789abcdefABCDEF" for digit in digits):
                raise _NotPlain
            self.position += width
            return ("char", int(digits, 16))
        if char.isascii() and char.isalnum():
            raise _NotPlain  # \b \B \A \Z, backreferences, octal escapes, \N{…}
        return ("char", ord(char))

    def _class(self) -> list[tuple[int, int]] | None:
        pattern = self.pattern
        negated = self._peek() == "^"
        if negated:
            self.position += 1
        ranges: list[tuple[int, int]] | None = []
        first = True
        while True:
            if self.position >= len(pattern):
                raise _NotPlain
            char = pattern[self.position]
            if char == "]" and not first:
                self.position += 1
                break
            first = False
            low = self._class_member()
            if low is not None and pattern.startswith("-", self.position) and \
                    self.position + 1 < len(pattern) and pattern[self.position + 1] != "]":
                self.position += 1
                high = self._class_member()
                if high is None:
                    raise _NotPlain
                if ranges is not None:
                    ranges.append((low, high))
            elif low is None:
                ranges = None
            elif ranges is not None:
                ranges.append((low, low))
        return None if negated else ranges

    def _class_member(self) -> int | None:
        """A character of a class as its code point; None for a class escape (``\\d``)."""
        char = self.pattern[self.position]
        self.position += 1
        if char != "\\":
            return ord(char)
        kind, value = self._escape(in_class=True)
        return value if kind == "char" else None

    def _repeated(self, item):
        pattern = self.pattern
        while True:
            char = self._peek()
            if char in ("*", "+", "?"):
                low, high = {"*": (0, None), "+": (1, None), "?": (0, 1)}[char]
                self.position += 1
            elif char == "{" and (bounds := _REPEAT_BOUNDS.match(pattern, self.position)) is not None \
                    and (bounds.group(1) or bounds.group(3)):
                low = int(bounds.group(1) or 0)
                high = int(bounds.group(3)) if bounds.group(3) else (None if bounds.group(2) else low)
                self.position = bounds.end()
            else:
                return item
            following = self._peek()
            if following == "?":
                self.position += 1  # lazy: matches the same characters
            elif following == "+":
                raise _NotPlain  # possessive
            if item[0] == "repeat":
                raise _NotPlain  # (``re`` refuses a repeat of a repeat)
            item = ("repeat", (low, high, item))


def _first_characters(items: list) -> tuple[list[tuple[int, int]], bool] | None:
    """The characters a match of the sequence ``items`` can start with, and whether it can
    match the empty string; None when they cannot be listed."""
    ranges: list[tuple[int, int]] = []
    for kind, value in items:
        if kind == "char":
            ranges.append((value, value))
            return ranges, False
        if kind == "class":
            if value is None:
                return None
            ranges.extend(value)
            return ranges, False
        if kind == "any":
            return None
        if kind == "group":
            alternatives = [_first_characters(alternative) for alternative in value]
            if any(found is None for found in alternatives):
                return None
            for found in alternatives:
                ranges.extend(found[0])
            can_be_empty = any(found[1] for found in alternatives)
        else:  # a repeat
            low, high, repeated = value
            inner = _first_characters([repeated]) if high != 0 else ([], True)
            if inner is None:
                return None
            ranges.extend(inner[0])
            can_be_empty = low == 0 or inner[1]
        if not can_be_empty:
            return ranges, False
    return ranges, True


# ── What a match must contain ─────────────────────────────────────────────────────────────
#
# A class of at most this many characters is a set of strings of one character each that a
# match must contain one of; a larger one (a negated class, \d, the Han characters) is not.
_FEW_CHARACTERS = 16


def required_strings(pattern: str) -> frozenset[str] | None:
    """Strings of which every match of ``pattern`` (compiled by ``re`` without flags) holds at
    least one, as the pattern writes them (``此处填写[^，。]{0,30}`` → ``{"此处填写"}``,
    ``[XＸ]{2}局`` → ``{"X", "Ｘ"}``): where none of them stands, nothing matches, and ``in``
    says so in C, skipping ahead in the string as no search of a pattern does. None when no
    such strings can be named (a match may be empty, or made of large classes alone) or the
    pattern is not plain (``start_characters``)."""
    try:
        items = _PlainPattern(pattern).parse()
    except _NotPlain:
        return None
    required = _required(items)
    if required is None:
        return None
    # (A string that holds another is found only where that one is: the shorter one is enough.)
    return frozenset(string for string in required if not any(other != string and other in string for other in required))


def _required(items: list) -> frozenset[str] | None:
    """The strings one of which every match of the sequence ``items`` holds: those of the item
    that gives the longest shortest string (then the fewest strings), a run of literal
    characters being one item; None when no item has any."""
    found: list[frozenset[str]] = []
    run: list[str] = []
    for kind, value in items:
        if kind == "char":
            run.append(chr(value))
            continue
        if run:
            found.append(frozenset(["".join(run)]))
            run = []
        required = _required_of(kind, value)
        if required is not None:
            found.append(required)
    if run:
        found.append(frozenset(["".join(run)]))
    if not found:
        return None
    return max(found, key=lambda strings: (min(map(len, strings)), -len(strings)))


def _required_of(kind: str, value) -> frozenset[str] | None:
    """The strings one of which every match of one item (not a character) holds, or None."""
    if kind == "class":
        if value is None or sum(high - low + 1 for low, high in value) > _FEW_CHARACTERS:
            return None
        return frozenset(chr(code) for low, high in value for code in range(low, high + 1))
    if kind == "group":
        alternatives = [_required(alternative) for alternative in value]
        if any(required is None for required in alternatives):
            return None
        return frozenset().union(*alternatives)
    if kind == "repeat":
        low, _, repeated = value
        return _required([repeated]) if low >= 1 else None
    return None  # any character
