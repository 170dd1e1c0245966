"""Word runs at the character offsets of the DOCX loader's synthetic text: split and found.

The DOCX loader maps each character of the text it renders to the ``w:t`` element that holds
it (``DocxState.segments``: ``w:t`` elements numbered in document order). Word comments and
tracked revisions act on whole runs (``w:r``), so both need a run boundary exactly where a
finding's span or a fix's edit begins and ends. ``RunMap`` keeps that mapping over a
``word/document.xml`` tree while it splits ``w:t`` elements and runs at such offsets (a
split run keeps a copy of its formatting, ``w:rPr``), and names the runs, paragraphs, cells
and tables of a place.

The package helpers below read a DOCX package safely as a whole (every member bounded, as the
loader bounds the parts it reads) and write a copy in which only the named members change.
"""

from __future__ import annotations

import bisect
import copy
import io
import re
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Mapping

from gklint.read.errors import LoadError
from gklint.read.loaders.docx import MAX_COMPRESSION_RATIO, MAX_DOCUMENT_BYTES, RATIO_CHECK_ABOVE_BYTES, TextSegment

if TYPE_CHECKING:  # pragma: no cover
    from lxml import etree

# A whole package, uncompressed: a real report with its images is a few megabytes.
MAX_PACKAGE_BYTES = 4 * MAX_DOCUMENT_BYTES
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(slots=True)
class _Piece:
    """Synthetic characters ``[start, end)`` are ``element``'s text from ``offset`` on."""

    start: int
    end: int
    element: "etree._Element"
    offset: int


class RunMap:
    """The ``w:t`` elements of a document tree by synthetic offset, kept true through splits.

    ``root`` must be the tree of the very ``word/document.xml`` the loader read (parsed by any
    parser: the ``w:t`` elements are counted in document order, as the loader counts them).
    The pieces are sorted and do not overlap; ``starts`` mirrors their starts, for bisection
    (a report has thousands of runs, and a finding needs a few look-ups).
    """

    def __init__(self, root: "etree._Element", w: str, segments: Iterable[TextSegment]) -> None:
        self.root = root
        self.w = w
        texts = list(root.iter(f"{{{w}}}t"))
        self.pieces = sorted(
            (_Piece(segment.start, segment.end, texts[segment.t_index], segment.t_offset)
             for segment in segments if segment.length),
            key=lambda piece: piece.start,
        )
        self.starts = [piece.start for piece in self.pieces]

    # -- finding

    def overlapping(self, start: int, end: int) -> list[_Piece]:
        """The pieces holding characters of ``[start, end)``, in order."""
        index = max(bisect.bisect_right(self.starts, start) - 1, 0)
        found = []
        for piece in self.pieces[index:]:
            if piece.start >= end:
                break
            if piece.end > start:
                found.append(piece)
        return found

    def starting_at(self, offset: int) -> _Piece | None:
        index = bisect.bisect_left(self.starts, offset)
        return self.pieces[index] if index < len(self.pieces) and self.starts[index] == offset else None

    def ending_at(self, offset: int) -> _Piece | None:
        index = bisect.bisect_left(self.starts, offset) - 1
        return self.pieces[index] if index >= 0 and self.pieces[index].end == offset else None

    def runs(self, start: int, end: int) -> list["etree._Element"]:
        """The runs holding characters of ``[start, end)``, in document order, each once."""
        found: list["etree._Element"] = []
        for piece in self.overlapping(start, end):
            run = piece.element.getparent()
            if run is not None and not any(run is seen for seen in found):
                found.append(run)
        return found

    def ancestor(self, start: int, end: int, name: str) -> "etree._Element | None":
        """The nearest ``w:{name}`` around the first run text of ``[start, end)``."""
        pieces = self.overlapping(start, end)
        if not pieces:
            return None
        return nearest(pieces[0].element, f"{{{self.w}}}{name}")

    # -- splitting

    def isolate(self, start: int, end: int) -> list["etree._Element"]:
        """Split the runs so that ``[start, end)``'s run text is exactly whole runs; those runs."""
        self.split_at(start)
        self.split_at(end)
        return self.runs(start, end)

    def split_at(self, offset: int) -> None:
        """Make ``offset`` a run boundary (where run text is on either side of it)."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if index >= 0 and self.pieces[index].start < offset < self.pieces[index].end:
            self._split_text(index, offset)
        before, after = self.ending_at(offset), self.starting_at(offset)
        if before is not None:
            self._split_run_after(before.element)
        if after is not None:
            self._split_run_before(after.element)

    def _split_text(self, index: int, offset: int) -> None:
        piece = self.pieces[index]
        element = piece.element
        cut = piece.offset + offset - piece.start
        text = element.text or ""
        tail = copy.deepcopy(element)
        element.text, tail.text = text[:cut], text[cut:]
        for part in (element, tail):
            _preserve_space(part)
        element.addnext(tail)
        self.pieces.insert(index + 1, _Piece(offset, piece.end, tail, 0))
        self.starts.insert(index + 1, offset)
        piece.end = offset
        # Later pieces of the same element (the loader makes one piece per w:t, but a
        # writer's state might not) follow it directly: they now live in the tail.
        for other in self.pieces[index + 2 :]:
            if other.element is not element:
                break
            other.element, other.offset = tail, other.offset - cut

    def _split_run_before(self, element: "etree._Element") -> None:
        run = element.getparent()
        if run is None or run.tag != f"{{{self.w}}}r":
            return
        if any(_is_content(sibling, self.w) for sibling in element.itersiblings(preceding=True)):
            _split_run(run, element, self.w)

    def _split_run_after(self, element: "etree._Element") -> None:
        run = element.getparent()
        if run is None or run.tag != f"{{{self.w}}}r":
            return
        following = element.getnext()
        if following is not None:
            _split_run(run, following, self.w)


def nearest(element: "etree._Element", tag: str) -> "etree._Element | None":
    """``element``'s nearest ancestor with ``tag``."""
    parent = element.getparent()
    while parent is not None and parent.tag != tag:
        parent = parent.getparent()
    return parent


