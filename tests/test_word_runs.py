"""Comments and tracked revisions on any run layout: properties over generated Word documents.

Paragraphs and table cells are built from runs of random text and formatting (Word splits
runs anywhere: spell checking, a formatting change, an edit). For any span, the comment
gklint makes is anchored on exactly the span's run text; for any set of edits of run text,
the tracked revisions accept to the edited text and reject to the original, also when a
second round of fixes edits gklint's own earlier revisions.
"""

from __future__ import annotations

import io

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gklint.check.finding import Finding
from gklint.fix.tracked import write_tracked
from gklint.read.loader import apply_text_edits
from gklint.read.loaders.docx import DocxLoader
from gklint.read.source import Span
from gklint.report.annotate import annotate_raw

from test_word_review import anchors, comments, resolve

RUN_TEXT = st.text(alphabet="甲乙丙丁，,。 ab12\u3000", min_size=1, max_size=6)
RUN = st.tuples(RUN_TEXT, st.booleans(), st.booleans())  # text, bold, italic
PARAGRAPH = st.lists(RUN, min_size=0, max_size=5)


def build(paragraphs: list, cells: list) -> bytes:
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text, bold, italic in runs:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold, italic
    if cells:
        table = document.add_table(rows=1, cols=len(cells))
        for cell, runs in zip(table.rows[0].cells, cells):
            for text, bold, italic in runs:
                cell.paragraphs[0].add_run(text).bold = bold
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@st.composite
def documents(draw) -> tuple[list, list]:
    """Paragraphs and the cells of a one-row table, each a list of (text, bold, italic) runs."""
    paragraphs = draw(st.lists(PARAGRAPH, min_size=1, max_size=4))
    cells = draw(st.lists(PARAGRAPH, min_size=0, max_size=3))
    if not any(runs for runs in [*paragraphs, *cells]):
        paragraphs[0] = [("甲乙", False, False)]
    return paragraphs, cells


def run_characters(raw) -> list[int]:
    return sorted(i for segment in raw.writer_state.segments for i in range(segment.start, segment.end))


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.lists(st.tuples(st.integers(0, 400), st.integers(0, 40)), min_size=1, max_size=4))
def test_a_comment_is_anchored_on_exactly_the_spans_run_text(layout: tuple[list, list], spans: list) -> None:
    raw = DocxLoader().load("r.docx", build(*layout))
    text = raw.source.text
    in_runs = set(run_characters(raw))
    findings = []
    for index, (start, length) in enumerate(spans):
        start = min(start, len(text))
        end = min(start + length, len(text))
        findings.append(Finding(code="GK999", name="test", severity="warning", message=f"m{index}", span=Span(start, end)))
    copy = annotate_raw(raw, findings)
    assert DocxLoader().load("r.docx", copy).source.text == text
    by_message = {body: key for key, (_, body) in comments(copy).items()}
    placed = anchors(copy)
    assert len(placed) == len(findings)
    for finding in findings:
        expected = "".join(text[i] for i in range(finding.span.start, finding.span.end) if i in in_runs)
        anchored, _ = placed[by_message[f"GK999 {finding.message}"]]
        if expected:
            assert anchored == expected


@st.composite
def edits_of(draw, raw):
    """Non-overlapping edits of run text only (a fix never spans a paragraph or a tab)."""
    characters = run_characters(raw)
    if not characters:
        return []
    editable = set(characters)
    chosen = sorted(set(draw(st.lists(st.sampled_from(characters), min_size=1, max_size=6))))
    edits = []
    position = -1
    for start in chosen:
        if start <= position:
            continue
        end = start
        length = draw(st.integers(0, 3))
        while end < start + length and end in editable:
            end += 1
        new_text = draw(st.text(alphabet="甲乙，。xy ", max_size=3))
        if start == end and not new_text:
            continue
        edits.append((start, end, new_text))
        position = max(end, start)
    return edits


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents(), st.data())
def test_tracked_revisions_accept_to_the_edited_text_and_reject_to_the_original(layout: tuple[list, list], draw) -> None:
    raw = DocxLoader().load("r.docx", build(*layout))
    edits = draw.draw(edits_of(raw))
    tracked = write_tracked(raw, edits, "2026-01-01T00:00:00Z")
    edited = apply_text_edits(raw.source.text, edits)
    assert DocxLoader().load("r.docx", tracked).source.text == edited
    assert DocxLoader().load("r.docx", resolve(tracked, accept=True)).source.text == edited
    assert DocxLoader().load("r.docx", resolve(tracked, accept=False)).source.text == raw.source.text
    # a second round of fixes, over the first one's revisions
    again = DocxLoader().load("r.docx", tracked)
    more = draw.draw(edits_of(again))
    twice = write_tracked(again, more, "2026-01-01T00:00:00Z")
    assert DocxLoader().load("r.docx", resolve(twice, accept=True)).source.text == apply_text_edits(edited, more)
    assert DocxLoader().load("r.docx", resolve(twice, accept=False)).source.text == raw.source.text
