"""Reading the numbers people write into value cells, keeping the raw text beside the value.

Writers type ``1,234`` and ``１２``, write ``—`` or ``/`` for "nothing", add a unit (``12件``,
``251000元``), or leave a stray space inside a number (``1 2``). ``parse_value`` reads all of
these without judging: the tree keeps the raw text and what it reads as, and the number rules
(GK301, GK307, GK308) decide what is wrong, the arithmetic rules (GK303–GK306) which cells they
can trust.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from gklint.grammar import SPACE
from gklint.parse.patterns import is_han
from gklint.records import Frozen, set_field

# Symbols writers put in a cell to mean "nothing": they are not numbers (GK301).
NOTHING_SYMBOLS = frozenset({"—", "——", "-", "--", "－", "–", "/", "／", "\\", "无", "空", "×", "x", "X", "*"})
# Units that only name what is counted: ``12件`` still reads as 12.
COUNT_UNITS = frozenset({"件", "个", "项", "次", "条", "人", "宗", "起", "家", "份", "篇", "例", "人次", "件次"})
_ONE = Decimal(1)  # (a number without decimals: ``same_quantum``)
# Units of money and their value in 元.
MONEY_UNITS = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}

# White space as ``regex``'s ``\s`` has it (``gklint.grammar``). (Classes below are kept cheap
# to compile, as that one is.)
_S = SPACE
# A number, then a unit of one to three Han characters or ``%``. The pattern takes any unit
# that is no digit, point, comma or line feed, and ``_parse_value`` keeps only Han ones: the
# class of all Han characters costs some 2 ms to compile, on every run.
_NUMBER = re.compile(
    r"^(?P<sign>[+\-−－]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?(?P<unit>[^\d.,%\n]{1,3}|%)?$"
)
# White space writers leave inside a number: ``1 2``, ``1 234``, ``3. 5``.
# (The same matches as ``\d[\s,.]*\s[\s,.]*\d``, in linear time: neither run can give back
# a character that what follows it would take.)
_SPACED = re.compile(rf"\d[,.]*{_S}(?:{_S}|[,.])*\d")
_DASHES = re.compile(r"[—\-－–/／]+")
_INVISIBLE = re.compile(rf"(?:{_S}|[\u200b-\u200d\ufeff])+")
_DIGIT_WORDS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# (The unit within 64 characters of the parenthesis: an unbounded lazy scan from every
# opening parenthesis was quadratic on a long header.)
_HEADER_UNIT = re.compile(rf"[（(][^）)]{{0,64}}?(?:单位[:：]?{_S}*)?(?P<unit>亿元|万元|千元|元)")
_HEADER_DECIMALS = re.compile(rf"保留{_S}*(?P<count>\d+|[一二两三四五六七八九十]){_S}*位小数")


class CellValue(Frozen):
    """What a value cell holds.

    ``kind``: ``blank`` (nothing), ``number``, ``symbol`` (— / - for nothing) or ``text``.
    ``number`` is set for numbers, also when the cell carries a unit (``12件``), thousands
    separators or a space inside its digits; ``unit``, ``grouped``, ``fullwidth`` and
    ``spaced`` say so, for the rules to judge. ``number`` keeps the decimals as written
    (``36.5000`` stays ``Decimal("36.5000")``).
    """

    raw: str
    kind: str
    number: Decimal | None
    unit: str | None
    grouped: bool
    fullwidth: bool
    spaced: bool
    # Derived from the fields, and left out of equality, hash and repr:
    # ``is_blank``: ``kind == "blank"``, kept as a slot: the tree builder asks it of every cell
    # many times. ``count``: the number a count cell holds, when it can be trusted for
    # arithmetic (see ``_count``); a slot too, read by every arithmetic identity.
    # ``is_integer``: whether ``number`` is a whole number (False without a number).
    # ``is_value``: ``kind`` is ``number`` or ``symbol``, what the tree builder reads as a
    # value rather than a label, asked of every cell it classifies.
    # ``shape_part``: what a row's shape holds for the cell (``gklint.parse.tables``): None
    # when blank, True when a value, else its text.
    # ``whole``: ``count`` as an int where it is a whole number written without decimals, of
    # at most 19 digits (Decimal sums of such counts are integer sums: the identities sum in
    # ints and turn to the Decimals for a failure only), else None. ``is_plain_count``: a
    # whole number, not negative, without a unit or a space: a cell that none of GK301,
    # GK302 and GK307 reports (``check/rules/unusual_values.py``). Both are read of every
    # value cell of a report, and worked out once per cell text (``CELL_VALUES``).
    __slots__ = ("is_blank", "count", "is_integer", "is_value", "shape_part", "whole", "is_plain_count")

    def __init__(
        self,
        raw: str,
        kind: str,
        number: Decimal | None = None,
        unit: str | None = None,
        grouped: bool = False,
        fullwidth: bool = False,
        spaced: bool = False,
    ) -> None:
        set_field(self, "raw", raw)
        set_field(self, "kind", kind)
        set_field(self, "number", number)
        set_field(self, "unit", unit)
        set_field(self, "grouped", grouped)
        set_field(self, "fullwidth", fullwidth)
        set_field(self, "spaced", spaced)
        set_field(self, "is_blank", kind == "blank")
        set_field(self, "count", self._count())
        set_field(self, "is_integer", number is not None and number == number.to_integral_value())
        set_field(self, "is_value", kind in ("number", "symbol"))
        set_field(self, "shape_part", None if kind == "blank" else True if kind in ("number", "symbol") else raw)
        count = self.count
        set_field(self, "whole", int(count) if count is not None and count.same_quantum(_ONE) and count.adjusted() <= 18
                  else None)
        set_field(self, "is_plain_count", self.is_integer and unit is None and not spaced and number >= 0)

    @property
    def decimals(self) -> int:
        """How many digits the writer put after the decimal point."""
        if self.number is None:
            return 0
        exponent = self.number.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0

    def _count(self) -> Decimal | None:
        """The number a count cell holds, when it can be trusted for arithmetic.

        ``0`` for a blank cell (writers leave zeros blank); the number for a number written
        plainly, with thousands separators, full-width digits or a counting unit (``12件``);
        ``None`` for anything else: text, a symbol, a number with a space inside its digits,
        or a unit that changes its value (``1.2万``, ``5%``, ``3元``).
        """
        if self.kind == "blank":
            return Decimal(0)
        if self.kind != "number" or self.spaced:
            return None
        if self.unit is not None and self.unit not in COUNT_UNITS:
            return None
        return self.number


# Value cells repeat ("0", "—"), and so do the label cells the tree builder reads too (the
# longest canonical labels run to some 40 characters): texts up to this long are read once
# per process (``CELL_VALUES``).
SHORT_VALUE_LENGTH = 64
# Short texts whose values are kept (counts, amounts and symbols: a few hundred distinct).
_VALUES_KEPT = 2048


class ValueIndex(dict):
    """What each cell text holds (``parse_value``), looked up as ``index[text]``: a text met
    before is a dictionary lookup, a new one is read and, when short, kept (the tree builder
    reads hundreds of cells per report, most of them texts it has met: "0", "—", the labels).
    Bounded: emptied when full, so memory stays flat over a long run."""

    def __missing__(self, raw: str) -> CellValue:
        value = _parse_value(raw)
        if len(raw) <= SHORT_VALUE_LENGTH:
            if len(self) >= _VALUES_KEPT:
                self.clear()
            self[raw] = value
        return value


# The values of the cell texts met in this process (the one ``ValueIndex``).
CELL_VALUES = ValueIndex()


def parse_value(raw: str) -> CellValue:
    """What the text of a value cell holds."""
    return CELL_VALUES[raw]


def _parse_value(raw: str) -> CellValue:
    stripped = raw.strip().strip("\u3000\u00a0\u200b\ufeff")
    if not stripped:
        return CellValue(raw, "blank")
    folded = unicodedata.normalize("NFKC", stripped)
    fullwidth = folded != stripped and any("\uff10" <= ch <= "\uff19" for ch in stripped)
    compact = _INVISIBLE.sub("", folded)
    if not compact:
        return CellValue(raw, "blank")
    if compact in NOTHING_SYMBOLS or _DASHES.fullmatch(compact):
        return CellValue(raw, "symbol")
    match = _NUMBER.match(compact)
    if match is not None and match["unit"] is not None and match["unit"] != "%" and not _is_han(match["unit"]):
        match = None  # (the unit can only be what follows the number: no other reading is Han)
    if match is None:
        return CellValue(raw, "text", fullwidth=fullwidth)
    digits = match["digits"].replace(",", "")
    text = ("-" if match["sign"] in ("-", "−", "－") else "") + digits + (match["fraction"] or "")
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        return CellValue(raw, "text")
    spaced = _SPACED.search(folded) is not None
    return CellValue(raw, "number", number, match["unit"], "," in match["digits"], fullwidth, spaced)


def _is_han(text: str) -> bool:
    return text != "" and all(map(is_han, text))


def looks_like_value(text: str) -> bool:
    """Whether a cell's text reads as a value (number, symbol, number with unit), not a label."""
    return parse_value(text).is_value


class AmountFormat(Frozen):
    """What a money column's header states: its unit (``万元``) and decimals (``保留4位小数``)."""

    unit: str | None = None
    decimals: int | None = None

    @property
    def states_anything(self) -> bool:
        return self.unit is not None or self.decimals is not None


def amount_format(header: str) -> AmountFormat:
    """Read the unit and precision a header states: ``采购总金额（单位：万元，保留4位小数）``."""
    folded = unicodedata.normalize("NFKC", header)
    folded = _INVISIBLE.sub("", folded)
    unit_match = _HEADER_UNIT.search(folded)
    decimals_match = _HEADER_DECIMALS.search(folded)
    decimals = None
    if decimals_match is not None:
        count = decimals_match["count"]
        decimals = int(count) if count.isdigit() else _DIGIT_WORDS[count]
    return AmountFormat(unit_match["unit"] if unit_match else None, decimals)


def convert_amount(number: Decimal, from_unit: str, to_unit: str) -> Decimal:
    """``number`` in ``from_unit`` expressed in ``to_unit`` (both keys of ``MONEY_UNITS``)."""
    return number * MONEY_UNITS[from_unit] / MONEY_UNITS[to_unit]
