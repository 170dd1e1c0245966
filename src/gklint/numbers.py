"""Reading the numbers people write into value cells, keeping the raw text beside the value.

The tree keeps both; the number rules (GK301, GK307, GK308) decide what is wrong.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

# Symbols writers put in a cell to mean "nothing": they are not numbers (GK301).
NOTHING_SYMBOLS = frozenset({"—", "——", "-", "--", "－", "–", "/", "／", "\\", "无", "空", "×", "x", "X", "*"})
_NUMBER = regex.compile(
    r"^(?P<sign>[+\-−－]?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<fraction>\.\d+)?(?P<unit>\p{Han}{1,3}|%)?$"
)


@dataclass(frozen=True, slots=True)
class CellValue:
    """What a value cell holds.

    ``kind``: ``blank`` (nothing), ``number``, ``symbol`` (— / - for nothing) or ``text``.
    ``number`` is set for numbers, also when the cell carries a unit (``12件``) or thousands
    separators; ``unit`` and ``grouped`` say so, for the rules to judge.
    """

    raw: str
    kind: str
    number: Decimal | None = None
    unit: str | None = None
    grouped: bool = False
    fullwidth: bool = False

    @property
    def is_blank(self) -> bool:
        return self.kind == "blank"

    @property
    def is_integer(self) -> bool:
        return self.number is not None and self.number == self.number.to_integral_value()


def parse_value(raw: str) -> CellValue:
    stripped = raw.strip().strip("\u3000\u00a0")
    if not stripped:
        return CellValue(raw, "blank")
    folded = unicodedata.normalize("NFKC", stripped)
    fullwidth = folded != stripped and any("\uff10" <= ch <= "\uff19" for ch in stripped)
    compact = regex.sub(r"\s+", "", folded)
    if compact in NOTHING_SYMBOLS or regex.fullmatch(r"[—\-－–/／]+", compact):
        return CellValue(raw, "symbol")
    match = _NUMBER.match(compact)
    if match is None:
        return CellValue(raw, "text", fullwidth=fullwidth)
    digits = match["digits"].replace(",", "")
    text = ("-" if match["sign"] in ("-", "−", "－") else "") + digits + (match["fraction"] or "")
    try:
        number = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid literals
        return CellValue(raw, "text")
    return CellValue(raw, "number", number, match["unit"], "," in match["digits"], fullwidth)


def looks_like_value(text: str) -> bool:
    """Whether a cell's text reads as a value (number, symbol, number with unit), not a label."""
    return parse_value(text).kind in ("number", "symbol")
