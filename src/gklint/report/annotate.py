"""``--annotate``: the writer's own Word document back, with each finding as a Word comment.

``annotate_docx`` is the one public entry point (the command line's ``--annotate`` and the
web service call it): given a Word document (``.docx``, or ``.doc``/``.wps`` read through
LibreOffice) and the findings gklint gave for it, it returns a ``.docx`` package in which

- each finding is one comment (批注), author ``gklint``, reading ``GK201 行标签「…」…`` in the
  run's language, plus the suggested text for a fixable finding;
- the comment is anchored on exactly the runs of the flagged text (runs are split at the
  span's borders first, each part keeping its formatting), so a finding about a cell sits
  inside that table cell; a finding about something missing (a section, a row, a blank
  cell) sits on the cell, heading or table where it belongs, else on the report's title;
- with ``track_changes``, each safe fix is also a tracked revision (``gklint.fix.tracked``);
- every other member of the package keeps its content: only ``word/document.xml``, the
  comments part and, when the document had no comments, its relationship and content type
  change. Existing comments and revisions stay as they are.

The comments themselves are made by python-docx (≥ 1.2, ``Comments.add_comment``), which
writes the comments part, its relationship, ids, author and date; this module decides where
they go and places the range marks as ``Document.add_comment`` does (a comment spans whole
runs, hence the split), only outside any tracked revision the runs are in (python-docx would
put them inside a ``w:ins``, and rejecting that revision would drop the comment). Before the
copy is handed back it is read again by the DOCX loader: its text must be the original text
(with the fixes applied, when tracked), or nothing is written.
"""

from __future__ import annotations

import io
import os
from typing import TYPE_CHECKING, Iterable, Sequence

from gklint.check.finding import Finding
from gklint.check.messages import Message
from gklint.read.blocks import LineBlock, RawDocument, TableBlock
from gklint.read.errors import LoadError
from gklint.read.loader import apply_text_edits
from gklint.read.loaders.docx import DocxState, WORD_NS
from gklint.read.loaders.docx_runs import RunMap, check_package, nearest, serialize_part

if TYPE_CHECKING:  # pragma: no cover
    from lxml import etree

    from gklint.check.engine import Linter
    from gklint.registry import Registry

AUTHOR = "gklint"
INITIALS = "GK"
SUFFIX = ".gklint.docx"
SUGGESTION = Message(zh="建议改为：「{text}」", en="Suggested text: “{text}”")
DELETION = Message(zh="建议删除：「{text}」", en="Suggested: delete “{text}”")
SEE_ALSO = Message(zh="另见 {place}：{message}", en="See also {place}: {message}")

_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_COMMENTS_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_CONTENT_TYPES = "[Content_Types].xml"


def annotated_name(path: str) -> str:
    """The file name of ``path``'s annotated copy: ``报告.docx`` → ``报告.gklint.docx``; a legacy
    file keeps its ending (``报告.doc`` → ``报告.doc.gklint.docx``), so that the copies of
    ``报告.doc`` and of the ``报告.docx`` made from it do not replace each other."""
    base = os.path.basename(path)
    stem = base[: -len(".docx")] if base.lower().endswith(".docx") else base
    return stem + SUFFIX


def annotate_docx(
    source: bytes | str | os.PathLike,
    findings: Iterable[Finding],
    *,
    lang: str = "zh",
    path: str | None = None,
    track_changes: bool = False,
    linter: "Linter | None" = None,
) -> bytes:
    """The annotated copy (a ``.docx`` package, as bytes) of a Word document.

    ``source``: the document's bytes or its path (``.docx``; ``.doc``/``.wps`` need
    LibreOffice). ``findings``: what gklint found in exactly these bytes (``LintResult.findings``
    of ``Linter.lint_bytes`` or ``lint_path``). ``lang``: the language of the comments (``zh``
    or ``en``), whatever language the findings were rendered in. ``path``: the file's name
    (for the loader's choice by suffix; defaults to ``source`` when it is a path).
    ``track_changes``: also write the findings' safe fixes as tracked revisions. ``linter``:
    the one that linted the file (its loaders and rules); a default one otherwise.

    Raises ``gklint.LoadError`` (with ``message`` and ``message_en``) when the document
    cannot be annotated: not a Word document, encrypted, a zip bomb, or LibreOffice
    missing for a legacy file. Nothing is written anywhere; the caller writes the bytes.
    """
    if isinstance(source, (str, os.PathLike)):
        path = path or os.fspath(source)
        with open(source, "rb") as handle:
            data = handle.read()
    else:
        data = bytes(source)
    if linter is None:
        from gklint.check.engine import Linter
        from gklint.config import Config

        linter = Linter(Config(lang=lang))
    raw, _ = linter.load(path or "document.docx", data)
    findings = list(findings)
    edits: list[tuple[int, int, str]] = []
    if track_changes:
        from gklint.fix.plan import plan

        edits = [edit.as_tuple() for edit in plan(findings).edits]
    return annotate_raw(raw, findings, lang=lang, edits=edits, registry=linter.registry)


