"""The small grammar of report text that every stage shares: white space, Han numerals and the
numbering of headings and items (``一、`` ``（一）`` ``1.``), as pieces of regular expressions,
and Han numbers read and written (``han_value``, ``han_numeral``).

A leaf module (it imports nothing): loaders, the tree builder and the rules compose their own
patterns from these pieces, so that what counts as white space or as a numbering is written
once. The pieces are written for ``re`` and kept cheap to compile (``gklint check`` on one file
has a start-up budget, see ``parse/patterns.py``).
"""

from __future__ import annotations

# ── White space ───────────────────────────────────────────────────────────────────────────

# Unicode White_Space, what ``\s`` matches in the ``regex`` package, spelled out (for
# ``str.strip`` and for character classes that add other characters to it).
WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
# One white-space character, the same set as ``WHITE_SPACE`` (U+3000 and U+00A0 included):
# ``re``'s ``\s`` less U+001C–U+001F, which ``re`` takes as white space and a writer does not.
# Written as a negated class because it compiles some ten times faster than the list; join it
# to other characters with an alternation (``(?:{SPACE}|[*#])``), not inside a class.
SPACE = r"[^\S\x1c-\x1f]"


def without_space(text: str) -> str:
    """``text`` with its white space (``SPACE``, ``WHITE_SPACE``) taken out: split at it and
    joined, which scans in C at a few instructions a character, where a pattern of ``SPACE``
    tries its negated class at each (GK401, GK404 and GK406 on the bodies of sections 五 and 六
    and the agency's name: 203 -> 176 thousand instructions a generated text report,
    in-process, callgrind). ``str.split`` also splits at U+001C–U+001F, which ``SPACE`` leaves:
    a text holding one of them is filtered character by character."""
    for character in "\x1c\x1d\x1e\x1f":
        if character in text:
            return "".join(kept for kept in text if kept not in WHITE_SPACE)
    return "".join(text.split())

# ── Numbering ─────────────────────────────────────────────────────────────────────────────
#
# Reports number their parts in three ways:
#   一、  二．  十一，           a section or item numbered in Han numerals (``HAN_ITEM``)
#   （一）  (二)  （1）           a sub-item in parentheses (``PAREN_ITEM``)
#   1.  2、  3．                 an item numbered in digits (``DIGIT_ITEM``)
# Each reader is as strict as its job needs (a loader looking for a heading start, the builder
# taking a heading apart, label matching forgiving copy-paste damage), and builds its pattern
# from the pieces below.

# The Han numerals that number sections and items (one to ten; eleven is ``十一``).
NUMERALS = "一二三四五六七八九十"
# One of them, as a class.
NUMERAL = f"[{NUMERALS}]"
# The parentheses around a sub-item's number, full-width or half-width.
OPENING = "[（(]"
CLOSING = "[）)]"
# What follows an item's number: 、 or a full stop, half-width or full-width.
ITEM_MARK = "[、.．]"

# ``一、``: Han numerals and the enumeration comma.
HAN_ITEM = f"{NUMERAL}+、"
# ``（一）`` ``(1)``: Han numerals or digits in parentheses.
PAREN_ITEM = rf"{OPENING}[{NUMERALS}\d]+{CLOSING}"
# ``1.`` ``2、``: digits and an item mark, white space between them allowed (``space``: the
# white-space pattern the reader uses).


def digit_item(space: str = SPACE) -> str:
    """``1.`` ``2、`` ``3．``: digits, optional white space (``space``), an item mark."""
    return rf"\d+{space}*{ITEM_MARK}"


# ── Han numbers ───────────────────────────────────────────────────────────────────────────

HAN_DIGITS = "〇一二三四五六七八九"
_DIGIT_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}


def han_value(text: str) -> int | None:
    """The value of a number in Han numerals (十二 → 12, 一百零五 → 105, 两 → 2, 一万二千 →
    12000); None for what is not one (一二, 十十, 万). Below 万 the units must come in falling
    order, each once."""
    if not text:
        return None
    total = section = 0
    digit: int | None = None
    last_unit = 10000
    for character in text:
        if character in _DIGIT_VALUES:
            if digit:  # two digits without a unit between them (一二)
                return None
            digit = _DIGIT_VALUES[character]
        elif character in _UNIT_VALUES:
            unit = _UNIT_VALUES[character]
            if unit >= last_unit:  # 十十, 十二十
                return None
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        elif character == "万":
            section += digit or 0
            if section == 0:
                return None
            total += section * 10000
            section, digit, last_unit = 0, None, 10000
        else:
            return None
    return total + section + (digit or 0)


def han_numeral(value: int, digits: str = HAN_DIGITS, ten: str = "十", hundred: str = "百") -> str:
    """``value`` in Han numerals, as Word counts and reports number (1 → 一, 10 → 十, 12 → 十二,
    20 → 二十, 105 → 一百零五); ``digits``, ``ten`` and ``hundred`` give other sets (壹 拾 佰).
    From 1000 on, Arabic digits."""
    if value < 10:
        return digits[max(value, 0)]
    if value < 100:
        tens, ones = divmod(value, 10)
        prefix = "" if tens == 1 and ten == "十" else digits[tens]
        return prefix + ten + (digits[ones] if ones else "")
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        head = digits[hundreds] + hundred
        if rest == 0:
            return head
        if rest < 10:
            return head + digits[0] + digits[rest]
        tens, ones = divmod(rest, 10)
        return head + digits[tens] + ten + (digits[ones] if ones else "")
    return str(value)
