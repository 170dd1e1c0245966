"""``--fix --track-changes``: safe fixes written into a Word document as tracked revisions.

Each edit becomes what Word records when a person types over text with Track Changes on: the
old runs wrapped in ``w:del`` (their ``w:t`` turned into ``w:delText``) and the new text in a
``w:ins`` right after them, in a run with the same formatting (a copy of the first replaced
run's ``w:rPr``), both with author ``gklint`` and the date. The writer accepts or rejects each
one in Word or WPS; accepting them all gives the text plain ``--fix`` writes, rejecting them
all gives the original.

Why by hand. The maintained libraries were looked at first. python-docx (1.2) has no
revision API (its issue #340 is open since 2016; pull requests #1534 and #1538 are not
merged). docx-revisions (0.1, on python-docx) and docx-edit (pure Python) write tracked
changes, but address text by searching for a string (``replace_with_tracking("30 days",
"60 days")``), not by position: a fix here is an exact character span of the DOCX loader's
text, and a search would hit the wrong "0" of a table or text that spans runs the search
does not see. So the edit is located with the loader's own map of characters to ``w:t``
elements (``gklint.read.loaders.docx_runs.RunMap``, split at the edit's borders) and the
``w:del``/``w:ins`` markup, a few elements of ECMA-376 §17.13.5, is written here. The DOCX
loader reads the result as Word shows it with all revisions accepted (``w:del`` skipped,
``w:ins`` read), which is what ``gklint.fix.verify`` checks after every pass.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from typing import TYPE_CHECKING, Sequence

from gklint.read.blocks import RawDocument
from gklint.read.loaders.docx import DOCUMENT_PART, DocxState, WORD_NS
from gklint.read.loaders.docx_runs import RunMap, replace_members, serialize_part

if TYPE_CHECKING:  # pragma: no cover
    from lxml import etree

AUTHOR = "gklint"
# Run properties that are themselves revision marks: not copied onto the inserted run.
_PROPERTY_REVISIONS = ("ins", "del", "moveFrom", "moveTo", "rPrChange")


def revision_date(moment: dt.datetime | None = None) -> str:
    """A ``w:date`` value: UTC, to the second, as Word writes it."""
    moment = (moment or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class TrackedEditor:
    """Writes edits over a document tree as ``w:del`` + ``w:ins`` pairs, ids after ``first_id``."""

    def __init__(self, run_map: RunMap, date: str, first_id: int) -> None:
        self.run_map = run_map
        self.w = run_map.w
        self.date = date
        self.next_id = first_id

    def apply(self, edits: Sequence[tuple[int, int, str]], text: str) -> None:
        """Apply sorted, non-overlapping ``(start, end, new_text)`` edits of ``text`` (the
        loader's text), from the last one back so that an insertion at an edit's end lands
        after it. Each edit is narrowed to what it changes, as a person would type it: the
        fix of 「其他法律法规禁止公开」 inserts 「行政」, it does not retype the label."""
        narrowed = [narrow(text, *edit) for edit in edits]
        for start, end, new_text in sorted(narrowed, key=lambda edit: (edit[0], edit[1]), reverse=True):
            if start == end and not new_text:
                continue  # (an edit that changes nothing)
            if start == end:
                self._insert(start, new_text)
            else:
                self._replace(start, end, new_text)

    def _replace(self, start: int, end: int, new_text: str) -> None:
        covered = sum(min(end, piece.end) - max(start, piece.start) for piece in self.run_map.overlapping(start, end))
        if covered != end - start:
            raise ValueError(
                f"edit [{start}, {end}) touches characters that are not run text in the Word document "
                "(a tab, line break, automatic numbering, or a paragraph/cell boundary); it cannot be applied"
            )
        runs = self.run_map.isolate(start, end)
        if new_text:
            # placed before the deletions wrap the runs: it stays right after the last one
            runs[-1].addnext(self._new_text(new_text, runs[0], runs[-1]))
        for run in runs:
            self._delete(run)

    def _insert(self, position: int, new_text: str) -> None:
        self.run_map.split_at(position)
        before, after = self.run_map.ending_at(position), self.run_map.starting_at(position)
        if before is not None:
            run = before.element.getparent()
            run.addnext(self._new_text(new_text, run, run))
        elif after is not None:
            run = after.element.getparent()
            run.addprevious(self._new_text(new_text, run, run))
        else:
            raise ValueError(f"insertion at {position} is not next to run text in the Word document; it cannot be applied")

    def _delete(self, run: "etree._Element") -> None:
        w = self.w
        parent = run.getparent()
        if self._own_insertion(parent):
            # gklint's own insertion of an earlier pass: deleting it simply takes it back
            parent.remove(run)
            if not any(_local(child) == "r" for child in parent):
                parent.getparent().remove(parent)
            return
        for text in run.iter(f"{{{w}}}t"):
            text.tag = f"{{{w}}}delText"
        deletion = self._mark("del")
        run.addprevious(deletion)
        deletion.append(run)

    def _own_insertion(self, element: "etree._Element | None") -> bool:
        return _local(element) == "ins" and element.get(f"{{{self.w}}}author") == AUTHOR

    def _new_text(self, new_text: str, like: "etree._Element", beside: "etree._Element") -> "etree._Element":
        """What to put beside run ``beside``: a ``w:ins`` holding a run of ``new_text``
        formatted as ``like``, or only the run when ``beside`` is in gklint's own insertion
        (a later pass editing an earlier one's text: the insertion just holds other text)."""
        if self._own_insertion(beside.getparent()):
            return self._run(new_text, like)
        insertion = self._mark("ins")
        insertion.append(self._run(new_text, like))
        return insertion

    def _run(self, new_text: str, like: "etree._Element") -> "etree._Element":
        w = self.w
        run = self.run_map.root.makeelement(f"{{{w}}}r", {})
        properties = like.find(f"{{{w}}}rPr")
        if properties is not None:
            properties = copy.deepcopy(properties)
            for child in list(properties):
                if _local(child) in _PROPERTY_REVISIONS:
                    properties.remove(child)
            run.append(properties)
        text = run.makeelement(f"{{{w}}}t", {})
        text.text = new_text
        if new_text != new_text.strip() or "  " in new_text:
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.append(text)
        return run

    def _mark(self, name: str) -> "etree._Element":
        w = self.w
        mark = self.run_map.root.makeelement(f"{{{w}}}{name}", {})
        mark.set(f"{{{w}}}id", str(self.next_id))
        mark.set(f"{{{w}}}author", AUTHOR)
        mark.set(f"{{{w}}}date", self.date)
        self.next_id += 1
        return mark


def narrow(text: str, start: int, end: int, new_text: str) -> tuple[int, int, str]:
    """The edit without the characters it keeps at its start and end."""
    old = text[start:end]
    keep = min(len(old), len(new_text))
    prefix = 0
    while prefix < keep and old[prefix] == new_text[prefix]:
        prefix += 1
    suffix = 0
    while suffix < keep - prefix and old[len(old) - 1 - suffix] == new_text[len(new_text) - 1 - suffix]:
        suffix += 1
    return start + prefix, end - suffix, new_text[prefix : len(new_text) - suffix]


def next_annotation_id(root: "etree._Element", w: str) -> int:
    """One more than the largest ``w:id`` in the tree (revision ids must not repeat)."""
    largest = -1
    key = f"{{{w}}}id"
    for element in root.iter():
        value = element.get(key) if isinstance(element.tag, str) else None
        if value is not None and value.lstrip("-").isdigit():
            largest = max(largest, int(value))
    return largest + 1


def write_tracked(raw: RawDocument, edits: Sequence[tuple[int, int, str]], date: str | None = None) -> bytes:
    """The DOCX package of ``raw`` with ``edits`` written as tracked revisions; every member
    other than ``word/document.xml`` keeps its content."""
    from lxml import etree

    state: DocxState = raw.writer_state
    if not edits:
        return state.data
    with zipfile.ZipFile(io.BytesIO(state.data)) as package:
        original = package.read(DOCUMENT_PART)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    tree = etree.ElementTree(etree.fromstring(original, parser))
    root = tree.getroot()
    w = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else WORD_NS
    run_map = RunMap(root, w, state.segments)
    TrackedEditor(run_map, date or revision_date(), next_annotation_id(root, w)).apply(edits, raw.source.text)
    return replace_members(state.data, {DOCUMENT_PART: serialize_part(tree, original)})


def _local(element: "etree._Element | None") -> str:
    if element is None or not isinstance(element.tag, str):
        return ""
    return element.tag.rsplit("}", 1)[-1]