def is_word(raw: RawDocument) -> bool:
    """Whether ``raw`` was read from a Word package (a DOCX, or a legacy file converted to one)."""
    return isinstance(raw.writer_state, DocxState)


def annotate_raw(
    raw: RawDocument,
    findings: Sequence[Finding],
    *,
    lang: str = "zh",
    edits: Sequence[tuple[int, int, str]] = (),
    registry: "Registry | None" = None,
    date: str | None = None,
) -> bytes:
    """The annotated package of a document the DOCX loader read (``raw``): one comment per
    finding, and ``edits`` (sorted, non-overlapping source edits) as tracked revisions dated
    ``date`` (a ``w:date`` value; now by default)."""
    if not is_word(raw):
        raise LoadError("只有 Word 文档（.docx、.doc、.wps）可以加批注",
                        "only Word documents (.docx, .doc, .wps) can be annotated")
    state: DocxState = raw.writer_state
    check_package(state.data)
    document = _open(state.data)
    root = document.element
    if root.tag != f"{{{WORD_NS}}}document":
        raise LoadError("不支持此 Word 文档的格式（Strict Open XML），无法加批注",
                        "this Word document's flavour (Strict Open XML) cannot be annotated")
    run_map = RunMap(root, WORD_NS, state.segments)
    anchors = _Anchors(raw, run_map)
    for finding in sorted(findings, key=lambda finding: (finding.span.start, finding.span.end, finding.code)):
        first, last = anchors.runs(finding)
        _comment(document, first, last, comment_text(finding, raw.source.text, lang, registry))
    if edits:
        from gklint.fix.tracked import TrackedEditor, next_annotation_id, revision_date

        TrackedEditor(run_map, date or revision_date(), next_annotation_id(root, WORD_NS)).apply(edits, raw.source.text)
    annotated = _package(document, state.data)
    _verify(annotated, raw, edits)
    return annotated


def comment_text(finding: Finding, text: str, lang: str, registry: "Registry | None" = None) -> str:
    """What a finding's comment says: ``CODE message`` in ``lang``; a paragraph for each other
    place of the same defect (``另见 表格2 第10行 第4列：…``); for a fixable finding, the
    suggested text."""
    if finding.message_id is not None:
        from gklint.check.engine import render

        message = render(finding, lang, registry)
    else:
        message = finding.message
    lines = [f"{finding.code} {message}"]
    for related in finding.related:
        related_message = _related_message(finding.code, related, lang, registry)
        if related.logical:
            lines.append(SEE_ALSO.text(lang).format(place=related.logical, message=related_message))
        else:
            lines.append(related_message)
    if finding.fix is not None and finding.fix.edits:
        start = min([finding.span.start, *(edit.start for edit in finding.fix.edits)])
        end = max([finding.span.end, *(edit.end for edit in finding.fix.edits)])
        shifted = [(edit.start - start, edit.end - start, edit.new_text) for edit in finding.fix.edits]
        suggested = apply_text_edits(text[start:end], shifted)
        if suggested.strip():
            lines.append(SUGGESTION.text(lang).format(text=suggested))
        else:
            lines.append(DELETION.text(lang).format(text=text[start:end]))
    return "\n".join(lines)


def _related_message(code: str, related, lang: str, registry: "Registry | None") -> str:
    """A related place's message in ``lang`` (rendered again from its id when it has one)."""
    if registry is None or code not in registry.rules:
        return related.message
    return registry.rules[code].rule_class.render_message(related.message_id, related.args, lang)


# --------------------------------------------------------------------------------------------
# Where a comment goes


