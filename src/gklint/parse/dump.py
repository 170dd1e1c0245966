"""``gklint dump``: the parsed tree as JSON (or an indented outline), with source spans."""

from __future__ import annotations

from typing import Any

from gklint.read.source import SourcedText, SourceText, Span
from gklint.parse.tree import Cell, Document, FlatTable, Heading, Paragraph, Row, Section, Table


def _span(source: SourceText, span: Span) -> dict[str, Any]:
    location = source.location(span)
    result = {"start": span.start, "end": span.end, "line": location.line, "column": location.column,
              "end_line": location.end_line, "end_column": location.end_column}
    if span.logical:
        result["logical"] = span.logical
    return result


def _text(source: SourceText, text: SourcedText, logical: str | None = None) -> dict[str, Any]:
    span = text.span
    if logical:
        span = Span(span.start, span.end, logical)
    return {"text": text.text, "span": _span(source, span)}


def _cell(source: SourceText, cell: Cell) -> dict[str, Any]:
    result = _text(source, cell.text, cell.logical)
    result["value_kind"] = cell.value.kind
    if cell.value.number is not None:
        result["value"] = str(cell.value.number)
    if cell.value.unit:
        result["unit"] = cell.value.unit
    if cell.column:
        result["column"] = cell.column
    return result


def _row(source: SourceText, row: Row) -> dict[str, Any]:
    result: dict[str, Any] = {"index": row.index, "kind": row.kind, "span": _span(source, row.span)}
    if row.block:
        result["block"] = row.block
    if row.kind == "data":
        result["key"] = row.key
        result["shape"] = row.shape
    if row.label_keys:
        result["label_keys"] = row.label_keys
    if row.labels:
        result["labels"] = [
            dict(_text(source, label.cell.text), canonical=label.match.canonical if label.match else None,
                 exact=label.match.exact if label.match else None,
                 key=str(label.match.key) if label.match else None)
            for label in row.labels
        ]
    if row.headers:
        result["headers"] = [
            dict(_text(source, header.cell.text), canonical=header.match.canonical if header.match else None,
                 exact=header.match.exact if header.match else None)
            for header in row.headers
        ]
    if row.values is not None:
        result["values"] = [_cell(source, cell) if cell is not None else None for cell in row.values]
    elif row.value_cells:
        result["value_cells"] = [_cell(source, cell) for cell in row.value_cells]
    result["cells"] = [cell.text.text for cell in row.cells]
    return result


def _node(source: SourceText, node) -> dict[str, Any]:
    if isinstance(node, Table):
        return {"type": "table", "key": node.key, "section": node.section, "gridded": node.gridded,
                "span": _span(source, Span(node.span.start, node.span.end, node.logical)),
                "rows": [_row(source, row) for row in node.rows]}
    if isinstance(node, Heading):
        return {"type": "heading", **_text(source, node.text, node.logical), "title": node.title.text,
                "numbering": node.numbering, "numbering_style": node.numbering_style,
                "markup_level": node.markup_level, "bold": node.bold}
    if isinstance(node, Paragraph):
        return {"type": "paragraph", **_text(source, node.text, node.logical)}
    if isinstance(node, FlatTable):
        return {"type": "flat_table", "key": node.key, "section": node.section, **_text(source, node.text, node.logical),
                "unreadable_row": node.row, "found": node.found, "expected": node.expected}
    raise TypeError(node)


def _section(source: SourceText, section: Section) -> dict[str, Any]:
    return {
        "type": "section",
        "key": section.key,
        "number": section.number,
        "title": section.heading.title.text,
        "canonical_title": section.title_match.canonical if section.title_match else None,
        "level": 1,
        "span": _span(source, section.span),
        "heading": _node(source, section.heading),
        "body": [_node(source, node) for node in section.body],
    }


def document_to_dict(document: Document) -> dict[str, Any]:
    source = document.source
    return {
        "path": document.path,
        "loader": document.raw.loader,
        "encoding": source.encoding,
        "bom": source.bom,
        "title": _node(source, document.title) if document.title else None,
        "agency": document.agency,
        "year": document.year,
        "format": document.format_id,
        "required_format": document.required_format,
        "template": document.template_id,
        "format_evidence": document.format_evidence,
        "preamble": [_node(source, node) for node in document.preamble],
        "sections": [_section(source, section) for section in document.sections],
    }


def document_outline(document: Document) -> str:
    """A short human-readable outline for ``gklint dump --format text``."""
    lines = [
        f"{document.path}: {document.agency or '?'} {document.year or '?'}年 "
        f"格式={document.format_id or '?'} 模板={document.template_id or '-'}"
    ]
    source = document.source
    for section in document.sections:
        line = source.position(section.heading.span.start)[0]
        lines.append(f"  {line:>4}  [{section.key}] {section.number}、{section.heading.title.text}")
        for node in section.body:
            if isinstance(node, Table):
                lines.append(f"  {source.position(node.span.start)[0]:>4}    table {node.key or '?'} ({len(node.rows)} rows)")
                for row in node.rows:
                    if row.kind in ("data", "unknown", "title"):
                        values = " ".join(cell.text.text or "·" for cell in row.values) if row.values else f"<{row.shape}: {len(row.value_cells)}>"
                        label = row.label.text if row.label else ""
                        lines.append(f"  {source.position(row.span.start)[0]:>4}      {row.kind:<7} {row.block or '?'}/{row.key or '?'} {label} | {values}")
            elif isinstance(node, FlatTable):
                lines.append(f"  {source.position(node.span.start)[0]:>4}    flattened table {node.key}, not read "
                             f"({node.row or '?'}: {node.found} items for {node.expected} values)")
    return "\n".join(lines)
