"""The Word loader: ``.docx`` packages into lines and gridded tables, and fixes back into runs.

A DOCX file has no text positions of its own, so the loader renders a *synthetic text*: one
line per body paragraph and one line per table row (cells separated by a tab). Every block's
``SourcedText`` points into that text, so a finding's line number is the paragraph/row order
of the document, and each block carries a ``logical`` place a person can look up in Word
(``第12段``, ``表格2 第5行 第3列``).

For ``--fix`` the loader remembers which synthetic characters come from which ``w:t`` element
(and which come from tabs, line breaks, cell and paragraph boundaries, automatic numbering:
those cannot be edited). ``write`` replaces text inside the runs, so run formatting stays, and
rewrites only ``word/document.xml``; every other member of the package keeps its content and
``ZipInfo`` metadata.

lxml is imported inside the functions that need it: importing this module must stay cheap,
because the plugin host imports every loader at start-up.
"""

from __future__ import annotations

import bisect
import copy
import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

from gklint.grammar import HAN_DIGITS, han_numeral
from gklint.read.blocks import Block, CellBlock, LineBlock, RawDocument, TableBlock, verbatim_cell
from gklint.read.loader import Loader, LoadError
from gklint.read.loaders import docx_plain_tables
from gklint.read.source import SourceText, Span, VerbatimText

if TYPE_CHECKING:  # pragma: no cover
    from lxml import etree

_new = object.__new__
_set_text, _set_start = VerbatimText.text.__set__, VerbatimText.start.__set__

DOCUMENT_PART = "word/document.xml"
STYLES_PART = "word/styles.xml"
NUMBERING_PART = "word/numbering.xml"

# Limits against hostile packages. A real report's document.xml is a few hundred kilobytes
# and compresses 5-30 times; a zip bomb compresses about a thousand times.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
MAX_AUXILIARY_BYTES = 10 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_ABOVE_BYTES = 1024 * 1024

WORD_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
STRICT_WORD_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# Paragraph-level wrappers whose runs Word shows as part of the paragraph text.
_INLINE_CONTAINERS = frozenset(
    {"hyperlink", "smartTag", "customXml", "fldSimple", "ins", "moveTo", "sdt", "sdtContent", "dir", "bdo"}
)
# Block-level wrappers that hold paragraphs and tables (content controls, custom XML).
_BLOCK_CONTAINERS = frozenset({"sdt", "sdtContent", "customXml"})
_FALSE_VALUES = frozenset({"0", "false", "off", "none"})
_HEADING_STYLE_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Writer state: where the synthetic characters live in the XML


@dataclass(frozen=True, slots=True)
class TextSegment:
    """``length`` synthetic characters from ``start`` are ``w:t`` number ``t_index``'s text
    from ``t_offset`` on (``w:t`` elements numbered in document order)."""

    start: int
    length: int
    t_index: int
    t_offset: int

    @property
    def end(self) -> int:
        return self.start + self.length


class DocxState:
    """What ``write`` needs: the original package and the editable segments, sorted.

    The segments are found when a writer first asks for them, by reading the document again
    with ``reread`` (which records, for each stretch of the text that is a ``w:t``'s text,
    ``(start, length, t_index)``): most runs only lint, and recording them (numbering every
    ``w:t`` of the document, a record per run) was a tenth of a report's loading. The
    ``TextSegment`` records are made from them then.
    """

    __slots__ = ("data", "_reread", "_stretches", "_segments", "_segment_starts")

    def __init__(self, data: bytes, reread: Callable[[], list[tuple[int, int, int]]]) -> None:
        self.data = data
        self._reread = reread
        self._stretches: list[tuple[int, int, int]] | None = None
        self._segments: list[TextSegment] | None = None
        self._segment_starts: list[int] | None = None

    @property
    def stretches(self) -> list[tuple[int, int, int]]:
        if self._stretches is None:
            self._stretches = self._reread()
        return self._stretches

    @property
    def segments(self) -> list[TextSegment]:
        if self._segments is None:
            self._segments = [TextSegment(start, length, t_index, 0) for start, length, t_index in self.stretches]
        return self._segments

    @property
    def segment_starts(self) -> list[int]:
        if self._segment_starts is None:
            self._segment_starts = [start for start, _, _ in self.stretches]
        return self._segment_starts

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DocxState):
            return NotImplemented
        return self.data == other.data and self.stretches == other.stretches

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"DocxState(data=<{len(self.data)} bytes>, segments={self.segments!r})"


# --------------------------------------------------------------------------------------------
# Reading the package safely


def _open_package(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        if data.startswith(_OLE2_SIGNATURE):
            raise _compound_file_error(data) from None
        raise LoadError(
            f"不是有效的 Word 文档（.docx 应为 zip 压缩包）：{error}",
            f"not a valid Word document (a .docx is a zip package): {error}",
        ) from error


# An OLE2 compound file under a .docx name: Word's encrypted (password-protected) package, or
# a Word 97-2003 document renamed.
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE_STREAM = "EncryptedPackage".encode("utf-16-le")


def _compound_file_error(data: bytes) -> LoadError:
    if _ENCRYPTED_PACKAGE_STREAM in data:
        return LoadError(
            "文档设置了打开密码（已加密），gklint 无法读取：请在 Word 或 WPS 中取消密码（文件 → 信息 → 保护文档 → 用密码进行加密，清空密码）后另存，再检查",
            "the document is password-protected (encrypted) and gklint cannot read it: remove the password in Word or WPS "
            "(File → Info → Protect Document → Encrypt with Password, clear it), save, and lint it again",
        )
    return LoadError(
        "这是旧版 Word 文档（.doc 格式），只是扩展名为 .docx：请把扩展名改为 .doc，或在 Word/WPS 中另存为 .docx",
        "this is a legacy Word document (.doc) with a .docx name: rename it to .doc, or save it as .docx in Word or WPS",
    )


def _read_member(package: zipfile.ZipFile, name: str, limit: int, required: bool) -> bytes | None:
    """A member's bytes, refusing oversized or suspiciously compressed members before reading.

    The declared size can lie, so the read itself is bounded too.
    """
    try:
        info = package.getinfo(name)
    except KeyError:
        if required:
            raise LoadError(
                f"压缩包中没有 {name}，不是 Word 文档",
                f"the zip package has no {name}; it is not a Word document",
            ) from None
        return None
    _check_member_size(info, limit)
    try:
        with package.open(info) as stream:
            content = stream.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError, NotImplementedError) as error:
        # a damaged deflate stream surfaces as zlib.error, an unknown method as NotImplementedError
        raise LoadError(f"无法解压 {name}：{error}", f"cannot decompress {name}: {error}") from error
    if len(content) > limit:
        raise LoadError(
            f"{name} 解压后超过 {limit // (1024 * 1024)} MB，拒绝读取",
            f"{name} exceeds {limit // (1024 * 1024)} MB uncompressed; refused",
        )
    return content


def _check_member_size(info: zipfile.ZipInfo, limit: int) -> None:
    if info.file_size > limit:
        raise LoadError(
            f"{info.filename} 解压后有 {info.file_size} 字节，超过上限 {limit} 字节，拒绝读取",
            f"{info.filename} is {info.file_size} bytes uncompressed, over the limit of {limit}; refused",
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_CHECK_ABOVE_BYTES and ratio > MAX_COMPRESSION_RATIO:
        raise LoadError(
            f"{info.filename} 的压缩比为 {ratio:.0f}:1，疑似压缩炸弹，拒绝读取",
            f"{info.filename} has a compression ratio of {ratio:.0f}:1, a likely zip bomb; refused",
        )


def _parse_xml(content: bytes, name: str) -> "etree._ElementTree":
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=False
    )
    try:
        tree = etree.ElementTree(etree.fromstring(content, parser))
    except etree.XMLSyntaxError as error:
        raise LoadError(f"{name} 不是格式正确的 XML：{error}", f"{name} is not well-formed XML: {error}") from error
    if tree.docinfo.doctype:
        # OOXML parts never declare a DTD; one here can only be an entity attack.
        raise LoadError(f"{name} 含有 DOCTYPE 声明，拒绝读取", f"{name} declares a DOCTYPE; refused")
    return tree