def _is_content(element: "etree._Element", w: str) -> bool:
    return isinstance(element.tag, str) and element.tag != f"{{{w}}}rPr"


def _split_run(run: "etree._Element", first_moved: "etree._Element", w: str) -> "etree._Element":
    """Move ``first_moved`` and the run's children after it into a new run with the same
    properties, placed right after ``run``; the new run."""
    moved = [first_moved, *first_moved.itersiblings()]
    new_run = copy.deepcopy(run)
    for child in list(new_run):
        if child.tag != f"{{{w}}}rPr":
            new_run.remove(child)
    for child in moved:
        new_run.append(child)  # (appending moves the element)
    run.addnext(new_run)
    return new_run


def _preserve_space(element: "etree._Element") -> None:
    text = element.text or ""
    if text != text.strip() or "  " in text:
        element.set(XML_SPACE, "preserve")


# --------------------------------------------------------------------------------------------
# The package as a whole


def check_package(data: bytes) -> None:
    """Refuse a package that is not a zip, or whose members are too large or too compressed
    to be read whole (a zip bomb), before any library opens it."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise LoadError(f"不是有效的 Word 文档（.docx 应为 zip 压缩包）：{error}",
                        f"not a valid Word document (a .docx is a zip package): {error}") from error
    with package:
        total = 0
        for info in package.infolist():
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_CHECK_ABOVE_BYTES and ratio > MAX_COMPRESSION_RATIO:
                raise LoadError(
                    f"{info.filename} 的压缩比为 {ratio:.0f}:1，疑似压缩炸弹，拒绝处理",
                    f"{info.filename} has a compression ratio of {ratio:.0f}:1, a likely zip bomb; refused",
                )
        if total > MAX_PACKAGE_BYTES:
            raise LoadError(
                f"文档解压后共 {total} 字节，超过上限 {MAX_PACKAGE_BYTES} 字节，拒绝处理",
                f"the document is {total} bytes uncompressed, over the limit of {MAX_PACKAGE_BYTES}; refused",
            )


def replace_members(data: bytes, replacements: Mapping[str, bytes]) -> bytes:
    """A copy of the package with the named members' content replaced (a name the package
    lacks is added at the end); every other member keeps its content, order, date and
    compression."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        target.comment = source.comment
        names = set()
        for info in source.infolist():
            names.add(info.filename)
            content = replacements.get(info.filename)
            if content is None:
                content = source.read(info)
            target.writestr(copy.copy(info), content, compress_type=info.compress_type)
        for name, content in replacements.items():
            if name not in names:
                target.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content,
                                compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


def serialize_part(tree: "etree._ElementTree", original: bytes) -> bytes:
    """An edited XML part's bytes, in its own encoding, with the original XML declaration
    byte for byte when that encoding is UTF-8."""
    from lxml import etree

    encoding = (tree.docinfo.encoding or "UTF-8").upper()
    if encoding not in ("UTF-8", "UTF8"):
        return etree.tostring(tree, xml_declaration=True, encoding=encoding, standalone=tree.docinfo.standalone)
    declaration = re.match(rb"\s*<\?xml[^>]*\?>\s*", original)
    body = etree.tostring(tree.getroot(), encoding="UTF-8", xml_declaration=False)
    return (declaration.group(0) if declaration else b"") + body