class _Anchors:
    """The first and last run of each finding's comment, splitting runs as needed."""

    def __init__(self, raw: RawDocument, run_map: RunMap) -> None:
        self.raw = raw
        self.run_map = run_map
        self.w = run_map.w

    def runs(self, finding: Finding) -> tuple["etree._Element", "etree._Element"]:
        start, end = finding.span.start, finding.span.end
        if end > start and self.run_map.overlapping(start, end):
            runs = self.run_map.isolate(start, end)
            return runs[0], runs[-1]
        for place in (self._cell, self._line, self._table, self._following, self._title):
            runs = place(start, end)
            if runs:
                return runs[0], runs[-1]
        return self._empty_run(self.run_map.root.find(f".//{{{self.w}}}p"))

    def _whole(self, start: int, end: int) -> list["etree._Element"]:
        return self.run_map.isolate(start, end) if self.run_map.overlapping(start, end) else []

    def _cell(self, start: int, end: int) -> list["etree._Element"]:
        best = None
        for table in self._tables():
            for row_index, row in enumerate(table.rows):
                for column, cell in enumerate(row):
                    if cell.merged or cell.missing:
                        continue
                    span = cell.text.span
                    if span.start <= start and end <= span.end and (best is None or span.end - span.start < best[0]):
                        best = (span.end - span.start, table, row_index, column, span)
        if best is None:
            return []
        _, table, row_index, column, span = best
        runs = self._whole(span.start, span.end)
        if runs:
            return runs
        cell = self._cell_element(table, row_index, column)
        if cell is None:
            return []
        first, _ = self._empty_run(cell.find(f".//{{{self.w}}}p"))
        return [first]

    def _line(self, start: int, end: int) -> list["etree._Element"]:
        for block in self.raw.blocks:
            if isinstance(block, LineBlock) and block.span.start <= start and end <= block.span.end:
                return self._whole(block.span.start, block.span.end)
        return []

    def _table(self, start: int, end: int) -> list["etree._Element"]:
        for table in self._tables():
            if table.span.start <= start and end <= table.span.end:
                return self._first_cell_with_text(table)
        return []

    def _following(self, start: int, end: int) -> list["etree._Element"]:
        """A place between blocks (a section that is missing): the heading or table after it."""
        for block in self.raw.blocks:
            if block.span.start >= start:
                if isinstance(block, TableBlock):
                    return self._first_cell_with_text(block)
                return self._whole(block.span.start, block.span.end)
        return []

    def _title(self, start: int, end: int) -> list["etree._Element"]:
        for block in self.raw.blocks:
            if isinstance(block, LineBlock):
                runs = self._whole(block.span.start, block.span.end)
                if runs:
                    return runs
        return []

    def _first_cell_with_text(self, table: TableBlock) -> list["etree._Element"]:
        for row in table.rows:
            for cell in row:
                if not cell.merged and cell.text.text.strip():
                    runs = self._whole(cell.text.span.start, cell.text.span.end)
                    if runs:
                        return runs
        return []

    def _tables(self) -> Iterable[TableBlock]:
        return (block for block in self.raw.blocks if isinstance(block, TableBlock))

    def _cell_element(self, table: TableBlock, row_index: int, column: int) -> "etree._Element | None":
        """The ``w:tc`` of grid slot ``(row_index, column)``, found through the table's text."""
        w = self.w
        table_element = self.run_map.ancestor(table.span.start, table.span.end, "tbl")
        if table_element is None:
            return None
        rows = [row for row in table_element.iter(f"{{{w}}}tr") if nearest(row, f"{{{w}}}tbl") is table_element]
        if row_index >= len(rows):
            return None
        row = rows[row_index]
        before = row.find(f"{{{w}}}trPr/{{{w}}}gridBefore")
        position = int(before.get(f"{{{w}}}val", "0")) if before is not None else 0
        for cell in row.iter(f"{{{w}}}tc"):
            if nearest(cell, f"{{{w}}}tr") is not row:
                continue
            span_element = cell.find(f"{{{w}}}tcPr/{{{w}}}gridSpan")
            span = max(int(span_element.get(f"{{{w}}}val", "1")), 1) if span_element is not None else 1
            if position <= column < position + span:
                return cell
            position += span
        return None

    def _empty_run(self, paragraph: "etree._Element | None") -> tuple["etree._Element", "etree._Element"]:
        """A new empty run at the end of ``paragraph``: the anchor of a comment on a place
        that has no text (an empty cell)."""
        if paragraph is None:
            raise LoadError("文档中没有可以加批注的段落", "the document has no paragraph to attach a comment to")
        run = paragraph.makeelement(f"{{{self.w}}}r", {})
        paragraph.append(run)
        return run, run


# --------------------------------------------------------------------------------------------
# python-docx and the package


def _open(data: bytes):
    import docx

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise LoadError(f"无法打开 Word 文档以加批注：{type(error).__name__}: {error}",
                        f"cannot open the Word document to annotate it: {type(error).__name__}: {error}") from error