def _word_namespace(root: "etree._Element") -> str:
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if namespace not in (WORD_NS, STRICT_WORD_NS):
        raise LoadError("word/document.xml 不是 Word 正文", "word/document.xml is not a WordprocessingML document")
    return namespace


def _local(element: "etree._Element") -> str:
    tag = element.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rsplit("}", 1)[-1]


def _is_on(element: "etree._Element | None", w: str) -> bool | None:
    """The value of an OOXML on/off property (``<w:b/>``, ``<w:b w:val="0"/>``), or None."""
    if element is None:
        return None
    value = element.get(f"{{{w}}}val")
    return value is None or value.lower() not in _FALSE_VALUES


# --------------------------------------------------------------------------------------------
# Styles: heading levels and bold


@dataclass(slots=True)
class _Style:
    name: str
    based_on: str | None
    outline_level: int | None
    bold: bool | None
    numbering: tuple[str, int] | None


class _Styles:
    """The parts of ``styles.xml`` the loader needs, with ``basedOn`` inheritance."""

    def __init__(self, tree: "etree._ElementTree | None", w: str) -> None:
        self.w = w
        self.by_id: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self.default_bold = False
        self.inherited: dict[str, tuple[int | None, bool | None, tuple[str, int] | None]] = {}
        if tree is not None:
            self._read(tree.getroot())

    def _read(self, root: "etree._Element") -> None:
        w = self.w
        default_bold = _is_on(root.find(f"{{{w}}}docDefaults/{{{w}}}rPrDefault/{{{w}}}rPr/{{{w}}}b"), w)
        self.default_bold = bool(default_bold)
        for style in root.findall(f"{{{w}}}style"):
            style_id = style.get(f"{{{w}}}styleId")
            if not style_id:
                continue
            name_element = style.find(f"{{{w}}}name")
            based_on = style.find(f"{{{w}}}basedOn")
            outline = style.find(f"{{{w}}}pPr/{{{w}}}outlineLvl")
            self.by_id[style_id] = _Style(
                name=(name_element.get(f"{{{w}}}val") if name_element is not None else "") or "",
                based_on=based_on.get(f"{{{w}}}val") if based_on is not None else None,
                outline_level=_int_attribute(outline, w),
                bold=_is_on(style.find(f"{{{w}}}rPr/{{{w}}}b"), w),
                numbering=_numbering_reference(style.find(f"{{{w}}}pPr/{{{w}}}numPr"), w),
            )
            is_default = (style.get(f"{{{w}}}default") or "").lower() in ("1", "true", "on")
            if style.get(f"{{{w}}}type") == "paragraph" and is_default:
                self.default_paragraph = style_id

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        """The style and the styles it is based on, nearest first (cycles cut)."""
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            style_id = style.based_on

    def heading_level(self, style_id: str | None) -> int | None:
        return self._inherited(style_id)[0]

    def bold(self, style_id: str | None) -> bool | None:
        return self._inherited(style_id)[1]

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        return self._inherited(style_id)[2]

    def _inherited(self, style_id: str | None) -> tuple[int | None, bool | None, tuple[str, int] | None]:
        """Heading level, bold and list of a style, through its ``basedOn`` chain: worked out
        once per style (every paragraph asks, and a chain is a few styles long)."""
        found = self.inherited.get(style_id)  # type: ignore[arg-type]
        if found is None:
            if style_id not in self.by_id:
                return _NOTHING_INHERITED
            found = self.inherited[style_id] = (
                self._heading_level(style_id), self._bold(style_id), self._numbering(style_id))
        return found

    def _heading_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            match = _HEADING_STYLE_NAME.match(style.name.strip())
            if match:
                return int(match.group(1))
            if style.outline_level is not None:
                return _outline_to_heading(style.outline_level)
        return None

    def _bold(self, style_id: str | None) -> bool | None:
        for style in self.chain(style_id):
            if style.bold is not None:
                return style.bold
        return None

    def _numbering(self, style_id: str | None) -> tuple[str, int] | None:
        for style in self.chain(style_id):
            if style.numbering is not None:
                return style.numbering
        return None


_NOTHING_INHERITED: tuple[None, None, None] = (None, None, None)


def _int_attribute(element: "etree._Element | None", w: str) -> int | None:
    if element is None:
        return None
    try:
        return int(element.get(f"{{{w}}}val", ""))
    except ValueError:
        return None


def _outline_to_heading(outline_level: int) -> int | None:
    # outlineLvl 0-8 are heading levels 1-9; 9 means body text.
    return outline_level + 1 if 0 <= outline_level <= 8 else None


def _numbering_reference(num_pr: "etree._Element | None", w: str) -> tuple[str, int] | None:
    if num_pr is None:
        return None
    num_id = num_pr.find(f"{{{w}}}numId")
    if num_id is None:
        return None
    level = _int_attribute(num_pr.find(f"{{{w}}}ilvl"), w) or 0
    return num_id.get(f"{{{w}}}val", "0"), level


# --------------------------------------------------------------------------------------------
# Automatic numbering (一、 （一） 1. generated by Word, not typed)

_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))




def _roman(value: int) -> str:
    parts = []
    for amount, letters in _ROMAN:
        count, value = divmod(value, amount)
        parts.append(letters * count)
    return "".join(parts)


def _letters(value: int) -> str:
    # Word repeats the letter: a … z, aa … zz, aaa …
    value = max(value, 1)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _enclosed(first: int, fallback: str) -> "Callable[[int], str]":
    # Unicode has enclosed forms of 1-20 only; Word falls back to plain digits after that.
    return lambda n: chr(first + n - 1) if 1 <= n <= 20 else fallback.format(n)


# Word's numFmt values as they render a counter value (unknown formats render as decimal).
_NUMBER_FORMATS: "dict[str, Callable[[int], str]]" = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(_FULL_WIDTH_DIGITS),
    "decimalFullWidth2": lambda n: str(n).translate(_FULL_WIDTH_DIGITS),
    "chineseCounting": han_numeral,
    "chineseCountingThousand": han_numeral,
    "japaneseCounting": han_numeral,
    "ideographDigital": lambda n: "".join(HAN_DIGITS[int(d)] for d in str(n)),
    "chineseLegalSimplified": lambda n: han_numeral(n, _LEGAL_DIGITS, "拾", "佰"),
    "ideographTraditional": lambda n: _HEAVENLY_STEMS[(n - 1) % 10],
    "ideographZodiac": lambda n: _ZODIAC[(n - 1) % 12],
    "decimalEnclosedCircle": _enclosed(0x2460, "{}"),
    "decimalEnclosedCircleChinese": _enclosed(0x2460, "{}"),
    "decimalEnclosedParen": _enclosed(0x2474, "({})"),
    "decimalEnclosedFullstop": _enclosed(0x2488, "{}."),
    "lowerLetter": _letters,
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "none": lambda n: "",
}


def _format_number(value: int, number_format: str) -> str:
    return _NUMBER_FORMATS.get(number_format, str)(value)


@dataclass(slots=True)
class _Level:
    start: int
    number_format: str
    text: str
    suffix: str


