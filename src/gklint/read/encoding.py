"""Decoding input bytes and encoding fixed text back, byte for byte.

Reports circulate as UTF-8 (with or without BOM), GB18030/GBK and UTF-16. The file's own
encoding and BOM are kept so that ``--fix`` writes back exactly what it read, but for the
fixed spans.
"""

from __future__ import annotations

import codecs
import re

from gklint.read.errors import LoadError
from gklint.records import Frozen

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class Decoded(Frozen):
    text: str
    encoding: str
    bom: bool


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Decode file bytes, trying BOM, UTF-8, a declared charset, GB18030 and UTF-16.

    Raises ``LoadError`` naming every encoding tried when none fits, and for binary data.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(encoding), encoding, True)
            except UnicodeDecodeError as error:
                raise LoadError(
                    f"文件以 {encoding} 字节顺序标记开头，但无法按 {encoding} 解码（第 {error.start} 字节）",
                    f"the file starts with a {encoding} byte-order mark but does not decode as {encoding} "
                    f"(byte {error.start})",
                ) from None
    tried: list[str] = []
    candidates = ["utf-8"]
    if declared:
        normalized = _normalize_name(declared)
        if normalized and normalized not in candidates:
            candidates.append(normalized)
    if _looks_utf16(data):
        candidates.append("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be")
    if "gb18030" not in candidates:
        candidates.append("gb18030")
    for encoding in candidates:
        tried.append(encoding)
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding == "gb18030" and not _plausible_chinese(text):
            continue
        if ("\x00" in text) if encoding not in _NUL_ONLY_FROM_ZERO_BYTE else (b"\x00" in data):
            continue
        return Decoded(text, encoding, False)
    guess = _charset_normalizer_guess(data)
    if guess is not None:
        return guess
    raise LoadError(
        "无法识别文件编码（已尝试：" + "、".join(tried + ["charset-normalizer 检测"]) + "）；可能是二进制文件",
        "cannot decode the file (tried: " + ", ".join(tried + ["charset-normalizer detection"]) + "); it may be binary",
    )


# Encodings in which U+0000 comes from a zero byte and a zero byte stands for nothing else:
# the text holds U+0000 when the bytes hold a zero, looked for there (``memchr``), where a
# search of a Chinese text for U+0000 takes a step per character (CPython's string search
# leaves ``memchr`` to characters whose low byte is not zero): 8,000 instructions less a
# text report, callgrind.
_NUL_ONLY_FROM_ZERO_BYTE = frozenset({"utf-8", "gb18030"})


def encode(text: str, encoding: str, bom: bool) -> bytes:
    """Encode text back into the file's own encoding, with its BOM if it had one."""
    body = text.encode(encoding)
    if not bom:
        return body
    for mark, name in _BOMS:
        if name == encoding:
            return mark + body
    return body


def _normalize_name(name: str) -> str | None:
    try:
        canonical = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    # GBK and GB2312 pages are decoded as GB18030, their superset.
    if canonical in {"gbk", "gb2312", "gb18030", "cp936", "hz"}:
        return "gb18030"
    return canonical


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return False  # (no zero byte: none to count, the common case)
    return sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4


# What a wrong decoding shows and Chinese text hardly holds: private-use characters, characters
# beyond the Basic Multilingual Plane, control characters but tab, line feed, form feed and
# carriage return.
_ODD = re.compile("[\ue000-\uf8ff\U00010000-\U0010ffff\x00-\x08\x0b\x0e-\x1f]")


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes almost any byte string; accept it only when it yields mostly CJK text."""
    sample = text[:20000]
    if not sample:
        return True
    # (Counted by the pattern, not a Python step per character: a GBK report took ~0.5 ms here.)
    odd = len(_ODD.findall(sample))
    return odd <= max(2, len(sample) // 200)


def _charset_normalizer_guess(data: bytes) -> Decoded | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    best = from_bytes(data[:200000]).best()
    if best is None:
        return None
    encoding = _normalize_name(best.encoding) or best.encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if "\x00" in text:
        return None
    return Decoded(text, encoding, False)