# Containers of someone's tracked revision: a comment's range and reference go outside them, so
# that accepting or rejecting that revision cannot take gklint's comment with it.
_REVISIONS = frozenset({"ins", "del", "moveTo", "moveFrom"})


def _comment(document, first: "etree._Element", last: "etree._Element", text: str) -> None:
    """One comment (python-docx's ``Comments.add_comment``: the comments part, the id, the
    author, the date) anchored from run ``first`` to run ``last``: a ``w:commentRangeStart``
    before the first, a ``w:commentRangeEnd`` and the ``w:commentReference`` run after the
    last, as python-docx's ``Document.add_comment`` places them, but outside any tracked
    revision the runs are in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    comment = document.comments.add_comment(text=text, author=AUTHOR, initials=INITIALS)
    identity = {qn("w:id"): str(comment.comment_id)}
    _outside_revisions(first).addprevious(OxmlElement("w:commentRangeStart", attrs=identity))
    reference = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    properties.append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
    reference.append(properties)
    reference.append(OxmlElement("w:commentReference", attrs=identity))
    end = _outside_revisions(last)
    end.addnext(reference)
    end.addnext(OxmlElement("w:commentRangeEnd", attrs=identity))


def _outside_revisions(run: "etree._Element") -> "etree._Element":
    element = run
    while element.getparent() is not None and element.getparent().tag.rsplit("}", 1)[-1] in _REVISIONS:
        element = element.getparent()
    return element


def _package(document, original: bytes) -> bytes:
    """The original package with python-docx's document and comments parts in it, and the
    comments part's relationship and content type added when they are new."""
    import zipfile

    from gklint.read.loaders.docx_runs import replace_members

    main = document.part
    saved = io.BytesIO()
    document.save(saved)
    main_name = main.partname.lstrip("/")
    relationship = next((rel for rel in main.rels.values() if rel.reltype == _COMMENTS_RELATIONSHIP), None)
    with zipfile.ZipFile(saved) as new, zipfile.ZipFile(io.BytesIO(original)) as old:
        replacements = {main_name: new.read(main_name)}
        if relationship is None:  # no finding, and no comments before: only the document part
            return replace_members(original, replacements)
        comments_name = relationship.target_part.partname.lstrip("/")
        rels_name = main.partname.rels_uri.lstrip("/")
        replacements[comments_name] = new.read(comments_name)
        if not _related(old, rels_name, relationship.rId):
            replacements[rels_name] = _with_relationship(old, rels_name, relationship.rId,
                                                         os.path.relpath(comments_name, os.path.dirname(main_name)))
        types = _with_override(old.read(_CONTENT_TYPES), "/" + comments_name)
        if types is not None:
            replacements[_CONTENT_TYPES] = types
    return replace_members(original, replacements)


def _related(package, rels_name: str, rid: str) -> bool:
    from lxml import etree

    try:
        root = etree.fromstring(package.read(rels_name))
    except KeyError:
        return False
    return any(element.get("Id") == rid and element.get("Type") == _COMMENTS_RELATIONSHIP for element in root)


def _with_relationship(package, rels_name: str, rid: str, target: str) -> bytes:
    from lxml import etree

    namespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    try:
        original = package.read(rels_name)
        root = etree.fromstring(original)
    except KeyError:
        original = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        root = etree.Element(f"{{{namespace}}}Relationships", nsmap={None: namespace})
    etree.SubElement(root, f"{{{namespace}}}Relationship", Id=rid, Type=_COMMENTS_RELATIONSHIP, Target=target)
    return serialize_part(etree.ElementTree(root), original)


def _with_override(content_types: bytes, part_name: str) -> bytes | None:
    """``[Content_Types].xml`` with an override for the comments part; None when it has one."""
    from lxml import etree

    root = etree.fromstring(content_types)
    namespace = root.tag[1:].split("}", 1)[0]
    if any(element.get("PartName", "").lower() == part_name.lower() for element in root):
        return None
    etree.SubElement(root, f"{{{namespace}}}Override", PartName=part_name, ContentType=_COMMENTS_TYPE)
    return serialize_part(etree.ElementTree(root), content_types)


def _verify(annotated: bytes, raw: RawDocument, edits: Sequence[tuple[int, int, str]]) -> None:
    """The copy must read back as the original text (with the fixes, when tracked)."""
    from gklint.read.loaders.docx import DocxLoader

    expected = apply_text_edits(raw.source.text, edits)
    if DocxLoader().load(raw.source.path, annotated).source.text != expected:
        raise LoadError("加批注后的文档文字与原文不一致，未写入", "the annotated copy's text differs from the original's; not written")