class _Numbering:
    """Counters for Word's list numbering, advanced paragraph by paragraph in reading order."""

    @classmethod
    def restarted(cls, definitions: _Numbering) -> _Numbering:
        """The lists of ``definitions`` with every counter at its start (for another document
        made from the same numbering part)."""
        numbering = cls(None, definitions.w)
        numbering.levels, numbering.instances = definitions.levels, definitions.instances
        return numbering

    def __init__(self, tree: "etree._ElementTree | None", w: str) -> None:
        self.w = w
        self.levels: dict[str, dict[int, _Level]] = {}  # abstractNumId → ilvl → level
        self.instances: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstract, overrides)
        self.counters: dict[str, dict[int, int]] = {}
        if tree is not None:
            self._read(tree.getroot())

    def _read(self, root: "etree._Element") -> None:
        w = self.w
        for abstract in root.findall(f"{{{w}}}abstractNum"):
            levels: dict[int, _Level] = {}
            for level in abstract.findall(f"{{{w}}}lvl"):
                index = _safe_int(level.get(f"{{{w}}}ilvl"), 0)
                start = _int_attribute(level.find(f"{{{w}}}start"), w)
                levels[index] = _Level(
                    start=start if start is not None else 1,
                    number_format=_child_value(level, "numFmt", w, "decimal"),
                    text=_child_value(level, "lvlText", w, ""),
                    suffix=_child_value(level, "suff", w, "tab"),
                )
            self.levels[abstract.get(f"{{{w}}}abstractNumId", "")] = levels
        for num in root.findall(f"{{{w}}}num"):
            abstract_ref = num.find(f"{{{w}}}abstractNumId")
            overrides = {}
            for override in num.findall(f"{{{w}}}lvlOverride"):
                start = _int_attribute(override.find(f"{{{w}}}startOverride"), w)
                if start is not None:
                    overrides[_safe_int(override.get(f"{{{w}}}ilvl"), 0)] = start
            abstract_id = abstract_ref.get(f"{{{w}}}val", "") if abstract_ref is not None else ""
            self.instances[num.get(f"{{{w}}}numId", "")] = (abstract_id, overrides)

    def next_label(self, num_id: str, level_index: int) -> str:
        """The label Word prints before the next paragraph of list ``num_id`` at ``level_index``."""
        if num_id in ("", "0") or num_id not in self.instances:
            return ""
        abstract_id, overrides = self.instances[num_id]
        levels = self.levels.get(abstract_id, {})
        if level_index not in levels:
            return ""
        # Lists sharing an abstract definition share counters unless one restarts its numbering.
        key = num_id if overrides else abstract_id
        counters = self.counters.setdefault(key, {})
        start = overrides.get(level_index, levels[level_index].start)
        counters[level_index] = counters.get(level_index, start - 1) + 1
        for deeper in [index for index in counters if index > level_index]:
            del counters[deeper]
        return self._render(levels, counters, overrides, level_index)

    @staticmethod
    def _render(
        levels: dict[int, _Level], counters: dict[int, int], overrides: dict[int, int], level_index: int
    ) -> str:
        level = levels[level_index]
        if level.number_format == "bullet":
            label = level.text
        else:

            def substitute(match: re.Match[str]) -> str:
                index = int(match.group(1)) - 1
                referenced = levels.get(index)
                if referenced is None:
                    return ""
                value = counters.get(index, overrides.get(index, referenced.start))
                return _format_number(value, referenced.number_format)

            label = re.sub(r"%([1-9])", substitute, level.text)
        if not label:
            return ""
        return label + {"tab": "\t", "space": " "}.get(level.suffix, "")


def _child_value(element: "etree._Element", name: str, w: str, default: str) -> str:
    child = element.find(f"{{{w}}}{name}")
    return child.get(f"{{{w}}}val", default) if child is not None else default


def _safe_int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


# --------------------------------------------------------------------------------------------
# Element kinds: what the reader does with an element, told by its tag
#
# The reader dispatches on each element's tag through one dictionary per document: the local
# name of every tag was computed per element (a string split each time) and the properties
# looked up with ``find`` (lxml's ElementPath, a few microseconds a call); together they were
# most of a generated report's loading. Structural elements count by local name in any
# namespace, as Word shows the runs of wrappers that other tools leave; properties count only
# in the document's own Word namespace.

(_IGNORED, _PARAGRAPH, _TABLE, _ROW, _CELL, _RUN, _TEXT, _TAB, _BREAK, _CARRIAGE_RETURN, _HYPHEN,
 _INLINE_WRAPPER, _WRAPPER) = range(13)
(_PARAGRAPH_PROPERTIES, _PARAGRAPH_STYLE, _NUMBERING_PROPERTIES, _OUTLINE_LEVEL, _RUN_PROPERTIES, _BOLD,
 _RUN_STYLE, _CELL_PROPERTIES, _GRID_SPAN, _VERTICAL_MERGE, _HORIZONTAL_MERGE, _ROW_PROPERTIES, _GRID_BEFORE,
 _GRID_AFTER) = range(13, 27)
_FOREIGN_TEXT = 27  # a run's "t" in another namespace than the document's

_STRUCTURE_KINDS = {
    "p": _PARAGRAPH, "tbl": _TABLE, "tr": _ROW, "tc": _CELL, "r": _RUN, "t": _TEXT, "tab": _TAB, "ptab": _TAB,
    "br": _BREAK, "cr": _CARRIAGE_RETURN, "noBreakHyphen": _HYPHEN,
    # wrappers of paragraphs and tables are wrappers of runs too; the others only of runs
    **{name: _WRAPPER if name in _BLOCK_CONTAINERS else _INLINE_WRAPPER for name in _INLINE_CONTAINERS},
}
_PROPERTY_KINDS = {
    "pPr": _PARAGRAPH_PROPERTIES, "pStyle": _PARAGRAPH_STYLE, "numPr": _NUMBERING_PROPERTIES,
    "outlineLvl": _OUTLINE_LEVEL, "rPr": _RUN_PROPERTIES, "b": _BOLD, "rStyle": _RUN_STYLE,
    "tcPr": _CELL_PROPERTIES, "gridSpan": _GRID_SPAN, "vMerge": _VERTICAL_MERGE, "hMerge": _HORIZONTAL_MERGE,
    "trPr": _ROW_PROPERTIES, "gridBefore": _GRID_BEFORE, "gridAfter": _GRID_AFTER,
}
_KNOWN_TAGS: dict[str, dict[object, int]] = {}  # Word namespace → the kinds of its own tags
# What the reader takes in any namespace beside rows, cells, paragraphs, runs and texts: a
# table holding one is not read as a table of plain cells (docx_plain_tables).
_SHOWN_IN_ANY_NAMESPACE = tuple(sorted(set(_STRUCTURE_KINDS) - {"tbl", "tr", "tc", "p", "r", "t"}))


def _kind(tag: object, w: str) -> int:
    if not isinstance(tag, str):  # comments and processing instructions
        return _IGNORED
    local = tag.rsplit("}", 1)[-1]
    if local in _PROPERTY_KINDS and tag == f"{{{w}}}{local}":
        return _PROPERTY_KINDS[local]
    if local == "t" and tag != f"{{{w}}}t":
        return _FOREIGN_TEXT
    return _STRUCTURE_KINDS.get(local, _IGNORED)


class _TagKinds(dict):
    """Tag → kind for one document, filled in as other tags are met."""

    __slots__ = ("w",)

    def __init__(self, w: str) -> None:
        known = _KNOWN_TAGS.get(w)
        if known is None:  # (two namespaces at most: _word_namespace admits no other)
            known = _KNOWN_TAGS[w] = {f"{{{w}}}{local}": _kind(f"{{{w}}}{local}", w)
                                      for local in (*_STRUCTURE_KINDS, *_PROPERTY_KINDS)}
        super().__init__(known)
        self.w = w

    def __missing__(self, tag: object) -> int:
        kind = self[tag] = _kind(tag, self.w)
        return kind


