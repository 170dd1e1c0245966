"""What the HTML loader reads, recorded to compare two source trees: every block, cell, piece,
span and its line and column, or the error, per page.

Findings can stay the same while a loader's blocks change (a piece moved inside a cell that no
rule flags); a change to the HTML loader meant to keep its output compares these instead::

    python benchmarks/html_blocks.py record --src /path/to/old/src old.tsv FOLDER_OR_FILE...
    python benchmarks/html_blocks.py record --src src new.tsv FOLDER_OR_FILE...
    python benchmarks/html_blocks.py compare old.tsv new.tsv
    python benchmarks/html_blocks.py show --src src PAGE.html      # one page, in full

``record`` writes one line per ``.html``/``.htm`` file: its path and a digest of everything the
loader gave; ``show`` prints that as text, to diff two trees' readings of one page.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path


def _reading(path: Path) -> list[tuple]:
    """Everything the loader gives for the page at ``path``, as plain values."""
    from gklint.formats.template import load_templates
    from gklint.read.blocks import LineBlock
    from gklint.read.loaders.html import HtmlLoader

    def text(sourced) -> tuple:
        return sourced.text, [(p.text_start, p.text_end, p.src_start, p.src_end) for p in sourced.pieces]

    try:
        raw = HtmlLoader().load(str(path), path.read_bytes(), load_templates().recognition)
    except Exception as error:  # the loader's verdict is part of its output
        return [("error", type(error).__name__, str(error))]
    source = raw.source

    def span(span) -> tuple:
        location = source.location(span)
        return span.start, span.end, span.logical, location.line, location.column, location.end_line, location.end_column

    found: list[tuple] = [
        ("source", hashlib.sha256(source.text.encode("utf-8", "surrogatepass")).hexdigest(), source.encoding, source.bom),
        ("document", raw.loader, raw.markup, repr(raw.notes)),
    ]
    for block in raw.blocks:
        if isinstance(block, LineBlock):
            found.append(("line", text(block.text), block.heading_level, block.bold, block.logical, span(block.span)))
            continue
        found.append(("table", block.gridded, block.logical, span(block.span), [span(row) for row in block.row_spans]))
        for row in block.rows:
            found.append(("row", [(text(cell.text), cell.merged, cell.missing, cell.logical, span(cell.text.span))
                                  for cell in row]))
    return found


def _pages(arguments: list[str]) -> list[Path]:
    pages: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            pages.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in (".html", ".htm") and p.is_file()))
        else:
            pages.append(path)
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    record = commands.add_parser("record", help="a digest of the loader's reading of each page")
    record.add_argument("--src", required=True, help="the source tree whose loader reads the pages")
    record.add_argument("out")
    record.add_argument("pages", nargs="+", help="HTML files or folders")
    show = commands.add_parser("show", help="one page's reading in full")
    show.add_argument("--src", required=True)
    show.add_argument("pages", nargs="+")
    compare = commands.add_parser("compare", help="the pages two recordings read differently")
    compare.add_argument("old")
    compare.add_argument("new")
    options = parser.parse_args(argv)

    if options.command == "compare":
        old = dict(line.rstrip("\n").split("\t") for line in open(options.old, encoding="utf-8"))
        new = dict(line.rstrip("\n").split("\t") for line in open(options.new, encoding="utf-8"))
        differing = sorted(path for path in old.keys() | new.keys() if old.get(path) != new.get(path))
        for path in differing:
            print(path)
        print(f"{len(old)} / {len(new)} pages, {len(differing)} read differently" if differing
              else f"identical: {len(old)} pages")
        return 1 if differing else 0

    sys.path.insert(0, os.path.abspath(options.src))
    if options.command == "show":
        for page in _pages(options.pages):
            for item in _reading(page):
                print(repr(item))
        return 0
    with open(options.out, "w", encoding="utf-8") as out:
        for page in _pages(options.pages):
            digest = hashlib.sha256(repr(_reading(page)).encode("utf-8", "surrogatepass")).hexdigest()
            out.write(f"{page}\t{digest}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