# --------------------------------------------------------------------------------------------
# The synthetic text and the blocks


class _Reader:
    """Reads ``w:body`` into the synthetic text line by line, the blocks, and the editable
    segments, touching each element of the body once.

    Every run text goes straight to its place in the synthetic text: a line's start is known
    before its paragraph or row is read (the text so far, and a row's earlier fields), so the
    segments are recorded once, where they end up, not per paragraph and then moved. An
    element's children are taken as a list (``element[:]``, made in C) rather than iterated:
    lxml's child iterator costs more to set up than the two or three children most have.

    What an element read from Python costs is mostly lxml's: its proxy object (about 900
    machine instructions), its ``tag`` string, built anew at each access (about 1,400), and
    that string's look-up (about 800). Of a generated report's loading, reading its tables'
    elements is 45 %, parsing 30 %, writing out the cells 15 % (callgrind, ``benchmarks/corpus.py``,
    at e81472e). Measured the same way and not taken, because they cost as much: a table read
    in one pass of ``iter`` over the elements that carry its text, each checked by
    ``getparent`` (no gain); a table rendered to text by an XSLT stylesheet (the transform
    that reads as this reader does cost as much as the reading, a bare one without its
    checks 70 %); ``xml.etree`` (its elements cheaper to walk, its parse dearer by as much).
    """

    def __init__(self, w: str, text_index: dict["etree._Element", int] | None, styles: _Styles, numbering: _Numbering,
                 plain_tables: docx_plain_tables.PlainTables | None = None) -> None:
        self.w = w
        self.val = f"{{{w}}}val"
        self.kinds = _TagKinds(w)
        self.text_index = text_index  # each w:t's number in document order; None: no segments recorded
        self.styles = styles
        self.numbering = numbering
        # the list of a paragraph without properties (in the default paragraph style)
        self.default_numbering = styles.numbering(styles.default_paragraph)
        # Tables of plain cells read whole (docx_plain_tables), unless a paragraph without
        # properties is numbered (by the default style).
        self.plain_tables = plain_tables if self.default_numbering is None else None
        self.lines: list[str] = []
        self.line_start = 0  # where the next line starts
        self.blocks: list[Block] = []
        # (start, length, t_index) of each stretch of the text that is a w:t's text, in order
        self.segments: list[tuple[int, int, int]] = []
        self.notes: list[tuple[str, str]] = []
        self.paragraph_count = 0
        self.table_count = 0

    # -- the text

    def append_line(self, line: str) -> int:
        """Append one line; its start offset."""
        start = self.line_start
        self.lines.append(line)
        self.line_start = start + len(line) + 1  # (and the newline after it)
        return start

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    # -- the body

    def render_container(self, container: "etree._Element") -> None:
        """Paragraphs and tables of ``w:body`` (or of a layout table's cell), in order,
        looking through content controls and other wrappers."""
        kinds = self.kinds
        for child in container[:]:
            kind = kinds[child.tag]
            if kind == _PARAGRAPH:
                self._render_paragraph(child)
            elif kind == _TABLE:
                self._render_table(child)
            elif kind == _WRAPPER:
                self.render_container(child)

    def _render_paragraph(self, paragraph: "etree._Element") -> None:
        self.paragraph_count += 1
        runs_bold: list[bool | None] = []
        text, outline, style_id = self.read_paragraph(paragraph, self.segments, self.line_start, runs_bold)
        # One line per paragraph: a soft line break shows as a space in the synthetic text
        # but stays a newline in the block's text.
        start = self.append_line(text.replace("\n", " "))
        if not text.strip():
            return
        self.blocks.append(
            LineBlock(
                text=VerbatimText(text, start),
                heading_level=self._heading_level(outline, style_id),
                bold=self._paragraph_bold(runs_bold, style_id),
                logical=f"第{self.paragraph_count}段",
            )
        )

    # -- paragraphs

    def read_paragraph(
        self, paragraph: "etree._Element", segments: list[tuple[int, int, int]], base: int,
        runs_bold: list[bool | None] | None = None,
    ) -> tuple[str, "etree._Element | None", str | None]:
        """The paragraph's text (automatic numbering, then the runs), adding its run texts to
        ``segments`` as standing at ``base``; its ``w:outlineLvl`` and style. With ``runs_bold`` (a
        body paragraph), adds each run with visible text's own boldness (None: the paragraph's)."""
        texts: list[str] = []
        first_segment = len(segments)
        _, properties = self._read_runs(paragraph, texts, segments, base, runs_bold)
        if properties is None and self.default_numbering is None:
            style_id, outline, label = self.styles.default_paragraph, None, ""  # (most paragraphs: no properties, no list)
        else:
            style_id, numbering_properties, outline = self._style_and_numbering(properties)
            label = self._numbering_label(numbering_properties, style_id)
        if label:
            shift = len(label)
            segments[first_segment:] = [(start + shift, length, t_index)
                                        for start, length, t_index in segments[first_segment:]]
            texts.insert(0, label)
        return "".join(texts), outline, style_id

    def _read_runs(
        self, container: "etree._Element", texts: list[str], segments: list[tuple[int, int, int]], position: int,
        runs_bold: list[bool | None] | None,
    ) -> tuple[int, "etree._Element | None"]:
        """Adds the text of the runs in ``container`` (a paragraph, or a wrapper in one); the
        position after them, and the container's first ``w:pPr``.

        A run's text is read here rather than by a method of its own: a report has a run or
        more in each of its hundreds of paragraphs and cells.
        """
        kinds, text_index = self.kinds, self.text_index
        properties = None
        for child in container[:]:
            kind = kinds[child.tag]
            if kind == _RUN:
                run_properties = None
                visible = False
                for part in child[:]:
                    kind = kinds[part.tag]
                    if kind == _TEXT:
                        text = part.text
                        if text:
                            if "\n" in text or "\r" in text:
                                text = docx_plain_tables.newlines_as_spaces(text)
                            if text_index is not None:
                                segments.append((position, len(text), text_index[part]))
                            texts.append(text)
                            position += len(text)
                            visible = visible or not text.isspace()
                    elif kind == _FOREIGN_TEXT and part.text:
                        # A w:t of another namespace than the document's has no number among
                        # its w:t elements (which a fix needs): the document cannot be read.
                        raise KeyError(part)
                    elif kind == _TAB:
                        texts.append("\t")
                        position += 1
                    elif kind == _BREAK:
                        if part.get(f"{{{self.w}}}type") in (None, "textWrapping"):
                            texts.append("\n")
                            position += 1
                    elif kind == _CARRIAGE_RETURN:
                        texts.append("\n")
                        position += 1
                    elif kind == _HYPHEN:
                        texts.append("-")
                        position += 1
                    elif kind == _RUN_PROPERTIES and run_properties is None:
                        run_properties = part
                    # fldChar, instrText (field codes), drawings, page breaks: no text
                if visible and runs_bold is not None:
                    runs_bold.append(self._run_bold(run_properties))
            elif kind == _INLINE_WRAPPER or kind == _WRAPPER:
                position = self._read_runs(child, texts, segments, position, runs_bold)[0]
            elif kind == _PARAGRAPH_PROPERTIES and properties is None:
                properties = child
            # deletions (w:del, w:moveFrom), bookmarks, comments, math: not shown text
        return position, properties

    def _run_bold(self, properties: "etree._Element | None") -> bool | None:
        """The boldness a run's own properties give it (directly or by its character style)."""
        if properties is None:
            return None
        kinds = self.kinds
        bold = style = None
        for child in properties[:]:
            kind = kinds[child.tag]
            if kind == _BOLD and bold is None:
                bold = child
            elif kind == _RUN_STYLE and style is None:
                style = child
        direct = _is_on(bold, self.w)
        if direct is not None:
            return direct
        return self.styles.bold(style.get(self.val)) if style is not None else None

    def _paragraph_bold(self, runs_bold: list[bool | None] | None, style_id: str | None) -> bool:
        """Bold when every run with visible text is bold (and there is one)."""
        if not runs_bold:
            return False
        paragraph_bold = self.styles.bold(style_id)
        if paragraph_bold is None:
            paragraph_bold = self.styles.default_bold
        return all(paragraph_bold if bold is None else bold for bold in runs_bold)

    def _style_and_numbering(
        self, properties: "etree._Element | None",
    ) -> tuple[str | None, "etree._Element | None", "etree._Element | None"]:
        """The paragraph's style, and its first ``w:numPr`` and ``w:outlineLvl``, from its
        ``w:pPr`` (read once: each of its children is an lxml object made when met)."""
        if properties is None:
            return self.styles.default_paragraph, None, None
        kinds = self.kinds
        style = numbering = outline = None
        for child in properties[:]:
            kind = kinds[child.tag]
            if kind == _PARAGRAPH_STYLE and style is None:
                style = child
            elif kind == _NUMBERING_PROPERTIES and numbering is None:
                numbering = child
            elif kind == _OUTLINE_LEVEL and outline is None:
                outline = child
        return (style.get(self.val) if style is not None else self.styles.default_paragraph), numbering, outline

    def _heading_level(self, outline: "etree._Element | None", style_id: str | None) -> int | None:
        """The heading level of a paragraph of style ``style_id`` whose own ``w:outlineLvl``
        is ``outline``."""
        level = _int_attribute(outline, self.w)
        if level is not None:
            return _outline_to_heading(level)
        return self.styles.heading_level(style_id)

    def _numbering_label(self, num_pr: "etree._Element | None", style_id: str | None) -> str:
        w = self.w
        reference = _numbering_reference(num_pr, w)
        if num_pr is not None and reference is None:
            # a numPr that only sets the level takes the list from the style
            style_reference = self.styles.numbering(style_id)
            level = _int_attribute(num_pr.find(f"{{{w}}}ilvl"), w)
            if style_reference is not None:
                reference = (style_reference[0], level if level is not None else style_reference[1])
        if reference is None:
            reference = self.styles.numbering(style_id)
        if reference is None:
            return ""
        return self.numbering.next_label(*reference)

    # -- tables

    def _render_table(self, table: "etree._Element") -> None:
        merges = _merges_unless_nested(table, self.w, self.val)
        if merges is None:
            # A table holding tables is page layout (a frame around the report): read what is
            # inside each cell as if it stood in the body.
            for cell in table.iter(f"{{{self.w}}}tc"):
                if _nearest_table(cell, self.w) is table:
                    self.render_container(cell)
            return
        self.table_count += 1
        _TableReader(self, self.table_count, merges).render(table)

    def children(self, container: "etree._Element", wanted: int, found: list["etree._Element"]) -> list["etree._Element"]:
        """Adds the children of kind ``wanted`` to ``found``, looking through wrappers."""
        kinds = self.kinds
        for child in container[:]:
            kind = kinds[child.tag]
            if kind == wanted:
                found.append(child)
            elif kind == _WRAPPER:
                self.children(child, wanted, found)
        return found


def _nearest_table(element: "etree._Element", w: str) -> "etree._Element | None":
    parent = element.getparent()
    while parent is not None and parent.tag != f"{{{w}}}tbl":
        parent = parent.getparent()
    return parent


class _TableReader:
    """One data table: rows of ``w:tc`` resolved into a grid of ``CellBlock``.

    Each row is read and written out at once (its line, its run texts, its cells); only the
    padding of short rows waits for the table's width, known after the last row.
    """

    def __init__(self, reader: _Reader, number: int, merges: dict["etree._Element", tuple[int, bool]]) -> None:
        self.reader = reader
        self.kinds = reader.kinds
        self.number = number
        self.merges = merges  # w:tcPr → (grid columns spanned, continues a merge)

    def render(self, table: "etree._Element") -> None:
        row_elements = self.reader.children(table, _ROW, [])
        plain = self._plain_rows(table, row_elements)
        if plain is None:
            rows = [self._render_row(row_number, row) for row_number, row in enumerate(row_elements, start=1)]
        else:
            merge_of = _merges_by_cell(self.merges, self.reader.w).get
            rows = [self._write_row(row_number, texts, list(map(merge_of, cells, repeat(_NOT_MERGED))), 0, 0)
                    for row_number, (texts, cells) in enumerate(plain, start=1)]
        if not rows:
            return
        width = max(row.width for row in rows)
        self.reader.blocks.append(TableBlock([row.grid(width) for row in rows], [row.span for row in rows],
                                             gridded=True, logical=f"表格{self.number}"))

    def _plain_rows(self, table: "etree._Element",
                    rows: list["etree._Element"]) -> list[tuple[list[str], list["etree._Element"]]] | None:
        """Each row's cell texts and cells read whole when ``table`` is plain
        (docx_plain_tables); None: the table is read element by element."""
        plain = self.reader.plain_tables
        if plain is None:
            return None
        numbering = self.reader.styles.numbering
        return plain.rows(table, rows, lambda style_id: numbering(style_id) is not None)

    def _render_row(self, row_number: int, row: "etree._Element") -> _RowCells:
        """The row read element by element and written out (``_write_row``)."""
        cell_elements, before, after = self._cells_and_grid_margins(row)
        texts: list[str] = []
        merges: list[tuple[int, bool]] = []
        position = self.reader.line_start
        for cell in cell_elements:
            text, merge = self._read_cell(cell, position)
            texts.append(text)
            merges.append(merge)
            position += (0 if merge[1] else len(text)) + 1  # (the field, and the tab after it)
        return self._write_row(row_number, texts, merges, before, after)

    def _write_row(self, row_number: int, texts: list[str], merges: list[tuple[int, bool]], before: int,
                   after: int) -> _RowCells:
        """The row's line (the cells Word shows, tab-separated; a cell continuing a vertical
        merge shows as an empty field) and its cells from its first grid column on: of each
        cell, its text (``texts``) and its merge (``merges``: the grid columns it spans and
        whether it continues a merge)."""
        reader = self.reader
        column = before
        place, column_places = CELL_PLACES.row(self.number, row_number)
        fields: list[str] = []
        cells: list[CellBlock] = []
        position = line_start = reader.line_start
        for text, (span, continues_merge) in zip(texts, merges):
            if continues_merge:
                if text.strip():
                    self._note_hidden_text(place, row_number, column, text.strip()[:20])
                for merged in range(column, column + span):
                    cells.append(verbatim_cell("", position, True, CELL_PLACES.column(place, column_places, merged)))
                fields.append("")
            else:
                # verbatim_cell(text, position, False, logical), slot by slot: no call for each
                # of the hundreds of cells of a report (a fifth of a cell's making)
                sourced = _new(VerbatimText)
                _set_text(sourced, text)
                _set_start(sourced, position)
                cell = _new(CellBlock)
                cell.text = sourced
                cell.merged = False
                cell.logical = (column_places[column] if 0 <= column < len(column_places)
                                else CELL_PLACES.column(place, column_places, column))
                cell.missing = False
                cells.append(cell)
                position += len(text)
                if span > 1:
                    for merged in range(column + 1, column + span):
                        cells.append(verbatim_cell("", position, True, CELL_PLACES.column(place, column_places, merged)))
                fields.append(text)
            position += 1  # the tab after the field
            column += span
        # Tabs and newlines inside a cell become spaces in the row line (the same length, so
        # the run texts recorded above stay where they are).
        line = "\t".join(fields)
        if "\n" in line or line.count("\t") >= len(fields):
            line = "\t".join(field.replace("\n", " ").replace("\t", " ") for field in fields)
        reader.append_line(line)
        return _RowCells(cells, before, after, place, Span(line_start, line_start + len(line), place))

    def _cells_and_grid_margins(self, row: "etree._Element") -> tuple[list["etree._Element"], int, int]:
        """The row's ``w:tc`` elements (through wrappers), and the grid columns left empty
        before and after them (the first ``w:gridBefore`` and ``w:gridAfter`` in any ``w:trPr``)."""
        kinds = self.kinds
        cell_elements: list["etree._Element"] = []
        before = after = None
        for child in row[:]:
            kind = kinds[child.tag]
            if kind == _CELL:
                cell_elements.append(child)
            elif kind == _WRAPPER:
                self.reader.children(child, _CELL, cell_elements)
            elif kind == _ROW_PROPERTIES:
                for property_element in child:
                    kind = kinds[property_element.tag]
                    if kind == _GRID_BEFORE and before is None:
                        before = property_element
                    elif kind == _GRID_AFTER and after is None:
                        after = property_element
        w = self.reader.w
        return cell_elements, _int_attribute(before, w) or 0, _int_attribute(after, w) or 0

    def _read_cell(self, cell: "etree._Element", position: int) -> tuple[str, tuple[int, bool]]:
        """A ``w:tc`` whose text stands at ``position``: its text (its paragraphs joined with
        newlines, which are not editable), and its merge: the grid columns it spans, and
        whether it continues a merge. Its run texts are recorded unless it continues a merge: then it shows as an
        empty field, but is read all the same (automatic numbering counts on)."""
        kinds, reader = self.kinds, self.reader
        properties = None
        paragraphs: list["etree._Element"] = []
        for child in cell[:]:
            kind = kinds[child.tag]
            if kind == _PARAGRAPH:
                paragraphs.append(child)
            elif kind == _WRAPPER:
                reader.children(child, _PARAGRAPH, paragraphs)
            elif kind == _CELL_PROPERTIES and properties is None:
                properties = child
        merge = self.merges.get(properties, _NOT_MERGED)  # (properties None: none)
        segments = [] if merge[1] else reader.segments
        if len(paragraphs) == 1:
            return reader.read_paragraph(paragraphs[0], segments, position)[0], merge
        texts = []
        for index, paragraph in enumerate(paragraphs):
            if index:
                texts.append("\n")
                position += 1
            paragraph_text = reader.read_paragraph(paragraph, segments, position)[0]
            texts.append(paragraph_text)
            position += len(paragraph_text)
        return "".join(texts), merge

    def _note_hidden_text(self, place: str, row_number: int, column: int, hidden: str) -> None:
        where_en = f"table {self.number}, row {row_number}, column {column + 1}"
        self.reader.notes.append((f"{place} 第{column + 1}列：纵向合并单元格的续格中有文字“{hidden}”，Word 不显示，已忽略",
                                  f"{where_en}: text “{hidden}” in a vertically merged cell's continuation, which Word does not show: ignored"))


@dataclass(slots=True)
class _RowCells:
    """A row as read: its cells, which fill the grid from column ``first_column`` on (it may
    be negative: a ``w:gridBefore`` below zero pushes cells out of the grid), its place."""

    cells: list[CellBlock]
    first_column: int  # w:gridBefore
    after: int  # w:gridAfter
    place: str
    span: Span

    @property
    def width(self) -> int:
        """The grid columns the row spans: gridBefore, its cells and gridAfter."""
        return (self.first_column + len(self.cells) if self.cells else 0) + self.after

    def grid(self, width: int) -> list[CellBlock]:
        """One cell per grid column: slots before the first cell (gridBefore) are empty cells,
        not merged; slots after the last one (gridAfter, a row that lost a cell) are
        ``missing``, as in a tab-separated row."""
        cells, first, place, line_end = self.cells, self.first_column, self.place, self.span.end
        end = first + len(cells)
        if not cells:
            first = width
        if first == 0 and end == width:
            return cells  # (most rows: the cells fill the grid)
        return [cells[column - first] if first <= column < end
                else verbatim_cell("", line_end, False, f"{place} 第{column + 1}列", column >= first)
                for column in range(width)]


def _merges_unless_nested(table: "etree._Element", w: str, val: str) -> dict["etree._Element", tuple[int, bool]] | None:
    """The grid columns each ``w:tcPr`` of ``table`` with a ``w:gridSpan``, ``w:vMerge`` or
    ``w:hMerge`` spans, and whether its cell continues a merge (by the first of each); None
    when a ``w:tbl`` stands inside a ``w:tc`` of ``table`` (``.//w:tc//w:tbl``).

    Found in one pass that lxml makes in C, which yields only these elements: most cells
    have no merge, and looking through every cell's properties (``w:tcW``...) took a seventh
    of a table's reading.
    """
    table_tag, cell_tag, properties_tag = f"{{{w}}}tbl", f"{{{w}}}tc", f"{{{w}}}tcPr"
    order = {f"{{{w}}}gridSpan": 0, f"{{{w}}}vMerge": 1, f"{{{w}}}hMerge": 2}
    found: dict["etree._Element", list["etree._Element | None"]] = {}
    for element in table.iter(table_tag, *order):
        tag = element.tag
        if tag == table_tag:
            if element is not table and _inside_cell_of(element, table, cell_tag):
                return None
            continue
        properties = element.getparent()
        if properties.tag != properties_tag:
            continue
        first = found.get(properties)
        if first is None:
            first = found[properties] = [None, None, None]
        index = order[tag]
        if first[index] is None:
            first[index] = element
    return {properties: (max(_int_attribute(span, w) or 1, 1) if span is not None else 1,
                         _continues_merge(vertical, horizontal, val))
            for properties, (span, vertical, horizontal) in found.items()}


_NOT_MERGED = (1, False)


class CellPlaces(dict):
    """The logical places of table rows and their cells (``表格2 第5行``, ``表格2 第5行 第3列``),
    looked up as ``CELL_PLACES.row(table_number, row_number)``: the row's place and its
    cells' places by grid column from 0 (``column`` adds those not made yet).

    Every cell of a Word table has its place, read only by the findings that point at it;
    tables and rows repeat in number from report to report, so each string is made once
    rather than formatted per cell (some 400 a report). Bounded: ``ROWS`` rows kept (emptied
    when full), ``COLUMNS`` columns a row (the places of further columns are made each time):
    at most some 32,000 strings of ~100 bytes, where a report's tables hold a few hundred rows
    of at most a dozen or two columns.
    """

    ROWS = 1024
    COLUMNS = 32

    def row(self, table_number: int, row_number: int) -> tuple[str, list[str]]:
        key = (table_number, row_number)
        found = self.get(key)
        if found is None:
            if len(self) >= self.ROWS:
                self.clear()
            found = self[key] = (f"表格{table_number} 第{row_number}行", [])
        return found

    def column(self, place: str, columns: list[str], column: int) -> str:
        """The place of grid column ``column`` (from 0) of the row at ``place``, whose places
        made so far are ``columns``."""
        if not 0 <= column < self.COLUMNS:
            return f"{place} 第{column + 1}列"
        while len(columns) <= column:
            columns.append(f"{place} 第{len(columns) + 1}列")
        return columns[column]


CELL_PLACES = CellPlaces()


def _merges_by_cell(merges: dict["etree._Element", tuple[int, bool]], w: str) -> dict["etree._Element", tuple[int, bool]]:
    """``merges`` (by ``w:tcPr``) by the element holding each ``w:tcPr`` that is its first:
    a cell's merge is its first ``w:tcPr``'s (``_TableReader._read_cell``)."""
    properties_tag = f"{{{w}}}tcPr"
    by_cell = {}
    for properties, merge in merges.items():
        if properties.getprevious() is None or not any(
                sibling.tag == properties_tag for sibling in properties.itersiblings(preceding=True)):
            by_cell[properties.getparent()] = merge
    return by_cell


def _inside_cell_of(inner: "etree._Element", table: "etree._Element", cell_tag: str) -> bool:
    """Whether ``inner`` (a ``w:tbl`` in ``table``) stands inside a ``w:tc`` of ``table``."""
    parent = inner.getparent()
    while parent is not table:
        if parent.tag == cell_tag:
            return True
        parent = parent.getparent()
    return False


def _continues_merge(vertical: "etree._Element | None", horizontal: "etree._Element | None", val: str) -> bool:
    """True for a cell that continues a merge started above (vMerge) or to the left (hMerge)."""
    for merge in (vertical, horizontal):
        if merge is not None and merge.get(val, "continue") != "restart":
            return True
    return False


# --------------------------------------------------------------------------------------------
# Writing fixes back into the runs


@dataclass(frozen=True, slots=True)
class _TextOperation:
    """Replace ``w:t`` number ``t_index``'s characters ``[start, end)`` with ``new_text``."""

    t_index: int
    start: int
    end: int
    new_text: str


def _operations(state: DocxState, edits: Sequence[tuple[int, int, str]]) -> list[_TextOperation]:
    operations: list[_TextOperation] = []
    for start, end, new_text in edits:
        if start == end:
            operations.append(_insertion(state, start, new_text))
        else:
            operations.extend(_replacement(state, start, end, new_text))
    return operations


def _overlapping(state: DocxState, start: int, end: int) -> list[TextSegment]:
    index = max(bisect.bisect_right(state.segment_starts, start) - 1, 0)
    found = []
    for segment in state.segments[index:]:
        if segment.start >= end:
            break
        if segment.end > start:
            found.append(segment)
    return found


def _replacement(state: DocxState, start: int, end: int, new_text: str) -> list[_TextOperation]:
    segments = _overlapping(state, start, end)
    covered = sum(min(end, segment.end) - max(start, segment.start) for segment in segments)
    if covered != end - start:
        raise ValueError(
            f"edit [{start}, {end}) touches characters that are not run text in the Word document "
            "(a tab, line break, automatic numbering, or a paragraph/cell boundary); it cannot be applied"
        )
    operations = []
    for index, segment in enumerate(segments):
        lo, hi = max(start, segment.start), min(end, segment.end)
        operations.append(
            _TextOperation(
                segment.t_index,
                segment.t_offset + lo - segment.start,
                segment.t_offset + hi - segment.start,
                new_text if index == 0 else "",
            )
        )
    return operations


def _insertion(state: DocxState, position: int, new_text: str) -> _TextOperation:
    # Inside a run, or right after one (typing continues the run before), or right before one.
    candidates = _overlapping(state, max(position - 1, 0), position + 1)
    for accepts in (
        lambda segment: segment.start < position < segment.end,
        lambda segment: segment.end == position,
        lambda segment: segment.start == position,
    ):
        for segment in candidates:
            if accepts(segment):
                offset = segment.t_offset + position - segment.start
                return _TextOperation(segment.t_index, offset, offset, new_text)
    raise ValueError(f"insertion at {position} is not next to run text in the Word document; it cannot be applied")


def _apply_operations(text_elements: list["etree._Element"], operations: list[_TextOperation]) -> None:
    # From the end backwards, so earlier offsets in the same w:t stay valid; a replacement is
    # applied before an insertion at the same place so the insertion lands in front of it.
    for operation in sorted(operations, key=lambda op: (op.t_index, op.start, op.end), reverse=True):
        element = text_elements[operation.t_index]
        old = element.text or ""
        new = old[: operation.start] + operation.new_text + old[operation.end :]
        element.text = new
        if new != new.strip() or "  " in new:
            element.set(XML_SPACE, "preserve")


def _serialize(tree: "etree._ElementTree", original: bytes) -> bytes:
    """The edited part, keeping the original XML declaration byte for byte."""
    from lxml import etree

    encoding = (tree.docinfo.encoding or "UTF-8").upper()
    if encoding not in ("UTF-8", "UTF8"):
        return etree.tostring(tree, xml_declaration=True, encoding=encoding, standalone=tree.docinfo.standalone)
    declaration = re.match(rb"\s*<\?xml[^>]*\?>\s*", original)
    body = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
    return (declaration.group(0) if declaration else b"") + body


def _rebuild_package(package: zipfile.ZipFile, data: bytes, replaced_name: str, new_content: bytes) -> bytes:
    """A copy of the package with one member's content replaced.

    The other members' records (headers and compressed bytes) are copied verbatim; only the
    replaced member's record and the offsets in the central directory change. Archives this
    splice does not handle (zip64, data before the first record) are rebuilt member by member
    instead, which keeps every member's content and metadata but re-compresses it.
    """
    spliced = _splice_member(package, data, replaced_name, new_content)
    return spliced if spliced is not None else _rewrite_package(package, replaced_name, new_content)


def _splice_member(package: zipfile.ZipFile, data: bytes, replaced_name: str, new_content: bytes) -> bytes | None:
    end_record = _end_record(data)
    if end_record is None:
        return None
    end_position, entries, directory_size, directory_offset = end_record
    infos = sorted(package.infolist(), key=lambda info: info.header_offset)
    contiguous = bool(infos) and infos[0].header_offset == 0 and directory_offset + directory_size == end_position
    if entries != len(infos) or not contiguous:
        return None  # data before the first record, or a directory this splice does not understand
    record_ends = [info.header_offset for info in infos[1:]] + [directory_offset]
    replaced = next((index for index, info in enumerate(infos) if info.filename == replaced_name), None)
    if replaced is None:
        return None
    old_start, old_end = infos[replaced].header_offset, record_ends[replaced]
    new_record, new_directory_record = _single_member_records(infos[replaced], new_content)
    shift = len(new_record) - (old_end - old_start)

    directory = _patched_directory(data[directory_offset:end_position], old_start, shift, new_directory_record)
    if directory is None:
        return None
    end = bytearray(data[end_position:])
    struct.pack_into("<II", end, 12, len(directory), directory_offset + shift)
    return b"".join((data[:old_start], new_record, data[old_end:directory_offset], directory, bytes(end)))


def _patched_directory(directory: bytes, replaced_offset: int, shift: int, replacement: bytes) -> bytes | None:
    """The central directory with the replaced member's record swapped in and later offsets shifted."""
    patched = bytearray()
    position = 0
    while position < len(directory):
        if directory[position : position + 4] != b"PK\x01\x02":
            return None
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", directory, position + 28)
        size = 46 + name_length + extra_length + comment_length
        record = bytearray(directory[position : position + size])
        (offset,) = struct.unpack_from("<I", record, 42)
        if offset == replaced_offset:
            record = bytearray(replacement)
            struct.pack_into("<I", record, 42, replaced_offset)
        elif offset > replaced_offset:
            struct.pack_into("<I", record, 42, offset + shift)
        patched += record
        position += size
    return bytes(patched)


def _end_record(data: bytes) -> tuple[int, int, int, int] | None:
    """Position, entry count, central directory size and offset of a plain (not zip64) archive."""
    position = data.rfind(b"PK\x05\x06", max(0, len(data) - 65557))
    if position < 0 or len(data) < position + 22:
        return None
    if data.rfind(b"PK\x06\x07", max(0, position - 20), position) >= 0:
        return None  # a zip64 locator precedes the end record
    (entries,) = struct.unpack_from("<H", data, position + 10)
    directory_size, directory_offset = struct.unpack_from("<II", data, position + 12)
    return position, entries, directory_size, directory_offset


def _single_member_records(info: zipfile.ZipInfo, content: bytes) -> tuple[bytes, bytes]:
    """The local record and the central directory record of ``content`` stored under ``info``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as single:
        single.writestr(copy.copy(info), content, compress_type=info.compress_type)
    archive = buffer.getvalue()
    end_record = _end_record(archive)
    assert end_record is not None
    end_position, _, _, directory_offset = end_record
    return archive[:directory_offset], archive[directory_offset:end_position]


def _rewrite_package(package: zipfile.ZipFile, replaced_name: str, new_content: bytes) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        target.comment = package.comment
        for info in package.infolist():
            content = new_content if info.filename == replaced_name else package.read(info)
            target.writestr(copy.copy(info), content, compress_type=info.compress_type)
    return output.getvalue()


# --------------------------------------------------------------------------------------------
# Style and numbering parts, read once per template


class _StyleParts:
    """What the loader reads from ``styles.xml`` and ``numbering.xml``, kept by the parts'
    bytes for the documents that follow.

    Documents made from one template carry these parts byte for byte: python-docx's
    ``styles.xml`` alone is 349 KB, whose parsing and reading took a third of each generated
    document's loading (benchmarks/run.py, DOCX reports), and decompressing and hashing it
    took a tenth of what was left. The style definitions are read once per distinct pair of
    parts (the last ``LIMIT`` pairs are kept); a part is decompressed once per distinct stored
    record (its local header and compressed bytes, with the central directory's entry: the
    same record decompresses to the same bytes); numbering counters start afresh for every
    document (``_Numbering.restarted``).
    """

    LIMIT = 8

    def __init__(self) -> None:
        self._read: dict[tuple[str, bytes | None, bytes | None], tuple[_Styles, _Numbering]] = {}
        self._members: dict[tuple[object, ...], bytes] = {}

    def member(self, package: zipfile.ZipFile, data: bytes, name: str) -> bytes | None:
        """The content of the part ``name`` of ``package`` (whose bytes are ``data``), or None."""
        try:
            info = package.getinfo(name)
        except KeyError:
            return None
        record = _stored_record(data, info)
        content = self._members.get(record) if record is not None else None
        if content is None:
            content = _read_member(package, name, MAX_AUXILIARY_BYTES, required=False)
            if record is not None and content is not None:
                _keep(self._members, record, content, self.LIMIT)
        else:
            _check_member_size(info, MAX_AUXILIARY_BYTES)  # (passed when it was read)
        return content

    def read(self, w: str, styles_xml: bytes | None, numbering_xml: bytes | None) -> tuple[_Styles, _Numbering]:
        key = (w, styles_xml, numbering_xml)
        found = self._read.get(key)
        if found is None:
            found = (_Styles(_parse_optional(styles_xml, STYLES_PART), w),
                     _Numbering(_parse_optional(numbering_xml, NUMBERING_PART), w))
            _keep(self._read, key, found, self.LIMIT)
        styles, numbering = found
        return styles, _Numbering.restarted(numbering)


def _keep(kept: dict, key: object, value: object, limit: int) -> None:
    if len(kept) >= limit:
        del kept[next(iter(kept))]  # the oldest
    kept[key] = value


def _stored_record(data: bytes, info: zipfile.ZipInfo) -> tuple[object, ...] | None:
    """What ``zipfile`` reads a member from: its central directory entry, local header and
    compressed bytes; None where the local header is not where the entry says (``zipfile``
    then says what is wrong)."""
    start = info.header_offset
    if start < 0:
        return None
    header = data[start:start + 30]
    if len(header) < 30 or not header.startswith(b"PK\x03\x04"):
        return None
    name_length, extra_length = struct.unpack_from("<HH", header, 26)
    end = start + 30 + name_length + extra_length + info.compress_size
    if start < 0 or end > len(data):
        return None
    return (info.orig_filename, info.flag_bits, info.compress_type, info.CRC, info.file_size, info.compress_size,
            data[start:end])


# --------------------------------------------------------------------------------------------
# The loader


class DocxLoader(Loader):
    """Word 2007+ documents (``.docx``): paragraphs, headings and gridded tables."""

    name = "docx"
    suffixes = (".docx",)
    fixable = True
    text_is_file = False  # the text is rendered from the document's XML

    def __init__(self) -> None:
        super().__init__()
        self.style_parts = _StyleParts()

    def sniff(self, data: bytes) -> bool:
        if not data.startswith(b"PK"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                package.getinfo(DOCUMENT_PART)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, ValueError, EOFError, NotImplementedError):
            return False
        return True

    def load(self, path: str, data: bytes) -> RawDocument:
        reader = self._read(data, recording=False)
        return RawDocument(
            source=SourceText(text=reader.text, path=path, encoding="utf-8"),
            blocks=reader.blocks,
            loader=self.name,
            writer_state=DocxState(data, lambda: self._read(data, recording=True).segments),
            notes=reader.notes,
        )

    def _read(self, data: bytes, recording: bool, plain_tables: bool = True) -> _Reader:
        """The document's body read; ``recording``, with where each run text went (``_Reader.segments``).

        A reading that records goes element by element throughout (numbering every ``w:t``);
        one that does not reads tables of plain cells whole (docx_plain_tables) unless told
        not to (``plain_tables``: tests/test_fast_paths.py compares the two)."""
        with _open_package(data) as package:
            document_xml = _read_member(package, DOCUMENT_PART, MAX_DOCUMENT_BYTES, required=True)
            styles_xml = self.style_parts.member(package, data, STYLES_PART)
            numbering_xml = self.style_parts.member(package, data, NUMBERING_PART)
        assert document_xml is not None
        tree = _parse_xml(document_xml, DOCUMENT_PART)
        root = tree.getroot()
        w = _word_namespace(root)
        body = root.find(f"{{{w}}}body")
        if body is None:
            raise LoadError("word/document.xml 中没有正文（w:body）", "word/document.xml has no w:body")
        styles, numbering = self.style_parts.read(w, styles_xml, numbering_xml)
        text_index = {element: index for index, element in enumerate(root.iter(f"{{{w}}}t"))} if recording else None
        plain = (docx_plain_tables.for_document(document_xml, tree.docinfo.encoding, root, w, _SHOWN_IN_ANY_NAMESPACE)
                 if plain_tables and not recording else None)
        reader = _Reader(w, text_index, styles, numbering, plain)
        reader.render_container(body)
        return reader

    def write(self, raw: RawDocument, edits: Sequence[tuple[int, int, str]]) -> bytes:
        state: DocxState = raw.writer_state
        if not edits:
            return state.data
        with _open_package(state.data) as package:
            info = package.getinfo(DOCUMENT_PART)
            original = _read_member(package, DOCUMENT_PART, MAX_DOCUMENT_BYTES, required=True)
            assert original is not None
            tree = _parse_xml(original, DOCUMENT_PART)
            w = _word_namespace(tree.getroot())
            text_elements = list(tree.getroot().iter(f"{{{w}}}t"))
            _apply_operations(text_elements, _operations(state, sorted(edits, key=lambda e: (e[0], e[1]))))
            return _rebuild_package(package, state.data, info.filename, _serialize(tree, original))


def _parse_optional(content: bytes | None, name: str) -> "etree._ElementTree | None":
    return _parse_xml(content, name) if content is not None else None
